/**
 * The store's data in memory: indexed maps, the reads, and the building blocks the reducer
 * (reducer.ts) and the snapshot loader change it with. Pure: no files, no clock.
 *
 * Layout, chosen to keep a million votes small:
 *   teams → channels → { posts: ts → PostEntry, threads: answer ts → PostEntry }
 *   PostEntry.votes: emoji → user → PackedVote (a number, usually; the VoteRecord is rebuilt on read)
 * Records handed out (posts, answers, schedules, rotations) are frozen, so a caller cannot change the store
 * by mutating what it read.
 */
import type { VoteEmoji } from '../domain/options.js';
import { compareTs } from '../domain/slack-ts.js';
import { compareVoteTs, packVote, voteOn, voteTs } from './packed-vote.js';
import { RecentSet } from './recent-set.js';
import type { AnswerRecord, PostRecord, RotationRecord, ScheduleRecord, VoteRecord } from './schema.js';
import { SettingsTable } from './settings-table.js';
import { freezeRotation, isOlderEdit, key2, key3, SEP } from './state-helpers.js';
import { TeamPromptTable } from './team-prompt-table.js';
import { UserDirectory } from './user-directory.js';
import { VoteColumn } from './vote-column.js';

export interface PostEntry {
  record: PostRecord;
  /** emoji → user → that user's latest record for that emoji (see PackedVote). */
  readonly votes: Map<VoteEmoji, VoteColumn>;
  /** The same for the second look (reactions on the results summary); made on the first such vote. */
  secondVotes?: Map<VoteEmoji, VoteColumn>;
  /** answer ts → answer. */
  readonly answers: Map<string, AnswerRecord>;
}

interface ChannelData {
  readonly posts: Map<string, PostEntry>;
  /** The newest post (posts are only ever added). */
  latest?: PostEntry;
  /** answer ts → the post whose thread holds it. */
  readonly threads: Map<string, PostEntry>;
  /** results summary ts → the post it summarises. */
  readonly summaries: Map<string, PostEntry>;
}

export interface StateLimits {
  maxEventIds: number;
  maxTombstones: number;
}

export class State {
  /** Seq of the last commit applied. */
  seq = 0;
  private readonly teams = new Map<string, Map<string, ChannelData>>();
  private readonly scheduleMap = new Map<string, ScheduleRecord>();
  private readonly rotationMap = new Map<string, RotationRecord>();
  /** team\0channel\0ts of deleted answers. */
  private readonly tombstoneSet: RecentSet;
  /** Applied event ids. */
  private readonly eventIdSet: RecentSet;
  /** Voters' ids, each once (see UserDirectory). */
  private readonly directory = new UserDirectory();
  /** Channel and workspace settings. */
  readonly settings = new SettingsTable();
  /** Workspaces' own prompts and suggestions. */
  readonly teamPrompts = new TeamPromptTable();

  /**
   * Called with a post entry just before it changes (its record, votes or answers). A fold that writes the
   * snapshot in slices sets it to keep the entries it has not written yet as they were when it began.
   */
  onPostChange: ((entry: PostEntry) => void) | undefined;

  constructor(limits: StateLimits) {
    this.tombstoneSet = new RecentSet(limits.maxTombstones);
    this.eventIdSet = new RecentSet(limits.maxEventIds);
  }

  // ---- reads ----

  post(team: string, channel: string, ts: string): PostRecord | undefined {
    return this.postEntry(team, channel, ts)?.record;
  }

  postEntry(team: string, channel: string, ts: string): PostEntry | undefined {
    return this.teams.get(team)?.get(channel)?.posts.get(ts);
  }

  posts(team: string, channel: string): PostRecord[] {
    const ch = this.channel(team, channel);
    if (!ch) return [];
    return Array.from(ch.posts.values(), (e) => e.record).sort((a, b) => compareTs(b.ts, a.ts));
  }

  latestPosts(team: string): PostRecord[] {
    return [...(this.teams.get(team)?.values() ?? [])].flatMap((ch) => ch.latest?.record ?? []);
  }

