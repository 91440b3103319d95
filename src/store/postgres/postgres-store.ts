/**
 * The Store on PostgreSQL, for several app instances on one database or installs in many workspaces.
 *
 * - commit: one transaction. With an event id, its first statement inserts the id into `event_ids`
 *   (primary key): a second commit of the same id, from this instance or another, waits for the first
 *   one's transaction and then changes nothing and resolves false (or goes ahead if the first rolled
 *   back). The ops follow as SQL (ops.ts). `commit` resolves after COMMIT returned, so the change is
 *   durable before the app acknowledges the event (with the server's default `synchronous_commit = on`).
 *   Commits made only of votes (a reaction each) are group-committed instead (vote-batch.ts): the ones that
 *   arrive together share one statement, with the same outcome per commit.
 * - reads: straight from the tables (reads.ts), so every instance sees every committed change.
 * - start-up: migrations (migrations.ts), then forgetting event ids and tombstones older than their
 *   retention (30 days by default: far longer than Slack retries an event or a late copy arrives).
 */

import { checkOp } from '../check.js';
import type { Coordination } from '../coordination.js';
import { errorMessage } from '../files.js';
import type {
  AnswerRecord,
  ChannelSettings,
  Op,
  PostRecord,
  RotationRecord,
  ScheduleRecord,
  TeamPromptRecord,
  VoteRecord,
  WorkspaceSettings,
} from '../schema.js';
import type { PostPage, PostTally, Store } from '../store.js';
import * as channelRead from './channel-reads.js';
import { postgresCoordination } from './coordination.js';
import { type Db, isRetryable, type Sessions } from './db.js';
import { type Migration, migrate } from './migrations.js';
import { statementsFor } from './ops.js';
import { readPostCount, readPostPage, readPostTallies, readPostTally } from './post-reads.js';
import * as read from './reads.js';
import type { PostgresStats } from './store-stats.js';
import { readTeamPrompt, readTeamPrompts } from './team-prompts.js';
import { VoteBatcher, type VoteOp } from './vote-batch.js';

const DAY_MS = 24 * 3_600_000;

export interface PostgresStoreOptions {
  /** How long applied event ids are remembered. Default 30 days. */
  keepEventIdsMs?: number;
  /** How long tombstones of deleted answers are kept. Default 30 days. */
  keepTombstonesMs?: number;
  /** Start-up notes and background problems. Default: console.error. */
  log?: (message: string) => void;
  /** Replaces the app's migrations (tests). */
  migrations?: readonly Migration[];
  /**
   * Connections of their own for the channels' posting locks (see coordination.ts); the store closes them.
   * Without them, posts are one at a time per channel within this process only.
   */
  locks?: Sessions;
}

const isVotes = (ops: Op[]): ops is VoteOp[] => ops.length > 0 && ops.every((op) => op.type === 'vote');

export interface PostgresStore extends Store {
  stats(): PostgresStats;
  /** What instances on this database agree on: posting locks, `now` claims, unsettled posts. */
  readonly coordination: Coordination;
  /** Forgets event ids and tombstones older than their retention now (also done at start and daily). */
  prune(): Promise<void>;
}

/** Transactions that fail with a deadlock or serialization failure are run again up to this many times. */
const ATTEMPTS = 3;

/** Migrates the database behind `db` and returns the store. The store owns `db`: close() closes it. */
export async function openPostgresStore(db: Db, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const log = opts.log ?? ((m: string) => console.error(`[store] ${m}`));
  try {
    await migrate(db, log, opts.migrations);
    const [setting] = await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    if (setting?.synchronous_commit === 'off') {
      log(
        'warning: the server runs with synchronous_commit = off, so a commit the app acknowledged can be lost if PostgreSQL crashes; set it to on',
      );
    }
    const store = new PostgresStoreImpl(db, log, postgresCoordination(db, opts.locks), {
      keepEventIdsMs: opts.keepEventIdsMs ?? 30 * DAY_MS,
      keepTombstonesMs: opts.keepTombstonesMs ?? 30 * DAY_MS,
    });
    await store.prune();
    return store;
  } catch (e) {
    await db.close().catch(() => undefined);
    await opts.locks?.close().catch(() => undefined);
    throw e;
  }
}

