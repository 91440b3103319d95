/**
 * One process per store, also across containers: `${path}.lock` names its holder (lock-owner.ts) and is
 * created atomically (written to a temporary file, then hard-linked into place: it never exists half
 * written) and owner-only. The holder refreshes its modification time every `heartbeatMs` (the
 * heartbeat) and checks on each beat that the file still names it.
 *
 * A lock is stale, and taken over (logged, naming the old holder), when its holder is gone: a dead pid
 * (or a reused one) in this process's own pid namespace, or, for a holder this process cannot check
 * (another host or container), a heartbeat older than `staleMs`. A live lock refuses the open with a
 * message naming its holder. A lock written by an older version of the app (just a pid) is judged as that
 * version did: its pid alive and not this process's own means in use.
 */

import {
  errorCode,
  errorMessage,
  hasNoHardLinks,
  PRIVATE_FILE,
  readIfExists,
  type StoreFiles,
  unlinkIfExists,
  writeAll,
} from './files.js';
import {
  describeOwner,
  isAlive,
  type LockIdentity,
  type LockOwner,
  ownerStatus,
  parseOwner,
  thisProcess,
} from './lock-owner.js';
import { StoreOpenError } from './store.js';

/** Lock files held by this process, shared by every copy of this module loaded in it. */
const HELD = Symbol.for('lead-vs-manage.store.heldLocks');
const registry = globalThis as Record<symbol, Set<string> | undefined>;
const held: Set<string> = registry[HELD] ?? new Set();
registry[HELD] = held;

interface LockOptions {
  heartbeatMs: number;
  staleMs: number;
  identity?: LockIdentity;
  log: (message: string) => void;
}

type Verdict = { stale: false; refusal: string } | { stale: true; holder: string; why: string };

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
const ago = (ms: number) => (ms < 1000 ? 'less than a second ago' : `${seconds(ms)} ago`);

/** Whether the lock file's `text`, last refreshed `ageMs` ago, still holds the store. */
function judge(text: string, ageMs: number, me: LockOwner, lockPath: string, staleMs: number): Verdict {
  const legacy = /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
  if (legacy !== undefined) {
    const holder = `process ${legacy} (a lock written by an older version of the app)`;
    if (legacy !== process.pid && isAlive(legacy)) {
      return {
        stale: false,
        refusal: `it is in use by process ${legacy} (lock file ${lockPath}): stop that process first; if it is not this app, delete the lock file`,
      };
    }
    return {
      stale: true,
      holder,
      why:
        legacy === process.pid
          ? "its pid is this process's own, left by an earlier run"
          : 'that process is gone',
    };
  }
  const owner = parseOwner(text);
  if (!owner) {
    if (ageMs > staleMs)
      return { stale: true, holder: 'no readable holder', why: `it was last changed ${ago(ageMs)}` };
    return {
      stale: false,
      refusal: `its lock file ${lockPath} names no holder yet (another process is starting?); if none is, delete the lock file`,
    };
  }
  const holder = describeOwner(owner);
  const status = ownerStatus(owner, me);
  if (status === 'gone') return { stale: true, holder, why: 'that process is gone' };
  if (status === 'unknown' && ageMs > staleMs) {
    return { stale: true, holder, why: `its heartbeat stopped ${ago(ageMs)}` };
  }
  if (status === 'running') {
    return {
      stale: false,
      refusal: `it is in use by ${holder} (lock file ${lockPath}): stop that process first`,
    };
  }
  return {
    stale: false,
    refusal:
      `it is in use by ${holder}, whose lock file ${lockPath} was refreshed ${ago(ageMs)}: stop that process first. ` +
      `If it is gone, the lock counts as stale ${seconds(staleMs)} after its last refresh and is then taken over`,
  };
}

/** Creates the lock file holding `content`, atomically; false when it exists. */
async function create(
  files: StoreFiles,
  lockPath: string,
  content: Buffer,
  instance: string,
): Promise<boolean> {
  const tmp = `${lockPath}.${instance}.tmp`;
  await unlinkIfExists(files, tmp);
  const handle = await files.open(tmp, 'wx', PRIVATE_FILE);
  try {
    await writeAll(handle, content, 0);
  } finally {
    await handle.close();
  }
  try {
    await files.link(tmp, lockPath);
    return true;
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    if (!hasNoHardLinks(e)) throw e;
    // No hard links here: create it in place (a reader may see it empty for a moment; see judge).
    return createInPlace(files, lockPath, content);
  } finally {
    await unlinkIfExists(files, tmp);
  }
}

