/**
 * What a running app looks like to a test, whether it runs as a child process (app-process.ts) or in the test's own
 * process (app-in-process.ts): its output, line by line, and a way to stop it.
 */

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  line: string;
  at: Date;
}

export interface RunningApp {
  /** All output lines so far (stdout and stderr interleaved in arrival order); a live array. */
  readonly lines: string[];
  /** Like `lines`, with the stream and time of each line. */
  readonly entries: LogLine[];
  /** Set once ready. */
  port: number | undefined;
  /** `http://127.0.0.1:PORT`, set once ready. */
  url: string | undefined;
  /** Resolves once the app serves requests; rejects (with the logs) if it ends first or is not ready in time. */
  readonly ready: Promise<{ port: number; url: string }>;
  /** Resolves when the app has ended and its output is fully read. */
  readonly exited: Promise<ExitInfo>;
  /** Exit status, once ended. */
  exitInfo(): ExitInfo | undefined;
  /** All output so far, one line each. */
  logs(): string;
  /** Output lines that are JSON objects, parsed (for structured loggers). */
  jsonLines(): Record<string, unknown>[];
  /** The first line (from line index `from`) matching `pattern`, already printed or future. */
  waitForLine(pattern: RegExp | string, timeoutMs?: number, from?: number): Promise<string>;
  /** A graceful stop (SIGTERM for a process), waited for; after `timeoutMs` (default 10 s) it is cut short. */
  stop(timeoutMs?: number): Promise<ExitInfo>;
  /** SIGKILL, waited for (a child process only: an app in the test's process cannot lose its memory). */
  kill(): Promise<ExitInfo>;
}

/** An app's output as lines, with waiters for lines still to come. */
export interface Output {
  readonly lines: string[];
  readonly entries: LogLine[];
  add(stream: LogLine['stream'], line: string): void;
  logs(): string;
  jsonLines(): Record<string, unknown>[];
  waitForLine(pattern: RegExp | string, timeoutMs?: number, from?: number): Promise<string>;
  /** The app has ended: waiters still waiting fail with `why`, and later waits for an absent line fail at once. */
  end(why: string): void;
  /** Called on every line (after it is stored). */
  onLine?: (stream: LogLine['stream'], line: string) => void;
}

export function createOutput(label = 'app'): Output {
  const lines: string[] = [];
  const entries: LogLine[] = [];
  let waiters: {
    test: (l: string) => boolean;
    from: number;
    resolve(l: string): void;
    reject(e: Error): void;
  }[] = [];
  let ended: string | undefined;
  const logs = () => lines.join('\n');

  const output: Output = {
    lines,
    entries,
    logs,
    add(stream, line) {
      const index = lines.length;
      lines.push(line);
      entries.push({ stream, line, at: new Date() });
      output.onLine?.(stream, line);
      const still: typeof waiters = [];
      for (const w of waiters) {
        if (index >= w.from && w.test(line)) w.resolve(line);
        else still.push(w);
      }
      waiters = still;
    },
    jsonLines() {
      const out: Record<string, unknown>[] = [];
      for (const l of lines) {
        const t = l.trim();
        if (!t.startsWith('{')) continue;
        try {
          const v: unknown = JSON.parse(t);
          if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
        } catch {
          // not JSON
        }
      }
      return out;
    },
    waitForLine(pattern, timeoutMs = 5000, from = 0) {
      const test =
        typeof pattern === 'string' ? (l: string) => l.includes(pattern) : (l: string) => pattern.test(l);
      const found = lines.slice(from).find(test);
      if (found !== undefined) return Promise.resolve(found);
      if (ended !== undefined)
        return Promise.reject(
          new Error(`${label} already ended; no line matching ${pattern}. Logs:\n${logs()}`),
        );
      return new Promise<string>((resolve, reject) => {
        const w = {
          test,
          from,
          resolve: (l: string) => {
            clearTimeout(timer);
            resolve(l);
          },
          reject: (e: Error) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((x) => x !== w);
          reject(
            new Error(
              `${label} printed no line matching ${pattern} within ${timeoutMs} ms. Logs:\n${logs()}`,
            ),
          );
        }, timeoutMs);
        waiters.push(w);
      });
    },
    end(why) {
      ended = why;
      for (const w of waiters)
        w.reject(new Error(`${label} ${why} without printing the line. Logs:\n${logs()}`));
      waiters = [];
    },
  };
  return output;
}

/** Stops apps that run in this process; stopAllApps (app-process.ts) runs them after killing the children. */
export const inProcessStoppers = new Set<() => Promise<unknown>>();
