/**
 * The Store on disk: a lowdb JSON snapshot at `path` plus an append-only journal `${path}.journal`.
 *
 * - commit: queued; one writer at a time appends every queued commit with one write + fdatasync (group
 *   commit), then applies them to memory in order. A failed write changes nothing and is cut off the journal.
 * - fold: snapshot ← state (lowdb: temp file + rename, then fsync file and folder), `.bak` ← the snapshot it
 *   replaced, journal ← only the lines the snapshot does not hold yet. Commits continue meanwhile.
 * - start-up: snapshot (checked byte by byte before parsing) + journal lines with seq > snapshot seq.
 *
 * Files next to `path`: `.journal`, `.bak` (previous snapshot), `.lock` (owner pid), and transient
 * `.journal.tmp`, `.bak.tmp` and lowdb's `.<name>.tmp`.
 *
 * The journal keeps the lines after the `.bak` snapshot's seq, so `.bak` + journal is also a complete
 * store (copying `.bak` over `path` loses nothing). A scrubbing fold instead points `.bak` at the new
 * snapshot and cuts the journal to the fold's seq, so text no longer stored leaves all three files: it
 * runs at once after a deletion (unanswer, purge, a refused late copy of a deleted answer), and as the
 * next fold after an edit replaced an answer's text.
 *
 * Crash safety: the journal is only cut after the new snapshot is renamed and fsync'd (file and folder),
 * and replay skips lines the snapshot already holds, so a crash at any step reopens to the same state.
 */
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { checkOp } from './check.js';
import {
  errorCode,
  errorMessage,
  type FileHandleLike,
  nodeFiles,
  readAt,
  readIfExists,
  type StoreFiles,
  syncPath,
  unlinkIfExists,
  writeAll,
} from './files.js';
import { encodeLine, JournalError, type JournalScan, JournalScanner } from './journal.js';
import { acquireLock, releaseLock } from './lock.js';
import { applyCommit } from './reducer.js';
import type { AnswerRecord, Op, PostRecord, RotationRecord, ScheduleRecord, VoteRecord } from './schema.js';
import { loadSnapshot, SnapshotError, serializeSnapshotInSlices } from './snapshot.js';
import { State, type StateLimits } from './state.js';
import { type Store, StoreOpenError } from './store.js';

export interface OpenStoreOptions {
  /** Event ids remembered for exactly-once commits; the oldest are forgotten first. Default 50_000. */
  maxEventIds?: number;
  /** Tombstones of deleted answers kept; the oldest are forgotten first. Default 50_000. */
  maxTombstones?: number;
  /** Fold when the journal grew by this many bytes since the last fold. Default 64 MiB. */
  foldBytes?: number;
  /** Fold on this period when something changed; 0 turns the timer off. Default 10 minutes. */
  foldEveryMs?: number;
  /** Replaces some file-system calls (tests inject ENOSPC, EACCES, crashes). */
  files?: Partial<StoreFiles>;
  /** Background problems (a failed timed fold, a dropped torn journal line). Default: console.error. */
  log?: (message: string) => void;
}

export interface StoreStats {
  /** Journal appends (one per group of commits). */
  journalWrites: number;
  /** fsync/fdatasync calls, journal and folds together. */
  fsyncs: number;
  /** Completed folds. */
  folds: number;
  /** Seq of the last applied commit. */
  seq: number;
  /** Current journal size. */
  journalBytes: number;
}

export interface FileStore extends Store {
  stats(): StoreStats;
  /** Resolves once every commit made so far has been written (or has failed). */
  flush(): Promise<void>;
}

const DEFAULTS = {
  maxEventIds: 50_000,
  maxTombstones: 50_000,
  foldBytes: 64 * 1024 * 1024,
  foldEveryMs: 10 * 60 * 1000,
};

