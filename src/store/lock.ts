/**
 * One process per store: `${path}.lock`, created exclusively (`wx`), holding the owner's pid.
 * A lock whose pid is dead is stale and taken over. So is a lock holding this process's own pid when this
 * process does not hold it: in a container the app is often pid 1 on every start, so the pid left by the
 * previous run is "alive" (it is us).
 */

import {
  errorCode,
  errorMessage,
  PRIVATE_FILE,
  readIfExists,
  type StoreFiles,
  unlinkIfExists,
  writeAll,
} from './files.js';
import { StoreOpenError } from './store.js';

/** Lock files held by this process, shared by every copy of this module loaded in it. */
const HELD = Symbol.for('lead-vs-manage.store.heldLocks');
const registry = globalThis as Record<symbol, Set<string> | undefined>;
const held: Set<string> = registry[HELD] ?? new Set();
registry[HELD] = held;

/** A lock file without a readable pid younger than this may still be being written by its creator. */
const UNREADABLE_GRACE_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

async function create(files: StoreFiles, lockPath: string): Promise<boolean> {
  let handle: Awaited<ReturnType<StoreFiles['open']>>;
  try {
    handle = await files.open(lockPath, 'wx', PRIVATE_FILE);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await writeAll(handle, Buffer.from(`${process.pid}\n`), 0);
  } finally {
    await handle.close();
  }
  return true;
}

export async function acquireLock(files: StoreFiles, storePath: string, lockPath: string): Promise<void> {
  if (held.has(lockPath)) {
    throw new StoreOpenError(storePath, `it is already open in this process (lock file ${lockPath})`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await create(files, lockPath)) {
      held.add(lockPath);
      return;
    }
    const content = await readIfExists(files, lockPath);
    if (content === undefined) continue; // released meanwhile
    const text = content.toString('utf8').trim();
    const pid = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isSafeInteger(pid) && pid > 0) {
      if (pid !== process.pid && isAlive(pid)) {
        throw new StoreOpenError(
          storePath,
          `it is in use by process ${pid} (lock file ${lockPath}): stop that process first; if it is not this app, delete the lock file`,
        );
      }
    } else {
      let age = Number.POSITIVE_INFINITY;
      try {
        age = Date.now() - (await files.mtimeMs(lockPath));
      } catch (e) {
        if (errorCode(e) !== 'ENOENT') throw e;
      }
      if (age < UNREADABLE_GRACE_MS) {
        throw new StoreOpenError(
          storePath,
          `its lock file ${lockPath} holds no pid yet (another process is starting?); if none is, delete the lock file`,
        );
      }
    }
    // Stale: its owner is gone. Take it over.
    await unlinkIfExists(files, lockPath);
  }
  throw new StoreOpenError(
    storePath,
    `could not take the lock file ${lockPath}: other processes keep taking it`,
  );
}

/** Removes the lock file if it is still ours. Never throws: it runs on close and after failed opens. */
export async function releaseLock(files: StoreFiles, lockPath: string): Promise<string | undefined> {
  held.delete(lockPath);
  try {
    const content = await readIfExists(files, lockPath);
    if (content !== undefined && content.toString('utf8').trim() === String(process.pid)) {
      await unlinkIfExists(files, lockPath);
    }
    return undefined;
  } catch (e) {
    return `could not remove the lock file ${lockPath}: ${errorMessage(e)}`;
  }
}
