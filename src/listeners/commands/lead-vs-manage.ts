/**
 * `/lead-vs-manage …`: acknowledges at once (after any store write), replies ephemerally, and leaves
 * slow Web API work (posting a prompt) to run after the acknowledgement.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, types, webApi } from '@slack/bolt';
import { type Access, createAccess } from '../../access.js';
import { channelHistory, promptResult } from '../../archive.js';
import type { Deps } from '../../deps.js';
import { type Command, type ExportFormat, parseCommand, SETTING_COMMANDS } from '../../domain/command.js';
import {
  describeSchedule,
  formatInZone,
  nextSlot,
  parseWhen,
  type ScheduleSpec,
} from '../../domain/schedule.js';
import { trend } from '../../domain/stats.js';
import { channelArchive, exportFile } from '../../export.js';
import { describe, slackError } from '../../posting.js';
import { usageText } from '../../views/help.js';
import { historyBlocks, resultsBlocks } from '../../views/results.js';
import { statsMessage, trendInputs } from '../../views/stats.js';
import { escapeMrkdwn } from '../../views/text.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const ADMIN_ONLY = 'Only the admins of Lead vs Manage can change schedules here. Ask one of them:';
export const NO_PROMPTS = 'No prompts in this channel yet. Post the first one with `/lead-vs-manage now`.';
export const NO_SCHEDULE =
  'This channel has no schedule yet. Set one with `/lead-vs-manage schedule mon 09:00`.';

export const PREPARING_EXPORT = 'Preparing your export…';
export const EXPORT_MEMBERS_ONLY =
  "Only members of this channel can export its archive, and I couldn't find you among them.";
export const EXPORT_CHECK_FAILED =
  "I couldn't check that you're a member of this channel, so there is no export. Try again in a minute.";

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
    const latest = deps.store.posts(team, channel)[0];
    if (!latest) return text(NO_PROMPTS);
    return { reply: resultsBlocks(promptResult(deps.store, deps.library, latest), deps.identity.teamUrl) };
  },
  history: async ({ deps, team, channel }, cmd) => {
    const { rows, total } = channelHistory(deps.store, deps.library, team, channel, cmd.limit);
    if (rows.length === 0) return text(NO_PROMPTS);
    return { reply: historyBlocks(rows, total, deps.identity.teamUrl) };
  },
  stats: async ({ deps, team, channel }) => {
    const posts = deps.store.posts(team, channel);
    if (posts.length === 0) return text(NO_PROMPTS);
    const results = posts.map((p) => promptResult(deps.store, deps.library, p));
    return { reply: statsMessage(trend(trendInputs(results))) };
  },
  export: async (ctx, cmd) => {
    if (ctx.deps.store.posts(ctx.team, ctx.channel).length === 0) return text(NO_PROMPTS);
    return {
      reply: { text: PREPARING_EXPORT },
      later: { what: `exporting ${ctx.channel} as ${cmd.format}`, run: () => sendExport(ctx, cmd.format) },
    };
  },
  schedule: async ({ deps, team, channel }, cmd) => {
    const current = deps.store.schedule(team, channel);
    const parsed = parseWhen(cmd.when, current?.tz ?? deps.config.promptTz);
    if (!parsed.ok) return text(escapeMrkdwn(parsed.error));
    const { spec } = parsed;
    await deps.store.commit([
      {
        type: 'schedule',
        schedule: {
          team,
          channel,
          cron: spec.cron,
          tz: spec.tz,
          paused: false,
          since: deps.now().toISOString(),
          origin: 'command',
          ...(current?.lastSlot ? { lastSlot: current.lastSlot } : {}),
        },
      },
    ]);
    return text(
      `Scheduled: ${describeSchedule(spec)}. Next prompt: ${nextRun(deps, spec)}. Make sure I'm in this channel (\`/invite @lead-vs-manage\`).`,
    );
  },
  unschedule: async ({ deps, team, channel }) => {
    if (!deps.store.schedule(team, channel)) return text(NO_SCHEDULE);
    if (channel === deps.config.promptChannel) {
      await deps.store.commit([{ type: 'pause', team, channel, paused: true }]);
      return text(
        'This is the default channel (PROMPT_CHANNEL), so its schedule is paused rather than removed. `resume` starts it again.',
      );
    }
    await deps.store.commit([{ type: 'unschedule', team, channel }]);
    return text('Schedule removed: no more automatic prompts here. `/lead-vs-manage now` still posts one.');
  },
  pause: async ({ deps, team, channel }) => {
    const current = deps.store.schedule(team, channel);
    if (!current) return text(NO_SCHEDULE);
    if (current.paused)
      return text('The schedule is already paused. `/lead-vs-manage resume` starts it again.');
    await deps.store.commit([{ type: 'pause', team, channel, paused: true }]);
    return text(`Paused ${describeSchedule(current)}. \`/lead-vs-manage resume\` starts it again.`);
  },
  resume: async ({ deps, team, channel }) => {
    const current = deps.store.schedule(team, channel);
    if (!current) return text(NO_SCHEDULE);
    if (!current.paused) {
      return text(
        `The schedule is running: ${describeSchedule(current)}. Next prompt: ${nextRun(deps, current)}.`,
      );
    }
    // Slots that passed while paused are not caught up: the schedule starts again from now.
    await deps.store.commit([
      { type: 'schedule', schedule: { ...current, paused: false, since: deps.now().toISOString() } },
    ]);
    return text(`Resumed: ${describeSchedule(current)}. Next prompt: ${nextRun(deps, current)}.`);
  },
};

/** The handler for a parsed command (the mapped type above makes sure every kind has one). */
function handlerOf(cmd: Command): (ctx: Context, cmd: Command) => Promise<Outcome> {
  return SUBCOMMANDS[cmd.kind] as (ctx: Context, cmd: Command) => Promise<Outcome>;
}