/** A group commit stops taking queued commits past this many bytes of ops. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/** `link` errors meaning "this file system has no hard links": copy instead. */
const NO_LINKS = new Set(['EPERM', 'EXDEV', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/** How long a failed fold that must erase deleted text waits before it tries again. */
const SCRUB_RETRY_MS = 1_000;

interface Pending {
  eventId: string | undefined;
  ops: Op[];
  opsJson: string;
  resolve(applied: boolean): void;
  reject(error: Error): void;
}

interface Paths {
  file: string;
  dir: string;
  journal: string;
  bak: string;
  lock: string;
}

function pathsFor(path: string): Paths {
  const file = resolve(path);
  return {
    file,
    dir: dirname(file),
    journal: `${file}.journal`,
    bak: `${file}.bak`,
    lock: `${file}.lock`,
  };
}

/** Opens (or creates) the store at `path`. Throws StoreOpenError when the files cannot be trusted. */
export async function openStore(path: string, opts: OpenStoreOptions = {}): Promise<FileStore> {
  const p = pathsFor(path);
  const files: StoreFiles = { ...nodeFiles, ...opts.files };
  const log = opts.log ?? ((message: string) => console.error(`[store] ${message}`));
  const config = {
    maxEventIds: opts.maxEventIds ?? DEFAULTS.maxEventIds,
    maxTombstones: opts.maxTombstones ?? DEFAULTS.maxTombstones,
    foldBytes: opts.foldBytes ?? DEFAULTS.foldBytes,
    foldEveryMs: opts.foldEveryMs ?? DEFAULTS.foldEveryMs,
  };
  await files.mkdir(p.dir);
  await acquireLock(files, p.file, p.lock);
  const opened: { handle?: FileHandleLike } = {};
  try {
    const loaded = await load(files, p, config, log, opened);
    return new FileStoreImpl(p, files, log, config, loaded);
  } catch (e) {
    await opened.handle?.close().catch(() => undefined);
    await releaseLock(files, p.lock);
    throw e;
  }
}

interface Loaded {
  state: State;
  hasSnapshot: boolean;
  snapshotSeq: number;
  /** The journal, open for reading and writing. */
  handle: FileHandleLike;
  /** Bytes of good lines in the journal. */
  journalLength: number;
  /** Journal offset where the lines after the snapshot's seq begin. */
  snapOffset: number;
  /** Replay applied a deletion or an edit whose old text may still be in the files. */
  scrub: boolean;
}

/** The journal is read in pieces of this size. */
const READ_CHUNK = 4 * 1024 * 1024;

async function advice(files: StoreFiles, p: Paths): Promise<string> {
  const hasBak = await files.mtimeMs(p.bak).then(
    () => true,
    () => false,
  );
  const start = `or move ${p.file} and ${p.journal} away to start empty`;
  return hasBak
    ? `The previous good copy is ${p.bak}: inspect it and copy it over ${p.file} to recover (the journal ${p.journal} still holds the later commits), ${start}. Nothing was changed.`
    : `There is no previous good copy (${p.bak} does not exist): repair ${p.file} by hand, ${start}. Nothing was changed.`;
}

/** The state in the snapshot file, or undefined when there is none. */
async function loadSnapshotFile(
  files: StoreFiles,
  p: Paths,
  limits: StateLimits,
): Promise<State | undefined> {
  let raw: Buffer | undefined;
  try {
    raw = await readIfExists(files, p.file);
  } catch (e) {
    throw new StoreOpenError(p.file, `it cannot be read: ${errorMessage(e)}`);
  }
  if (raw === undefined) return undefined;
  try {
    return loadSnapshot(raw, limits);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    throw new StoreOpenError(p.file, `${e.message}. ${await advice(files, p)}`);
  }
}

async function openJournal(files: StoreFiles, p: Paths): Promise<FileHandleLike> {
  try {
    return await files.open(p.journal, constants.O_RDWR);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT')
      throw new StoreOpenError(p.journal, `it cannot be opened: ${errorMessage(e)}`);
  }
  const handle = await files.open(p.journal, constants.O_RDWR | constants.O_CREAT);
  await syncPath(files, p.dir, true); // make the new file's name durable before commits rely on it
  return handle;
}

async function load(
  files: StoreFiles,
  p: Paths,
  limits: StateLimits,
  log: (message: string) => void,
  opened: { handle?: FileHandleLike },
): Promise<Loaded> {
  const fromSnapshot = await loadSnapshotFile(files, p, limits);
  const state = fromSnapshot ?? new State(limits);
  const snapshotSeq = state.seq;
  const handle = await openJournal(files, p);
  opened.handle = handle;

  let scrub = false;
  const scanner = new JournalScanner(state.seq, (entry) => {
    if (entry.seq !== state.seq + 1) {
      throw new StoreOpenError(
        p.journal,
        `line ${entry.line} has seq ${entry.seq}, but ${p.file} ends at seq ${state.seq}: the commits in between are missing. ` +
          `If you restored an older snapshot on purpose, move ${p.journal} away to start from that snapshot alone. Nothing was changed.`,
      );
    }
    scrub = applyCommit(state, entry.seq, entry.eventId, entry.ops) || scrub;
  });
  let size = 0;
  let scan: JournalScan;
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, size);
      if (bytesRead <= 0) break;
      scanner.push(chunk.subarray(0, bytesRead));
      size += bytesRead;
    }
    scan = scanner.finish();
  } catch (e) {
    if (e instanceof StoreOpenError) throw e;
    if (e instanceof JournalError) {
      throw new StoreOpenError(
        p.journal,
        `${e.message}. The journal is corrupt in the middle, not just torn at its end. ${await advice(files, p)}`,
      );
    }
    throw new StoreOpenError(p.journal, `it cannot be read: ${errorMessage(e)}`);
  }
  if (scan.goodLength < size) {
    await handle.truncate(scan.goodLength);
    await handle.datasync();
    log(
      `dropped a torn last line (${size - scan.goodLength} bytes) from ${p.journal}: ` +
        'an append that never completed, so was never acknowledged',
    );
  }
  return {
    state,
    hasSnapshot: fromSnapshot !== undefined,
    snapshotSeq,
    handle,
    journalLength: scan.goodLength,
    snapOffset: scan.snapOffset,
    scrub,
  };
}

