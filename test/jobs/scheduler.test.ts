/**
 * The scheduler against a real file store, with a clock we move by hand and a recording poster.
 * node-cron's own one-second tick is stopped right away: each test calls tick() itself.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Poster } from '../../src/app/posting.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { localCoordination } from '../../src/store/coordination.js';
import { openStore } from '../../src/store/file-store.js';
import type { Store } from '../../src/store/store.js';
import { tmpDir } from '../support/app-process.js';
import { quiet } from '../support/quiet-logger.js';

const HOUR = 3_600_000;
let open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

async function setup(dir = tmpDir(), clock = { now: new Date('2026-11-23T08:00:00Z') }) {
  const store = await openStore(join(dir, 'db.json'), { foldEveryMs: 0 });
  open.push(store);
  const posted: string[] = [];
  const post: Poster = async (_team, channel, opts) => {
    posted.push(`${channel}@${opts?.slot}`);
    await new Promise((r) => setTimeout(r, 20)); // a post takes a moment, so ticks can overlap
    return { ok: true, ts: '1.1', promptId: 'p' };
  };
  const scheduler = startScheduler({
    store,
    coordination: localCoordination(),
    post,
    logger: quiet,
    catchupMs: 6 * HOUR,
    closeAfterMs: 6 * 24 * HOUR,
    close: async () => {},
    teams: () => ['T1'],
    now: () => clock.now,
  });
  await scheduler.stop(); // only the ticks we call
  return { store, posted, scheduler, clock, dir };
}

const weekly = (since: string) => ({
  type: 'schedule' as const,
  schedule: {
    team: 'T1',
    channel: 'C1',
    cron: '0 9 * * 1',
    tz: 'Europe/Berlin',
    paused: false,
    origin: 'command' as const,
    since,
  },
});

describe('scheduler', () => {
  it('posts a slot once, even when ticks overlap', async () => {
    const { store, posted, scheduler, clock } = await setup();
    await store.commit([weekly('2026-11-20T00:00:00Z')]);
    clock.now = new Date('2026-11-23T08:00:00.300Z'); // Monday 09:00:00.3 in Berlin
    await Promise.all([scheduler.tick(), scheduler.tick(), scheduler.tick()]);
    await scheduler.tick();
    expect(posted).toEqual(['C1@2026-11-23T08:00:00.000Z']);
    expect((await store.schedule('T1', 'C1'))?.lastSlot).toBe('2026-11-23T08:00:00.000Z');
  });

  it('never posts a claimed slot again after a restart', async () => {
    const first = await setup();
    await first.store.commit([weekly('2026-11-20T00:00:00Z')]);
    await first.scheduler.tick();
    await first.store.close();
    const again = await setup(first.dir, { now: new Date('2026-11-23T08:30:00Z') });
    await again.scheduler.tick();
    expect([...first.posted, ...again.posted]).toEqual(['C1@2026-11-23T08:00:00.000Z']);
  });

  it('catches up a slot missed while down if younger than PROMPT_CATCHUP, once', async () => {
    const { store, posted, scheduler, clock } = await setup();
    await store.commit([weekly('2026-11-20T00:00:00Z')]);
    clock.now = new Date('2026-11-23T13:00:00Z'); // 5 h late
    await scheduler.tick();
    await scheduler.tick();
    expect(posted).toEqual(['C1@2026-11-23T08:00:00.000Z']);
  });

  it('skips (and records) a slot older than PROMPT_CATCHUP, then posts the next one', async () => {
    const { store, posted, scheduler, clock } = await setup();
    await store.commit([weekly('2026-11-20T00:00:00Z')]);
    clock.now = new Date('2026-11-23T15:00:00Z'); // 7 h late
    await scheduler.tick();
    expect(posted).toEqual([]);
    expect((await store.schedule('T1', 'C1'))?.lastSlot).toBe('2026-11-23T08:00:00.000Z');
    clock.now = new Date('2026-11-30T08:00:01Z');
    await scheduler.tick();
    expect(posted).toEqual(['C1@2026-11-30T08:00:00.000Z']);
  });

  it('does not post while paused', async () => {
    const { store, posted, scheduler } = await setup();
    await store.commit([
      weekly('2026-11-20T00:00:00Z'),
      { type: 'pause', team: 'T1', channel: 'C1', paused: true },
    ]);
    await scheduler.tick();
    expect(posted).toEqual([]);
  });

  it('posts on the spring-forward day at the first minute after the gap', async () => {
    const { store, posted, scheduler, clock } = await setup(undefined, {
      now: new Date('2026-03-08T06:00:00Z'),
    });
    await store.commit([
      {
        type: 'schedule',
        schedule: {
          team: 'T1',
          channel: 'C1',
          cron: '30 2 * * 0',
          tz: 'America/New_York',
          paused: false,
          origin: 'command',
          since: '2026-03-01T12:00:00Z',
        },
      },
    ]);
    clock.now = new Date('2026-03-08T07:00:00.200Z'); // 03:00 EDT: 02:30 did not exist
    await scheduler.tick();
    expect(posted).toEqual(['C1@2026-03-08T07:00:00.000Z']);
  });
});