class PostgresStoreImpl implements PostgresStore {
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Commits and prunes in flight: close() waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Event ids of this instance's commits in flight → how many. */
  private readonly pendingIds = new Map<string, number>();
  private readonly counters = { commits: 0, duplicates: 0, failures: 0 };
  private lastPrune = 0;
  private readonly voteBatches: VoteBatcher;
  private readonly readPost: ReturnType<typeof read.postReader>;

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
    readonly coordination: Coordination,
    private readonly keep: { keepEventIdsMs: number; keepTombstonesMs: number },
  ) {
    this.voteBatches = new VoteBatcher(db, (ops, eventId) => this.transaction(ops, eventId));
    this.readPost = read.postReader(db);
  }

  // ---- reads ----

  post(team: string, channel: string, ts: string): Promise<PostRecord | undefined> {
    return this.readPost(team, channel, ts);
  }
  posts(team: string, channel: string, page?: PostPage): Promise<PostRecord[]> {
    return readPostPage(this.db, team, channel, page);
  }
  postCount(team: string, channel: string): Promise<number> {
    return readPostCount(this.db, team, channel);
  }
  postTallies(team: string, channel: string, page?: PostPage): Promise<PostTally[]> {
    return readPostTallies(this.db, team, channel, page);
  }
  postTally(team: string, channel: string, ts: string): Promise<PostTally | undefined> {
    return readPostTally(this.db, team, channel, ts);
  }
  channels(team: string): Promise<string[]> {
    return read.readChannels(this.db, team);
  }
  latestPosts(team: string): Promise<PostRecord[]> {
    return read.readLatestPosts(this.db, team);
  }
  votes(team: string, channel: string, ts: string): Promise<VoteRecord[]> {
    return read.readVotes(this.db, team, channel, ts);
  }
  secondVotes(team: string, channel: string, ts: string): Promise<VoteRecord[]> {
    return read.readVotes(this.db, team, channel, ts, 'second_votes');
  }
  summaryOf(team: string, channel: string, summaryTs: string): Promise<PostRecord | undefined> {
    return read.readSummaryOf(this.db, team, channel, summaryTs);
  }
  answers(team: string, channel: string, ts: string): Promise<AnswerRecord[]> {
    return read.readAnswers(this.db, team, channel, ts);
  }
  threadOf(team: string, channel: string, ts: string): Promise<PostRecord | undefined> {
    return read.readThreadOf(this.db, team, channel, ts);
  }
  isTombstoned(team: string, channel: string, ts: string): Promise<boolean> {
    return read.readIsTombstoned(this.db, team, channel, ts);
  }
  schedule(team: string, channel: string): Promise<ScheduleRecord | undefined> {
    return channelRead.readSchedule(this.db, team, channel);
  }
  schedules(): Promise<ScheduleRecord[]> {
    return channelRead.readSchedules(this.db);
  }
  rotation(team: string, channel: string): Promise<RotationRecord | undefined> {
    return channelRead.readRotation(this.db, team, channel);
  }
  channelSettings(team: string, channel: string): Promise<ChannelSettings | undefined> {
    return channelRead.readChannelSettings(this.db, team, channel);
  }
  workspaceSettings(team: string): Promise<WorkspaceSettings | undefined> {
    return channelRead.readWorkspaceSettings(this.db, team);
  }
  teamPrompt(team: string, id: string): Promise<TeamPromptRecord | undefined> {
    return readTeamPrompt(this.db, team, id);
  }
  teamPrompts(team: string): Promise<TeamPromptRecord[]> {
    return readTeamPrompts(this.db, team);
  }
  async seen(eventId: string): Promise<boolean> {
    return this.pendingIds.has(eventId) || (await read.readSeen(this.db, eventId));
  }

  stats(): PostgresStats {
    return { ...this.counters, ...this.voteBatches.stats };
  }

  // ---- commits ----

  commit(ops: Op[], opts?: { eventId?: string }): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('the PostgreSQL store is closed'));
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
    if (eventId !== undefined) this.pendingIds.set(eventId, (this.pendingIds.get(eventId) ?? 0) + 1);
    const run = this.run(checked, eventId).finally(() => {
      if (eventId === undefined) return;
      const n = (this.pendingIds.get(eventId) ?? 1) - 1;
      if (n === 0) this.pendingIds.delete(eventId);
      else this.pendingIds.set(eventId, n);
    });
    this.track(run);
    this.pruneIfDue();
    return run;
  }

  private async run(ops: Op[], eventId: string | undefined): Promise<boolean> {
    try {
      const applied = isVotes(ops)
        ? await this.voteBatches.commit(ops, eventId)
        : await this.transaction(ops, eventId);
      this.counters[applied ? 'commits' : 'duplicates']++;
      return applied;
    } catch (e) {
      this.counters.failures++;
      throw new Error(`commit to PostgreSQL failed: ${errorMessage(e)}`, { cause: e });
    }
  }

  /** The ops in one transaction (retried after a deadlock or a serialization failure). */
  private async transaction(ops: Op[], eventId: string | undefined): Promise<boolean> {
    const statements = statementsFor(ops);
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.db.transaction(async (tx) => {
          if (eventId !== undefined) {
            const claimed = await tx.query(
              'INSERT INTO event_ids (id) VALUES ($1) ON CONFLICT (id) DO NOTHING RETURNING id',
              [eventId],
            );
            if (claimed.length === 0) return false; // applied before: change nothing
          }
          for (const s of statements) await tx.query(s.text, s.values);
          return true;
        });
        return applied;
      } catch (e) {
        if (attempt < ATTEMPTS && isRetryable(e)) continue;
        throw e;
      }
    }
  }

  private track(p: Promise<unknown>): void {
    const settled = p.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  // ---- retention ----

  async prune(): Promise<void> {
    this.lastPrune = Date.now();
    await this.db.query('DELETE FROM event_ids WHERE at < now() - make_interval(secs => $1::float8 / 1000)', [
      this.keep.keepEventIdsMs,
    ]);
    await this.db.query(
      'DELETE FROM tombstones WHERE at < now() - make_interval(secs => $1::float8 / 1000)',
      [this.keep.keepTombstonesMs],
    );
  }

  /** Prunes in the background once a day, on a commit (no timer keeps the process alive). */
  private pruneIfDue(): void {
    if (Date.now() - this.lastPrune < DAY_MS) return;
    const p = this.prune().catch((e: unknown) =>
      this.log(`pruning old event ids failed: ${errorMessage(e)}`),
    );
    this.track(p);
  }

  // ---- trivia of the interface ----

  /** Nothing to fold: every commit is already in the tables. */
  async compact(): Promise<void> {
    if (this.closed) throw new Error('the PostgreSQL store is closed');
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      while (this.inFlight.size > 0) await Promise.all(this.inFlight);
      await this.coordination.close();
      await this.db.close();
    })();
    return this.closing;
  }
}