class FileStoreImpl implements FileStore {
  private readonly state: State;
  /** lowdb writes the snapshot text (temp file + rename); the text is made by serializeSnapshotInSlices. */
  private readonly db: Low<Buffer[]>;
  private handle: FileHandleLike;
  /** Bytes of good journal lines; the next append goes here. */
  private journalLen: number;
  /** Journal offset where the lines after the current snapshot's seq begin. */
  private snapOffset: number;
  /** A failed append may have left bytes after `journalLen`: cut them before the next append. */
  private dirtyTail = false;
  private hasSnapshot: boolean;
  private lastFoldSeq: number;
  /** A deletion's text may still be in the files: fold promptly, pointing `.bak` at the new snapshot. */
  private scrubPending = false;

  private readonly queue: Pending[] = [];
  /** Event ids of queued or in-flight commits → their outcome. */
  private readonly pendingIds = new Map<string, Promise<boolean>>();
  private draining: Promise<void> | null = null;
  /** Serialises journal appends and the journal swap at the end of a fold. */
  private journalChain: Promise<unknown> = Promise.resolve();
  private foldRunning: Promise<void> | null = null;
  private foldQueued: Promise<void> | null = null;

  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly counters = { journalWrites: 0, fsyncs: 0, folds: 0 };

  constructor(
    private readonly p: Paths,
    private readonly files: StoreFiles,
    private readonly log: (message: string) => void,
    private readonly config: { foldBytes: number; foldEveryMs: number },
    loaded: Loaded,
  ) {
    this.state = loaded.state;
    this.handle = loaded.handle;
    this.journalLen = loaded.journalLength;
    this.snapOffset = loaded.snapOffset;
    this.hasSnapshot = loaded.hasSnapshot;
    this.lastFoldSeq = loaded.hasSnapshot ? loaded.snapshotSeq : -1;
    // lowdb writes the snapshot (temp file + rename) as serializeSnapshot lays it out: one post per
    // line, votes as tuples. (JSONFile's `JSON.stringify(data, null, 2)` would spend six lines on each vote.)
    // The bytes are made before (a slice at a time, see foldOnce) and lowdb's `stringify` passes them
    // through: lowdb's writer (steno) hands them to fs.promises.writeFile, which writes an iterable of
    // Buffers as well as a string (Node ≥ 15.14), one piece after the other, into its temporary file.
    // `parse` is never used: start-up checks the raw bytes itself (lowdb would turn `null` into defaults).
    this.db = new Low<Buffer[]>(
      new DataFile<Buffer[]>(p.file, {
        parse: () => {
          throw new Error('the store reads its snapshot itself');
        },
        stringify: (pieces) => pieces as unknown as string,
      }),
      [],
    );
    if (config.foldEveryMs > 0) {
      this.timer = setInterval(() => {
        if (this.state.seq !== this.lastFoldSeq || this.scrubPending) this.backgroundFold();
      }, config.foldEveryMs);
      this.timer.unref();
    }
    if (loaded.scrub) {
      this.scrubPending = true;
      this.backgroundFold();
    }
  }