async function createInPlace(files: StoreFiles, lockPath: string, content: Buffer): Promise<boolean> {
  let handle: Awaited<ReturnType<StoreFiles['open']>>;
  try {
    handle = await files.open(lockPath, 'wx', PRIVATE_FILE);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await writeAll(handle, content, 0);
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Removes the stale lock whose bytes were `judged`, unless it changed meanwhile (another process took it
 * over first): the file is moved aside, checked, and put back if it is not the one judged.
 */
async function removeStale(
  files: StoreFiles,
  lockPath: string,
  judged: Buffer,
  instance: string,
): Promise<boolean> {
  const aside = `${lockPath}.stale-${instance}`;
  try {
    await files.rename(lockPath, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return false;
    throw e;
  }
  const moved = await readIfExists(files, aside);
  if (moved !== undefined && !moved.equals(judged)) {
    // Put the live lock back (link: unless yet another process has created one meanwhile).
    try {
      await files.link(aside, lockPath);
    } catch (e) {
      if (hasNoHardLinks(e)) return files.rename(aside, lockPath).then(() => false);
      if (errorCode(e) !== 'EEXIST') throw e;
    }
    await unlinkIfExists(files, aside);
    return false;
  }
  await unlinkIfExists(files, aside);
  return true;
}

export async function acquireLock(
  files: StoreFiles,
  storePath: string,
  lockPath: string,
  opts: LockOptions,
): Promise<StoreLock> {
  if (held.has(lockPath)) {
    throw new StoreOpenError(storePath, `it is already open in this process (lock file ${lockPath})`);
  }
  const me = thisProcess(opts.identity);
  const content = Buffer.from(`${JSON.stringify(me)}\n`);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await create(files, lockPath, content, me.instance)) {
      held.add(lockPath);
      return new StoreLock(files, lockPath, content, me.instance, opts);
    }
    const current = await readIfExists(files, lockPath);
    if (current === undefined) continue; // released meanwhile
    let ageMs: number;
    try {
      ageMs = Date.now() - (await files.mtimeMs(lockPath));
    } catch (e) {
      if (errorCode(e) === 'ENOENT') continue;
      throw e;
    }
    const verdict = judge(current.toString('utf8'), ageMs, me, lockPath, opts.staleMs);
    if (!verdict.stale) throw new StoreOpenError(storePath, verdict.refusal);
    if (await removeStale(files, lockPath, current, me.instance)) {
      opts.log(`took over the stale lock file ${lockPath} of ${verdict.holder}: ${verdict.why}`);
    }
  }
  throw new StoreOpenError(
    storePath,
    `could not take the lock file ${lockPath}: other processes keep taking it`,
  );
}

/** A lock this process holds: refreshed every `heartbeatMs` until released. */
export class StoreLock {
  /** Called once when the lock file no longer names this process (another one took it over). */
  onLost: ((holder: string) => void) | undefined;
  private readonly timer: NodeJS.Timeout;
  private beating = false;
  private failing = false;

  constructor(
    private readonly files: StoreFiles,
    readonly path: string,
    private readonly content: Buffer,
    private readonly instance: string,
    private readonly opts: LockOptions,
  ) {
    this.timer = setInterval(() => {
      if (!this.beating) void this.beat();
    }, opts.heartbeatMs);
    this.timer.unref();
  }

  /** Stops the heartbeat and removes the lock file if it is still ours. Never throws. */
  async release(): Promise<string | undefined> {
    clearInterval(this.timer);
    held.delete(this.path);
    try {
      const now = await readIfExists(this.files, this.path);
      if (now?.equals(this.content)) await unlinkIfExists(this.files, this.path);
      return undefined;
    } catch (e) {
      return `could not remove the lock file ${this.path}: ${errorMessage(e)}`;
    }
  }

  private async beat(): Promise<void> {
    this.beating = true;
    try {
      const now = await readIfExists(this.files, this.path);
      if (now === undefined) {
        // Removed from outside: take it again unless another process did.
        if (await create(this.files, this.path, this.content, this.instance)) {
          this.opts.log(`the lock file ${this.path} was removed from outside; it was created again`);
          return;
        }
        return this.lost(await readIfExists(this.files, this.path));
      }
      if (!now.equals(this.content)) return this.lost(now);
      await this.files.utimes(this.path, new Date());
      if (this.failing) this.opts.log(`the lock file ${this.path} is refreshed again`);
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.opts.log(`could not refresh the lock file ${this.path}: ${errorMessage(e)}`);
      this.failing = true;
    } finally {
      this.beating = false;
    }
  }

  private lost(now: Buffer | undefined): void {
    clearInterval(this.timer);
    held.delete(this.path);
    const owner = now === undefined ? undefined : parseOwner(now.toString('utf8'));
    this.onLost?.(owner ? describeOwner(owner) : 'another process');
  }
}
