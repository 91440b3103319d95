/**
 * The lock: one process per store, also when two containers on a shared volume are both pid 1. Child
 * processes stand in for the other container: one that only writes and refreshes a lock file
 * (fixtures/lock-holder.ts) and real stores (fixtures/store-process.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nodeFiles, type StoreFiles } from '../../src/store/files.js';
import { closeAfterEach, open, openError, postOp, removeTempDirs, tempFile } from './helpers.js';

afterAll(removeTempDirs);

const track = closeAfterEach();

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

interface Child {
  proc: ChildProcess;
  lines: string[];
  /** The first line matching `pattern` (already printed or to come). */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
});

function run(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', TSX, fixture(script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let rest = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  const line = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line matching ${pattern} from ${script}; got:\n${lines.join('\n')}`)),
        timeoutMs,
      );
      const check = () => {
        const found = lines.find((l) => pattern.test(l));
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  return { proc, lines, line };
}

/** How long a lock another container does not refresh stays valid, in these tests. */
const STALE_MS = 1000;

const lockOf = (file: string) => JSON.parse(readFileSync(`${file}.lock`, 'utf8')) as Record<string, unknown>;

/** Waits until the lock file has not been refreshed for `ms`. */
async function untilOlderThan(file: string, ms: number): Promise<void> {
  await expect
    .poll(() => Date.now() - statSync(`${file}.lock`).mtimeMs, { timeout: 10_000, interval: 50 })
    .toBeGreaterThan(ms);
}

