/**
 * Every schedule's next slot, computed once and kept in time order, so that the scheduler's tick looks only
 * at what is due. A schedule's next slot is the first slot after both `since` and `lastSlot`; it is computed
 * when the queue is built, when a schedule is re-read (after it fired, or after `refresh` for a change made
 * here) and when `sync` finds it changed in the store (changes made by other instances sharing a database).
 * Paused and removed schedules are remembered but not queued. `sync` reads every schedule, so it works in
 * slices and lets the event loop run between them.
 */
import { nextSlot, type ScheduleSpec } from '../domain/schedule/slots.js';
import type { Logger } from '../slack/logger.js';
import type { ScheduleRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { DueQueue } from './due-queue.js';

export interface ScheduleQueueDeps {
  store: Pick<Store, 'schedule' | 'schedules'>;
  logger: Logger;
  /** The slot maths (tests count its calls). */
  nextSlot?: (spec: ScheduleSpec, after: Date) => Date;
  /** Longest a slice of `sync` keeps the event loop, ms. */
  sliceMs?: number;
}

export const scheduleKey = (s: { team: string; channel: string }) => `${s.team}/${s.channel}`;

const sameSchedule = (a: ScheduleRecord, b: ScheduleRecord) =>
  a.cron === b.cron &&
  a.tz === b.tz &&
  a.since === b.since &&
  a.paused === b.paused &&
  a.lastSlot === b.lastSlot &&
  a.removed === b.removed;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface ScheduleQueue {
  /** Reads every schedule from the store and queues those new or changed since they were last read. */
  sync(): Promise<void>;
  /** Re-reads one schedule (after it fired, or was set, changed or removed here). */
  refresh(team: string, channel: string): Promise<void>;
  /** Takes the schedules due at `t` out of the queue, earliest first. */
  takeDue(t: number): ScheduleRecord[];
  /** Puts a schedule taken out back in the queue, due at `at`. */
  defer(s: ScheduleRecord, at: number): void;
  /** Schedules queued. */
  readonly size: number;
}

export function scheduleQueue(deps: ScheduleQueueDeps): ScheduleQueue {
  const { store, logger } = deps;
  const slotAfter = deps.nextSlot ?? nextSlot;
  const sliceMs = deps.sliceMs ?? 8;
  const known = new Map<string, ScheduleRecord>();
  const queue = new DueQueue();
  // Each sync has a number; a schedule re-read during a sync is newer than what that sync read.
  let syncs = 0;
  const readIn = new Map<string, number>();

  function place(key: string, s: ScheduleRecord): void {
    known.set(key, s);
    if (s.paused) {
      queue.delete(key);
      return;
    }
    const floor = Math.max(Date.parse(s.since), s.lastSlot ? Date.parse(s.lastSlot) : 0);
    try {
      queue.set(key, slotAfter({ cron: s.cron, tz: s.tz }, new Date(floor)).getTime());
    } catch (error) {
      queue.delete(key);
      logger.error(`the schedule of ${s.channel} (${s.cron}, ${s.tz}) has no next slot: ${error}`);
    }
  }

  function forget(key: string): void {
    known.delete(key);
    queue.delete(key);
  }

  async function sync(): Promise<void> {
    const run = ++syncs;
    const all = await store.schedules();
    const inStore = new Set<string>();
    let sliceStart = performance.now();
    const pause = async () => {
      if (performance.now() - sliceStart < sliceMs) return;
      await yieldToLoop();
      sliceStart = performance.now();
    };
    for (const [i, s] of all.entries()) {
      const key = scheduleKey(s);
      inStore.add(key);
      if (readIn.get(key) !== run) {
        const was = known.get(key);
        if (!was || !sameSchedule(was, s)) place(key, s);
      }
      if (i % 16 === 15) await pause();
    }
    let i = 0;
    for (const key of [...known.keys()]) {
      if (!inStore.has(key) && readIn.get(key) !== run) forget(key);
      if (++i % 256 === 0) await pause();
    }
    for (const [key, at] of readIn) if (at <= run) readIn.delete(key);
  }

  async function refresh(team: string, channel: string): Promise<void> {
    const key = scheduleKey({ team, channel });
    readIn.set(key, syncs);
    const s = await store.schedule(team, channel);
    if (s) place(key, s);
    else forget(key);
  }

  return {
    sync,
    refresh,
    takeDue(t) {
      return queue.takeDue(t).flatMap((key) => known.get(key) ?? []);
    },
    defer(s, at) {
      const key = scheduleKey(s);
      if (known.get(key) === s) queue.set(key, at);
    },
    get size() {
      return queue.size;
    },
  };
}
