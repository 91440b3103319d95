/**
 * `/lead-vs-manage …`: acknowledges at once (after any store write), replies ephemerally, and leaves
 * slow Web API work (posting a prompt) to run after the acknowledgement.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, webApi } from '@slack/bolt';
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
type Reply = { text: string };

export const ADMIN_ONLY = 'Only the admins of Lead vs Manage can change schedules here. Ask one of them:';
export const NO_PROMPTS = 'No prompts in this channel yet. Post the first one with `/lead-vs-manage now`.';
export const NO_SCHEDULE =
  'This channel has no schedule yet. Set one with `/lead-vs-manage schedule mon 09:00`.';

export const PREPARING_EXPORT = 'Preparing your export…';
export const EXPORT_MEMBERS_ONLY =
  "Only members of this channel can export its archive, and I couldn't find you among them.";
export const EXPORT_CHECK_FAILED =
  "I couldn't check that you're a member of this channel, so there is no export. Try again in a minute.";

export function leadVsManageCommand(deps: Deps, access: Access = createAccess()) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const team = command.team_id;
    const channel = command.channel_id;
    const parsed = parseCommand(command.text ?? '');

    if (SETTING_COMMANDS.has(parsed.kind) && !isAdmin(deps, command.user_id)) {
      const admins = deps.config.adminUserIds.map((id) => `<@${id}>`).join(', ');
      await ack(ephemeral(`${ADMIN_ONLY} ${admins}.`));
      return;
    }

    if (parsed.kind === 'now') {
      await ack();
      deps.background.run(`posting a prompt in ${channel}`, async () => {
        const result = await deps.post(team, channel);
        if (!result.ok) await respond({ response_type: 'ephemeral', text: result.message });
      });
      return;
    }

    if (parsed.kind === 'results') {
      const latest = deps.store.posts(team, channel)[0];
      if (!latest) {
        await ack(ephemeral(NO_PROMPTS));
        return;
      }
      await ack({
        response_type: 'ephemeral',
        ...resultsBlocks(promptResult(deps.store, deps.library, latest), deps.identity.teamUrl),
      });
      return;
    }
    if (parsed.kind === 'history') {
      const { rows, total } = channelHistory(deps.store, deps.library, team, channel, parsed.limit);
      if (rows.length === 0) {
        await ack(ephemeral(NO_PROMPTS));
        return;
      }
      await ack({ response_type: 'ephemeral', ...historyBlocks(rows, total, deps.identity.teamUrl) });
      return;
    }
    // results, history and stats need no membership check: the command comes from inside the channel.
    if (parsed.kind === 'stats') {
      const posts = deps.store.posts(team, channel);
      if (posts.length === 0) {
        await ack(ephemeral(NO_PROMPTS));
        return;
      }
      const results = posts.map((p) => promptResult(deps.store, deps.library, p));
      await ack({ response_type: 'ephemeral', ...statsMessage(trend(trendInputs(results))) });
      return;
    }
    if (parsed.kind === 'export') {
      if (deps.store.posts(team, channel).length === 0) {
        await ack(ephemeral(NO_PROMPTS));
        return;
      }
      await ack(ephemeral(PREPARING_EXPORT));
      const { format } = parsed;
      deps.background.run(`exporting ${channel} as ${format}`, async () => {
        const problem = await sendExport(deps, access, client, {
          team,
          channel,
          user: command.user_id,
          format,
        });
        if (problem) await respond({ response_type: 'ephemeral', text: problem });
      });
      return;
    }

    const reply = await answer(deps, parsed, team, channel);
    await ack(ephemeral(reply.text));
  };
}

/**
 * Uploads the channel's archive as a file in the channel, for a member of it (checked with Slack, so a private
 * channel's archive never goes to anyone else). Returns what to tell the user when it could not.
 */
async function sendExport(
  deps: Deps,
  access: Access,
  client: webApi.WebClient,
  o: { team: string; channel: string; user: string; format: ExportFormat },
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
  const file = exportFile(archive, o.format);
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

function ephemeral(text: string) {
  return { response_type: 'ephemeral' as const, text };
}

function isAdmin(deps: Deps, user: string): boolean {
  return deps.config.adminUserIds.length === 0 || deps.config.adminUserIds.includes(user);
}

function nextRun(deps: Deps, spec: ScheduleSpec): string {
  return formatInZone(nextSlot(spec, deps.now()), spec.tz);
}

async function answer(deps: Deps, cmd: Command, team: string, channel: string): Promise<Reply> {
  const { store, config } = deps;
  const isDefault = channel === config.promptChannel;
  const current = store.schedule(team, channel);
  switch (cmd.kind) {
    case 'help':
      return { text: usageText() };
    case 'unknown':
      return { text: usageText(`I don't know \`${escapeMrkdwn(cmd.word)}\`. Here is what I can do:`) };
    case 'invalid':
      return { text: escapeMrkdwn(cmd.message) };
    case 'schedule': {
      const parsed = parseWhen(cmd.when, current?.tz ?? config.promptTz);
      if (!parsed.ok) return { text: escapeMrkdwn(parsed.error) };
      const { spec } = parsed;
      await store.commit([
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
      return {
        text: `Scheduled: ${describeSchedule(spec)}. Next prompt: ${nextRun(deps, spec)}. Make sure I'm in this channel (\`/invite @lead-vs-manage\`).`,
      };
    }
    case 'unschedule':
      if (!current) return { text: NO_SCHEDULE };
      if (isDefault) {
        await store.commit([{ type: 'pause', team, channel, paused: true }]);
        return {
          text: 'This is the default channel (PROMPT_CHANNEL), so its schedule is paused rather than removed. `resume` starts it again.',
        };
      }
      await store.commit([{ type: 'unschedule', team, channel }]);
      return {
        text: 'Schedule removed: no more automatic prompts here. `/lead-vs-manage now` still posts one.',
      };
    case 'pause':
      if (!current) return { text: NO_SCHEDULE };
      if (current.paused)
        return { text: 'The schedule is already paused. `/lead-vs-manage resume` starts it again.' };
      await store.commit([{ type: 'pause', team, channel, paused: true }]);
      return { text: `Paused ${describeSchedule(current)}. \`/lead-vs-manage resume\` starts it again.` };
    case 'resume': {
      if (!current) return { text: NO_SCHEDULE };
      if (!current.paused)
        return {
          text: `The schedule is running: ${describeSchedule(current)}. Next prompt: ${nextRun(deps, current)}.`,
        };
      // Slots that passed while paused are not caught up: the schedule starts again from now.
      await store.commit([
        { type: 'schedule', schedule: { ...current, paused: false, since: deps.now().toISOString() } },
      ]);
      return { text: `Resumed: ${describeSchedule(current)}. Next prompt: ${nextRun(deps, current)}.` };
    }
    case 'export':
    case 'stats':
    case 'now':
    case 'results':
    case 'history':
      return { text: usageText() };
  }
}
