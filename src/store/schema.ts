/**
 * What the store keeps, and the changes (ops) that are the only way to alter it.
 * Plain data: no lowdb, no Slack. The store appends ops to its journal and folds them into the snapshot.
 */
import type { VoteEmoji } from '../domain/options.js';

/** 2: posts may carry `summaryTs` and `revisitOf`, and second-look votes (an app before it would drop them). */
export const SCHEMA_VERSION = 2;

/** A prompt the bot posted in a channel. `ts` is the Slack message timestamp (its id within the channel). */
export interface PostRecord {
  team: string;
  channel: string;
  ts: string;
  promptId: string;
  /** ISO 8601 instant the post was made. */
  postedAt: string;
  /** ISO instant of the schedule slot this post filled, for scheduled posts. */
  slot?: string;
  /** ISO instant the results summary was posted in the thread. */
  closedAt?: string;
  /** The results summary's message ts, once posted: its reactions are the second-look votes. */
  summaryTs?: string;
  /** Set when this post brings back a prompt the channel discussed before: that earlier post's ts. */
  revisitOf?: string;
}

/** One person's reaction with one emoji on one prompt. The latest `eventTs` wins; `on: false` is a removal. */
export interface VoteRecord {
  user: string;
  emoji: VoteEmoji;
  on: boolean;
  eventTs: string;
}

/**
 * A reply in a prompt's thread. Edits replace `text`; deletions remove the record entirely.
 * An answer has exactly one of `user` (a reply its author posted) and `deleteHash` (an anonymous answer the bot
 * posted for someone the app never records).
 */
export interface AnswerRecord {
  /** Who wrote it; absent for an anonymous answer. */
  user?: string;
  ts: string;
  text: string;
  /** ISO instant of the last edit. */
  editedAt?: string;
  /** An anonymous answer: the SHA-256 (64 hex digits) of the token on its author's Delete button. */
  deleteHash?: string;
}

export interface ScheduleRecord {
  team: string;
  channel: string;
  /** A validated cron expression, five fields or six (with seconds). */
  cron: string;
  /** IANA time zone. */
  tz: string;
  paused: boolean;
  /** `default`: from PROMPT_CHANNEL/PROMPT_CRON/PROMPT_TZ, re-applied at start; `command`: set in Slack, wins. */
  origin: 'default' | 'command';
  /** ISO instant the schedule was set; no slot before it is ever posted. */
  since: string;
  /** ISO instant of the last slot claimed (recorded before posting). */
  lastSlot?: string;
  /** Who set it with `schedule` in Slack (a user id); absent for the default and in stores from before. */
  setBy?: string;
  /**
   * `schedule off` in PROMPT_CHANNEL: the channel has no schedule, and the default does not come back at the next
   * start. Always paused too. Elsewhere `schedule off` deletes the record.
   */
  removed?: boolean;
}

/** Where a channel is in its shuffled walk through the prompt library. */
export interface RotationRecord {
  team: string;
  channel: string;
  seed: number;
  /** Completed passes through the library; each pass is shuffled with (seed, cycle). */
  cycle: number;
  /** Prompt ids already used in the current pass. */
  used: string[];
}

/** Which prompts a workspace's rotation draws on: its own (approved suggestions, imports), the shipped library, or both. */
export const LIBRARY_MODES = ['own', 'shipped', 'both'] as const;
export type LibraryMode = (typeof LIBRARY_MODES)[number];

/** A channel's settings, as its admins set them. A field that is absent has the app's default. */
export interface ChannelSettings {
  /** Whether people may answer anonymously in this channel's threads. */
  anonymous?: boolean;
  /** Whether prompts discussed a year or more ago may come back. */
  revisit?: boolean;
}

/** A workspace's settings. A field that is absent has the app's default. */
export interface WorkspaceSettings {
  library?: LibraryMode;
}

export type Op =
  | { type: 'post'; post: PostRecord }
  | { type: 'close'; team: string; channel: string; ts: string; at: string }
  | { type: 'vote'; team: string; channel: string; ts: string; vote: VoteRecord }
  /** Records the message ts of prompt `ts`'s results summary (posted after the close was committed). */
  | { type: 'summary'; team: string; channel: string; ts: string; summaryTs: string }
  /** A vote on prompt `ts`'s summary ("where do you stand now?"): kept apart from the first votes, same rules. */
  | { type: 'second-vote'; team: string; channel: string; ts: string; vote: VoteRecord }
  /** Insert or replace an answer in the thread of prompt `threadTs`. Ignored if `ts` is tombstoned. */
  | { type: 'answer'; team: string; channel: string; threadTs: string; answer: AnswerRecord }
  /** Remove the answer `ts` (wherever it is) and leave a tombstone so a late copy is not stored. */
  | { type: 'unanswer'; team: string; channel: string; ts: string }
  | { type: 'schedule'; schedule: ScheduleRecord }
  | { type: 'unschedule'; team: string; channel: string }
  | { type: 'pause'; team: string; channel: string; paused: boolean }
  /** Claim a schedule slot: sets `lastSlot`. Claiming a slot not after `lastSlot` is a no-op. */
  | { type: 'slot'; team: string; channel: string; slot: string }
  | { type: 'rotation'; rotation: RotationRecord }
  /** Sets the given fields of a channel's settings; fields not given keep their value. */
  | { type: 'channel-settings'; team: string; channel: string; set: ChannelSettings }
  /** Sets the given fields of a workspace's settings; fields not given keep their value. */
  | { type: 'workspace-settings'; team: string; set: WorkspaceSettings }
  /** Forget everything of one workspace (app_uninstalled, tokens_revoked). */
  | { type: 'purge'; team: string };
