/**
 * Benchmark: the real app against a bare Bolt app, both as child processes behind the same local Slack
 * Web API fake, fed correctly signed `reaction_added` / `reaction_removed` events over keep-alive HTTP.
 *
 *   npm run bench                       # builds, then: node --expose-gc --import tsx bench/run.ts
 *   node --expose-gc --import tsx bench/run.ts --sizes 1k,100k,1m --concurrency 1,10,50 \
 *     --seconds 3 --warmup 0.5 --rounds 3 --voters 0
 *   npm run bench -- --store postgres [--instances 2]
 *
 * `--store postgres`: the app keeps its data in PostgreSQL (DATABASE_URL, default the local server's `test`
 * database), in a fresh schema filled by bench/pg-fixture.ts and dropped at the end; the check that every
 * acknowledged event was committed counts the rows of `event_ids` (one per event) instead of journal lines.
 * `--instances N` runs N app processes on that database behind one port (bench/proxy.mjs, round robin by
 * connection), as a deployment behind a load balancer; their CPU and RSS are summed.
 *
 * For each store size the app's snapshot is written directly in the store's snapshot format (see
 * src/store/snapshot.ts) before the app starts, so start-up reads exactly that many stored votes. The app
 * runs from `dist/app.js` (HTTP mode, PORT=0); its start-up time is spawn → "ready on port" line. Events go
 * to the app's own prompt (posted with `/lead-vs-manage now` through the fake), alternating added/removed,
 * every event with its own event_id, so the app really commits each one (durably, before its 200) and the
 * journal's line count proves it. `--voters 0` (default): every add/remove pair is a new person (the
 * app then looks each one up with users.info once, after the ack); `--voters N`: N people take turns.
 * The bare app acks before its no-op listener runs, as Bolt does by default.
 *
 * BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" or "--trace-gc") is handed to both child
 * processes' node; BENCH_LOG_DIR=/some/dir keeps each child's whole output there.
 *
 * Each cell is `--rounds` rounds alternating bare and app, so a burst of others' work on a shared machine
 * hits both sides; events/s is the median round, p50/p99 are over every request of every round. Traffic
 * stays on 127.0.0.1. Markdown tables on stdout (paste into the README), progress on stderr.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  eventBody,
  reactionAdded,
  reactionRemoved,
  sign,
  slashCommandBody,
} from '../test/support/signing.js';
import { type SlackFake, startSlackFake } from '../test/support/slack-fake.js';
import { DEFAULT_DATABASE_URL, fillPostgres } from './pg-fixture.js';
import { RawConnection, rawRequest } from './raw-client.js';
import { EMOJI, parseSize, writeSnapshot } from './snapshot-fixture.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const APP_ENTRY = join(ROOT, 'dist', 'app.js');
const BARE_ENTRY = join(ROOT, 'bench', 'bare-bolt.mjs');
const PROXY_ENTRY = join(ROOT, 'bench', 'proxy.mjs');
const SECRET = '5f2b8c0e9a7d4e1f8b3c6a9d0e2f4a6c';
const BOT_TOKEN = 'xoxb-bench-0000000000-benchbenchbench';
const CHANNEL = 'CBENCH';
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Options

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '0.5' },
    rounds: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '1k,100k,1m' },
    concurrency: { type: 'string', default: '1,10,50' },
    /** 0: every add/remove pair comes from a new person. N: N people take turns (a team that votes a lot). */
    voters: { type: 'string', default: '0' },
    store: { type: 'string', default: 'lowdb' },
    instances: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(opts.seconds);
const WARMUP = Number(opts.warmup);
const ROUNDS = Number(opts.rounds);
const SIZES = (opts.sizes ?? '').split(',').map(parseSize);
const CONCURRENCY = (opts.concurrency ?? '').split(',').map(Number);
const VOTERS = Number(opts.voters);
const STORE = opts.store === 'postgres' ? 'postgres' : 'lowdb';
if (opts.store !== STORE) throw new Error(`--store: lowdb or postgres, not ${opts.store}`);
const INSTANCES = Number(opts.instances);
if (!(INSTANCES >= 1) || (INSTANCES > 1 && STORE !== 'postgres'))
  throw new Error('--instances: 1, or more with --store postgres (instances share the database)');
const DATABASE_URL = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
/** Requests prepared per cell: more than a cell can send at ~20k/s. */
const CAP = Math.ceil((SECONDS + WARMUP) * 20_000);

