/**
 * The one interface the rest of the app uses to keep and read data.
 * Reads and writes are asynchronous, so a store may live in memory (the file store answers reads from its
 * indexes) or in a database. Writes are ops, durable when `commit` resolves.
 */
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

export interface Store {
  /** The prompt posted as message `ts`, if it is one of ours. */
  post(team: string, channel: string, ts: string): Promise<PostRecord | undefined>;
  /** A channel's prompts, newest first. */
  posts(team: string, channel: string): Promise<PostRecord[]>;
  /** Channels (of a team) that have at least one prompt. */
  channels(team: string): Promise<string[]>;
  /** Each channel's newest prompt (of the channels of a team that have one), in no particular order. */
  latestPosts(team: string): Promise<PostRecord[]>;
  /** Latest record per (user, emoji) on a prompt, removals included (`on: false`). */
  votes(team: string, channel: string, ts: string): Promise<VoteRecord[]>;
  /** Latest record per (user, emoji) of a prompt's second look (reactions on its results summary). */
  secondVotes(team: string, channel: string, ts: string): Promise<VoteRecord[]>;
  /** The prompt whose results summary is message `summaryTs`, if any. */
  summaryOf(team: string, channel: string, summaryTs: string): Promise<PostRecord | undefined>;
  /** A prompt's thread answers, oldest first. */
  answers(team: string, channel: string, ts: string): Promise<AnswerRecord[]>;
  /** The prompt whose thread holds answer `ts`, if any. */
  threadOf(team: string, channel: string, ts: string): Promise<PostRecord | undefined>;
  isTombstoned(team: string, channel: string, ts: string): Promise<boolean>;
  schedule(team: string, channel: string): Promise<ScheduleRecord | undefined>;
  schedules(): Promise<ScheduleRecord[]>;
  rotation(team: string, channel: string): Promise<RotationRecord | undefined>;
  /** A channel's settings as set so far (absent fields have the app's defaults); undefined when none. */
  channelSettings(team: string, channel: string): Promise<ChannelSettings | undefined>;
  /** A workspace's settings as set so far; undefined when none. */
  workspaceSettings(team: string): Promise<WorkspaceSettings | undefined>;
  /** A workspace's own prompt or suggestion with this id, whatever its status. */
  teamPrompt(team: string, id: string): Promise<TeamPromptRecord | undefined>;
  /** A workspace's own prompts and suggestions, every status, in the order they were added. */
  teamPrompts(team: string): Promise<TeamPromptRecord[]>;
  /** True when an event with this id was already applied (or is being applied now). */
  seen(eventId: string): Promise<boolean>;

  /**
   * Applies ops in order and resolves once they are on disk (fsync'd). With `eventId`, the whole
   * commit happens at most once: it resolves `false` (and changes nothing) for an id already applied.
   * Rejects, changing nothing, when the write fails.
   */
  commit(ops: Op[], opts?: { eventId?: string }): Promise<boolean>;
  /** Folds the journal into the snapshot now. */
  compact(): Promise<void>;
  /** Waits for pending writes, folds, releases the lock. */
  close(): Promise<void>;
}

export class StoreOpenError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Cannot open ${file}: ${reason}`);
    this.name = 'StoreOpenError';
  }
}
