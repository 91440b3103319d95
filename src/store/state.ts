/**
 * The store's data in memory: indexed maps, the reads, the building blocks the reducer (reducer.ts) and the
 * snapshot loaders change it with, and its iteration for the snapshot. Pure: no files, no clock.
 *
 * Layout, chosen to keep a million votes small:
 *   teams → channels → posts: ts → PostEntry, also in time order (channel-table.ts); counts: post-tallies.ts
 *   PostEntry.votes: emoji → user → PackedVote (a number, usually; the VoteRecord is rebuilt on read)
 *   PostEntry.answers: ts → StoredAnswer (numbers, usually: AnswerList); no index answer → post (`thread`)
 * Records handed out (posts, answers, schedules, rotations) are frozen, so a caller cannot change the store
 * by mutating what it read.
 */
import type { VoteEmoji } from '../domain/options.js';
import { compareTs } from '../domain/slack-ts.js';
import { AnswerList } from './answer-list.js';
import { type ChannelData as Channel, ChannelTable } from './channel-table.js';
import { compareVoteTs, type PackedVote, tsNumber, voteOn, voteTs } from './packed-vote.js';
import { TallyCache } from './post-tallies.js';
import { RecentSet } from './recent-set.js';
import type { PostRecord, RotationRecord, ScheduleRecord, VoteRecord } from './schema.js';
import { SegmentMap } from './segment-map.js';
import { SettingsTable } from './settings-table.js';
import { freezeRotation, isOlderEdit, key2, key3, SEP } from './state-helpers.js';
import type { PostPage, PostTally } from './store.js';
import type { StoredAnswer } from './stored-answer.js';
import { TeamPromptTable } from './team-prompt-table.js';
import { UserDirectory } from './user-directory.js';
import { VoteColumn } from './vote-column.js';

export interface PostEntry {
  record: PostRecord;
  /** emoji → user → that user's latest record for that emoji (see PackedVote). */
  readonly votes: Map<VoteEmoji, VoteColumn>;
  /** The same for the second look (reactions on the results summary); made on the first such vote. */
  secondVotes?: Map<VoteEmoji, VoteColumn>;
  /** answer ts → answer (its text in memory, or where it is on disk: see StoredAnswer). */
  readonly answers: AnswerList;
  /** The snapshot segment the post is stored in (see SegmentMap). */
  segment: number;
}

type ChannelData = Channel<PostEntry>;

export interface StateLimits {
  maxEventIds: number;
  maxTombstones: number;
}

export class State {
  /** Seq of the last commit applied. */
  seq = 0;
  private readonly chans = new ChannelTable<PostEntry>();
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
  /** Which snapshot segment each post is in, and which changed since the last fold (see SegmentMap). */
  readonly segments = new SegmentMap(this.directory);
  /** Each post's counts, once read (forgotten when it changes). */
  private readonly tallies = new TallyCache<PostEntry>();

  /** Called with a post entry just before it changes: a fold under way keeps the posts it has not written yet. */
  onPostChange: ((entry: PostEntry) => void) | undefined;

  constructor(limits: StateLimits) {
    this.tombstoneSet = new RecentSet(limits.maxTombstones);
    this.eventIdSet = new RecentSet(limits.maxEventIds);
  }

  post(team: string, channel: string, ts: string): PostRecord | undefined {
    return this.postEntry(team, channel, ts)?.record;
  }

  postEntry(team: string, channel: string, ts: string): PostEntry | undefined {
    return this.chans.get(team, channel)?.posts.get(ts);
  }

  posts(team: string, channel: string, page?: PostPage): PostRecord[] {
    return (this.channel(team, channel)?.order.page(page) ?? []).map((e) => e.record);
  }

  postCount(team: string, channel: string): number {
    return this.channel(team, channel)?.posts.size ?? 0;
  }

  postTallies(team: string, channel: string, page?: PostPage): PostTally[] {
    return (this.channel(team, channel)?.order.page(page) ?? []).map((e) => this.tallies.of(e));
  }

  postTally(team: string, channel: string, ts: string): PostTally | undefined {
    const entry = this.postEntry(team, channel, ts);
    return entry && this.tallies.of(entry);
  }

  latestPosts(team: string): PostRecord[] {
    return this.chans.channels(team).flatMap((id) => this.chans.get(team, id)?.order.newest()?.record ?? []);
  }

