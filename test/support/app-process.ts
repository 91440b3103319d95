/**
 * Runs the real app (`node dist/app.js`, or a `.ts` entry with tsx) as a child process with a clean environment
 * (only PATH and HOME from the parent, plus what the test passes: no SLACK_*, no NODE_ENV=test leaking
 * from vitest), captures its output line by line, and waits for its "ready on port N" line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import {
  createOutput,
  type ExitInfo,
  inProcessStoppers,
  type LogLine,
  type RunningApp,
} from './app-output.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const READY_PATTERN = /ready on port (\d+)/;

/** tsx's loader as an absolute URL, so `--import` works whatever the child's cwd is. */
const TSX_LOADER = (() => {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
})();

export interface StartAppOptions {
  /** Added to the clean environment (PATH and HOME). Undefined values are dropped. */
  env?: Record<string, string | undefined>;
  /** Default: the repository root. */
  cwd?: string;
  /** Script to run, relative to cwd (default 'dist/app.js', built by test/support/build-app.ts; a .ts one runs with tsx). */
  entry?: string;
  /** Extra arguments for the script. */
  args?: string[];
  /** Extra node flags (before `--import tsx`). */
  nodeArgs?: string[];
  /** The process is expected to exit by itself (a start-up failure): no ready timer is armed. */
  expectExit?: boolean;
  /** Default /ready on port (\d+)/; group 1 must be the port. */
  readyPattern?: RegExp;
  /** Default 20 s. The process is killed when it is not ready in time. */
  readyTimeoutMs?: number;
  /** Echo the child's output to this process's stderr (default: env SHOW_APP_LOGS=1). */
  echo?: boolean;
  /**
   * The app reads a `.env` file in its cwd underneath the real environment. 'blank' (default): every key in
   * `<cwd>/.env` that the test did not set is passed as '' (which the app treats as unset), so a developer's
   * .env (real tokens, DB_FILE, ...) cannot leak into a test. 'allow': leave it alone.
   */
  dotEnv?: 'blank' | 'allow';
}

export interface AppProcess extends RunningApp {
  readonly child: ChildProcess;
  readonly pid: number | undefined;
  /** Sends any signal (does not wait). */
  signal(sig: NodeJS.Signals): void;
}

const running = new Set<ChildProcess>();
const tmpDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of tmpDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