describe('lock: one process per store', () => {
  it('refuses while a live process holds the lock, leaving its lock alone', async () => {
    const file = tempFile();
    writeFileSync(`${file}.lock`, `${process.ppid}\n`);
    const error = await openError(file);
    expect(error.message).toContain(`in use by process ${process.ppid}`);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('refuses a second open in the same process', async () => {
    const file = tempFile();
    await track(open(file));
    expect((await openError(file)).message).toContain('already open in this process');
  });

  it('takes over a stale lock (dead pid, or its own pid left by an earlier run)', async () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    for (const pid of [deadPid, process.pid]) {
      const file = tempFile();
      writeFileSync(`${file}.lock`, `${pid}\n`);
      const store = await open(file);
      expect(lockOf(file).pid).toBe(process.pid);
      await store.close();
      expect(() => statSync(`${file}.lock`)).toThrow();
    }
  });

  it('leaves alone a lock another process took over between our look and our takeover', async () => {
    const file = tempFile();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(`${file}.lock`, `${child.stdout.toString()}\n`); // stale: that process is gone
    const theirs = JSON.stringify({
      host: 'container-c',
      pid: 1,
      started: new Date().toISOString(),
      instance: 'theirs',
      pidSpace: 'container-c/pid:[1]',
    });
    let raced = false;
    const files: Partial<StoreFiles> = {
      rename: async (from, to) => {
        if (from === `${file}.lock` && !raced) {
          raced = true;
          writeFileSync(from, `${theirs}\n`); // another process took the stale lock over first
        }
        return nodeFiles.rename(from, to);
      },
    };
    const error = await openError(file, { files, lockIdentity: { host: 'container-b', pidSpace: 'b' } });
    expect(raced).toBe(true);
    expect(error.message).toContain('in use by process 1 on container-c');
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${theirs}\n`);
  });

  it('names its holder (host, pid, start time, instance) and refreshes the lock while open', async () => {
    const file = tempFile();
    const store = await track(open(file, { lockHeartbeatMs: 20, lockStaleMs: 1000 }));
    const owner = lockOf(file);
    expect(owner).toMatchObject({ pid: process.pid, host: expect.any(String), started: expect.any(String) });
    expect(owner.instance).toMatch(/^[0-9a-f-]{36}$/);
    const past = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, past, past);
    await expect
      .poll(() => statSync(`${file}.lock`).mtimeMs, { timeout: 5000 })
      .toBeGreaterThan(past.getTime());
    expect(lockOf(file).instance).toBe(owner.instance);
    expect(await store.commit([postOp('1.1')])).toBe(true);
  });

  it('stops writing, and says who took over, when another process took its lock', async () => {
    const file = tempFile();
    const logs: string[] = [];
    const store = await track(
      open(file, { lockHeartbeatMs: 20, lockStaleMs: 1000, log: (m) => logs.push(m) }),
    );
    await store.commit([postOp('1.1')]);
    const other = { ...lockOf(file), host: 'container-b', pid: 1, instance: 'other-instance' };
    writeFileSync(`${file}.lock`, `${JSON.stringify(other)}\n`);
    await expect
      .poll(() => logs.join('\n'), { timeout: 5000 })
      .toContain('was taken over by process 1 on container-b');
    await expect(store.commit([postOp('1.2')])).rejects.toThrow('was taken over by process 1 on container-b');
    await expect(store.compact()).rejects.toThrow('was taken over');
    await store.close();
    expect(lockOf(file).instance).toBe('other-instance'); // not removed: it is not ours
  });
});

describe('lock: two processes on one machine', () => {
  it('refuses while the first runs; once it is killed, the next start takes over at once (no waiting for its heartbeat)', async () => {
    const file = tempFile();
    const args = [file, '-', '100', '30000'];
    const first = run('store-process.ts', args);
    await first.line(/^open$/);
    const refused = await run('store-process.ts', args).line(/^refused: /);
    expect(refused).toContain(`it is in use by process ${first.proc.pid} on ${hostname()} (started `);
    first.proc.kill('SIGKILL');
    await new Promise((resolve) => first.proc.once('exit', resolve));
    const next = run('store-process.ts', args);
    await next.line(/^open$/);
    expect(next.lines.join('\n')).toContain(`of process ${first.proc.pid} on ${hostname()}`);
    expect(next.lines.join('\n')).toContain('that process is gone');
    expect(Date.now() - statSync(`${file}.lock`).mtimeMs).toBeLessThan(30_000);
  });
});

describe('lock: two containers, both pid 1, on one volume', () => {
  const opts = {
    lockHeartbeatMs: 100,
    lockStaleMs: STALE_MS,
    lockIdentity: { host: 'container-b', pid: 1, pidSpace: 'container-b/pid:[1]' },
  };

  it('refuses a lock another host keeps fresh, naming the holder, long after it would be stale without the heartbeat', async () => {
    const file = tempFile();
    const holder = run('lock-holder.ts', [`${file}.lock`, 'fresh']);
    const instance = (await holder.line(/^holding /)).slice('holding '.length);
    await holder.line(/^beat 30$/); // 30 × 50 ms: 1.5 s since the lock was written, beyond lockStaleMs
    const error = await openError(file, opts);
    expect(error.message).toContain(`in use by process 1 on container-a (started `);
    expect(error.message).toContain(`instance ${instance})`);
    expect(error.message).toMatch(
      /\.lock was refreshed (less than a second|[\d.]+ s) ago: stop that process first/,
    );
    expect(lockOf(file).instance).toBe(instance);
  });

  it('takes over a lock whose holder stopped refreshing it, logging the old holder', async () => {
    const file = tempFile();
    const holder = run('lock-holder.ts', [`${file}.lock`, 'stops']);
    const instance = (await holder.line(/^holding /)).slice('holding '.length);
    await holder.line(/^stopped refreshing$/);
    expect((await openError(file, opts)).message).toContain('in use by process 1 on container-a');
    await untilOlderThan(file, opts.lockStaleMs);
    const logs: string[] = [];
    const store = await track(open(file, { ...opts, log: (m) => logs.push(m) }));
    expect(logs.join('\n')).toMatch(
      new RegExp(
        `took over the stale lock file .*of process 1 on container-a \\(started .*, instance ${instance}\\): its heartbeat stopped [\\d.]+ s ago`,
      ),
    );
    expect(lockOf(file)).toMatchObject({ host: 'container-b', pid: 1 });
    expect(holder.proc.exitCode).toBeNull(); // the old holder still runs: only its heartbeat told
    await store.commit([postOp('1.1')]);
  });

  it('two real stores: the second is refused while the first lives, takes over once it hangs, and the first then stops writing', async () => {
    const file = tempFile();
    const args = (host: string) => [file, host, '100', String(STALE_MS)];
    const a = run('store-process.ts', args('container-a'));
    await a.line(/^open$/);
    const aInstance = lockOf(file).instance as string;
    // A keeps its lock fresh for longer than lockStaleMs (its heartbeat, not its age, keeps B out).
    const created = statSync(`${file}.lock`).mtimeMs;
    await expect
      .poll(() => statSync(`${file}.lock`).mtimeMs - created, { timeout: 10_000, interval: 50 })
      .toBeGreaterThan(STALE_MS);

    const refused = run('store-process.ts', args('container-b'));
    const why = await refused.line(/^refused: /);
    expect(why).toContain(`in use by process 1 on container-a (started `);
    expect(why).toContain(`instance ${aInstance})`);

    a.proc.kill('SIGSTOP'); // a hung container: alive, but its heartbeat stops
    await untilOlderThan(file, STALE_MS);
    const b = run('store-process.ts', args('container-b'));
    await b.line(/^open$/);
    expect(b.lines.join('\n')).toContain(`of process 1 on container-a (started `);
    expect(b.lines.join('\n')).toContain(`instance ${aInstance}): its heartbeat stopped`);

    a.proc.kill('SIGCONT');
    await a.line(/^log: the store .* was taken over by process 1 on container-b/);
    a.proc.kill('SIGUSR2');
    expect(await a.line(/^commit /)).toMatch(/^commit failed: .*was taken over/);
    b.proc.kill('SIGUSR2');
    expect(await b.line(/^commit /)).toBe('commit ok');
    expect(lockOf(file)).toMatchObject({ host: 'container-b' });
  });
});