function sizeLabel(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);
}

const LOAD_AT_START = os.loadavg()[0] ?? 0;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------------------
// Child processes

interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  port: number;
  startupMs: number;
  output: string[];
  /** SIGTERM, wait for the exit; returns how long that took. */
  stop(): Promise<{ ms: number; code: number | null }>;
}

function spawnReady(name: string, entry: string, env: Record<string, string>, cwd: string): Promise<Child> {
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), entry],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  // BENCH_LOG_DIR keeps each child's whole output (e.g. with BENCH_NODE_ARGS=--trace-gc).
  const logDir = process.env.BENCH_LOG_DIR;
  if (logDir) {
    const file = createWriteStream(join(logDir, `${name.replace(/\W+/g, '-')}-${Date.now()}.log`));
    proc.stdout?.pipe(file);
    proc.stderr?.pipe(file);
  }
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${name} not ready within 120 s:\n${output.join('\n')}`));
    }, 120_000);
    let ready = false;
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        output.push(line);
        if (output.length > 200) output.shift();
        const m = /ready on port (\d+)/.exec(line);
        if (m && !ready) {
          ready = true;
          clearTimeout(timer);
          const startupMs = performance.now() - started;
          resolve({
            name,
            proc,
            pid: proc.pid ?? 0,
            port: Number(m[1]),
            startupMs,
            output,
            async stop() {
              const t0 = performance.now();
              proc.kill('SIGTERM');
              const kill = setTimeout(() => proc.kill('SIGKILL'), 60_000);
              const code = await exited;
              clearTimeout(kill);
              return { ms: performance.now() - t0, code };
            },
          });
        }
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    void exited.then((code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before it was ready:\n${output.join('\n')}`));
      }
    });
  });
}

/** What the load is sent to: one process, or app instances behind the proxy (`pids` are the apps'). */
interface Target {
  name: string;
  port: number;
  pids: number[];
}

/** A /proc/<pid>/status field in MB (VmRSS: now, VmHWM: peak). */
function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function lineCount(file: string): number {
  try {
    const data = readFileSync(file);
    let n = 0;
    for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) n++;
    return n;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Load

/** A request's bytes, ready to write on a keep-alive connection. */
type Prepared = Buffer;

/** Signed reaction events on the prompt: 2k is user k adding a vote, 2k+1 the same user taking it back. */
function prepare(cell: string, promptTs: string, count: number): Prepared[] {
  const out: Prepared[] = new Array(count);
  const stamp = Math.floor(Date.now() / 1000);
  const base = stamp - 1;
  for (let i = 0; i < count; i++) {
    const k = i >> 1;
    const o = {
      user:
        VOTERS > 0
          ? `UV${(k % VOTERS).toString(36).toUpperCase().padStart(5, '0')}`
          : `UB${cell}X${k.toString(36).toUpperCase().padStart(5, '0')}`,
      reaction: EMOJI[k % 3] as string,
      channel: CHANNEL,
      ts: promptTs,
      event_ts: `${base + Math.floor(i / 1_000_000)}.${String(i % 1_000_000).padStart(6, '0')}`,
    };
    const text = eventBody(i % 2 === 0 ? reactionAdded(o) : reactionRemoved(o), {
      event_id: `EvB${cell}X${i.toString(36).toUpperCase()}`,
    });
    const body = Buffer.from(text);
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
      ...sign(SECRET, text, stamp),
    };
    out[i] = rawRequest('/slack/events', headers, body);
  }
  return out;
}

interface Phase {
  next: number;
  count: number;
  errors: number;
  ms: number;
  latencies: Float64Array;
}

async function phase(
  connections: RawConnection[],
  reqs: Prepared[],
  from: number,
  ms: number,
): Promise<Phase> {
  let next = from;
  let count = 0;
  let errors = 0;
  const latencies = new Float64Array(reqs.length - from);
  const deadline = performance.now() + ms;
  const worker = async (connection: RawConnection) => {
    while (next < reqs.length && performance.now() < deadline) {
      const r = reqs[next++] as Prepared;
      const t = performance.now();
      let status = 0;
      try {
        status = await connection.send(r);
      } catch {
        status = -1;
      }
      latencies[count++] = performance.now() - t;
      if (status !== 200) errors++;
    }
  };
  const t0 = performance.now();
  await Promise.all(connections.map(worker));
  return { next, count, errors, ms: performance.now() - t0, latencies: latencies.subarray(0, count) };
}

