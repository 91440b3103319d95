/**
 * The scheduler's once-a-minute reads on PostgreSQL (`npm run bench:scale -- tick <seconds> <sizes> postgres`):
 * re-reading every schedule into a built queue with nothing changed (what each instance does to see other
 * instances' changes) and reading each channel's newest prompt (looking for prompts to close), with `n`
 * schedules and one open prompt per channel, filled by INSERT … SELECT in a fresh schema (dropped at the end)
 * of the server at DATABASE_URL.
 */
import { scheduleQueue } from '../../src/jobs/schedule-queue.js';
import type { Logger } from '../../src/slack/logger.js';
import { poolDb } from '../../src/store/postgres/pool.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { DEFAULT_DATABASE_URL } from '../pg-fixture.js';
import { withStall } from './stall.js';

const FILL = (zones: string[]) => `
  INSERT INTO schedules (team, channel, cron, tz, paused, origin, since)
  SELECT 'T1', 'C' || i, (i % 10000 % 60) || ' ' || (i % 10000 / 60 % 24) || ' * * ' || (i % 10000 / 1440 % 7),
    (ARRAY[${zones.map((z) => `'${z}'`).join(',')}])[(i + i / 10000) % ${zones.length} + 1], false, 'command', $1
  FROM generate_series(0, $2::int - 1) AS i;
  INSERT INTO posts (team, channel, ts, prompt_id, posted_at)
  SELECT 'T1', 'C' || i, '1700000000.' || lpad(i::text, 6, '0'), 'p', $1 FROM generate_series(0, $2::int - 1) AS i`;

export interface PgMinute {
  resyncCpu: number;
  resyncMs: number;
  resyncStall: number;
  closingCpu: number;
  closingMs: number;
  closingStall: number;
}

const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

export async function pgMinute(n: number, zones: string[], logger: Logger): Promise<PgMinute> {
  const base = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const schema = `lvm_tick_${process.pid}_${n}`;
  const admin = poolDb(base, { max: 1, log: () => undefined });
  await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openPostgresStore(poolDb(url.toString(), { log: () => undefined }), { log: () => {} });
  try {
    const fill = poolDb(url.toString(), { max: 1, log: () => undefined });
    const [schedules, posts] = FILL(zones).split(';');
    await fill.query(schedules ?? '', [new Date().toISOString(), n]);
    await fill.query(posts ?? '', [new Date().toISOString(), n]);
    await fill.exec('VACUUM ANALYZE');
    await fill.close();
    const queue = scheduleQueue({ store, logger });
    await queue.sync();
    // Once for the CPU and the time, once under the stall detector (which spins).
    const time = async (fn: () => Promise<unknown>) => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      await fn();
      const [used, took] = [cpuMs(cpu), performance.now() - start];
      const { stall } = await withStall(fn);
      return [used, took, Math.max(stall.gapMs, stall.delayMaxMs)] as const;
    };
    const [resyncCpu, resyncMs, resyncStall] = await time(() => queue.sync());
    const [closingCpu, closingMs, closingStall] = await time(() => store.latestPosts('T1'));
    return { resyncCpu, resyncMs, resyncStall, closingCpu, closingMs, closingStall };
  } finally {
    await store.close();
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.close();
  }
}