function cleanEnv(
  extra: Record<string, string | undefined>,
  cwd: string,
  dotEnv: 'blank' | 'allow',
): Record<string, string> {
  const env: Record<string, string> = {};
  if (process.env.PATH) env.PATH = process.env.PATH;
  env.HOME = process.env.HOME ?? tmpdir();
  const dotEnvFile = join(cwd, '.env');
  if (dotEnv === 'blank' && existsSync(dotEnvFile)) {
    try {
      for (const key of Object.keys(parseEnv(readFileSync(dotEnvFile, 'utf8')))) env[key] = '';
    } catch {
      // unreadable .env: the app will complain itself
    }
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function startApp(opts: StartAppOptions = {}): AppProcess {
  installExitHook();
  const cwd = opts.cwd ?? REPO_ROOT;
  const entry = opts.entry ?? 'dist/app.js';
  const loader = entry.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
  const readyPattern = opts.readyPattern ?? READY_PATTERN;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 20_000;
  const echo = opts.echo ?? process.env.SHOW_APP_LOGS === '1';

  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...loader, entry, ...(opts.args ?? [])], {
    cwd,
    env: cleanEnv(opts.env ?? {}, cwd, opts.dotEnv ?? 'blank'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  const output = createOutput('app');
  const { lines, entries, logs } = output;
  let exitInfo: ExitInfo | undefined;
  let readySettled = false;

  let resolveReady!: (v: { port: number; url: string }) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<{ port: number; url: string }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {
    // callers that never await `ready` (expectExit) must not trip unhandled-rejection checks
  });

  const proc: AppProcess = {
    child,
    pid: child.pid,
    lines,
    entries,
    port: undefined,
    url: undefined,
    ready,
    exited: undefined as unknown as Promise<ExitInfo>,
    exitInfo: () => exitInfo,
    logs,
    jsonLines: output.jsonLines,
    waitForLine: (pattern, timeoutMs, from) => output.waitForLine(pattern, timeoutMs, from),
    async stop(timeoutMs = 10_000) {
      if (exitInfo) return exitInfo;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exitInfo) child.kill('SIGKILL');
      }, timeoutMs);
      try {
        return await proc.exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (exitInfo) return exitInfo;
      child.kill('SIGKILL');
      return proc.exited;
    },
    signal(sig) {
      if (!exitInfo) child.kill(sig);
    },
  };

  output.onLine = (stream, line) => {
    if (echo) process.stderr.write(`[app ${child.pid} ${stream}] ${line}\n`);
    if (readySettled) return;
    const m = readyPattern.exec(line);
    if (!m) return;
    const port = Number(m[1]);
    readySettled = true;
    clearTimeout(readyTimer);
    proc.port = port;
    proc.url = `http://127.0.0.1:${port}`;
    resolveReady({ port, url: proc.url });
  };
  const onLine = output.add;

  function splitLines(stream: 'stdout' | 'stderr', source: NodeJS.ReadableStream | null): Promise<void> {
    if (!source) return Promise.resolve();
    let buffer = '';
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl !== -1) {
        onLine(stream, buffer.slice(0, nl).replace(/\r$/, ''));
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
      }
    });
    return new Promise((resolve) => {
      source.on('end', () => {
        if (buffer) onLine(stream, buffer);
        buffer = '';
        resolve();
      });
      source.on('error', () => resolve());
    });
  }

  const outDone = splitLines('stdout', child.stdout);
  const errDone = splitLines('stderr', child.stderr);

  const readyTimer: NodeJS.Timeout | undefined = opts.expectExit
    ? undefined
    : setTimeout(() => {
        if (readySettled) return;
        readySettled = true;
        rejectReady(new Error(`app not ready within ${readyTimeoutMs} ms (killed). Logs:\n${logs()}`));
        child.kill('SIGKILL');
      }, readyTimeoutMs);

  (proc as { exited: Promise<ExitInfo> }).exited = new Promise<ExitInfo>((resolve) => {
    let spawnError: Error | undefined;
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', async (code, signal) => {
      await Promise.all([outDone, errDone]);
      if (spawnError) onLine('stderr', `spawn error: ${spawnError.message}`);
      exitInfo = { code, signal };
      running.delete(child);
      clearTimeout(readyTimer);
      if (!readySettled) {
        readySettled = true;
        rejectReady(
          new Error(`app exited (code ${code}, signal ${signal}) before it was ready. Logs:\n${logs()}`),
        );
      }
      output.end(`exited (code ${code}, signal ${signal})`);
      resolve(exitInfo);
    });
  });

  return proc;
}

export interface RunToExitOptions extends Omit<StartAppOptions, 'expectExit'> {
  /** Kill and reject if the process has not exited by then (default 20 s). */
  timeoutMs?: number;
}

export interface RunResult extends ExitInfo {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved. */
  logs: string;
}

/** Runs the app until it exits by itself (start-up failures); rejects with the logs if it keeps running. */
export async function runAppToExit(opts: RunToExitOptions = {}): Promise<RunResult> {
  const { timeoutMs = 20_000, ...rest } = opts;
  const proc = startApp({ ...rest, expectExit: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([proc.exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    await proc.kill();
    throw new Error(`app did not exit within ${timeoutMs} ms (killed). Logs:\n${proc.logs()}`);
  }
  const pick = (s: LogLine['stream']) =>
    proc.entries
      .filter((e) => e.stream === s)
      .map((e) => e.line)
      .join('\n');
  return { ...outcome, stdout: pick('stdout'), stderr: pick('stderr'), logs: proc.logs() };
}

/** Kills every app process this module started that is still running, and stops the apps running in this process. */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...inProcessStoppers].map((stop) => stop()));
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** A fresh directory under the OS temp dir; removed at process exit unless the caller removes it first. */
export function tmpDir(prefix = 'lvm-test-'): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.add(dir);
  return dir;
}

/** A TCP port that was free a moment ago on 127.0.0.1 (racy by nature; prefer port 0 where possible). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
