/**
 * Who holds a store's lock, as written in the lock file (one JSON line), and whether that holder is
 * still running.
 *
 * A pid alone cannot tell instances apart: two containers on one shared volume are often both pid 1. So
 * the lock names the host, the pid, the process's start time and a random instance id, and the pid
 * namespace it lives in (`pidSpace`: the kernel's boot id and pid namespace on Linux, else the host name).
 * Only a process in the same pid namespace can check the pid itself (and its start time, so a reused pid
 * does not count); any other relies on the holder's heartbeat (lock.ts).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { errorCode } from './files.js';

export interface LockOwner {
  host: string;
  pid: number;
  /** When the process started (ISO 8601). */
  started: string;
  /** Random, new for every open: tells apart instances that share a host name and a pid. */
  instance: string;
  /** Where `pid` means this process (see above). */
  pidSpace?: string;
  /** The process's start time in clock ticks since boot (Linux `/proc/<pid>/stat`), to spot a reused pid. */
  procStart?: string;
}

/** What a test may pretend to be (another container); everything else is this process's own. */
export type LockIdentity = Partial<Pick<LockOwner, 'host' | 'pid' | 'pidSpace'>>;

function procStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (command)": state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function ownPidSpace(): string {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}/${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return `host:${hostname()}`;
  }
}

/** This process, as its lock file names it. */
export function thisProcess(identity: LockIdentity = {}): LockOwner {
  const owner: LockOwner = {
    host: identity.host ?? hostname(),
    pid: identity.pid ?? process.pid,
    started: new Date(performance.timeOrigin).toISOString(),
    instance: randomUUID(),
    pidSpace: identity.pidSpace ?? ownPidSpace(),
  };
  const procStart = identity.pid === undefined ? procStartOf(process.pid) : undefined;
  if (procStart !== undefined) owner.procStart = procStart;
  return owner;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The owner a lock file names, or undefined when it is not a lock this version writes. */
export function parseOwner(text: string): LockOwner | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const o = doc as Record<string, unknown>;
  const pid = o.pid;
  if (!isString(o.host) || !isString(o.started) || !isString(o.instance)) return undefined;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const owner: LockOwner = { host: o.host, pid, started: o.started, instance: o.instance };
  if (isString(o.pidSpace)) owner.pidSpace = o.pidSpace;
  if (isString(o.procStart)) owner.procStart = o.procStart;
  return owner;
}

export function describeOwner(owner: LockOwner): string {
  return `process ${owner.pid} on ${owner.host} (started ${owner.started}, instance ${owner.instance})`;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

/**
 * Whether `owner` is running, as far as this process can tell: 'gone' or 'running' when it lives in this
 * process's pid namespace, 'unknown' otherwise (then only its heartbeat tells).
 */
export function ownerStatus(owner: LockOwner, me: LockOwner): 'running' | 'gone' | 'unknown' {
  if (owner.pidSpace === undefined || owner.pidSpace !== me.pidSpace) return 'unknown';
  // Our own pid: an earlier process that had it (a restart), or this one in an open that is over (locks
  // this process holds are refused before this). Either way nobody runs with that lock.
  if (owner.pid === process.pid || !isAlive(owner.pid)) return 'gone';
  const now = owner.procStart === undefined ? undefined : procStartOf(owner.pid);
  return now !== undefined && now !== owner.procStart ? 'gone' : 'running'; // 'gone': the pid was reused
}
