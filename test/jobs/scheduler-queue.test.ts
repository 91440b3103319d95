/**
 * The scheduler's queue of next slots, as a user sees it: a schedule set, changed or removed here takes effect
 * at the right slot; one written by another instance (straight into the store) is picked up when the
 * scheduler reads every schedule again; DST slots still fire once; and schedules that are not due cost no slot
 * maths. A real file store, a clock moved by hand, a recording poster; node-cron's tick is stopped and each
 * test calls tick() itself.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Poster } from '../../src/app/posting.js';
import { pauseSchedule, removeSchedule, resumeSchedule, setSchedule } from '../../src/app/schedules.js';
import { nextSlot, type ScheduleSpec } from '../../src/domain/schedule/slots.js';
import { DueQueue } from '../../src/jobs/due-queue.js';
import { type SchedulerDeps, startScheduler } from '../../src/jobs/scheduler.js';
import { localCoordination } from '../../src/store/coordination.js';
import { openStore } from '../../src/store/file-store.js';
import type { ScheduleRecord } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { tmpDir } from '../support/app-process.js';
import { quiet } from '../support/quiet-logger.js';

const HOUR = 3_600_000;
let open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

async function setup(start: string, opts: Partial<SchedulerDeps> = {}) {
  const store = await openStore(join(tmpDir(), 'db.json'), { foldEveryMs: 0 });
  open.push(store);
  const clock = { now: new Date(start) };
  const posted: string[] = [];
  const post: Poster = async (_team, channel, o) => {
    posted.push(`${channel}@${o?.slot}`);
    return { ok: true, ts: '1.1', promptId: 'p' };
  };
  const coordination = localCoordination();
  const scheduler = startScheduler({
    store,
    coordination,
    post,
    logger: quiet,
    catchupMs: 6 * HOUR,
    closeAfterMs: 6 * 24 * HOUR,
    close: async () => {},
    teams: () => ['T1'],
    now: () => clock.now,
    ...opts,
  });
  await scheduler.stop(); // only the ticks we call
  // What the app's commands use: they tell the scheduler of each change.
  const app = {
    store,
    coordination,
    now: () => clock.now,
    scheduleChanged: scheduler.changed,
  };
  /** Moves the clock to `iso` and ticks. */
  const tickAt = async (iso: string) => {
    clock.now = new Date(iso);
    await scheduler.tick();
  };
  return { store, posted, scheduler, clock, app, tickAt };
}

const record = (cron: string, tz: string, since: string, extra: Partial<ScheduleRecord> = {}) => ({
  type: 'schedule' as const,
  schedule: {
    team: 'T1',
    channel: 'C1',
    cron,
    tz,
    paused: false,
    origin: 'command' as const,
    since,
    ...extra,
  },
});

// Never reads every schedule again: only `changed` can tell the scheduler.
const NO_RESYNC = { resyncMs: Number.POSITIVE_INFINITY };

