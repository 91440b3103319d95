/**
 * Commits: checked and queued; one writer at a time appends every queued commit with one write +
 * fdatasync (group commit), then applies them to memory in order and resolves them. A failed write
 * changes nothing and rejects its commits. With an event id, a commit happens at most once.
 */
import { checkOp } from './check.js';
import { errorMessage } from './files.js';
import { encodeLine } from './journal.js';
import type { JournalFile } from './journal-file.js';
import { applyCommit } from './reducer.js';
import type { Op } from './schema.js';
import type { State } from './state.js';

/** A group commit stops taking queued commits past this many bytes of ops. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

interface Pending {
  eventId: string | undefined;
  ops: Op[];
  opsJson: string;
  resolve(applied: boolean): void;
  reject(error: Error): void;
}

export class GroupCommit {
  /** Set when new commits are refused (the store is closed); queued ones are still written. */
  refusal: Error | undefined;
  /** Set when nothing may be written any more (another process took the lock); queued commits fail. */
  stopped: Error | undefined;

  private readonly queue: Pending[] = [];
  /** Event ids of queued or in-flight commits → their outcome. */
  private readonly pendingIds = new Map<string, Promise<boolean>>();
  private draining: Promise<void> | null = null;

  constructor(
    private readonly state: State,
    private readonly journal: JournalFile,
    /** Called after each group is applied, with whether the files need a scrub (see reducer.ts). */
    private readonly applied: (scrub: boolean) => void,
  ) {}

  /** True while a commit with this event id is queued or being written. */
  isPending(eventId: string): boolean {
    return this.pendingIds.has(eventId);
  }

  commit(ops: Op[], opts?: { eventId?: string }): Promise<boolean> {
    const refusal = this.stopped ?? this.refusal;
    if (refusal) return Promise.reject(refusal);
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

  /** Resolves once every commit made so far has been written (or has failed). */
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
    while (this.queue.length > 0) await this.journal.exclusive(() => this.writeBatch());
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
    if (this.stopped) {
      for (const c of batch) c.reject(this.stopped);
      return;
    }
    let seq = this.state.seq;
    const lines = Buffer.from(batch.map((c) => encodeLine(++seq, c.eventId, c.opsJson)).join(''), 'utf8');
    let scrub = false;
    try {
      await this.journal.append(lines, () => {
        // Durable: now apply, all in one synchronous step (a fold may capture state at any await).
        seq = this.state.seq;
        for (const c of batch) scrub = applyCommit(this.state, ++seq, c.eventId, c.ops) || scrub;
      });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const c of batch) c.reject(error);
      return;
    }
    for (const c of batch) c.resolve(true);
    this.applied(scrub);
  }
}