  // ---- reads (memory) ----

  async post(team: string, channel: string, ts: string): Promise<PostRecord | undefined> {
    return this.state.post(team, channel, ts);
  }
  async posts(team: string, channel: string): Promise<PostRecord[]> {
    return this.state.posts(team, channel);
  }
  async channels(team: string): Promise<string[]> {
    return this.state.channels(team);
  }
  async votes(team: string, channel: string, ts: string): Promise<VoteRecord[]> {
    return this.state.votes(team, channel, ts);
  }
  async answers(team: string, channel: string, ts: string): Promise<AnswerRecord[]> {
    return this.state.answers(team, channel, ts);
  }
  async threadOf(team: string, channel: string, ts: string): Promise<PostRecord | undefined> {
    return this.state.threadOf(team, channel, ts);
  }
  async isTombstoned(team: string, channel: string, ts: string): Promise<boolean> {
    return this.state.isTombstoned(team, channel, ts);
  }
  async schedule(team: string, channel: string): Promise<ScheduleRecord | undefined> {
    return this.state.schedule(team, channel);
  }
  async schedules(): Promise<ScheduleRecord[]> {
    return this.state.schedules();
  }
  async rotation(team: string, channel: string): Promise<RotationRecord | undefined> {
    return this.state.rotation(team, channel);
  }
  async seen(eventId: string): Promise<boolean> {
    return this.state.hasEventId(eventId) || this.pendingIds.has(eventId);
  }

  stats(): StoreStats {
    return { ...this.counters, seq: this.state.seq, journalBytes: this.journalLen };
  }

  // ---- commits ----

