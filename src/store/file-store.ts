/**
 * The Store on disk: a lowdb snapshot at `path` plus an append-only journal `${path}.journal`.
 *
 * - commits (group-commit.ts): one write + fdatasync for every commit queued meanwhile, then applied to
 *   memory in order (reducer.ts); reads answer from memory (state.ts).
 * - folds (folds.ts): the state into the snapshot through lowdb (snapshot-file.ts), the journal cut to the
 *   lines the snapshot does not hold.
 * - start-up (load.ts): snapshot + the journal lines after its seq.
 *
 * Files next to `path`, all owner-only (0600), in a folder created owner-only (0700) when missing:
 * `.s<segment>.<gen>` (the snapshot's segments, holding the posts, votes and answers: snapshot.ts),
 * `.journal`, `.bak` (previous snapshot file), `.lock` (lock.ts), and transient `.journal.tmp`, `.bak.tmp`
 * and `.<name>.tmp` (the snapshot file being written).
 */
import { errorCode, type FileHandleLike, nodeFiles, type StoreFiles } from './files.js';
import { Folder } from './folds.js';
import { GroupCommit } from './group-commit.js';
import { JournalFile } from './journal-file.js';
import { load } from './load.js';
import { acquireLock, type StoreLock } from './lock.js';
import type { LockIdentity } from './lock-owner.js';
import { type StoreCounters, type StorePaths, storePaths } from './paths.js';
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
} from './schema.js';
import type { State } from './state.js';
import type { PostPage, PostTally, Store } from './store.js';
import { readTexts } from './stored-answer.js';

export interface OpenStoreOptions {
  /** Event ids remembered for exactly-once commits; the oldest are forgotten first. Default 50_000. */
  maxEventIds?: number;
  /** Tombstones of deleted answers kept; the oldest are forgotten first. Default 50_000. */
  maxTombstones?: number;
  /** Fold when the journal grew by this many bytes since the last fold. Default 64 MiB. */
  foldBytes?: number;
  /**
   * A fold rewrites the journal without the lines no snapshot needs once they pass this many bytes (a fold
   * after a deletion or an edit always does). Default 4 MiB.
   */
  journalCutBytes?: number;
  /** Fold on this period when something changed; 0 turns the timer off. Default 10 minutes. */
  foldEveryMs?: number;
  /** Replaces some file-system calls (tests inject ENOSPC, EACCES, crashes). */
  files?: Partial<StoreFiles>;
  /**
   * Background problems and notices (a failed timed fold, a dropped torn journal line, a stale lock taken
   * over). Default: console.error.
   */
  log?: (message: string) => void;
  /** How often this process refreshes its lock file (the heartbeat). Default 5 s. */
  lockHeartbeatMs?: number;
  /**
   * A lock held by a process this one cannot check (on another host or in another container) is taken
   * over once its heartbeat is older than this. At least twice `lockHeartbeatMs`. Default 30 s.
   */
  lockStaleMs?: number;
  /** Who this process says it is in its lock file (tests pretend to be another container). */
  lockIdentity?: LockIdentity;
}

interface StoreStats extends StoreCounters {
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
  journalCutBytes: 4 * 1024 * 1024,
  foldEveryMs: 10 * 60 * 1000,
  lockHeartbeatMs: 5_000,
  lockStaleMs: 30_000,
};

/** Opens (or creates) the store at `path`. Throws StoreOpenError when the files cannot be trusted. */
export async function openStore(path: string, opts: OpenStoreOptions = {}): Promise<FileStore> {
  const p = storePaths(path);
  const files: StoreFiles = { ...nodeFiles, ...opts.files };
  const log = opts.log ?? ((message: string) => console.error(`[store] ${message}`));
  const limits = {
    maxEventIds: opts.maxEventIds ?? DEFAULTS.maxEventIds,
    maxTombstones: opts.maxTombstones ?? DEFAULTS.maxTombstones,
  };
  const heartbeatMs = opts.lockHeartbeatMs ?? DEFAULTS.lockHeartbeatMs;
  const staleMs = opts.lockStaleMs ?? DEFAULTS.lockStaleMs;
  if (!(heartbeatMs > 0 && staleMs >= 2 * heartbeatMs)) {
    throw new Error(`lockStaleMs (${staleMs}) must be at least twice lockHeartbeatMs (${heartbeatMs})`);
  }
  await files.mkdir(p.dir);
  const lock = await acquireLock(files, p.file, p.lock, {
    heartbeatMs,
    staleMs,
    identity: opts.lockIdentity,
    log,
  });
  const counters: StoreCounters = { journalWrites: 0, fsyncs: 0, folds: 0 };
  const opened: { handle?: FileHandleLike } = {};
  try {
    const loaded = await load(files, p, limits, log, counters, opened);
    const journal = new JournalFile(
      files,
      p,
      loaded.handle,
      loaded.journalLength,
      loaded.snapOffset,
      counters,
    );
    const folder = new Folder(
      { db: loaded.db, snapshot: loaded.snapshot, journal, files, paths: p, counters, log },
      {
        hasSnapshot: loaded.hasSnapshot,
        snapshotSeq: loaded.snapshotSeq,
        scrub: loaded.scrub,
        migrate: loaded.snapshot.legacy,
        foldBytes: opts.foldBytes ?? DEFAULTS.foldBytes,
        cutBytes: opts.journalCutBytes ?? DEFAULTS.journalCutBytes,
        foldEveryMs: opts.foldEveryMs ?? DEFAULTS.foldEveryMs,
      },
    );
    return new FileStoreImpl(p, files, log, loaded.db.data, journal, folder, counters, lock);
  } catch (e) {
    await opened.handle?.close().catch(() => undefined);
    await lock.release();
    throw e;
  }
}