  channels(team: string): string[] {
    return this.chans.channels(team);
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

  answers(team: string, channel: string, ts: string): StoredAnswer[] {
    const entry = this.postEntry(team, channel, ts);
    if (!entry) return [];
    return entry.answers.values().sort((a, b) => compareTs(a.ts, b.ts));
  }

  threadOf(team: string, channel: string, ts: string): PostRecord | undefined {
    const ch = this.channel(team, channel);
    return ch && this.thread(ch, ts)?.record;
  }

  isTombstoned(team: string, channel: string, ts: string): boolean {
    return this.tombstoneSet.size > 0 && this.tombstoneSet.has(key3(team, channel, ts));
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

  /** `segment`: the segment the snapshot loader found it in (else it joins the newest one). */
  putPost(post: PostRecord, segment?: number): PostEntry {
    const ch = this.chans.getOrAdd(post.team, post.channel);
    const existing = ch.posts.get(post.ts);
    if (existing) {
      this.changing(existing);
      const was = existing.record.summaryTs;
      if (was !== undefined && ch.summaries.get(was) === existing) ch.summaries.delete(was);
      existing.record = Object.freeze(post);
      if (post.summaryTs !== undefined) ch.summaries.set(post.summaryTs, existing);
      return existing;
    }
    const entry = this.segments.add(Object.freeze(post), segment);
    ch.posts.set(post.ts, entry);
    ch.order.add(entry);
    if (post.summaryTs !== undefined) ch.summaries.set(post.summaryTs, entry);
    return entry;
  }

  /** Keeps, per (post, emoji, user), the latest vote by event ts (the first on a tie); `second`: the second look's. */
  putVote(entry: PostEntry, emoji: VoteEmoji, user: string, packed: PackedVote, second = false) {
    let byUser = (second ? entry.secondVotes : entry.votes)?.get(emoji);
    const cur = byUser?.get(user);
    if (cur !== undefined && compareVoteTs(packed, cur) <= 0) return;
    this.changing(entry);
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
  putAnswer(team: string, channel: string, threadTs: string, answer: StoredAnswer): boolean {
    if (this.isTombstoned(team, channel, answer.ts)) return true;
    const ch = this.channel(team, channel);
    const entry = ch?.posts.get(threadTs);
    if (!ch || !entry) return false;
    const previous = entry.answers.has(answer.ts) ? entry : this.thread(ch, answer.ts);
    if (previous && previous !== entry) {
      this.changing(previous);
      previous.answers.delete(answer.ts);
    }
    const cur = entry.answers.get(answer.ts);
    if (cur && isOlderEdit(answer, cur)) return true; // the older text is on disk, never stored
    this.changing(entry);
    entry.answers.set(Object.freeze(answer));
    // The text an edit replaced must not stay in the files either (a text on disk counts as different).
    return cur !== undefined && cur.text !== answer.text;
  }

  /** Records that the post closed and shrinks its vote columns (see VoteColumn.compact). */
  closePost(entry: PostEntry, at: string): void {
    this.changing(entry);
    entry.record = Object.freeze({ ...entry.record, closedAt: at });
    this.compactVotes(entry);
  }

  /** Returns true when there was such an answer. */
  removeAnswer(team: string, channel: string, ts: string): boolean {
    const ch = this.channel(team, channel);
    const entry = ch && this.thread(ch, ts);
    if (!entry) return false;
    this.changing(entry);
    entry.answers.delete(ts);
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

  postEntries(): IterableIterator<PostEntry> {
    return this.chans.entries();
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

  /**
   * Every change to a post goes through here, before it happens: its segment must be written again (a fold under
   * way keeps it as it was), and its counts are worked out again on the next read.
   */
  private changing(entry: PostEntry): void {
    this.segments.changed(entry);
    this.tallies.forget(entry);
    this.onPostChange?.(entry);
  }

  /** The post whose thread holds answer `ts`: a reply is newer than its post, so those at or before it first. */
  private thread(ch: ChannelData, ts: string, n = tsNumber(ts)): PostEntry | undefined {
    return AnswerList.mayHold(n) ? ch.order.find(ts, (e) => e.answers.has(ts, n)) : undefined;
  }

  private channel(team: string, channel: string): ChannelData | undefined {
    return this.chans.get(team, channel);
  }

  /** Forgets everything of one team; returns true when it had anything stored. */
  purge(team: string): boolean {
    let found = this.settings.purge(team);
    found = this.teamPrompts.purge(team) || found;
    this.segments.removeTeam(team);
    found = this.chans.dropTeam(team) || found;
    const prefix = `${team}${SEP}`;
    for (const map of [this.scheduleMap, this.rotationMap, this.tombstoneSet]) {
      for (const k of map.keys()) if (k.startsWith(prefix)) found = map.delete(k) || found;
    }
    return found;
  }
}