  commit(ops: Op[], opts?: { eventId?: string }): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error(`the store ${this.p.file} is closed`));
    const eventId = opts?.eventId;
    let checked: Op[];
    try {
      if (eventId !== undefined && (typeof eventId !== 'string' || eventId.length === 0)) {
        throw new Error('eventId must be a non-empty string');
      }
      if (!Array.isArray(ops)) throw new Error('ops must be an array');
      checked = ops.map((op, i) => checkOp(op, `ops[${i}]`));
    } catch (e) {
      return Promise.reject(new Error(`commit refused: ${errorMessage(e)}`));
    }
    if (eventId !== undefined) {
      if (this.state.hasEventId(eventId)) return Promise.resolve(false);
      const first = this.pendingIds.get(eventId);
      // A duplicate waits for the first copy: done if it succeeds, tried again if it failed.
      if (first)
        return first.then(
          () => false,
          () => this.commit(ops, opts),
        );
    }
    const promise = new Promise<boolean>((resolve, reject) => {
      this.queue.push({ eventId, ops: checked, opsJson: JSON.stringify(checked), resolve, reject });
    });
    if (eventId !== undefined) {
      this.pendingIds.set(eventId, promise);
      const forget = () => {
        if (this.pendingIds.get(eventId) === promise) this.pendingIds.delete(eventId);
      };
      promise.then(forget, forget);
    }
    this.kick();
    return promise;
  }

  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    // Let every commit made in this tick join the first group.
    await Promise.resolve();
    while (this.queue.length > 0) await this.exclusive(() => this.writeBatch());
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.journalChain.then(fn);
    this.journalChain = run.catch(() => undefined);
    return run;
  }

  private takeBatch(): Pending[] {
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && (n === 0 || bytes < MAX_BATCH_BYTES)) {
      bytes += this.queue[n]?.opsJson.length ?? 0;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /** One group commit: append + fdatasync, then apply in order. Never throws: failures reject the commits. */
  private async writeBatch(): Promise<void> {
    const batch = this.takeBatch();
    if (batch.length === 0) return;
    let seq = this.state.seq;
    const buf = Buffer.from(batch.map((c) => encodeLine(++seq, c.eventId, c.opsJson)).join(''), 'utf8');
    try {
      if (this.dirtyTail) await this.handle.truncate(this.journalLen);
      this.dirtyTail = true;
      this.counters.journalWrites++;
      await writeAll(this.handle, buf, this.journalLen);
      await this.handle.datasync();
      this.counters.fsyncs++;
    } catch (e) {
      const error = new Error(`journal write to ${this.p.journal} failed: ${errorMessage(e)}`, { cause: e });
      try {
        // Cut the half-written group off so a restart cannot replay commits that were refused.
        await this.handle.truncate(this.journalLen);
        await this.handle.datasync();
        this.dirtyTail = false;
      } catch {
        // Still dirty: the next append truncates first (and fails if it cannot).
      }
      for (const c of batch) c.reject(error);
      return;
    }
    this.dirtyTail = false;
    // Durable: now apply, all in one synchronous step (a fold may capture state at any await).
    this.journalLen += buf.length;
    let scrub = false;
    seq = this.state.seq;
    for (const c of batch) scrub = applyCommit(this.state, ++seq, c.eventId, c.ops) || scrub;
    for (const c of batch) c.resolve(true);
    if (scrub) {
      this.scrubPending = true;
      this.backgroundFold();
    } else if (
      this.journalLen - this.snapOffset > this.config.foldBytes &&
      !this.foldQueued &&
      !this.foldRunning
    ) {
      this.backgroundFold();
    }
  }

  // ---- folds ----

  compact(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the store ${this.p.file} is closed`));
    return this.requestFold();
  }

  /** A fold that starts after this call; calls made while one waits to start share it. */
  private requestFold(): Promise<void> {
    if (this.foldQueued) return this.foldQueued;
    const before = this.foldRunning ?? Promise.resolve();
    const run: Promise<void> = before
      .catch(() => undefined)
      .then(async () => {
        this.foldQueued = null;
        this.foldRunning = run;
        try {
          await this.fold();
        } finally {
          if (this.foldRunning === run) this.foldRunning = null;
        }
      });
    this.foldQueued = run;
    return run;
  }

  private backgroundFold(): void {
    if (this.closed) return; // close() folds last anyway
    this.requestFold().catch((e: unknown) => {
      this.log(errorMessage(e));
      if (this.scrubPending && !this.retryTimer && !this.closed) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.backgroundFold();
        }, SCRUB_RETRY_MS);
        this.retryTimer.unref();
      }
    });
  }

  private async fold(): Promise<void> {
    const scrub = this.scrubPending;
    this.scrubPending = false;
    try {
      await this.foldOnce(scrub);
    } catch (e) {
      this.scrubPending ||= scrub;
      throw new Error(`fold of ${this.p.file} failed: ${errorMessage(e)}`, { cause: e });
    }
  }

  private async foldOnce(scrub: boolean): Promise<void> {
    const { files, p } = this;
    const hadSnapshot = this.hasSnapshot;
    if (hadSnapshot) await this.keepBak();
    // serializeSnapshotInSlices captures the state as it is at the call, in the same synchronous step as
    // `seq` and `cutLen`, and writes it a slice at a time (commits applied meanwhile are not in it: a post
    // about to change is written first, as it was). So the snapshot holds exactly the commits up to `seq`,
    // whose lines end at `cutLen`; later lines stay in the journal.
    const seq = this.state.seq;
    const cutLen = this.journalLen;
    const bytes = serializeSnapshotInSlices(this.state);
    this.db.data = await bytes;
    try {
      await this.db.write();
    } finally {
      this.db.data = []; // let the bytes go
    }
    this.hasSnapshot = true;
    await syncPath(files, p.file);
    this.counters.fsyncs++;
    // After a deletion the previous snapshot may hold the deleted text: the new one becomes `.bak`.
    if (scrub) await this.keepBak();
    await syncPath(files, p.dir, true);
    this.counters.fsyncs++;
    // The snapshot is durable: drop the journal lines it holds. Keep those after the `.bak` snapshot's seq,
    // so `.bak` + journal stays a complete store, unless there is no `.bak` or the fold scrubs a deletion.
    const from = scrub || !hadSnapshot ? cutLen : this.snapOffset;
    await this.exclusive(() => this.cutJournal(from, cutLen));
    this.lastFoldSeq = seq;
    this.counters.folds++;
  }

  /** `.bak` ← the current snapshot file (a hard link, or a copy where links are not supported). */
  private async keepBak(): Promise<void> {
    const { files, p } = this;
    const tmp = `${p.bak}.tmp`;
    await unlinkIfExists(files, tmp);
    try {
      await files.link(p.file, tmp);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return; // the snapshot was removed from outside: nothing to keep
      if (!NO_LINKS.has(errorCode(e) ?? '')) throw e;
      await files.copyFile(p.file, tmp);
      await syncPath(files, tmp);
      this.counters.fsyncs++;
    }
    await files.rename(tmp, p.bak);
  }

  /** Keeps journal bytes [from, end) and records where the new snapshot's lines end (`cutLen`). */
  private async cutJournal(from: number, cutLen: number): Promise<void> {
    const { files, p } = this;
    if (from === 0 && !this.dirtyTail) {
      this.snapOffset = cutLen;
      return;
    }
    const keep = this.journalLen - from;
    if (keep === 0) {
      await this.handle.truncate(0);
      await this.handle.datasync();
      this.counters.fsyncs++;
      this.journalLen = 0;
      this.snapOffset = 0;
      this.dirtyTail = false;
      return;
    }
    const tail = await readAt(this.handle, from, keep);
    const tmp = `${p.journal}.tmp`;
    const next = await files.open(tmp, 'w+');
    try {
      await writeAll(next, tail, 0);
      await next.datasync();
      this.counters.fsyncs++;
      await files.rename(tmp, p.journal);
    } catch (e) {
      await next.close().catch(() => undefined);
      await unlinkIfExists(files, tmp).catch(() => undefined);
      throw e;
    }
    const old = this.handle;
    this.handle = next;
    this.journalLen = keep;
    this.snapOffset = cutLen - from;
    this.dirtyTail = false;
    await old.close().catch(() => undefined);
    await syncPath(files, p.dir, true);
    this.counters.fsyncs++;
  }

  // ---- close ----

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    let failure: unknown;
    try {
      await this.flush();
      while (this.foldQueued || this.foldRunning)
        await (this.foldQueued ?? this.foldRunning)?.catch(() => undefined);
      if (!this.hasSnapshot || this.state.seq !== this.lastFoldSeq || this.scrubPending)
        await this.requestFold();
    } catch (e) {
      failure = e;
    }
    await this.journalChain;
    await this.handle.close().catch((e: unknown) => {
      failure ??= e;
    });
    const lockProblem = await releaseLock(this.files, this.p.lock);
    if (failure !== undefined) throw failure;
    if (lockProblem) this.log(lockProblem);
  }
}