  channels(team: string): string[] {
    return [...(this.teams.get(team) ?? [])].flatMap(([id, ch]) => (ch.posts.size > 0 ? [id] : []));
  }

  votes(team: string, channel: string, ts: string, second = false): VoteRecord[] {
    const entry = this.postEntry(team, channel, ts);
    const columns = second ? entry?.secondVotes : entry?.votes;
    const out: VoteRecord[] = [];
    for (const [emoji, byUser] of columns ?? []) {
      for (const [user, v] of byUser) out.push({ user, emoji, on: voteOn(v), eventTs: voteTs(v) });
    }
    return out;
  }

  /** The post whose results summary is message `summaryTs`. */
  summaryOf(team: string, channel: string, summaryTs: string): PostRecord | undefined {
    return this.channel(team, channel)?.summaries.get(summaryTs)?.record;
  }

  answers(team: string, channel: string, ts: string): AnswerRecord[] {
    const entry = this.postEntry(team, channel, ts);
    if (!entry) return [];
    return Array.from(entry.answers.values()).sort((a, b) => compareTs(a.ts, b.ts));
  }

  threadOf(team: string, channel: string, ts: string): PostRecord | undefined {
    return this.channel(team, channel)?.threads.get(ts)?.record;
  }

  isTombstoned(team: string, channel: string, ts: string): boolean {
    return this.tombstoneSet.has(key3(team, channel, ts));
  }

  schedule(team: string, channel: string): ScheduleRecord | undefined {
    return this.scheduleMap.get(key2(team, channel));
  }

  schedules(): ScheduleRecord[] {
    return Array.from(this.scheduleMap.values());
  }

  rotation(team: string, channel: string): RotationRecord | undefined {
    return this.rotationMap.get(key2(team, channel));
  }

  hasEventId(id: string): boolean {
    return this.eventIdSet.has(id);
  }

  // ---- building blocks (the reducer's and the snapshot loader's) ----

  putPost(post: PostRecord): PostEntry {
    const ch = this.channelFor(post.team, post.channel);
    const existing = ch.posts.get(post.ts);
    if (existing) {
      this.onPostChange?.(existing);
      const was = existing.record.summaryTs;
      if (was !== undefined && ch.summaries.get(was) === existing) ch.summaries.delete(was);
      existing.record = Object.freeze(post);
      if (post.summaryTs !== undefined) ch.summaries.set(post.summaryTs, existing);
      return existing;
    }
    const entry: PostEntry = { record: Object.freeze(post), votes: new Map(), answers: new Map() };
    ch.posts.set(post.ts, entry);
    if (!ch.latest || compareTs(post.ts, ch.latest.record.ts) > 0) ch.latest = entry;
    if (post.summaryTs !== undefined) ch.summaries.set(post.summaryTs, entry);
    return entry;
  }

  /** Keeps, per (post, emoji, user), the latest vote by event ts (the first on a tie); `second`: the second look's. */
  putVote(entry: PostEntry, emoji: VoteEmoji, user: string, on: boolean, eventTs: string, second = false) {
    const packed = packVote(on, eventTs);
    let byUser = (second ? entry.secondVotes : entry.votes)?.get(emoji);
    const cur = byUser?.get(user);
    if (cur !== undefined && compareVoteTs(packed, cur) <= 0) return;
    this.onPostChange?.(entry);
    if (!byUser) {
      byUser = new VoteColumn(this.directory);
      if (second) entry.secondVotes ??= new Map();
      (second ? entry.secondVotes : entry.votes)?.set(emoji, byUser);
    }
    byUser.set(user, packed);
  }

  /** Shrinks a closed post's first-look vote columns to their votes (see VoteColumn.compact). */
  compactVotes(entry: PostEntry): void {
    for (const column of entry.votes.values()) column.compact();
  }

