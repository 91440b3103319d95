/**
 * The sub-commands of a workspace's own library: `now` (the rotation's next, or a prompt chosen by id or words),
 * `next` (a private preview; admins may skip it), `suggest` (the form) and `library` (which prompts the
 * rotation draws on; admins change it). Admins are the settings rule's (src/app/settings-access.ts), without
 * the schedule setter's right.
 */
import { previewNext } from '../../app/next-prompt.js';
import type { Command } from '../../domain/command.js';
import { matchPrompts } from '../../domain/own-prompts.js';
import { durationText } from '../../domain/schedule/describe.js';
import { suggestionModal } from '../../views/own-form.js';
import {
  FORM_FAILED,
  LIBRARY_OWN_EMPTY,
  librarySet,
  libraryStatus,
  nextReply,
  noMatch,
  nowChoices,
  ownRefusal,
} from '../../views/own-replies.js';
import { nowCooldown } from '../../views/replies.js';
import type { Context, Outcome } from './outcome.js';
import { text } from './outcome.js';

/** Posts `promptId` (or the rotation's next) here after the ack, unless the channel's cooldown says wait. */
async function postHere(ctx: Context, promptId?: string): Promise<Outcome> {
  const { deps, team, channel } = ctx;
  const verdict = await ctx.cooldown.claim(team, channel);
  if (!verdict.ok) return text(nowCooldown(durationText(deps.config.nowCooldownMs), verdict.until));
  return {
    later: {
      what: `posting a prompt in ${channel}`,
      run: async () => {
        const result = await deps.post(team, channel, promptId === undefined ? {} : { promptId });
        if (result.ok) return undefined;
        await verdict.release();
        return result.message;
      },
    },
  };
}

export async function nowCommand(ctx: Context, cmd: Extract<Command, { kind: 'now' }>): Promise<Outcome> {
  if (cmd.query === undefined) return postHere(ctx);
  const library = await ctx.deps.prompts.forTeam(ctx.team);
  const matches = matchPrompts(library.rotation, cmd.query);
  const [only] = matches;
  if (!only) return text(noMatch(cmd.query));
  if (matches.length === 1) return postHere(ctx, only.id);
  return { reply: nowChoices(matches, cmd.query) };
}

export async function nextCommand(ctx: Context): Promise<Outcome> {
  const { prompt, library } = await previewNext(ctx.deps, ctx.team, ctx.channel);
  const verdict = await ctx.deps.admins.check(ctx.client, ctx.team, ctx.user, undefined);
  return { reply: nextReply(prompt, { canSkip: verdict.ok, fallback: library.fallback }) };
}

export async function suggestCommand(ctx: Context): Promise<Outcome> {
  const trigger = ctx.triggerId;
  if (!trigger) return text(FORM_FAILED);
  return {
    later: {
      what: `opening the suggestion form for ${ctx.user}`,
      run: async () => {
        try {
          await ctx.client.views.open({ trigger_id: trigger, view: suggestionModal({ kind: 'suggest' }) });
          return undefined;
        } catch (error) {
          ctx.deps.logger.warn(`could not open the suggestion form for ${ctx.user}: ${String(error)}`);
          return FORM_FAILED;
        }
      },
    },
  };
}

export async function libraryCommand(
  ctx: Context,
  cmd: Extract<Command, { kind: 'library' }>,
): Promise<Outcome> {
  const { deps, team } = ctx;
  const library = await deps.prompts.forTeam(team);
  if (cmd.mode === undefined) return text(libraryStatus(library.mode, library.own.length, library.fallback));
  const verdict = await deps.admins.check(ctx.client, team, ctx.user, undefined);
  if (!verdict.ok) return text(ownRefusal(verdict, "choose your workspace's library"));
  if (cmd.mode === 'own' && library.own.length === 0) return text(LIBRARY_OWN_EMPTY);
  await deps.store.commit([{ type: 'workspace-settings', team, set: { library: cmd.mode } }]);
  deps.logger.info(`${ctx.user} set the library of workspace ${team} to ${cmd.mode}`);
  return text(librarySet(cmd.mode, library.own.length));
}