describe('the scheduler’s queue of next slots', () => {
  it('When a schedule is set after start, then it posts at its first slot', async () => {
    const { posted, app, tickAt } = await setup('2026-11-22T12:00:00Z', NO_RESYNC); // Sunday
    await tickAt('2026-11-22T12:00:01Z'); // the queue is built, empty
    await setSchedule(app, 'T1', 'C1', { cron: '0 9 * * 1', tz: 'Europe/Berlin' }, 'U1');
    await tickAt('2026-11-23T07:59:59.300Z');
    expect(posted).toEqual([]);
    await tickAt('2026-11-23T08:00:00.300Z'); // Monday 09:00 in Berlin
    expect(posted).toEqual(['C1@2026-11-23T08:00:00.000Z']);
  });

  it('When a schedule is changed, then the new slot posts, sooner than the old one', async () => {
    const { posted, app, tickAt } = await setup('2026-11-22T12:00:00Z', NO_RESYNC); // Sunday
    await setSchedule(app, 'T1', 'C1', { cron: '0 9 * * 1', tz: 'Europe/Berlin' }, 'U1');
    await tickAt('2026-11-22T12:00:01Z');
    await setSchedule(app, 'T1', 'C1', { cron: '0 20 * * 0', tz: 'Europe/Berlin' }, 'U1');
    await tickAt('2026-11-22T19:00:00.300Z'); // Sunday 20:00 in Berlin
    expect(posted).toEqual(['C1@2026-11-22T19:00:00.000Z']);
    await tickAt('2026-11-23T08:00:00.300Z'); // the old slot
    expect(posted).toEqual(['C1@2026-11-22T19:00:00.000Z']);
  });

  it('When a schedule is removed, or paused, then its slot does not post; resumed, the next one does', async () => {
    const { posted, app, tickAt } = await setup('2026-11-22T12:00:00Z', NO_RESYNC);
    await setSchedule(app, 'T1', 'C1', { cron: '0 9 * * 1', tz: 'Europe/Berlin' }, 'U1');
    await setSchedule(app, 'T1', 'C2', { cron: '0 9 * * 1', tz: 'Europe/Berlin' }, 'U1');
    await tickAt('2026-11-22T12:00:01Z');
    expect(await removeSchedule(app, 'T1', 'C1', undefined)).toBe('removed');
    expect((await pauseSchedule(app, 'T1', 'C2')).status).toBe('changed');
    await tickAt('2026-11-23T08:00:00.300Z');
    expect(posted).toEqual([]);
    expect((await resumeSchedule(app, 'T1', 'C2')).status).toBe('changed');
    await tickAt('2026-11-30T08:00:00.300Z');
    expect(posted).toEqual(['C2@2026-11-30T08:00:00.000Z']);
  });

  it('When another instance writes a schedule to the shared store, then it is picked up at the next re-read', async () => {
    const { store, posted, scheduler, tickAt } = await setup('2026-11-22T12:00:00Z', { resyncMs: 60_000 });
    await tickAt('2026-11-22T12:00:00Z'); // the queue is built, empty
    await store.commit([record('0 9 * * 1', 'Europe/Berlin', '2026-11-22T12:00:10Z')]);
    await tickAt('2026-11-22T12:00:30Z'); // within the minute: not read yet
    await tickAt('2026-11-22T12:01:00Z'); // a minute on: every schedule is read again beside the tick
    await scheduler.idle();
    await tickAt('2026-11-23T08:00:00.300Z');
    expect(posted).toEqual(['C1@2026-11-23T08:00:00.000Z']);
  });

  it('When another instance removes a schedule, then its queued slot does not post', async () => {
    const { store, posted, tickAt } = await setup('2026-11-22T12:00:00Z', NO_RESYNC);
    await store.commit([record('0 9 * * 1', 'Europe/Berlin', '2026-11-22T12:00:00Z')]);
    await tickAt('2026-11-22T12:00:01Z');
    await store.commit([{ type: 'unschedule', team: 'T1', channel: 'C1' }]);
    await tickAt('2026-11-23T08:00:00.300Z');
    expect(posted).toEqual([]);
  });

  it('When a daily slot falls in the spring-forward gap, then it posts once, at the end of the gap', async () => {
    const { store, posted, tickAt } = await setup('2026-03-07T07:00:00Z', NO_RESYNC);
    await store.commit([record('30 2 * * *', 'America/New_York', '2026-03-07T07:00:00Z')]);
    for (const t of [
      '2026-03-07T07:30:00.200Z', // 02:30 EST
      '2026-03-08T06:59:59.200Z', // 01:59:59 EST
      '2026-03-08T07:00:00.200Z', // 03:00 EDT: 02:30 did not happen
      '2026-03-08T07:30:00.200Z', // 03:30 EDT
      '2026-03-09T06:30:00.200Z', // 02:30 EDT
    ])
      await tickAt(t);
    expect(posted).toEqual([
      'C1@2026-03-07T07:30:00.000Z',
      'C1@2026-03-08T07:00:00.000Z',
      'C1@2026-03-09T06:30:00.000Z',
    ]);
  });

  it('When a slot’s wall time happens twice at fall-back, then it posts once, at the first', async () => {
    const { store, posted, tickAt } = await setup('2026-10-31T12:00:00Z', NO_RESYNC);
    await store.commit([record('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z')]);
    for (const t of [
      '2026-11-01T05:30:00.200Z', // 01:30 EDT
      '2026-11-01T06:30:00.200Z', // 01:30 EST, the second time
      '2026-11-02T06:30:00.200Z', // 01:30 EST the next day
    ])
      await tickAt(t);
    expect(posted).toEqual(['C1@2026-11-01T05:30:00.000Z', 'C1@2026-11-02T06:30:00.000Z']);
  });

  it('When many schedules are not due, then ticks do no slot maths for them', async () => {
    const calls: string[] = [];
    const counted = (spec: ScheduleSpec, after: Date) => {
      calls.push(spec.cron);
      return nextSlot(spec, after);
    };
    const { store, posted, tickAt } = await setup('2026-11-22T12:00:00Z', {
      ...NO_RESYNC,
      nextSlot: counted,
    });
    const weekly = Array.from({ length: 500 }, (_, i) => {
      const op = record(`${i % 60} 9 * * 1`, 'Europe/Berlin', '2026-11-22T12:00:00Z');
      return { ...op, schedule: { ...op.schedule, channel: `C${i}` } };
    });
    const daily = record('0 13 * * *', 'UTC', '2026-11-22T12:00:00Z');
    await store.commit([...weekly, { ...daily, schedule: { ...daily.schedule, channel: 'CD' } }]);
    await tickAt('2026-11-22T12:00:01Z');
    expect(calls).toHaveLength(501); // each schedule's next slot, once
    for (let s = 2; s < 30; s++) await tickAt(`2026-11-22T12:00:${String(s).padStart(2, '0')}Z`);
    expect(calls).toHaveLength(501);
    await tickAt('2026-11-22T13:00:00.300Z');
    expect(posted).toEqual(['CD@2026-11-22T13:00:00.000Z']);
    expect(calls.slice(501)).toEqual(['0 13 * * *']); // only the one that fired: its next slot
  });
});

describe('DueQueue', () => {
  it('takes the keys due, earliest first, as a sorted list would', () => {
    const op = fc.oneof(
      fc.record({ set: fc.integer({ min: 0, max: 20 }), due: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ del: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ take: fc.integer({ min: 0, max: 100 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new DueQueue();
        const model = new Map<string, number>();
        for (const o of ops) {
          if ('set' in o) {
            q.set(`k${o.set}`, o.due);
            model.set(`k${o.set}`, o.due);
          } else if ('del' in o) {
            q.delete(`k${o.del}`);
            model.delete(`k${o.del}`);
          } else {
            const dues = q.takeDue(o.take).map((k) => model.get(k) as number);
            const expected = [...model].filter(([, d]) => d <= o.take);
            expect(dues).toEqual(expected.map(([, d]) => d).sort((a, b) => a - b));
            for (const [k] of expected) model.delete(k);
          }
          expect(q.size).toBe(model.size);
        }
      }),
    );
  });
});
