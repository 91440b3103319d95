/**
 * Folds: snapshot ← state (through lowdb and SnapshotFile: the segments whose posts changed written to new
 * files, then the snapshot file listing them; each fsync'd, the folder too), `.bak` ← the snapshot it
 * replaced, journal ← only the lines the snapshot does not hold yet, segment files no snapshot lists removed.
 * Commits continue meanwhile. Folds run on a timer, when the journal grows past `foldBytes`, promptly
 * when deleted text must leave the disk (a scrub), on request (`compact`) and at shutdown.
 *
 * The journal keeps the lines after the `.bak` snapshot's seq, so `.bak` + journal is also a complete
 * store (copying `.bak` over the snapshot loses nothing; the segment files it lists are kept). A scrubbing
 * fold instead points `.bak` at the new snapshot, cuts the journal to the fold's seq and removes every
 * segment file the new snapshot does not list, so text no longer stored leaves every file; it rewrites only
 * the segments that changed (the one holding an edited or deleted answer, and the busy recent ones).
 *
 * Crash safety: the journal is only cut after the new snapshot is renamed and fsync'd (file and folder),
 * and replay skips lines the snapshot already holds, so a crash at any step reopens to the same state.
 */
import type { Low } from 'lowdb';
import {
  errorCode,
  errorMessage,
  hasNoHardLinks,
  type StoreFiles,
  syncPath,
  unlinkIfExists,
} from './files.js';
import type { JournalFile } from './journal-file.js';
import type { StoreCounters, StorePaths } from './paths.js';
import type { SnapshotFile } from './snapshot-file.js';
import type { State } from './state.js';

/** How long a failed fold that must erase deleted text waits before it tries again. */
const SCRUB_RETRY_MS = 1_000;

interface FolderParts {
  db: Low<State>;
  snapshot: SnapshotFile;
  journal: JournalFile;
  files: StoreFiles;
  paths: StorePaths;
  counters: StoreCounters;
  log: (message: string) => void;
}

interface FolderStart {
  /** A snapshot file exists, holding the commits up to `snapshotSeq`. */
  hasSnapshot: boolean;
  snapshotSeq: number;
  /** Replay applied a deletion whose text may still be in the files: fold now. */
  scrub: boolean;
  /** The snapshot was written before segments: fold soon, which rewrites it in segments. */
  migrate: boolean;
  foldBytes: number;
  /** Cut the journal when the lines no snapshot needs pass this many bytes (always when scrubbing). */
  cutBytes: number;
  /** 0: no timer. */
  foldEveryMs: number;
}

export class Folder {
  private hasSnapshot: boolean;
  private lastFoldSeq: number;
  /** A deletion's text may still be in the files: fold promptly, pointing `.bak` at the new snapshot. */
  private scrubPending = false;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private stopped = false;
  private readonly timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly parts: FolderParts,
    private readonly start: FolderStart,
  ) {
    this.hasSnapshot = start.hasSnapshot;
    this.lastFoldSeq = start.hasSnapshot ? start.snapshotSeq : -1;
    if (start.foldEveryMs > 0) {
      this.timer = setInterval(() => {
        if (this.parts.db.data.seq !== this.lastFoldSeq || this.scrubPending) this.background();
      }, start.foldEveryMs);
      this.timer.unref();
    }
    if (start.scrub) this.scrubSoon();
    else if (start.migrate) this.background();
  }

  /** After a group of commits: fold now for a scrub, or when the journal grew past `foldBytes`. */
  afterCommit(scrub: boolean): void {
    if (scrub) this.scrubSoon();
    else if (this.parts.journal.unfolded > this.start.foldBytes && !this.queued && !this.running) {
      this.background();
    }
  }

  /** A fold that starts after this call; calls made while one waits to start share it. */
  request(): Promise<void> {
    if (this.queued) return this.queued;
    const before = this.running ?? Promise.resolve();
    const run: Promise<void> = before
      .catch(() => undefined)
      .then(async () => {
        this.queued = null;
        this.running = run;
        try {
          await this.fold();
        } finally {
          if (this.running === run) this.running = null;
        }
      });
    this.queued = run;
    return run;
  }

  /** No more timed or background folds (shutdown, or the lock was lost). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
  }

  /** For shutdown: waits for folds under way, then folds once more if anything is not in the snapshot. */
  async finish(): Promise<void> {
    while (this.queued || this.running) await (this.queued ?? this.running)?.catch(() => undefined);
    if (!this.hasSnapshot || this.parts.db.data.seq !== this.lastFoldSeq || this.scrubPending) {
      await this.request();
    }
  }

  private scrubSoon(): void {
    this.scrubPending = true;
    this.background();
  }

  private background(): void {
    if (this.stopped) return; // shutdown folds last anyway
    this.request().catch((e: unknown) => {
      this.parts.log(errorMessage(e));
      if (this.scrubPending && !this.retryTimer && !this.stopped) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.background();
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
      throw new Error(`fold of ${this.parts.paths.file} failed: ${errorMessage(e)}`, { cause: e });
    }
  }

  private async foldOnce(scrub: boolean): Promise<void> {
    const { db, snapshot, journal, files, paths, counters } = this.parts;
    const hadSnapshot = this.hasSnapshot;
    if (hadSnapshot) await this.keepBak();
    // The adapter captures the state when lowdb hands it over; in that same synchronous step we note the
    // journal's length. The snapshot then holds exactly the commits up to `seq`, whose lines end at
    // `cutLen` (commits applied while it is written are not in it, see captureSegments), so later lines
    // stay in the journal.
    let captured: { seq: number; cutLen: number } | undefined;
    snapshot.onCapture = (seq) => {
      captured = { seq, cutLen: journal.length };
    };
    try {
      await db.write();
    } finally {
      snapshot.onCapture = undefined;
    }
    if (!captured) throw new Error('the snapshot adapter did not capture the state');
    const { seq, cutLen } = captured;
    this.hasSnapshot = true;
    // After a deletion the previous snapshot may hold the deleted text: the new one becomes `.bak`.
    if (scrub) await this.keepBak();
    await syncPath(files, paths.dir, true);
    counters.fsyncs++;
    // The snapshot is durable: drop the journal lines it holds. Keep those after the `.bak` snapshot's seq,
    // so `.bak` + journal stays a complete store, unless there is no `.bak` or the fold scrubs a deletion.
    // Cutting rewrites the journal, holding commits back meanwhile: a fold that does not scrub leaves the
    // lines it could drop until they pass `cutBytes` (replay skips them quickly).
    const from = scrub || !hadSnapshot ? cutLen : journal.snapshotOffset;
    const worth = scrub || !hadSnapshot || from >= this.start.cutBytes;
    await journal.exclusive(() => journal.cut(worth ? from : 0, cutLen));
    await snapshot.prune(!scrub);
    this.lastFoldSeq = seq;
    counters.folds++;
  }

  /** `.bak` ← the current snapshot file (a hard link, or a copy where links are not supported). */
  private async keepBak(): Promise<void> {
    const { files, paths, counters } = this.parts;
    const tmp = `${paths.bak}.tmp`;
    await unlinkIfExists(files, tmp);
    try {
      await files.link(paths.file, tmp);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return; // the snapshot was removed from outside: nothing to keep
      if (!hasNoHardLinks(e)) throw e; // else copy
      await files.copyFile(paths.file, tmp); // with the snapshot's mode (owner-only)
      await syncPath(files, tmp);
      counters.fsyncs++;
    }
    await files.rename(tmp, paths.bak);
  }
}
