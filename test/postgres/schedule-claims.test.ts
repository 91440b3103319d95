/**
 * Slot claims and schedule writes of two instances on one PostgreSQL server: an instance that starts (and
 * writes PROMPT_CHANNEL's default schedule) while another claims a slot never takes the claim back.
 * Run by `npm run test:postgres`; with no server it fails, it does not skip.
 */
import { describe, expect, it } from 'vitest';
import type { Poster } from '../../src/app/posting.js';
import { applyDefaultSchedule } from '../../src/app/schedules.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { poolDb } from '../../src/store/postgres/pool.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { freshDatabase, SERVER_URL } from '../store/pg-databases.js';
import { quiet } from '../support/quiet-logger.js';

if (!SERVER_URL)
  throw new Error('these tests need a PostgreSQL server: set TEST_DATABASE_URL (npm run test:postgres does)');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An instance as the app opens it: a pool for the store and one for the posting and schedule locks. */
async function instance(schema: string): Promise<PostgresStore> {
  const connect = (max: number) =>
    poolDb(SERVER_URL as string, {
      max,
      log: () => undefined,
      config: { options: `-c search_path=${schema}` },
    });
  return openPostgresStore(connect(4), { log: () => undefined, locks: connect(2) });
}

/** The store as a slow instance sees it: a schedule read takes a while, and its answer is old by then. */
function slowReads(store: PostgresStore): Store {
  return Object.assign(Object.create(store) as PostgresStore, {
    async schedule(team: string, channel: string) {
      const record = await store.schedule(team, channel);
      await sleep(60);
      return record;
    },
  });
}

describe('schedule writes and slot claims of two instances', () => {
  it('a default schedule written while another instance claims a slot keeps the claim', async () => {
    const db = await freshDatabase();
    const [first, second] = [await instance(db.schema), await instance(db.schema)];
    const clock = { now: new Date('2026-11-23T08:00:00.000Z') };
    const posted: string[] = [];
    const post: Poster = async (_team, _channel, opts) => {
      posted.push(opts?.slot ?? '');
      return { ok: true, ts: '1.1', promptId: 'p' };
    };
    const scheduler = startScheduler({
      store: first,
      coordination: first.coordination,
      post,
      logger: quiet,
      catchupMs: 3_600_000,
      closeAfterMs: 6 * 86_400_000,
      close: async () => {},
      teams: () => ['T1'],
      now: () => clock.now,
    });
    await scheduler.stop(); // only the ticks called here

    // Two operators' PROMPT_CRONs for one PROMPT_CHANNEL: every start of the second instance rewrites it.
    const configs = ['* * * * * *', '*/1 * * * * *'].map((promptCron) => ({
      promptChannel: 'C1',
      promptCron,
      promptTz: 'UTC',
    }));
    const starting = { store: slowReads(second), coordination: second.coordination, now: () => clock.now };
    await applyDefaultSchedule(starting, configs[0] as (typeof configs)[0], 'T1');

    let lastClaimed: string | undefined;
    for (let i = 1; i <= 16; i++) {
      clock.now = new Date(clock.now.getTime() + 1000);
      if (i % 2 === 0) await scheduler.tick();
      else {
        // The second instance starts (reads the schedule, writes it back with the other cron) while the
        // first one's scheduler claims the slot that just came.
        const start = applyDefaultSchedule(starting, configs[((i + 1) / 2) % 2] as (typeof configs)[0], 'T1');
        await sleep(5);
        await Promise.all([start, scheduler.tick()]);
      }
      lastClaimed = posted.at(-1) ?? lastClaimed;
      expect((await first.schedule('T1', 'C1'))?.lastSlot).toBe(lastClaimed);
    }
    expect(posted.length).toBeGreaterThanOrEqual(8);
    expect(new Set(posted).size).toBe(posted.length);
    await Promise.all([first.close(), second.close()]);
  });
});
