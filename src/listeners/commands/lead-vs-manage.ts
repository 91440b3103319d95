/**
 * `/lead-vs-manage …`: acknowledges at once (after any store write), replies ephemerally, and leaves
 * slow Web API work (posting a prompt, an export) to run after the acknowledgement. Each sub-command calls
 * one use case (src/app/) and renders its outcome.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, types, webApi } from '@slack/bolt';
import type { Access } from '../../app/access.js';
import { channelHistory, promptResult, trendInputs } from '../../app/archive.js';
import type { Deps } from '../../app/deps.js';
import { pauseSchedule, removeSchedule, resumeSchedule, setSchedule } from '../../app/schedules.js';
import { sendExport } from '../../app/send-export.js';
import { type Command, parseCommand, SETTING_COMMANDS } from '../../domain/command.js';
import { describeSchedule, formatInZone } from '../../domain/schedule/describe.js';
import { parseWhen } from '../../domain/schedule/parse.js';
import { nextSlot, type ScheduleSpec } from '../../domain/schedule/slots.js';
import { trend } from '../../domain/stats.js';
import { usageText } from '../../views/help.js';
import {
  ADMIN_ONLY,
  EXPORT_CHECK_FAILED,
  EXPORT_MEMBERS_ONLY,
  EXPORT_NEEDS_BOT,
  NO_PROMPTS,
  NO_SCHEDULE,
  PREPARING_EXPORT,
} from '../../views/replies.js';
import { historyBlocks, resultsBlocks } from '../../views/results.js';
import { statsMessage } from '../../views/stats.js';
import { escapeMrkdwn } from '../../views/text.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** What a sub-command answers at once (ephemeral), and optionally work to run after the ack. */
interface Outcome {
  reply?: { text: string; blocks?: types.KnownBlock[] };
  /** Runs after the acknowledgement; a returned text goes back to the user, ephemerally. */
  later?: { what: string; run: () => Promise<string | undefined> };
}

interface Context {
  deps: Deps;
  access: Access;
  client: webApi.WebClient;
  team: string;
  channel: string;
  user: string;
}

type SubCommands = {
  [K in Command['kind']]: (ctx: Context, cmd: Extract<Command, { kind: K }>) => Promise<Outcome>;
};

const text = (t: string): Outcome => ({ reply: { text: t } });

const SUBCOMMANDS: SubCommands = {
  help: async () => text(usageText()),
  unknown: async (_ctx, cmd) =>
    text(usageText(`I don't know \`${escapeMrkdwn(cmd.word)}\`. Here is what I can do:`)),
  invalid: async (_ctx, cmd) => text(escapeMrkdwn(cmd.message)),
  now: async ({ deps, team, channel }) => ({
    later: {
      what: `posting a prompt in ${channel}`,
      run: async () => {
        const result = await deps.post(team, channel);
        return result.ok ? undefined : result.message;
      },
    },
  }),
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
    return { reply: historyBlocks(rows, total, deps.identity.teamUrl) };
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
          if (outcome.ok) return undefined;
          if (outcome.reason === 'failed')
            return `Sorry, I couldn't upload the export (${escapeMrkdwn(outcome.detail)}).`;
          return {
            'check-failed': EXPORT_CHECK_FAILED,
            'not-a-member': EXPORT_MEMBERS_ONLY,
            'bot-not-in-channel': EXPORT_NEEDS_BOT,
          }[outcome.reason];
        },
      },
    };
  },
  schedule: async ({ deps, team, channel }, cmd) => {
    const parsed = parseWhen(
      cmd.when,
      (await deps.store.schedule(team, channel))?.tz ?? deps.config.promptTz,
    );
    if (!parsed.ok) return text(escapeMrkdwn(parsed.error));
    await setSchedule(deps, team, channel, parsed.spec);
    return text(
      `Scheduled: ${describeSchedule(parsed.spec)}. Next prompt: ${nextRun(deps, parsed.spec)}. Make sure I'm in this channel (\`/invite @lead-vs-manage\`).`,
    );
  },
  unschedule: async ({ deps, team, channel }) => {
    const outcome = await removeSchedule(deps, team, channel, deps.config.promptChannel);
    if (outcome === 'none') return text(NO_SCHEDULE);
    if (outcome === 'paused-default') {
      return text(
        'This is the default channel (PROMPT_CHANNEL), so its schedule is paused rather than removed. `resume` starts it again.',
      );
    }
    return text('Schedule removed: no more automatic prompts here. `/lead-vs-manage now` still posts one.');
  },
  pause: async ({ deps, team, channel }) => {
    const outcome = await pauseSchedule(deps, team, channel);
    if (outcome.status === 'none') return text(NO_SCHEDULE);
    if (outcome.status === 'unchanged')
      return text('The schedule is already paused. `/lead-vs-manage resume` starts it again.');
    return text(`Paused ${describeSchedule(outcome.schedule)}. \`/lead-vs-manage resume\` starts it again.`);
  },
  resume: async ({ deps, team, channel }) => {
    const outcome = await resumeSchedule(deps, team, channel);
    if (outcome.status === 'none') return text(NO_SCHEDULE);
    const { schedule } = outcome;
    const next = `${describeSchedule(schedule)}. Next prompt: ${nextRun(deps, schedule)}.`;
    return text(outcome.status === 'unchanged' ? `The schedule is running: ${next}` : `Resumed: ${next}`);
  },
};

/** The handler for a parsed command (the mapped type above makes sure every kind has one). */
function handlerOf(cmd: Command): (ctx: Context, cmd: Command) => Promise<Outcome> {
  return SUBCOMMANDS[cmd.kind] as (ctx: Context, cmd: Command) => Promise<Outcome>;
}

export function leadVsManageCommand(deps: Deps, access: Access) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const cmd = parseCommand(command.text ?? '');
    if (SETTING_COMMANDS.has(cmd.kind) && !isAdmin(deps, command.user_id)) {
      const admins = deps.config.adminUserIds.map((id) => `<@${id}>`).join(', ');
      await ack({ response_type: 'ephemeral', text: `${ADMIN_ONLY} ${admins}.` });
      return;
    }
    const ctx: Context = {
      deps,
      access,
      client,
      team: command.team_id,
      channel: command.channel_id,
      user: command.user_id,
    };
    const { reply, later } = await handlerOf(cmd)(ctx, cmd);
    await ack(reply ? { response_type: 'ephemeral', ...reply } : undefined);
    if (later) {
      deps.background.run(later.what, async () => {
        const message = await later.run();
        if (message) await respond({ response_type: 'ephemeral', text: message });
      });
    }
  };
}

function isAdmin(deps: Deps, user: string): boolean {
  return deps.config.adminUserIds.length === 0 || deps.config.adminUserIds.includes(user);
}

function nextRun(deps: Deps, spec: ScheduleSpec): string {
  return formatInZone(nextSlot(spec, deps.now()), spec.tz);
}