  /**
   * Stores an answer unless it is tombstoned, its post unknown or it is an older edit. Returns true when
   * text that is not stored (any more) may be in the files: a refused late copy of a deleted answer, an
   * older edit, or the text an edit replaced.
   */
  putAnswer(team: string, channel: string, threadTs: string, answer: AnswerRecord): boolean {
    if (this.isTombstoned(team, channel, answer.ts)) return true;
    const ch = this.channel(team, channel);
    const entry = ch?.posts.get(threadTs);
    if (!ch || !entry) return false;
    const previous = ch.threads.get(answer.ts);
    if (previous && previous !== entry) {
      this.onPostChange?.(previous);
      previous.answers.delete(answer.ts);
    }
    const cur = entry.answers.get(answer.ts);
    if (cur && isOlderEdit(answer, cur)) return true; // the older text is on disk, never stored
    this.onPostChange?.(entry);
    entry.answers.set(answer.ts, Object.freeze(answer));
    ch.threads.set(answer.ts, entry);
    // The text an edit replaced must not stay in the files either: people edit to take words back.
    return cur !== undefined && cur.text !== answer.text;
  }

  /** Records that the post closed and shrinks its vote columns (see VoteColumn.compact). */
  closePost(entry: PostEntry, at: string): void {
    this.onPostChange?.(entry);
    entry.record = Object.freeze({ ...entry.record, closedAt: at });
    this.compactVotes(entry);
  }

  /** Returns true when there was such an answer. */
  removeAnswer(team: string, channel: string, ts: string): boolean {
    const ch = this.channel(team, channel);
    const entry = ch?.threads.get(ts);
    if (!ch || !entry) return false;
    this.onPostChange?.(entry);
    entry.answers.delete(ts);
    ch.threads.delete(ts);
    return true;
  }

  putRotation(rotation: RotationRecord): void {
    this.rotationMap.set(key2(rotation.team, rotation.channel), freezeRotation(rotation));
  }

  putSchedule(schedule: ScheduleRecord): void {
    this.scheduleMap.set(key2(schedule.team, schedule.channel), Object.freeze(schedule));
  }

  removeSchedule(team: string, channel: string): void {
    this.scheduleMap.delete(key2(team, channel));
  }

  addTombstone(team: string, channel: string, ts: string): void {
    this.tombstoneSet.add(key3(team, channel, ts));
  }

  addEventId(id: string): void {
    this.eventIdSet.add(id);
  }

  // ---- iteration for the snapshot ----

  *postEntries(): IterableIterator<PostEntry> {
    for (const chans of this.teams.values()) {
      for (const ch of chans.values()) yield* ch.posts.values();
    }
  }

  tombstones(): [string, string, string][] {
    return Array.from(this.tombstoneSet.keys(), (k) => k.split(SEP) as [string, string, string]);
  }

  eventIds(): string[] {
    return Array.from(this.eventIdSet.keys());
  }

  rotations(): RotationRecord[] {
    return Array.from(this.rotationMap.values());
  }

  // ---- private ----

  private channel(team: string, channel: string): ChannelData | undefined {
    return this.teams.get(team)?.get(channel);
  }

  private channelFor(team: string, channel: string): ChannelData {
    let chans = this.teams.get(team);
    if (!chans) {
      chans = new Map();
      this.teams.set(team, chans);
    }
    let ch = chans.get(channel);
    if (!ch) {
      ch = { posts: new Map(), threads: new Map(), summaries: new Map() };
      chans.set(channel, ch);
    }
    return ch;
  }

  /** Forgets everything of one team; returns true when it had anything stored. */
  purge(team: string): boolean {
    let found = this.settings.purge(team);
    found = this.teamPrompts.purge(team) || found;
    found = this.teams.delete(team) || found;
    const prefix = `${team}${SEP}`;
    for (const map of [this.scheduleMap, this.rotationMap, this.tombstoneSet]) {
      for (const k of map.keys()) {
        if (k.startsWith(prefix)) found = map.delete(k) || found;
      }
    }
    return found;
  }
}
