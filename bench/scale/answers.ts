/**
 * `npm run bench:scale -- answers`: the file store with many answers (issue 14, target 4). For each size
 * (prompts with 20 votes and 10 answers of 200 characters each, over 20 channels) it writes the store as
 * the app before segments did (bench/snapshot-fixture.ts), opens and closes it once (a store in an older
 * layout is migrated then), and then, in a fresh process: opens it (start-up, RSS after start), measures
 * commit latency under a steady load without and during folds (with the fold's duration, RSS increase
 * and longest event-loop stall), and how long an edited and a deleted answer's old text stays in any
 * file of the store.
 *
 *   npm run bench:scale -- answers                  # 100k and 1m answers
 *   npm run bench:scale -- answers --sizes 100k     # one size
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type FileStore, openStore } from '../../src/store/file-store.js';
import type { Op } from '../../src/store/schema.js';
import { answerText, answerTs, parseSize, postKey, writeSnapshot } from '../snapshot-fixture.js';
import { percentile, table, withStall } from './stall.js';

const VOTES_PER_POST = 20;
const ANSWERS_PER_POST = 10;
const CHARS = 200;
const MB = 1024 * 1024;
/** Commits in flight at once during the latency runs (each writer commits, awaits, commits again). */
const WRITERS = 4;
/** How long commit latency is sampled without a fold. */
const BASELINE_MS = 3_000;

interface Result {
  answers: number;
  snapshotMb: number;
  migrateMs: number;
  openMs: number;
  /** CPU time of the start-up (all the process's threads): less disturbed by a busy machine than the wall clock. */
  openCpuMs: number;
  rssMb: number;
  folds: number;
  foldMs: number;
  foldRssMb: number;
  stallMs: number;
  /** A second detector's longest gap, and the CPU time the process (all its threads) used in it. */
  gapMs: number;
  gapCpuMs: number;
  commitP50: number;
  commitP99: number;
  foldP50: number;
  foldP99: number;
  editGoneMs: number;
  deleteGoneMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const rss = () => process.memoryUsage.rss() / MB;

/** Several writers committing votes on the newest prompts until `until()` says stop; each commit's latency. */
async function commitLoad(store: FileStore, posts: number, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  let n = 0;
  const writer = async (w: number) => {
    while (!until()) {
      const p = posts - 1 - ((n + w) % 20);
      const i = n++;
      const op: Op = {
        type: 'vote',
        team: 'T1',
        ...postKey(p),
        vote: {
          user: `ULOAD${w}x${i}`,
          emoji: 'compass',
          on: true,
          eventTs: `1700000000.${String(i).padStart(6, '0')}`,
        },
      };
      const t0 = performance.now();
      await store.commit([op]);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  return latencies;
}

/**
 * The longest gap between two turns of a setImmediate loop, with the CPU time the process used in it: on a
 * shared machine a gap whose CPU time is much smaller was the process waiting for a core, not its own work.
 */
function cpuGaps(): { stop(): { gapMs: number; cpuMs: number } } {
  let worst = { gapMs: 0, cpuMs: 0 };
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let running = true;
  const turn = () => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    if (now - last > worst.gapMs) {
      const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
      worst = { gapMs: now - last, cpuMs };
    }
    last = now;
    lastCpu = cpu;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  return {
    stop() {
      running = false;
      return worst;
    },
  };
}

/** Milliseconds until no file of the store holds `text` (checked over and over, every file read whole). */
async function goneFromDisk(dir: string, text: string, started: number): Promise<number> {
  const needle = Buffer.from(text);
  for (;;) {
    let found = false;
    for (const name of readdirSync(dir)) {
      const bytes = await readFile(join(dir, name)).catch(() => Buffer.alloc(0));
      if (bytes.includes(needle)) {
        found = true;
        break;
      }
    }
    if (!found) return performance.now() - started;
    if (performance.now() - started > 120_000) return Number.POSITIVE_INFINITY;
  }
}

async function measure(dir: string, answers: number, migrateMs: number, snapshotMb: number): Promise<Result> {
  const posts = answers / ANSWERS_PER_POST;
  const file = join(dir, 'db.json');
  gc?.();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const store = await openStore(file, { foldEveryMs: 0, foldBytes: Number.MAX_SAFE_INTEGER });
  const openMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const openCpuMs = (cpu.user + cpu.system) / 1000;
  gc?.();
  const rssMb = rss();

  const baseEnd = performance.now() + BASELINE_MS;
  const baseline = await commitLoad(store, posts, () => performance.now() > baseEnd);

  // Folds back to back (each after the load's latest votes) while the load runs, for at least as long.
  let folding = true;
  const during: number[] = [];
  const foldTimes: number[] = [];
  let rssPeak = rss();
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rss());
  }, 5);
  const rssBefore = rss();
  const gaps = cpuGaps();
  const { stall } = await withStall(async () => {
    const load = commitLoad(store, posts, () => !folding);
    const foldEnd = performance.now() + BASELINE_MS;
    while (foldTimes.length < 2 || performance.now() < foldEnd) {
      await store.commit([{ type: 'unschedule', team: 'T1', channel: `CFOLD${foldTimes.length}` }]);
      const f0 = performance.now();
      await store.compact();
      foldTimes.push(performance.now() - f0);
    }
    folding = false;
    during.push(...(await load));
  });
  clearInterval(sampler);
  const gap = gaps.stop();

