/**
 * Setting, pausing, resuming and removing a channel's schedule; the default channel's schedule at start.
 * Each reads the schedule and writes it back whole (keeping its last claimed slot) under the channel's
 * schedule lock, which the scheduler's slot claims take too, so an instance that claims a slot meanwhile
 * never sees its claim taken back. Each tells the scheduler (`scheduleChanged`), which computes the channel's
 * next slot again; other instances see the change when they next read every schedule.
 */
import type { Config } from '../config.js';
import type { ScheduleSpec } from '../domain/schedule/slots.js';
import { type Coordination, locks } from '../store/coordination.js';
import type { ScheduleRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';

interface ScheduleDeps {
  store: Store;
  coordination: Pick<Coordination, 'exclusive'>;
  now: () => Date;
  /** Told after a channel's schedule may have been written (src/jobs/scheduler.ts `changed`). */
  scheduleChanged?: (team: string, channel: string) => void;
}

async function underLock<T>(deps: ScheduleDeps, team: string, channel: string, work: () => Promise<T>) {
  try {
    return await deps.coordination.exclusive(locks.schedule(team, channel), work);
  } finally {
    deps.scheduleChanged?.(team, channel);
  }
}

/** The channel's schedule, if it has one (a default removed with `schedule off` is none). */
export async function currentSchedule(
  store: Store,
  team: string,
  channel: string,
): Promise<ScheduleRecord | undefined> {
  const record = await store.schedule(team, channel);
  return record?.removed ? undefined : record;
}

/** Sets the channel's schedule from Slack, as `setBy`: it wins over PROMPT_CHANNEL's default from now on. */
export function setSchedule(
  deps: ScheduleDeps,
  team: string,
  channel: string,
  spec: ScheduleSpec,
  setBy: string,
): Promise<void> {
  return underLock(deps, team, channel, async () => {
    const { store, now } = deps;
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
          setBy,
          ...(current?.lastSlot ? { lastSlot: current.lastSlot } : {}),
        },
      },
    ]);
  });
}

/**
 * `schedule off`: removes the channel's schedule. In PROMPT_CHANNEL the record stays, marked removed (and
 * paused), so the default does not come back at the next start; `schedule` there sets a new one.
 */
export function removeSchedule(
  deps: ScheduleDeps,
  team: string,
  channel: string,
  defaultChannel: string | undefined,
): Promise<'none' | 'removed'> {
  return underLock(deps, team, channel, async () => {
    const { store } = deps;
    const current = await currentSchedule(store, team, channel);
    if (!current) return 'none';
    if (channel === defaultChannel) {
      const { setBy: _setBy, ...kept } = current;
      await store.commit([
        { type: 'schedule', schedule: { ...kept, paused: true, removed: true, origin: 'command' } },
      ]);
      return 'removed';
    }
    await store.commit([{ type: 'unschedule', team, channel }]);
    return 'removed';
  });
}

export type PauseOutcome =
  | { status: 'none' }
  | { status: 'unchanged'; schedule: ScheduleRecord }
  | { status: 'changed'; schedule: ScheduleRecord };

export function pauseSchedule(deps: ScheduleDeps, team: string, channel: string): Promise<PauseOutcome> {
  return underLock(deps, team, channel, async () => {
    const { store } = deps;
    const current = await currentSchedule(store, team, channel);
    if (!current) return { status: 'none' };
    if (current.paused) return { status: 'unchanged', schedule: current };
    await store.commit([{ type: 'pause', team, channel, paused: true }]);
    return { status: 'changed', schedule: current };
  });
}

/** Slots that passed while paused are not caught up: the schedule starts again from now. */
export function resumeSchedule(deps: ScheduleDeps, team: string, channel: string): Promise<PauseOutcome> {
  return underLock(deps, team, channel, async () => {
    const { store, now } = deps;
    const current = await currentSchedule(store, team, channel);
    if (!current) return { status: 'none' };
    if (!current.paused) return { status: 'unchanged', schedule: current };
    const resumed = { ...current, paused: false, since: now().toISOString() };
    await store.commit([{ type: 'schedule', schedule: resumed }]);
    return { status: 'changed', schedule: resumed };
  });
}

/**
 * PROMPT_CHANNEL's schedule follows PROMPT_CRON/PROMPT_TZ at every start, unless set in Slack with `schedule` or
 * removed there with `schedule off` (both leave a record of origin `command`). An instance that starts while
 * others run finds the schedule as they left it and writes nothing; one with another PROMPT_CRON replaces the
 * schedule from now on, keeping its last claimed slot.
 */
export async function applyDefaultSchedule(
  deps: ScheduleDeps,
  config: Pick<Config, 'promptChannel' | 'promptCron' | 'promptTz'>,
  team: string,
): Promise<void> {
  const channel = config.promptChannel;
  if (!channel) return;
  await underLock(deps, team, channel, async () => {
    const { store, now } = deps;
    const current = await store.schedule(team, channel);
    if (current?.origin === 'command') return;
    if (current && current.cron === config.promptCron && current.tz === config.promptTz) return;
    await store.commit([
      {
        type: 'schedule',
        schedule: {
          team,
          channel,
          cron: config.promptCron,
          tz: config.promptTz,
          paused: current?.paused ?? false,
          origin: 'default',
          since: now().toISOString(),
          ...(current?.lastSlot ? { lastSlot: current.lastSlot } : {}),
        },
      },
    ]);
  });
}
