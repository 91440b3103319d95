/**
 * `/lead-vs-manage …`: acknowledges at once (after any store write), replies ephemerally, and leaves
 * slow Web API work (posting a prompt) to run after the acknowledgement.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { channelHistory, promptResult } from '../../archive.js';
import type { Deps } from '../../deps.js';
import { type Command, parseCommand, SETTING_COMMANDS } from '../../domain/command.js';
import {
  describeSchedule,
  formatInZone,
  nextSlot,
  parseWhen,
  type ScheduleSpec,
} from '../../domain/schedule.js';
import { usageText } from '../../views/help.js';
import { historyBlocks, resultsBlocks } from '../../views/results.js';
import { escapeMrkdwn } from '../../views/text.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Reply = { text: string };

export const ADMIN_ONLY = 'Only the admins of Lead vs Manage can change schedules here. Ask one of them:';
export const NO_PROMPTS = 'No prompts in this channel yet. Post the first one with `/lead-vs-manage now`.';
export const NO_SCHEDULE =
  'This channel has no schedule yet. Set one with `/lead-vs-manage schedule mon 09:00`.';

export function leadVsManageCommand(deps: Deps) {
  return async ({ command, ack, respond }: Args): Promise<void> => {
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

    const reply = await answer(deps, parsed, team, channel);
    await ack(ephemeral(reply.text));
  };
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
