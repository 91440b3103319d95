/**
 * `npm run bench:scale -- tick [seconds] [sizes] [postgres]`: the scheduler's one-second tick as schedules
 * grow (issue 14). For 1k, 10k and 100k schedules (weekly crons, 10,000 distinct, in 400 time zones, each
 * channel with one open prompt) in a file store, the real scheduler ticks once a second for `seconds`
 * (default 10) twice: once to time the ticks and the process's CPU, starting 3 s before a minute so that the
 * slots of that minute come due (about one schedule in 10,000 each minute), and once under the stall
 * detector (which spins, so it is kept apart from the CPU reading). The first tick builds the queue of next
 * slots; it is timed on its own. The work done once a minute, re-reading every schedule (other instances'
 * changes) and looking for prompts to close, is timed on its own and added to the idle CPU at its rate;
 * with `postgres`, also on PostgreSQL (tick-postgres.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { overdue } from '../../src/app/closing.js';
import type { Poster } from '../../src/app/posting.js';
import { scheduleQueue } from '../../src/jobs/schedule-queue.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import type { Logger } from '../../src/slack/logger.js';
import { localCoordination } from '../../src/store/coordination.js';
import { openStore } from '../../src/store/file-store.js';
import type { Op } from '../../src/store/schema.js';
import { parseSize } from '../snapshot-fixture.js';
import { percentile, table, withStall } from './stall.js';
import { type PgMinute, pgMinute } from './tick-postgres.js';

const SECONDS = Number(process.argv[2] ?? 10);
const SIZES = (process.argv[3] ?? '1k,10k,100k').split(',').map(parseSize);
const PG = process.argv[4] === 'postgres';
const ZONES = Intl.supportedValuesOf('timeZone').slice(0, 400);
const CRONS = 10_000;
const MINUTE = 60_000;
const TEAM = 'T1';

const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error: (...args: unknown[]) => console.error(...args),
  setLevel() {},
  getLevel: () => 'info' as never,
  setName() {},
};

/** Cron i of 10,000: a minute, an hour and a weekday, all different. */
const cronOf = (i: number) => `${i % 60} ${Math.floor(i / 60) % 24} * * ${Math.floor(i / 1440) % 7}`;

/** Zone of schedule i: schedules with the same cron get different zones, so slots spread over the minutes. */
const zoneOf = (i: number) => ZONES[(i + Math.floor(i / CRONS)) % ZONES.length] as string;