export function leadVsManageCommand(deps: Deps, access: Access = createAccess()) {
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

/**
 * Uploads the channel's archive as a file in the channel, for a member of it (checked with Slack, so a private
 * channel's archive never goes to anyone else). Returns what to tell the user when it could not.
 */
async function sendExport(
  { deps, access, client, ...o }: Context,
  format: ExportFormat,
): Promise<string | undefined> {
  let memberOf: ReadonlyMap<string, string>;
  try {
    memberOf = await access.channelsOf(client, o.team, o.user);
  } catch (error) {
    deps.logger.warn(
      `could not check whether ${o.user} is in ${o.channel} for an export: ${describe(error)}`,
    );
    return EXPORT_CHECK_FAILED;
  }
  if (!memberOf.has(o.channel)) return EXPORT_MEMBERS_ONLY;
  const where = { team: o.team, channel: o.channel, channelName: memberOf.get(o.channel) };
  const archive = channelArchive(deps.store, deps.library, where, deps.now());
  const file = exportFile(archive, format);
  const answers = archive.prompts.reduce((n, p) => n + p.answers.length, 0);
  try {
    await client.filesUploadV2({
      channel_id: o.channel,
      filename: file.filename,
      title: file.title,
      content: file.content,
      initial_comment: `<@${o.user}> exported this channel's archive: ${archive.prompts.length} prompts and ${answers} answers.`,
    });
  } catch (error) {
    const code = slackError(error);
    if (code === 'not_in_channel' || code === 'channel_not_found') {
      return 'I need to be in this channel to share the file here. Invite me with `/invite @lead-vs-manage`, then try again.';
    }
    deps.logger.error(`export of ${o.channel} failed: ${describe(error)}`);
    return `Sorry, I couldn't upload the export (${escapeMrkdwn(describe(error))}).`;
  }
  return undefined;
}

function isAdmin(deps: Deps, user: string): boolean {
  return deps.config.adminUserIds.length === 0 || deps.config.adminUserIds.includes(user);
}

function nextRun(deps: Deps, spec: ScheduleSpec): string {
  return formatInZone(nextSlot(spec, deps.now()), spec.tz);
}
