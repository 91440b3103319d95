/**
 * `/lead-vs-manage …`: acknowledges at once (after any store write), replies ephemerally, and leaves
 * slow Web API work (posting a prompt, an export) to run after the acknowledgement. Each sub-command calls
 * one use case (src/app/) and renders its outcome.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import { channelHistory, channelTrend, promptResult } from '../../app/archive.js';
import type { Deps } from '../../app/deps.js';
import type { NowCooldown } from '../../app/now-cooldown.js';
import { sendExport } from '../../app/send-export.js';
import type { SettingsAccess } from '../../app/settings-access.js';
import { type Command, HISTORY_MAX, parseCommand, SETTING_COMMANDS } from '../../domain/command.js';
import { usageText } from '../../views/help.js';
import {
  EXPORT_CHECK_FAILED,
  EXPORT_MEMBERS_ONLY,
  EXPORT_SENT,
  historyCapped,
  NO_PROMPTS,
  PREPARING_EXPORT,
} from '../../views/replies.js';
import { historyBlocks, resultsBlocks } from '../../views/results.js';
import { statsMessage } from '../../views/stats.js';
import { escapeMrkdwn } from '../../views/text.js';
import { anonymousCommand } from './anonymous.js';
import { type Context, type Outcome, text } from './outcome.js';
import { libraryCommand, nextCommand, nowCommand, suggestCommand } from './own.js';
import { revisitCommand } from './revisit.js';
import {
  pauseCommand,
  refuseUnlessAllowed,
  resumeCommand,
  scheduleCommand,
  unscheduleCommand,
} from './settings.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

type SubCommands = {
  [K in Command['kind']]: (ctx: Context, cmd: Extract<Command, { kind: K }>) => Promise<Outcome>;
};

const SUBCOMMANDS: SubCommands = {
  help: async ({ deps }) => text(usageText(undefined, deps.config.adminUserIds)),
  unknown: async ({ deps }, cmd) =>
    text(
      usageText(
        `I don't know \`${escapeMrkdwn(cmd.word)}\`. Here is what I can do:`,
        deps.config.adminUserIds,
      ),
    ),
  invalid: async (_ctx, cmd) => text(escapeMrkdwn(cmd.message)),
  now: nowCommand,
  next: nextCommand,
  suggest: suggestCommand,
  library: libraryCommand,
  // results, history and stats need no membership check: the command comes from inside the channel.
  results: async ({ deps, team, channel }) => {
    const [latest] = await deps.store.posts(team, channel, { limit: 1 });
    if (!latest) return text(NO_PROMPTS);
    const library = await deps.prompts.forTeam(team);
    const result = await promptResult(deps.store, library, latest, deps.config.tallyMinVoters);
    return { reply: resultsBlocks(result, (await deps.workspaces.bot(team))?.teamUrl) };
  },
  history: async ({ deps, team, channel }, cmd) => {
    const { rows, total } = await channelHistory(
      deps.store,
      await deps.prompts.forTeam(team),
      team,
      channel,
      cmd.limit,
      deps.config.tallyMinVoters,
    );
    if (rows.length === 0) return text(NO_PROMPTS);
    const note = cmd.asked === undefined ? undefined : historyCapped(cmd.asked, HISTORY_MAX);
    return { reply: historyBlocks(rows, total, (await deps.workspaces.bot(team))?.teamUrl, note) };
  },
  stats: async ({ deps, team, channel }) => {
    const library = await deps.prompts.forTeam(team);
    const t = await channelTrend(deps.store, library, team, channel, deps.config.tallyMinVoters);
    return t ? { reply: statsMessage(t) } : text(NO_PROMPTS);
  },
  export: async (ctx, cmd) => {
    if ((await ctx.deps.store.postCount(ctx.team, ctx.channel)) === 0) return text(NO_PROMPTS);
    return {
      reply: { text: PREPARING_EXPORT },
      later: {
        what: `exporting ${ctx.channel} as ${cmd.format}`,
        run: async () => {
          const { team, channel, user } = ctx;
          const outcome = await sendExport(ctx.deps, ctx.access, ctx.client, {
            team,
            channel,
            user,
            format: cmd.format,
          });
          if (outcome.ok) return EXPORT_SENT;
          if (outcome.reason === 'failed')
            return `Sorry, I couldn't send you the export (${escapeMrkdwn(outcome.detail)}).`;
          return { 'check-failed': EXPORT_CHECK_FAILED, 'not-a-member': EXPORT_MEMBERS_ONLY }[outcome.reason];
        },
      },
    };
  },
  anonymous: anonymousCommand,
  schedule: scheduleCommand,
  unschedule: unscheduleCommand,
  pause: pauseCommand,
  resume: resumeCommand,
  revisit: revisitCommand,
};

/** The handler for a parsed command (the mapped type above makes sure every kind has one). */
function handlerOf(cmd: Command): (ctx: Context, cmd: Command) => Promise<Outcome> {
  return SUBCOMMANDS[cmd.kind] as (ctx: Context, cmd: Command) => Promise<Outcome>;
}

export function leadVsManageCommand(
  deps: Deps,
  access: Access,
  settings: SettingsAccess,
  cooldown: NowCooldown,
) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const cmd = parseCommand(command.text ?? '');
    const ctx: Context = {
      deps,
      access,
      settings,
      cooldown,
      client,
      team: command.team_id,
      channel: command.channel_id,
      user: command.user_id,
      triggerId: command.trigger_id,
    };
    const subject = cmd.kind === 'revisit' ? 'revisit' : 'schedule';
    const refused = SETTING_COMMANDS.has(cmd.kind) ? await refuseUnlessAllowed(ctx, subject) : undefined;
    const { reply, later } = refused ?? (await handlerOf(cmd)(ctx, cmd));
    await ack(reply ? { response_type: 'ephemeral', ...reply } : undefined);
    if (later) {
      deps.background.run(later.what, async () => {
        const message = await later.run();
        if (message) await respond({ response_type: 'ephemeral', text: message });
      });
    }
  };
}
