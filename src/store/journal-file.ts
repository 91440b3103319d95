/**
 * The open journal file (`${path}.journal`): appends (each one write + fdatasync), and the cut at the end
 * of a fold that drops the lines the new snapshot holds. The lines themselves are made and read by
 * journal.ts.
 */
import {
  errorMessage,
  type FileHandleLike,
  PRIVATE_FILE,
  readAt,
  type StoreFiles,
  syncPath,
  unlinkIfExists,
  writeAll,
} from './files.js';
import type { StoreCounters, StorePaths } from './paths.js';

export class JournalFile {
  /** Serialises appends and the cut at the end of a fold. */
  private chain: Promise<unknown> = Promise.resolve();
  /** A failed append may have left bytes after `length`: cut them before the next append. */
  private dirtyTail = false;

  constructor(
    private readonly files: StoreFiles,
    private readonly paths: Pick<StorePaths, 'journal' | 'dir'>,
    private handle: FileHandleLike,
    /** Bytes of good lines; the next append goes here. */
    private bytes: number,
    /** Offset where the lines after the current snapshot's seq begin. */
    private snapshotEnd: number,
    private readonly counters: StoreCounters,
  ) {}

  get length(): number {
    return this.bytes;
  }

  /** Offset where the lines after the current snapshot's seq begin. */
  get snapshotOffset(): number {
    return this.snapshotEnd;
  }

  /** Bytes of lines the current snapshot does not hold. */
  get unfolded(): number {
    return this.bytes - this.snapshotEnd;
  }

  /** Runs `fn` when every earlier `exclusive` call is done. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends `lines` and fdatasyncs them (call inside `exclusive`). Once they are durable, `durable` runs in
   * the same synchronous step as the length grows, so a fold never sees the one without the other. A
   * failed write rejects and cuts the half-written lines off, so a restart cannot replay them.
   */
  async append(lines: Buffer, durable: () => void): Promise<void> {
    try {
      if (this.dirtyTail) await this.handle.truncate(this.bytes);
      this.dirtyTail = true;
      this.counters.journalWrites++;
      await writeAll(this.handle, lines, this.bytes);
      await this.handle.datasync();
      this.counters.fsyncs++;
    } catch (e) {
      const error = new Error(`journal write to ${this.paths.journal} failed: ${errorMessage(e)}`, {
        cause: e,
      });
      try {
        await this.handle.truncate(this.bytes);
        await this.handle.datasync();
        this.dirtyTail = false;
      } catch {
        // Still dirty: the next append truncates first (and fails if it cannot).
      }
      throw error;
    }
    this.dirtyTail = false;
    this.bytes += lines.length;
    durable();
  }

  /**
   * Keeps bytes [from, end) (call inside `exclusive`, once a snapshot holding the lines up to `cutLen` is
   * durable); `cutLen` becomes where the lines after the snapshot begin.
   */
  async cut(from: number, cutLen: number): Promise<void> {
    const { files } = this;
    if (from === 0 && !this.dirtyTail) {
      this.snapshotEnd = cutLen;
      return;
    }
    const keep = this.bytes - from;
    if (keep === 0) {
      await this.handle.truncate(0);
      await this.handle.datasync();
      this.counters.fsyncs++;
      this.bytes = 0;
      this.snapshotEnd = 0;
      this.dirtyTail = false;
      return;
    }
    const tail = await readAt(this.handle, from, keep);
    const tmp = `${this.paths.journal}.tmp`;
    await unlinkIfExists(files, tmp); // a leftover may have looser permissions: never reuse it
    const next = await files.open(tmp, 'wx+', PRIVATE_FILE);
    try {
      await writeAll(next, tail, 0);
      await next.datasync();
      this.counters.fsyncs++;
      await files.rename(tmp, this.paths.journal);
    } catch (e) {
      await next.close().catch(() => undefined);
      await unlinkIfExists(files, tmp).catch(() => undefined);
      throw e;
    }
    const old = this.handle;
    this.handle = next;
    this.bytes = keep;
    this.snapshotEnd = cutLen - from;
    this.dirtyTail = false;
    await old.close().catch(() => undefined);
    await syncPath(files, this.paths.dir, true);
    this.counters.fsyncs++;
  }

  /** Waits for appends and cuts in progress, then closes the file. */
  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }
}