  // An edit and a deletion in the oldest prompt: how long until its old text is in no file.
  const { channel, ts } = postKey(0);
  const edited = answerText(0, 1, CHARS);
  const e0 = performance.now();
  await store.commit([
    {
      type: 'answer',
      team: 'T1',
      channel,
      threadTs: ts,
      answer: {
        user: 'U00000001',
        ts: answerTs(0, 1),
        text: 'taken back',
        editedAt: '2026-01-01T00:00:00.000Z',
      },
    },
  ]);
  const editGoneMs = await goneFromDisk(dir, edited, e0);
  const deleted = answerText(0, 2, CHARS);
  const d0 = performance.now();
  await store.commit([{ type: 'unanswer', team: 'T1', channel, ts: answerTs(0, 2) }]);
  const deleteGoneMs = await goneFromDisk(dir, deleted, d0);
  await store.close();

  return {
    answers,
    snapshotMb,
    migrateMs,
    openMs,
    openCpuMs,
    rssMb,
    folds: foldTimes.length,
    foldMs: percentile(foldTimes, 50),
    foldRssMb: rssPeak - rssBefore,
    stallMs: Math.max(stall.gapMs, stall.delayMaxMs),
    gapMs: gap.gapMs,
    gapCpuMs: gap.cpuMs,
    commitP50: percentile(baseline, 50),
    commitP99: percentile(baseline, 99),
    foldP50: percentile(during, 50),
    foldP99: percentile(during, 99),
    editGoneMs,
    deleteGoneMs,
  };
}

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100k,1m' },
    child: { type: 'string' },
    dir: { type: 'string' },
    migrate: { type: 'string' },
    snapshot: { type: 'string' },
  },
});

if (values.child === 'migrate') {
  // Opens the store once and closes it (a store in an older layout is migrated on the way).
  const t0 = performance.now();
  const store = await openStore(join(values.dir ?? '', 'db.json'), { foldEveryMs: 0 });
  await store.close();
  console.log(JSON.stringify({ migrateMs: performance.now() - t0 }));
} else if (values.child === 'measure') {
  const result = await measure(
    values.dir ?? '',
    Number(values.sizes),
    Number(values.migrate),
    Number(values.snapshot),
  );
  console.log(JSON.stringify(result));
} else {
  const results: Result[] = [];
  for (const size of (values.sizes ?? '').split(',')) {
    const answers = parseSize(size);
    const dir = mkdtempSync(join(os.tmpdir(), 'lvm-answers-'));
    try {
      const posts = answers / ANSWERS_PER_POST;
      const snap = writeSnapshot(join(dir, 'db.json'), posts * VOTES_PER_POST, {
        perPost: VOTES_PER_POST,
        answersPerPost: ANSWERS_PER_POST,
        answerChars: CHARS,
      });
      const child = (args: string[]) => {
        const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...args], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 16 * MB,
        });
        if (run.status !== 0) throw new Error(`bench child failed (${run.status}): ${run.stdout}`);
        return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
      };
      const { migrateMs } = child(['--child', 'migrate', '--dir', dir]);
      results.push(
        child([
          '--child',
          'measure',
          '--dir',
          dir,
          '--sizes',
          String(answers),
          '--migrate',
          String(migrateMs),
          '--snapshot',
          String(snap.bytes / MB),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms` : 'never');
  const s = (n: number) => `${(n / 1000).toFixed(2)} s`;
  const row = (what: string, target: string, cell: (r: Result) => string) => [
    what,
    ...results.map(cell),
    target,
  ];
  console.log(
    `\nStart-up, RSS, fold and commit latency vs answers (${ANSWERS_PER_POST} answers of ${CHARS} characters and ` +
      `${VOTES_PER_POST} votes per prompt; ${WRITERS} writers committing votes; node ${process.version})\n`,
  );
  console.log(
    table(
      ['', ...results.map((r) => `${r.answers.toLocaleString('en')} answers`), 'target'],
      [
        row('snapshot written by the app before (main)', '', (r) => `${r.snapshotMb.toFixed(0)} MB`),
        row('first open and close (migration)', '', (r) => s(r.migrateMs)),
        row('start-up (open the store)', '< 3 s at 1M', (r) => `${s(r.openMs)} (CPU ${s(r.openCpuMs)})`),
        row('RSS after start', '< 500 MB at 1M', (r) => `${r.rssMb.toFixed(0)} MB`),
        row('fold duration (median)', '', (r) => `${ms(r.foldMs)} (${r.folds} folds)`),
        row("fold's RSS increase", '≤ 100 MB', (r) => `${r.foldRssMb.toFixed(0)} MB`),
        row('longest stall during folds', '< 50 ms at 100k', (r) => ms(r.stallMs)),
        row(
          'longest gap seen by a second detector, and the CPU time the process used in it',
          '',
          (r) => `${ms(r.gapMs)}, ${ms(r.gapCpuMs)} CPU`,
        ),
        row('commit p50 / p99 without a fold', '', (r) => `${ms(r.commitP50)} / ${ms(r.commitP99)}`),
        row(
          'commit p50 / p99 during folds (p99 ratio)',
          '≤ 2×',
          (r) => `${ms(r.foldP50)} / ${ms(r.foldP99)} (${(r.foldP99 / r.commitP99).toFixed(1)}×)`,
        ),
        row("edited answer's old text gone from every file", '< 5 s', (r) => ms(r.editGoneMs)),
        row("deleted answer's text gone from every file", '< 5 s', (r) => ms(r.deleteGoneMs)),
      ],
    ),
  );
}
