/**
 * Group commit for votes, the commits that come in bursts (every reaction is one, with its event id).
 * Commits made of vote ops wait in a queue while a batch is in flight; the next batch takes every one waiting
 * and applies them with ONE statement, prepared once per connection: it claims their event ids, then applies
 * the votes of the commits whose id it claimed (and of those without an id), as if each commit had been
 * applied alone in arrival order. A single statement is its own transaction: one round trip and one WAL flush
 * for the whole batch, and `commit` resolves once it returned (durable with `synchronous_commit = on`).
 *
 * Each commit keeps its own outcome: true when its id was claimed by this batch, false when it was applied
 * before (by any instance). A batch never holds the same event id twice (a second one waits for the next
 * batch, so it sees the first one's outcome). When a batch fails (other than a deadlock, which is retried),
 * its commits are applied one by one through the ordinary path, so one bad commit fails alone.
 */
import type { Op } from '../schema.js';
import { batchQueue } from './batches.js';
import { isRetryable, type Queryable } from './db.js';

export type VoteOp = Extract<Op, { type: 'vote' }>;

interface Waiting {
  ops: VoteOp[];
  eventId: string | undefined;
  resolve(applied: boolean): void;
  reject(error: unknown): void;
}

/**
 * Rows in, one per vote op, in arrival order (`ord`); `commit_no` numbers the commits. Per (prompt, emoji,
 * person) the votes to apply are reduced to the one with the greatest event ts (the first on a tie), which then
 * replaces the stored one only when its event ts is greater: what applying each commit in turn would leave.
 */
const APPLY_VOTES = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[],
      $8::text[]) WITH ORDINALITY AS v (event_id, team, channel, ts, emoji, user_id, is_on, event_ts, ord)
  ),
  claimed AS (
    INSERT INTO event_ids (id) SELECT DISTINCT event_id FROM input WHERE event_id IS NOT NULL
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  ),
  latest AS (
    SELECT DISTINCT ON (p.id, v.emoji, v.user_id)
      p.id AS post_id, v.emoji, v.user_id, v.is_on, v.event_ts, v.ord
    FROM input v
    JOIN posts p ON p.team = v.team AND p.channel = v.channel AND p.ts = v.ts
    WHERE v.event_id IS NULL OR v.event_id IN (SELECT id FROM claimed)
    ORDER BY p.id, v.emoji, v.user_id, v.event_ts::numeric DESC, v.ord
  ),
  applied AS (
    INSERT INTO votes (post_id, emoji, user_id, is_on, event_ts)
    SELECT post_id, emoji, user_id, is_on, event_ts FROM latest ORDER BY ord
    ON CONFLICT (post_id, emoji, user_id) DO UPDATE SET is_on = excluded.is_on, event_ts = excluded.event_ts
    WHERE excluded.event_ts::numeric > votes.event_ts::numeric
  )
  SELECT id FROM claimed`;

/** Commits taken into one batch at most. */
const MAX_BATCH = 1000;
/**
 * Batches in flight at once: one runs its statement while others wait for the WAL to reach the disk. 3 was
 * better than 1 or 2 on the benchmark (README, Performance), on a machine whose disk flushes took 1 to 8 ms.
 */
const IN_FLIGHT = 3;
const ATTEMPTS = 3;

export interface VoteBatcherStats {
  batches: number;
  /** Commits applied through batches (the largest batch in `largest`). */
  batched: number;
  largest: number;
}

export class VoteBatcher {
  readonly stats: VoteBatcherStats = { batches: 0, batched: 0, largest: 0 };
  private readonly enqueue: (w: Waiting) => void;

  constructor(
    private readonly db: Queryable,
    /** The ordinary path, for a commit whose batch failed. */
    private readonly alone: (ops: VoteOp[], eventId: string | undefined) => Promise<boolean>,
  ) {
    this.enqueue = batchQueue<Waiting>({
      run: (batch) => this.run(batch),
      max: MAX_BATCH,
      inFlight: IN_FLIGHT,
      // Each event id and each vote row in one batch at a time: a second one waits, so it sees the first
      // one's outcome, and batches in flight never wait for each other's rows.
      keys: (w) => [
        ...(w.eventId === undefined ? [] : [`e:${w.eventId}`]),
        ...w.ops.map(
          (op) => `v:${JSON.stringify([op.team, op.channel, op.ts, op.vote.emoji, op.vote.user])}`,
        ),
      ],
    });
  }

  commit(ops: VoteOp[], eventId: string | undefined): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => this.enqueue({ ops, eventId, resolve, reject }));
  }

  private async run(batch: Waiting[]): Promise<void> {
    const cols: unknown[][] = [[], [], [], [], [], [], [], []];
    for (const w of batch) {
      for (const op of w.ops) {
        const row = [w.eventId ?? null, op.team, op.channel, op.ts, op.vote.emoji, op.vote.user, op.vote.on];
        row.push(op.vote.eventTs);
        row.forEach((v, i) => {
          cols[i]?.push(v);
        });
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await this.db.query<{ id: string }>(APPLY_VOTES, cols, 'lvm_apply_votes');
        const claimed = new Set(rows.map((r) => r.id));
        this.stats.batches++;
        this.stats.batched += batch.length;
        this.stats.largest = Math.max(this.stats.largest, batch.length);
        for (const w of batch) w.resolve(w.eventId === undefined || claimed.has(w.eventId));
        return;
      } catch (e) {
        if (attempt < ATTEMPTS && isRetryable(e)) continue;
        if (batch.length === 1) {
          batch[0]?.reject(e);
          return;
        }
        for (const w of batch) await this.alone(w.ops, w.eventId).then(w.resolve, w.reject);
        return;
      }
    }
  }
}
