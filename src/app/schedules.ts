/** Setting, pausing, resuming and removing a channel's schedule; the default channel's schedule at start. */
import type { Config } from '../config.js';
import type { ScheduleSpec } from '../domain/schedule/slots.js';
import type { ScheduleRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

interface ScheduleDeps {
  store: Store;
  now: () => Date;
}

/** Sets the channel's schedule from Slack: it wins over PROMPT_CHANNEL's default from now on. */
export async function setSchedule(
  { store, now }: ScheduleDeps,
  team: string,
  channel: string,
  spec: ScheduleSpec,
): Promise<void> {
  const current = await store.schedule(team, channel);
  await store.commit([
    {
      type: 'schedule',
      schedule: {
        team,
        channel,
        cron: spec.cron,
        tz: spec.tz,
        paused: false,
        since: now().toISOString(),
        origin: 'command',
        ...(current?.lastSlot ? { lastSlot: current.lastSlot } : {}),
      },
    },
  ]);
}

/**
 * `schedule off`: removes the channel's schedule. In PROMPT_CHANNEL the default would come back at the next
 * start, so there it is paused instead.
 */
export async function removeSchedule(
  { store }: ScheduleDeps,
  team: string,
  channel: string,
  defaultChannel: string | undefined,
): Promise<'none' | 'paused-default' | 'removed'> {
  if (!(await store.schedule(team, channel))) return 'none';
  if (channel === defaultChannel) {
    await store.commit([{ type: 'pause', team, channel, paused: true }]);
    return 'paused-default';
  }
  await store.commit([{ type: 'unschedule', team, channel }]);
  return 'removed';
}

export type PauseOutcome =
  | { status: 'none' }
  | { status: 'unchanged'; schedule: ScheduleRecord }
  | { status: 'changed'; schedule: ScheduleRecord };

export async function pauseSchedule(
  { store }: ScheduleDeps,
  team: string,
  channel: string,
): Promise<PauseOutcome> {
  const current = await store.schedule(team, channel);
  if (!current) return { status: 'none' };
  if (current.paused) return { status: 'unchanged', schedule: current };
  await store.commit([{ type: 'pause', team, channel, paused: true }]);
  return { status: 'changed', schedule: current };
}

/** Slots that passed while paused are not caught up: the schedule starts again from now. */
export async function resumeSchedule(
  { store, now }: ScheduleDeps,
  team: string,
  channel: string,
): Promise<PauseOutcome> {
  const current = await store.schedule(team, channel);
  if (!current) return { status: 'none' };
  if (!current.paused) return { status: 'unchanged', schedule: current };
  const resumed = { ...current, paused: false, since: now().toISOString() };
  await store.commit([{ type: 'schedule', schedule: resumed }]);
  return { status: 'changed', schedule: resumed };
}

/** PROMPT_CHANNEL's schedule follows PROMPT_CRON/PROMPT_TZ at every start, unless set in Slack with `schedule`. */
export async function applyDefaultSchedule(
  { store, now }: ScheduleDeps,
  config: Pick<Config, 'promptChannel' | 'promptCron' | 'promptTz'>,
  team: string,
): Promise<void> {
  if (!config.promptChannel) return;
  const current = await store.schedule(team, config.promptChannel);
  if (current?.origin === 'command') return;
  if (current && current.cron === config.promptCron && current.tz === config.promptTz) return;
  await store.commit([
    {
      type: 'schedule',
      schedule: {
        team,
        channel: config.promptChannel,
        cron: config.promptCron,
        tz: config.promptTz,
        paused: current?.paused ?? false,
        origin: 'default',
        since: now().toISOString(),
        ...(current?.lastSlot ? { lastSlot: current.lastSlot } : {}),
      },
    },
  ]);
}