interface Round {
  /** CPU used during the measured phase, as a share of one core: the target process, and this one. */
  cpu: { target: number; generator: number };
  rate: number;
  latencies: Float64Array;
  sent: number;
  errors: number;
}

interface Cell {
  cpu: { target: number; generator: number };
  /** Median of the rounds' rates. */
  rate: number;
  /** Over every request of every round. */
  p50: number;
  p99: number;
  sent: number;
  errors: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function combine(rounds: Round[]): Cell {
  const all = new Float64Array(rounds.reduce((n, r) => n + r.latencies.length, 0));
  let at = 0;
  for (const r of rounds) {
    all.set(r.latencies, at);
    at += r.latencies.length;
  }
  all.sort();
  const mean = (f: (r: Round) => number) => rounds.reduce((sum, r) => sum + f(r), 0) / rounds.length;
  return {
    cpu: { target: mean((r) => r.cpu.target), generator: mean((r) => r.cpu.generator) },
    rate: median(rounds.map((r) => r.rate)),
    p50: quantile(all, 0.5),
    p99: quantile(all, 0.99),
    sent: rounds.reduce((n, r) => n + r.sent, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  };
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** utime + stime of a process, in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The best rate seen per target and concurrency, to size the next round's prepared events. */
const lastRate = new Map<string, number>();

const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
const mbOf = (pids: number[], field: 'VmRSS' | 'VmHWM') =>
  pids.reduce((sum, pid) => sum + procMb(pid, field), 0);

async function runRound(target: Target, cell: string, promptTs: string, concurrency: number): Promise<Round> {
  const { port, pids } = target;
  // Prepare what this target managed last time at this concurrency, with room to spare (signing is not free).
  const last = lastRate.get(`${target.name}/${concurrency}`);
  const count = last === undefined ? CAP : Math.min(CAP, Math.ceil(last * (SECONDS + WARMUP) * 3) + 2000);
  const reqs = prepare(cell, promptTs, count);
  (globalThis as { gc?: () => void }).gc?.();
  const connections = await Promise.all(Array.from({ length: concurrency }, () => RawConnection.open(port)));
  try {
    const warm = await phase(connections, reqs, 0, WARMUP * 1000);
    const targetCpu = cpuOf(pids);
    const ownCpu = process.cpuUsage();
    const run = await phase(connections, reqs, warm.next, SECONDS * 1000);
    const own = process.cpuUsage(ownCpu);
    const cpu = {
      target: (cpuOf(pids) - targetCpu) / run.ms,
      generator: (own.user + own.system) / 1000 / run.ms,
    };
    const rate = run.count / (run.ms / 1000);
    lastRate.set(
      `${target.name}/${concurrency}`,
      Math.max(rate, lastRate.get(`${target.name}/${concurrency}`) ?? 0),
    );
    if (run.next >= reqs.length) log(`warning: ${target.name} c=${concurrency} ran out of prepared events`);
    return {
      cpu,
      rate,
      latencies: Float64Array.from(run.latencies),
      sent: warm.count + run.count,
      errors: warm.errors + run.errors,
    };
  } finally {
    for (const c of connections) c.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Talking to the app like Slack

async function signedPost(port: number, body: string): Promise<number> {
  const connection = await RawConnection.open(port);
  try {
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body),
      ...sign(SECRET, body),
    };
    return await connection.send(rawRequest('/slack/events', headers, Buffer.from(body)));
  } finally {
    connection.close();
  }
}

/** `/lead-vs-manage now` in the bench channel; resolves with the prompt's ts once it is stored. */
async function postPrompt(fake: SlackFake, port: number): Promise<string> {
  fake.reset();
  const status = await signedPost(
    port,
    slashCommandBody({ text: 'now', channel_id: CHANNEL, response_url: fake.responseUrl() }),
  );
  if (status !== 200) throw new Error(`/lead-vs-manage now answered ${status}`);
  const post = await fake.waitFor(
    'chat.postMessage',
    (c) => c.args.channel === CHANNEL && !c.args.thread_ts,
    30_000,
  );
  const ts = (post.response?.body as { ts?: string } | undefined)?.ts;
  if (!ts) throw new Error('the prompt got no ts');
  // The reactions are added after the prompt is committed: once they are there, votes on it count.
  await fake.waitForCalls('reactions.add', 3, 30_000, (c) => c.args.timestamp === ts);
  return ts;
}

// ---------------------------------------------------------------------------------------------------------
// Machine

function machine(): string[] {
  const cpu =
    /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  const tmp = os.tmpdir();
  let fs = '?';
  try {
    let best = '';
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (mount && type && tmp.startsWith(mount) && mount.length > best.length) {
        best = mount;
        fs = `${type} (${mount})`;
      }
    }
  } catch {
    // not Linux
  }
  return [
    `- CPU: ${cpu}, ${os.availableParallelism()} cores (nproc), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM`,
    `- Node ${process.version}, ${os.type()} ${os.release()}`,
    `- store files in ${tmp}: ${fs}`,
    `- load average (1 min) at the start ${LOAD_AT_START.toFixed(2)}, at the end ${os.loadavg()[0]?.toFixed(2)}: others' work on this machine shows up in both columns`,
  ];
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

// ---------------------------------------------------------------------------------------------------------
// The store, pre-filled

interface FilledStore {
  described: string;
  bytes: number;
  /** What the app instance i needs to find it. */
  env(i: number): Record<string, string>;
  /** Events committed so far: journal lines, or rows of event_ids. */
  committed(): Promise<number>;
  drop(): Promise<void>;
}

async function fillStore(dir: string, size: number): Promise<FilledStore> {
  if (STORE === 'lowdb') {
    const dbFile = join(dir, 'db.json');
    const snap = writeSnapshot(dbFile, size);
    return {
      described: `snapshot ${fmt(snap.bytes / MB, 1)} MB, ${snap.posts} posts`,
      bytes: snap.bytes,
      env: () => ({ DB_FILE: dbFile }),
      committed: async () => lineCount(`${dbFile}.journal`),
      drop: async () => {},
    };
  }
  const pg = await fillPostgres(DATABASE_URL, size);
  const bytes = await pg.bytes();
  return {
    described: `PostgreSQL schema ${pg.schema}, ${fmt(bytes / MB, 1)} MB, ${pg.posts} posts`,
    bytes,
    env: () => ({ DATABASE_URL: pg.url }),
    committed: () => pg.eventIds(),
    drop: () => pg.drop(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const t0 = performance.now();
  const fake = await startSlackFake();
  const work = mkdtempSync(join(os.tmpdir(), 'lvm-bench-'));
  const rows: string[] = [];
  const startRows: string[] = [];
  let bare: Child | undefined;
  let apps: Child[] = [];
  let proxy: Child | undefined;
  try {
    bare = await spawnReady(
      'bare Bolt',
      BARE_ENTRY,
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.url,
        BOT_ID: fake.botId,
        BOT_USER_ID: fake.botUserId,
        PORT: '0',
        HOST: '127.0.0.1',
      },
      work,
    );
    log(`bare Bolt ready on port ${bare.port} (pid ${bare.pid})`);

    let cellNo = 0;
    for (const size of SIZES) {
      const dir = mkdtempSync(join(work, `store-${sizeLabel(size)}-`));
      const w0 = performance.now();
      const store = await fillStore(dir, size);
      log(`${sizeLabel(size)}: ${store.described}, written in ${fmt(performance.now() - w0)} ms`);

      const appEnv = (i: number) => ({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.url,
        PORT: '0',
        HOST: '127.0.0.1',
        ...store.env(i),
        // The ready line is logged at info; info adds no per-event lines (warn would hide the ready line).
        LOG_LEVEL: 'info',
      });
      const a0 = performance.now();
      apps = await Promise.all(
        Array.from({ length: INSTANCES }, (_, i) => spawnReady(`app #${i + 1}`, APP_ENTRY, appEnv(i), dir)),
      );
      const startupMs = performance.now() - a0;
      proxy =
        INSTANCES > 1
          ? await spawnReady(
              'proxy',
              PROXY_ENTRY,
              { BACKENDS: apps.map((a) => a.port).join(','), PORT: '0' },
              dir,
            )
          : undefined;
      const app: Target = {
        name: 'app',
        port: proxy?.port ?? (apps[0] as Child).port,
        pids: apps.map((a) => a.pid),
      };
      const rssStart = mbOf(app.pids, 'VmRSS');
      log(
        `${sizeLabel(size)}: ${INSTANCES} app(s) ready in ${fmt(startupMs)} ms on port ${app.port}, RSS ${fmt(rssStart)} MB`,
      );

      const promptTs = await postPrompt(fake, app.port);
      const committedBefore = await store.committed();
      let appSent = 0;
      let rss50 = Number.NaN;
      for (const concurrency of CONCURRENCY) {
        // Rounds alternate bare and app, so a burst of others' work on the machine hits both.
        const bareRounds: Round[] = [];
        const appRounds: Round[] = [];
        const bareTarget: Target = { name: bare.name, port: bare.port, pids: [bare.pid] };
        for (let r = 0; r < ROUNDS; r++) {
          bareRounds.push(await runRound(bareTarget, String(cellNo++), promptTs, concurrency));
          appRounds.push(await runRound(app, String(cellNo++), promptTs, concurrency));
        }
        const b = combine(bareRounds);
        const a = combine(appRounds);
        // Each app round ran right after its bare round: their ratio cancels most of the machine's drift.
        const ratio = median(appRounds.map((r, i) => r.rate / (bareRounds[i] as Round).rate));
        appSent += a.sent;
        const rss = mbOf(app.pids, 'VmRSS');
        if (concurrency === Math.max(...CONCURRENCY)) rss50 = rss;
        const errors = a.errors + b.errors > 0 ? ` (non-200: app ${a.errors}, bare ${b.errors})` : '';
        log(
          `${sizeLabel(size)} c=${concurrency}: app ${fmt(a.rate)}/s p50 ${fmt(a.p50, 1)} p99 ${fmt(a.p99, 1)} ms; ` +
            `bare ${fmt(b.rate)}/s p50 ${fmt(b.p50, 1)} p99 ${fmt(b.p99, 1)} ms; RSS ${fmt(rss)} MB${errors}; ` +
            `CPU (cores) app ${fmt(a.cpu.target, 2)} + generator ${fmt(a.cpu.generator, 2)}, bare ${fmt(b.cpu.target, 2)} + generator ${fmt(b.cpu.generator, 2)}`,
        );
        rows.push(
          `| ${sizeLabel(size)} | ${concurrency} | ${fmt(a.rate)} | ${fmt(a.p50, 1)} | ${fmt(a.p99, 1)} | ${fmt(b.rate)} | ${fmt(b.p50, 1)} | ${fmt(b.p99, 1)} | ${fmt(100 * ratio)} % | ${fmt(rss)} |` +
            (errors ? ` ${errors}` : ''),
        );
      }
      const recorded = (await store.committed()) - committedBefore;
      const peak = mbOf(app.pids, 'VmHWM');
      const stopped = await Promise.all(apps.map((a) => a.stop()));
      apps = [];
      await proxy?.stop();
      proxy = undefined;
      const stopMs = Math.max(...stopped.map((x) => x.ms));
      log(
        `${sizeLabel(size)}: ${recorded} of ${appSent} events committed; stopped (codes ${stopped.map((x) => x.code).join(', ')}) in ${fmt(stopMs)} ms`,
      );
      startRows.push(
        `| ${sizeLabel(size)} | ${fmt(store.bytes / MB, 1)} | ${fmt(startupMs)} | ${fmt(rssStart)} | ${fmt(rss50)} | ${fmt(peak)} | ${fmt(stopMs)} | ${recorded} / ${appSent} |`,
      );
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await proxy?.stop();
    await bare?.stop();
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }

  const out = [
    `### Benchmark: the app (${STORE === 'postgres' ? `PostgreSQL, ${INSTANCES} instance${INSTANCES > 1 ? 's behind one port' : ''}` : 'lowdb'}) vs bare Bolt (${ROUNDS} rounds of ${SECONDS} s per cell, each after ${WARMUP} s warm-up; ${VOTERS > 0 ? `${VOTERS} voters taking turns` : 'a new voter for every add/remove pair'})`,
    '',
    ...machine(),
    '',
    '| stored votes | concurrency | app events/s | app p50 ms | app p99 ms | bare Bolt events/s | bare p50 ms | bare p99 ms | app / bare (median of paired rounds) | app RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `| stored votes | ${STORE === 'postgres' ? 'tables MB' : 'snapshot MB'} | start-up ms | RSS after start MB | RSS after the load MB | peak RSS MB | shutdown ms (final fold) | events committed / events sent |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...startRows,
    '',
    `Whole run: ${fmt((performance.now() - t0) / 1000)} s.`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
