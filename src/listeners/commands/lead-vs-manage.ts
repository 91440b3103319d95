/**
 * `/lead-vs-manage …`: acknowledges at once (after any store write), replies ephemerally, and leaves
 * slow Web API work (posting a prompt, an export) to run after the acknowledgement. Each sub-command calls
 * one use case (src/app/) and renders its outcome.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import { channelHistory, promptResult, trendInputs } from '../../app/archive.js';
import type { Deps } from '../../app/deps.js';
import type { NowCooldown } from '../../app/now-cooldown.js';
import { sendExport } from '../../app/send-export.js';
import type { SettingsAccess } from '../../app/settings-access.js';
import { type Command, HISTORY_MAX, parseCommand, SETTING_COMMANDS } from '../../domain/command.js';
import { durationText } from '../../domain/schedule/describe.js';
import { trend } from '../../domain/stats.js';
import { usageText } from '../../views/help.js';
import {
  EXPORT_CHECK_FAILED,
  EXPORT_MEMBERS_ONLY,
  EXPORT_SENT,
  historyCapped,
  NO_PROMPTS,
  nowCooldown,
  PREPARING_EXPORT,
} from '../../views/replies.js';
import { historyBlocks, resultsBlocks } from '../../views/results.js';
import { statsMessage } from '../../views/stats.js';
import { escapeMrkdwn } from '../../views/text.js';
import { type Context, type Outcome, text } from './outcome.js';
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
  now: async ({ deps, cooldown, team, channel }) => {
    const verdict = await cooldown.claim(team, channel);
    if (!verdict.ok) return text(nowCooldown(durationText(deps.config.nowCooldownMs), verdict.until));
    return {
      later: {
        what: `posting a prompt in ${channel}`,
        run: async () => {
          const result = await deps.post(team, channel);
          if (result.ok) return undefined;
          await verdict.release();
          return result.message;
        },
      },
    };
  },
  // results, history and stats need no membership check: the command comes from inside the channel.
  results: async ({ deps, team, channel }) => {
    const latest = (await deps.store.posts(team, channel))[0];
    if (!latest) return text(NO_PROMPTS);
    const result = await promptResult(deps.store, deps.library, latest);
    return { reply: resultsBlocks(result, deps.identity.teamUrl) };
  },
  history: async ({ deps, team, channel }, cmd) => {
    const { rows, total } = await channelHistory(deps.store, deps.library, team, channel, cmd.limit);
    if (rows.length === 0) return text(NO_PROMPTS);
    const note = cmd.asked === undefined ? undefined : historyCapped(cmd.asked, HISTORY_MAX);
    return { reply: historyBlocks(rows, total, deps.identity.teamUrl, note) };
  },
  stats: async ({ deps, team, channel }) => {
    const posts = await deps.store.posts(team, channel);
    if (posts.length === 0) return text(NO_PROMPTS);
    const results = await Promise.all(posts.map((p) => promptResult(deps.store, deps.library, p)));
    return { reply: statsMessage(trend(trendInputs(results))) };
  },
  export: async (ctx, cmd) => {
    if ((await ctx.deps.store.posts(ctx.team, ctx.channel)).length === 0) return text(NO_PROMPTS);
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
  schedule: scheduleCommand,
  unschedule: unscheduleCommand,
  pause: pauseCommand,
  resume: resumeCommand,
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
    };
    const refused = SETTING_COMMANDS.has(cmd.kind) ? await refuseUnlessAllowed(ctx) : undefined;
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
