/**
 * A scale check run by hand (not part of the test suite):
 *
 *   npx tsx test/store/scale-check.ts [posts=2000] [usersPerPost=500]
 *
 * Fills posts × users votes through commits in large batches, compacts, then reopens the store in a fresh
 * process and prints the reopen time, snapshot size and that process's RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOTE_OPTIONS } from '../../src/domain/options.js';
import { openStore } from '../../src/store/file-store.js';
import type { Op } from '../../src/store/schema.js';

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

async function reopen(file: string): Promise<void> {
  const t0 = performance.now();
  const store = await openStore(file, { foldEveryMs: 0 });
  const ms = performance.now() - t0;
  const afterOpen = process.memoryUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const afterGc = process.memoryUsage();
  const channel = 'C00000000';
  const posts = await store.posts('T00000001', channel);
  const t1 = performance.now();
  let votes = 0;
  for (const p of posts) votes += (await store.votes(p.team, p.channel, p.ts)).length;
  const readMs = performance.now() - t1;
  console.log(
    JSON.stringify({
      reopenMs: Math.round(ms),
      rssAfterOpen: mb(afterOpen.rss),
      rssAfterGc: mb(afterGc.rss),
      heapUsedAfterGc: mb(afterGc.heapUsed),
      posts: posts.length,
      votes,
      readAllVotesMs: Math.round(readMs),
    }),
  );
  await store.close();
}

async function fill(postCount: number, users: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lvm-scale-'));
  const file = join(dir, 'db.json');
  const team = 'T00000001';
  const channel = 'C00000000';
  const store = await openStore(file, { foldEveryMs: 0 });
  const t0 = performance.now();
  const postTs = (p: number) => `${1_700_000_000 + p * 604_800}.000100`;
  await store.commit(
    Array.from(
      { length: postCount },
      (_, p): Op => ({
        type: 'post',
        post: {
          team,
          channel,
          ts: postTs(p),
          promptId: `prompt-${p % 100}`,
          postedAt: new Date().toISOString(),
        },
      }),
    ),
  );
  const batch = 5_000;
  const total = postCount * users;
  const inFlight: Promise<boolean>[] = [];
  for (let start = 0; start < total; start += batch) {
    const ops: Op[] = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const p = Math.floor(i / users);
      const u = i % users;
      const emoji = VOTE_OPTIONS[u % 3]?.emoji ?? 'compass';
      ops.push({
        type: 'vote',
        team,
        channel,
        ts: postTs(p),
        vote: {
          user: `U0${String(u).padStart(9, '0')}`,
          emoji,
          on: true,
          eventTs: `${1_700_000_100 + p * 604_800}.${String(u).padStart(6, '0')}`,
        },
      });
    }
    inFlight.push(store.commit(ops, { eventId: `fill-${start}` }));
    if (inFlight.length >= 8) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  const fillMs = performance.now() - t0;
  const s = store.stats();
  const journalBytes = s.journalBytes;
  const t1 = performance.now();
  await store.compact();
  const compactMs = performance.now() - t1;
  const rssFilled = process.memoryUsage().rss;
  await store.close();
  console.log(
    JSON.stringify({
      votes: total,
      fillMs: Math.round(fillMs),
      journalWrites: s.journalWrites,
      foldsDuringFill: s.folds,
      journalBeforeCompact: mb(journalBytes),
      compactMs: Math.round(compactMs),
      snapshot: mb(statSync(file).size),
      rssOfFillingProcess: mb(rssFilled),
    }),
  );
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), 'reopen', file],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) process.exitCode = 1;
  rmSync(dir, { recursive: true, force: true });
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'reopen' && args[0]) {
  await reopen(args[0]);
} else {
  await fill(Number(mode ?? 2000), Number(args[0] ?? 500));
}
