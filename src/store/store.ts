/**
 * The one interface the rest of the app uses to keep and read data.
 * Reads and writes are asynchronous, so a store may live in memory (the file store answers reads from its
 * indexes) or in a database. Writes are ops, durable when `commit` resolves.
 */
import type { Movement } from '../domain/second-look.js';
import type { Tally } from '../domain/tally.js';
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

/**
 * A page of a channel's prompts, newest first: at most `limit` of them, only those older than the prompt
 * `before` (a ts, compared as a decimal number). The next page starts before the last ts of this one.
 */
export interface PostPage {
  limit?: number;
  before?: string;
}

/** A prompt with what the archive's read paths count of it, kept per prompt so they need not read its votes. */
export interface PostTally {
  post: PostRecord;
  /** Its votes (VoteRecords that are on), counted as the domain's `tally` counts them. */
  tally: Tally;
  /** How many thread answers it holds. */
  answers: number;
  /** Once its results summary asked (`post.summaryTs` set): the second look's tally and how people moved. */
  secondLook?: { tally: Tally; movement: Movement };
}

export interface Store {
  /** The prompt posted as message `ts`, if it is one of ours. */
  post(team: string, channel: string, ts: string): Promise<PostRecord | undefined>;
  /** A channel's prompts, newest first; every one, or a page of them. */
  posts(team: string, channel: string, page?: PostPage): Promise<PostRecord[]>;
  /** How many prompts a channel has. */
  postCount(team: string, channel: string): Promise<number>;
  /** A channel's prompts with their counts, newest first; every one, or a page of them. */
  postTallies(team: string, channel: string, page?: PostPage): Promise<PostTally[]>;
  /** One prompt with its counts, if it is one of ours. */
  postTally(team: string, channel: string, ts: string): Promise<PostTally | undefined>;
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