class FileStoreImpl implements FileStore {
  private readonly commits: GroupCommit;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly p: StorePaths,
    private readonly files: StoreFiles,
    private readonly log: (message: string) => void,
    private readonly state: State,
    private readonly journal: JournalFile,
    private readonly folder: Folder,
    private readonly counters: StoreCounters,
    private readonly lock: StoreLock,
  ) {
    this.commits = new GroupCommit(state, journal, (scrub) => folder.afterCommit(scrub));
    lock.onLost = (holder) => this.lockLost(holder);
  }

  // ---- reads (memory) ----

  async post(team: string, channel: string, ts: string): Promise<PostRecord | undefined> {
    return this.state.post(team, channel, ts);
  }
  async posts(team: string, channel: string, page?: PostPage): Promise<PostRecord[]> {
    return this.state.posts(team, channel, page);
  }
  async postCount(team: string, channel: string): Promise<number> {
    return this.state.postCount(team, channel);
  }
  async postTallies(team: string, channel: string, page?: PostPage): Promise<PostTally[]> {
    return this.state.postTallies(team, channel, page);
  }
  async postTally(team: string, channel: string, ts: string): Promise<PostTally | undefined> {
    return this.state.postTally(team, channel, ts);
  }
  async channels(team: string): Promise<string[]> {
    return this.state.channels(team);
  }
  async latestPosts(team: string): Promise<PostRecord[]> {
    return this.state.latestPosts(team);
  }
  async votes(team: string, channel: string, ts: string): Promise<VoteRecord[]> {
    return this.state.votes(team, channel, ts);
  }
  async secondVotes(team: string, channel: string, ts: string): Promise<VoteRecord[]> {
    return this.state.votes(team, channel, ts, true);
  }
  async summaryOf(team: string, channel: string, summaryTs: string): Promise<PostRecord | undefined> {
    return this.state.summaryOf(team, channel, summaryTs);
  }
  async answers(team: string, channel: string, ts: string): Promise<AnswerRecord[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await readTexts(this.files, this.p.dir, this.state.answers(team, channel, ts));
      } catch (e) {
        // A fold replaced the segment file between the state's answer and the read: ask the state again.
        if (errorCode(e) !== 'ENOENT' || attempt >= 3) throw e;
      }
    }
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
  async channelSettings(team: string, channel: string): Promise<ChannelSettings | undefined> {
    return this.state.settings.channel(team, channel);
  }
  async workspaceSettings(team: string): Promise<WorkspaceSettings | undefined> {
    return this.state.settings.workspace(team);
  }
  async teamPrompt(team: string, id: string): Promise<TeamPromptRecord | undefined> {
    return this.state.teamPrompts.get(team, id);
  }
  async teamPrompts(team: string): Promise<TeamPromptRecord[]> {
    return this.state.teamPrompts.list(team);
  }
  async seen(eventId: string): Promise<boolean> {
    return this.state.hasEventId(eventId) || this.commits.isPending(eventId);
  }

  stats(): StoreStats {
    return { ...this.counters, seq: this.state.seq, journalBytes: this.journal.length };
  }

  // ---- writes ----

  commit(ops: Op[], opts?: { eventId?: string }): Promise<boolean> {
    return this.commits.commit(ops, opts);
  }

  flush(): Promise<void> {
    return this.commits.flush();
  }

  compact(): Promise<void> {
    const refusal = this.commits.stopped ?? this.commits.refusal;
    if (refusal) return Promise.reject(refusal);
    return this.folder.request();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Another process took the lock over (this one looked stale): write nothing more, not even a fold. */
  private lockLost(holder: string): void {
    const error = new Error(
      `the store ${this.p.file} was taken over by ${holder} (its lock file ${this.p.lock} no longer names this process), ` +
        'so this process writes nothing more to it: restart it once the other one is stopped',
    );
    this.commits.stopped = error;
    this.folder.stop();
    this.log(error.message);
  }

  private async shutdown(): Promise<void> {
    this.commits.refusal = new Error(`the store ${this.p.file} is closed`);
    this.folder.stop();
    let failure: unknown;
    try {
      await this.commits.flush();
      if (!this.commits.stopped) await this.folder.finish();
    } catch (e) {
      failure = e;
    }
    await this.journal.close().catch((e: unknown) => {
      failure ??= e;
    });
    const lockProblem = await this.lock.release();
    if (failure !== undefined) throw failure;
    if (lockProblem) this.log(lockProblem);
  }
}
