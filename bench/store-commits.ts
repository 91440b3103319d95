/**
 * Commits per second of a store alone (no HTTP, no Slack): single-vote commits, each with its own event id,
 * as the app makes for every reaction event, `--concurrency` at a time, for `--seconds`.
 *
 *   node --import tsx bench/store-commits.ts --store postgres --concurrency 1,10,50 --seconds 5
 *   node --import tsx bench/store-commits.ts --store lowdb
 *   … --read: each commit first reads the prompt, as the reaction listener does
 *
 * postgres: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema dropped at
 * the end; `--pool` connections (default 10, the app's); BENCH_PG_OPTIONS adds server settings for the
 * connections (e.g. "-c synchronous_commit=off", to see what the WAL flush costs). lowdb: a temporary DB_FILE.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/file-store.js';
import { poolDb } from '../src/store/postgres/pool.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import type { Store } from '../src/store/store.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'postgres' },
    concurrency: { type: 'string', default: '1,10,50' },
    seconds: { type: 'string', default: '5' },
    pool: { type: 'string', default: '10' },
    /** Read the prompt before each commit, as the reaction listener does. */
    read: { type: 'boolean', default: false },
  },
});
const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const seconds = Number(values.seconds);

async function openTarget(): Promise<{ store: Store; cleanup(): Promise<void> }> {
  if (values.store === 'lowdb') {
    const dir = mkdtempSync(join(tmpdir(), 'lvm-bench-'));
    const store = await openStore(join(dir, 'db.json'), { foldEveryMs: 0, log: () => undefined });
    return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `lvm_bench_${process.pid}`;
  const admin = poolDb(url, { max: 1 });
  await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const db = poolDb(url, {
    max: Number(values.pool),
    config: { options: `-c search_path=${schema} ${process.env.BENCH_PG_OPTIONS ?? ''}` },
  });
  const store = await openPostgresStore(db, { log: () => undefined });
  return {
    store,
    cleanup: async () => {
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

const { store, cleanup } = await openTarget();
const [team, channel, ts] = ['T0001', 'C0001', '1764070000.000100'];
await store.commit([
  { type: 'post', post: { team, channel, ts, promptId: 'p', postedAt: new Date().toISOString() } },
]);
let n = 0;
console.log(`| store | concurrency | commits/s | p50 ms | p99 ms |\n| --- | --- | --- | --- | --- |`);
for (const concurrency of values.concurrency.split(',').map(Number)) {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const i = n++;
      const start = performance.now();
      if (values.read && !(await store.post(team, channel, ts))) throw new Error('the prompt is gone');
      await store.commit(
        [
          {
            type: 'vote',
            team,
            channel,
            ts,
            vote: {
              user: `U${i % 5000}`,
              emoji: 'compass',
              on: i % 2 === 0,
              eventTs: `1764070001.${String(i).padStart(6, '0')}`,
            },
          },
        ],
        { eventId: `Ev${i}` },
      );
      latencies.push(performance.now() - start);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
  console.log(
    `| ${values.store} | ${concurrency} | ${Math.round(latencies.length / elapsed)} | ${at(0.5)} | ${at(0.99)} |`,
  );
}
if ('stats' in store && typeof store.stats === 'function')
  console.error('store stats:', JSON.stringify(store.stats()));
await store.close();
await cleanup();