async function fill(file: string, n: number, now: Date) {
  const store = await openStore(file, { foldEveryMs: 0, log: () => {} });
  const since = now.toISOString();
  for (let from = 0; from < n; from += 5_000) {
    const ops: Op[] = [];
    for (let i = from; i < Math.min(n, from + 5_000); i++) {
      const channel = `C${i}`;
      const tz = zoneOf(i);
      ops.push({
        type: 'schedule',
        schedule: {
          team: TEAM,
          channel,
          cron: cronOf(i % CRONS),
          tz,
          paused: false,
          origin: 'command',
          since,
        },
      });
      ops.push({
        type: 'post',
        post: {
          team: TEAM,
          channel,
          ts: `1700000000.${String(i).padStart(6, '0')}`,
          promptId: 'p',
          postedAt: since,
        },
      });
    }
    await store.commit(ops);
  }
  await store.compact(); // the fill's journal folded now, not in the timed ticks
  return store;
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

/** Calls tick() at each whole second for `seconds`, as node-cron does; each tick's duration, ms. */
async function tickFor(tick: () => Promise<void>, seconds: number): Promise<number[]> {
  const took: number[] = [];
  let next = Math.ceil(performance.now() / 1000) * 1000;
  for (let i = 0; i < seconds; i++) {
    await sleepUntil(next);
    const start = performance.now();
    await tick();
    took.push(performance.now() - start);
    next = Math.max(next + 1000, Math.ceil(performance.now() / 1000) * 1000);
  }
  return took;
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

async function measure(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lvm-tick-'));
  const now = new Date();
  const store = await fill(join(dir, 'db.json'), n, now);
  let posted = 0;
  const post: Poster = async () => {
    posted++;
    return { ok: true, ts: '1.1', promptId: 'p' };
  };
  const scheduler = startScheduler({
    store,
    coordination: localCoordination(),
    post,
    logger: quiet,
    catchupMs: 6 * 60 * MINUTE,
    closeAfterMs: 6 * 24 * 60 * MINUTE,
    close: async () => {},
    teams: () => [TEAM],
    // Timed on its own below, and added at its rate.
    resyncMs: Number.POSITIVE_INFINITY,
  });
  await scheduler.stop(); // the bench calls tick() itself, to time it
  global.gc?.();

  const buildCpu = process.cpuUsage();
  const build = await withStall(async () => {
    const start = performance.now();
    await scheduler.tick();
    return performance.now() - start;
  });
  const buildCpuMs = cpuMs(buildCpu);
  // The ticks timed start a few seconds before a minute, so that the slots of that minute come due in them;
  // until then it ticks untimed, then collects the garbage of the build.
  const toMinute = MINUTE - (Date.now() % MINUTE);
  await tickFor(() => scheduler.tick(), Math.floor(((toMinute + MINUTE - 3_000) % MINUTE) / 1000));
  global.gc?.();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const ticks = await tickFor(() => scheduler.tick(), SECONDS);
  const tickCpu = cpuMs(cpu) / (performance.now() - wall);
  const stalled = await withStall(() => tickFor(() => scheduler.tick(), SECONDS));

  // Once a minute: re-reading every schedule (a fresh queue built once, then synced with nothing changed)
  // and looking for prompts to close; each run once for its CPU, once under the stall detector (it spins).
  const queue = scheduleQueue({ store, logger: quiet });
  await queue.sync();
  const once = async (fn: () => Promise<unknown>) => {
    const c = process.cpuUsage();
    await fn();
    const used = cpuMs(c);
    return [used, (await withStall(fn)).stall] as const;
  };
  const [resyncCpu, resyncStall] = await once(() => queue.sync());
  const [closingCpu, closingStall] = await once(() => overdue(store, TEAM, 6 * 24 * 60 * MINUTE, new Date()));
  const pg = PG ? await pgMinute(n, ZONES, quiet) : undefined;

  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const stall = (s: { gapMs: number; delayMaxMs: number }) => Math.max(s.gapMs, s.delayMaxMs);
  return {
    n,
    p50: percentile(ticks, 50),
    p99: percentile(ticks, 99),
    stall: stall(stalled.stall),
    idle: 100 * tickCpu,
    idleWithMinute: 100 * (tickCpu + (resyncCpu + closingCpu) / MINUTE),
    build: build.result,
    buildCpuMs,
    buildStall: stall(build.stall),
    resyncCpu,
    resyncStall: stall(resyncStall),
    closingCpu,
    closingStall: stall(closingStall),
    pg,
    posted,
  };
}

// What the machine itself does to an idle process's event loop, for comparison with the stalls below.
const bare = await withStall(() => new Promise((resolve) => setTimeout(resolve, SECONDS * 1000)));
const rows: (string | number)[][] = [];
const pgRows: (string | number)[][] = [];
const pgCell = (cpu: number, took: number, stalled: number) =>
  `${ms(cpu)} CPU, ${ms(took)} in all (stall ${ms(stalled)})`;
for (const n of SIZES) {
  const r = await measure(n);
  const pg: PgMinute | undefined = r.pg;
  if (pg)
    pgRows.push([
      `${n / 1000}k`,
      pgCell(pg.resyncCpu, pg.resyncMs, pg.resyncStall),
      pgCell(pg.closingCpu, pg.closingMs, pg.closingStall),
      (100 * ((pg.resyncCpu + pg.closingCpu) / MINUTE)).toFixed(2),
    ]);
  rows.push([
    `${n / 1000}k`,
    `${ms(r.p50)} / ${ms(r.p99)}`,
    ms(r.stall),
    `${r.idle.toFixed(2)} / ${r.idleWithMinute.toFixed(2)}`,
    `${ms(r.build)} (CPU ${ms(r.buildCpuMs)}, stall ${ms(r.buildStall)})`,
    `${ms(r.resyncCpu)} (stall ${ms(r.resyncStall)})`,
    `${ms(r.closingCpu)} (stall ${ms(r.closingStall)})`,
    r.posted,
  ]);
  global.gc?.();
}

console.log(
  `\n### tick vs schedules (${ZONES.length} time zones, up to ${CRONS.toLocaleString('en')} distinct crons, ` +
    `${SECONDS} s of ticks; Node ${process.versions.node})\n`,
);
console.log(
  table(
    [
      'schedules',
      'tick p50 / p99, ms',
      'longest stall, ms',
      'idle CPU, % of a core (ticks / with the once-a-minute work)',
      'queue build at start, ms',
      'schedules re-read (once a minute), CPU ms',
      'prompts-to-close scan (once a minute), CPU ms',
      'slots posted',
    ],
    [...rows, ['target', 'p99 < 5', '< 50', '< 1', '—', 'stall < 50', '—', '—']],
  ),
);
console.log(
  `\nAn idle process with no scheduler stalls up to ${ms(Math.max(bare.stall.gapMs, bare.stall.delayMaxMs))} ms ` +
    `here over ${SECONDS} s (load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores).`,
);
if (pgRows.length > 0) {
  console.log('\n### the once-a-minute reads on PostgreSQL (ms)\n');
  console.log(
    table(
      ['schedules', 'schedules re-read', "each channel's newest prompt", 'CPU, % of a core'],
      [...pgRows, ['target', 'stall < 50', '—', '< 1 with the ticks']],
    ),
  );
}
