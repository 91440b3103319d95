/**
 * The store's data in memory: indexed maps, the reducer that applies ops, and the reads.
 * Pure: no files, no clock. The file store feeds it ops in journal order (live, or replayed at start-up).
 *
 * Layout, chosen to keep a million votes small:
 *   teams → channels → { posts: ts → PostEntry, threads: answer ts → PostEntry }
 *   PostEntry.votes: emoji → user → PackedVote (a number, usually; the VoteRecord is rebuilt on read)
 * Records handed out (posts, answers, schedules, rotations) are frozen, so a caller cannot change the store
 * by mutating what it read.
 */
import type { VoteEmoji } from '../domain/options.js';
import { compareTs } from '../domain/slack-ts.js';
import { instantMs } from './check.js';
import type { AnswerRecord, Op, PostRecord, RotationRecord, ScheduleRecord, VoteRecord } from './schema.js';

/**
 * One person's latest vote with one emoji, packed to keep a million votes light (no object, no string):
 * a number when the event ts has Slack's usual shape ("1764070000.000100", seconds not above 8999999999):
 * ±(seconds × 10^6 + microseconds + 1), positive for `on`; otherwise the string `"1" | "0"` + eventTs.
 */
export type PackedVote = number | string;

const CANONICAL_TS = /^[1-8]\d{9}\.\d{6}$/;

export function packVote(on: boolean, eventTs: string): PackedVote {
  if (eventTs.length === 17 && CANONICAL_TS.test(eventTs)) {
    const n = Number(eventTs.slice(0, 10)) * 1_000_000 + Number(eventTs.slice(11)) + 1;
    return on ? n : -n;
  }
  return (on ? '1' : '0') + eventTs;
}

export function voteOn(v: PackedVote): boolean {
  return typeof v === 'number' ? v > 0 : v.charCodeAt(0) === 49;
}

export function voteTs(v: PackedVote): string {
  if (typeof v !== 'number') return v.slice(1);
  const n = Math.abs(v) - 1;
  const micro = n % 1_000_000;
  return `${(n - micro) / 1_000_000}.${String(micro).padStart(6, '0')}`;
}

/** Orders two packed votes by event ts, as compareTs does. */
function compareVoteTs(a: PackedVote, b: PackedVote): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const x = Math.abs(a);
    const y = Math.abs(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareTs(voteTs(a), voteTs(b));
}

/**
 * People's ids, each kept once and numbered in order of first appearance: a million votes come from a few
 * thousand people, so columns hold numbers, not strings. An id stays here (in memory only) until the
 * process restarts, even after its workspace is purged.
 */
export class UserDirectory {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];

  /** The number for `user`, numbering it if new. */
  number(user: string): number {
    let n = this.numbers.get(user);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(user);
      this.numbers.set(user, n);
    }
    return n;
  }

  /** The number for `user`, if it has one (a read never numbers anyone). */
  find(user: string): number | undefined {
    return this.numbers.get(user);
  }

  id(n: number): string {
    return this.ids[n] as string;
  }
}

/** Up to this many votes a column finds a person by scanning; beyond it, through an index built on need. */
const SCAN_LIMIT = 32;

/**
 * One emoji's votes on one post, in the order people first voted: slot → person's number (Int32Array) and
 * slot → packed vote (Float64Array). No object and no map entry per vote: a million stored votes are
 * twelve bytes each and a few thousand arrays for the garbage collector. A column larger than SCAN_LIMIT
 * that is written to builds a number → slot index; `compact()` drops it (and spare room) once the post is
 * closed. Votes are never removed (a removal is an `on: false` record), only replaced.
 */
export class VoteColumn {
  private count = 0;
  private people = new Int32Array(4);
  private packed = new Float64Array(4);
  private index: Map<number, number> | undefined;
  /** Slot → the vote, for the few whose event ts does not pack into a number (their slot holds NaN). */
  private odd: Map<number, string> | undefined;

  constructor(private readonly directory: UserDirectory) {}

  get size(): number {
    return this.count;
  }

  get(user: string): PackedVote | undefined {
    const n = this.directory.find(user);
    const slot = n === undefined ? -1 : this.slotOf(n);
    return slot < 0 ? undefined : this.at(slot);
  }

  set(user: string, vote: PackedVote): void {
    const n = this.directory.number(user);
    let slot = this.slotOf(n);
    if (slot < 0) slot = this.append(n);
    if (typeof vote === 'number') {
      this.packed[slot] = vote;
      this.odd?.delete(slot);
    } else {
      this.packed[slot] = Number.NaN;
      this.odd ??= new Map();
      this.odd.set(slot, vote);
    }
  }

  /** Drops the index and the spare room: for a closed post's votes, which few people change again. */
  compact(): void {
    this.index = undefined;
    if (this.people.length > this.count) {
      this.people = this.people.slice(0, this.count);
      this.packed = this.packed.slice(0, this.count);
    }
  }

  *[Symbol.iterator](): IterableIterator<[string, PackedVote]> {
    for (let slot = 0; slot < this.count; slot++) {
      yield [this.directory.id(this.people[slot] as number), this.at(slot)];
    }
  }

  private slotOf(n: number): number {
    if (!this.index) {
      if (this.count <= SCAN_LIMIT) {
        for (let slot = 0; slot < this.count; slot++) if (this.people[slot] === n) return slot;
        return -1;
      }
      this.index = new Map();
      for (let slot = 0; slot < this.count; slot++) this.index.set(this.people[slot] as number, slot);
    }
    return this.index.get(n) ?? -1;
  }

  private append(n: number): number {
    const slot = this.count;
    if (slot === this.people.length) {
      const room = Math.max(4, slot * 2);
      const people = new Int32Array(room);
      people.set(this.people);
      this.people = people;
      const packed = new Float64Array(room);
      packed.set(this.packed);
      this.packed = packed;
    }
    this.people[slot] = n;
    this.count = slot + 1;
    this.index?.set(n, slot);
    return slot;
  }

  private at(slot: number): PackedVote {
    const v = this.packed[slot] as number;
    return Number.isNaN(v) ? (this.odd?.get(slot) as string) : v;
  }
}

export interface PostEntry {
  record: PostRecord;
  /** emoji → user → that user's latest record for that emoji (see PackedVote). */
  readonly votes: Map<VoteEmoji, VoteColumn>;
  /** answer ts → answer. */
  readonly answers: Map<string, AnswerRecord>;
}

interface ChannelData {
  readonly posts: Map<string, PostEntry>;
  /** answer ts → the post whose thread holds it. */
  readonly threads: Map<string, PostEntry>;
}

/**
 * What an op means for text that is no longer stored but may still be in the files: `now` (a deletion,
 * a purge, an edit that replaced an answer's text, a refused late copy of a deleted answer: fold
 * promptly), or `none`.
 */
export const Scrub = { none: 0, now: 1 } as const;
export type Scrub = (typeof Scrub)[keyof typeof Scrub];

export const moreUrgent = (a: Scrub, b: Scrub): Scrub => (a > b ? a : b);

export interface StateLimits {
  maxEventIds: number;
  maxTombstones: number;
}

const SEP = '\u0000';
const key2 = (team: string, channel: string) => `${team}${SEP}${channel}`;
const key3 = (team: string, channel: string, ts: string) => `${team}${SEP}${channel}${SEP}${ts}`;

function freezeRotation(r: RotationRecord): RotationRecord {
  Object.freeze(r.used);
  return Object.freeze(r);
}

/** True when `next` is an older edit than `current` (an unedited copy is the oldest). */
function isOlderEdit(next: AnswerRecord, current: AnswerRecord): boolean {
  if (current.editedAt === undefined) return false;
  return next.editedAt === undefined || instantMs(next.editedAt) < instantMs(current.editedAt);
}

export class State {
  /** Seq of the last commit applied. */
  seq = 0;
  private readonly teams = new Map<string, Map<string, ChannelData>>();
  private readonly scheduleMap = new Map<string, ScheduleRecord>();
  private readonly rotationMap = new Map<string, RotationRecord>();
  /** team\0channel\0ts, oldest first. */
  private readonly tombstoneSet = new Set<string>();
  /** Applied event ids, oldest first. */
  private readonly eventIdSet = new Set<string>();
  /** Voters' ids, each once (see UserDirectory). */
  private readonly directory = new UserDirectory();

  /**
   * Called with a post entry just before it changes (its record, votes or answers). A fold that writes the
   * snapshot in slices sets it to keep the entries it has not written yet as they were when it began.
   */
  onPostChange: ((entry: PostEntry) => void) | undefined;

  constructor(private readonly limits: StateLimits) {}

  // ---- reads ----

  post(team: string, channel: string, ts: string): PostRecord | undefined {
    return this.entry(team, channel, ts)?.record;
  }

  posts(team: string, channel: string): PostRecord[] {
    const ch = this.channel(team, channel);
    if (!ch) return [];
    return Array.from(ch.posts.values(), (e) => e.record).sort((a, b) => compareTs(b.ts, a.ts));
  }

  channels(team: string): string[] {
    const chans = this.teams.get(team);
    if (!chans) return [];
    const out: string[] = [];
    for (const [id, ch] of chans) if (ch.posts.size > 0) out.push(id);
    return out;
  }

  votes(team: string, channel: string, ts: string): VoteRecord[] {
    const entry = this.entry(team, channel, ts);
    if (!entry) return [];
    const out: VoteRecord[] = [];
    for (const [emoji, byUser] of entry.votes) {
      for (const [user, v] of byUser) out.push({ user, emoji, on: voteOn(v), eventTs: voteTs(v) });
    }
    return out;
  }

  answers(team: string, channel: string, ts: string): AnswerRecord[] {
    const entry = this.entry(team, channel, ts);
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

  // ---- writes ----

  /** Applies one journal entry; returns how soon the files should be scrubbed (see Scrub). */
  commit(seq: number, eventId: string | undefined, ops: readonly Op[]): Scrub {
    let scrub: Scrub = Scrub.none;
    for (const op of ops) scrub = moreUrgent(scrub, this.apply(op));
    if (eventId !== undefined) this.addEventId(eventId);
    this.seq = seq;
    return scrub;
  }

  /** Applies one (already checked) op; see `commit` for the result. */
  apply(op: Op): Scrub {
    switch (op.type) {
      case 'post':
        this.putPost(op.post);
        return Scrub.none;
      case 'close': {
        const entry = this.entry(op.team, op.channel, op.ts);
        if (entry) {
          this.onPostChange?.(entry);
          entry.record = Object.freeze({ ...entry.record, closedAt: op.at });
          this.compactVotes(entry);
        }
        return Scrub.none;
      }
      case 'vote': {
        const entry = this.entry(op.team, op.channel, op.ts);
        if (entry) this.putVote(entry, op.vote.emoji, op.vote.user, op.vote.on, op.vote.eventTs);
        return Scrub.none;
      }
      case 'answer':
        return this.putAnswer(op.team, op.channel, op.threadTs, op.answer);
      case 'unanswer': {
        const removed = this.removeAnswer(op.team, op.channel, op.ts);
        this.addTombstone(op.team, op.channel, op.ts);
        return removed ? Scrub.now : Scrub.none;
      }
      case 'schedule':
        this.scheduleMap.set(key2(op.schedule.team, op.schedule.channel), Object.freeze(op.schedule));
        return Scrub.none;
      case 'unschedule':
        this.scheduleMap.delete(key2(op.team, op.channel));
        return Scrub.none;
      case 'pause': {
        const k = key2(op.team, op.channel);
        const cur = this.scheduleMap.get(k);
        if (cur) this.scheduleMap.set(k, Object.freeze({ ...cur, paused: op.paused }));
        return Scrub.none;
      }
      case 'slot': {
        const k = key2(op.team, op.channel);
        const cur = this.scheduleMap.get(k);
        if (cur && (cur.lastSlot === undefined || instantMs(op.slot) > instantMs(cur.lastSlot))) {
          this.scheduleMap.set(k, Object.freeze({ ...cur, lastSlot: op.slot }));
        }
        return Scrub.none;
      }
      case 'rotation':
        this.putRotation(op.rotation);
        return Scrub.none;
      case 'purge':
        return this.purge(op.team) ? Scrub.now : Scrub.none;
    }
  }

  // ---- building blocks, also used to load a snapshot ----

  putPost(post: PostRecord): PostEntry {
    const ch = this.channelFor(post.team, post.channel);
    const existing = ch.posts.get(post.ts);
    if (existing) {
      this.onPostChange?.(existing);
      existing.record = Object.freeze(post);
      return existing;
    }
    const entry: PostEntry = { record: Object.freeze(post), votes: new Map(), answers: new Map() };
    ch.posts.set(post.ts, entry);
    return entry;
  }

  /** Keeps, per (post, emoji, user), the vote with the greatest event ts (the first one on a tie). */
  putVote(entry: PostEntry, emoji: VoteEmoji, user: string, on: boolean, eventTs: string): void {
    const packed = packVote(on, eventTs);
    let byUser = entry.votes.get(emoji);
    const cur = byUser?.get(user);
    if (cur !== undefined && compareVoteTs(packed, cur) <= 0) return;
    this.onPostChange?.(entry);
    if (!byUser) {
      byUser = new VoteColumn(this.directory);
      entry.votes.set(emoji, byUser);
    }
    byUser.set(user, packed);
  }

  /** Shrinks a closed post's vote columns to their votes (see VoteColumn.compact). */
  compactVotes(entry: PostEntry): void {
    for (const column of entry.votes.values()) column.compact();
  }

  /** Stores an answer unless it is tombstoned, its post unknown or it is an older edit; see Scrub. */
  putAnswer(team: string, channel: string, threadTs: string, answer: AnswerRecord): Scrub {
    if (this.isTombstoned(team, channel, answer.ts)) return Scrub.now;
    const ch = this.channel(team, channel);
    const entry = ch?.posts.get(threadTs);
    if (!ch || !entry) return Scrub.none;
    const previous = ch.threads.get(answer.ts);
    if (previous && previous !== entry) {
      this.onPostChange?.(previous);
      previous.answers.delete(answer.ts);
    }
    const cur = entry.answers.get(answer.ts);
    if (cur && isOlderEdit(answer, cur)) return Scrub.now; // the older text is on disk, never stored
    this.onPostChange?.(entry);
    entry.answers.set(answer.ts, Object.freeze(answer));
    ch.threads.set(answer.ts, entry);
    // The text an edit replaced must not stay in the files either: people edit to take words back.
    return cur && cur.text !== answer.text ? Scrub.now : Scrub.none;
  }

  putRotation(rotation: RotationRecord): void {
    this.rotationMap.set(key2(rotation.team, rotation.channel), freezeRotation(rotation));
  }

  putSchedule(schedule: ScheduleRecord): void {
    this.scheduleMap.set(key2(schedule.team, schedule.channel), Object.freeze(schedule));
  }

  addTombstone(team: string, channel: string, ts: string): void {
    const k = key3(team, channel, ts);
    this.tombstoneSet.delete(k);
    this.tombstoneSet.add(k);
    trim(this.tombstoneSet, this.limits.maxTombstones);
  }

  addEventId(id: string): void {
    this.eventIdSet.add(id);
    trim(this.eventIdSet, this.limits.maxEventIds);
  }

  // ---- iteration for the snapshot ----

  *postEntries(): IterableIterator<PostEntry> {
    for (const chans of this.teams.values()) {
      for (const ch of chans.values()) yield* ch.posts.values();
    }
  }

  tombstones(): [string, string, string][] {
    return Array.from(this.tombstoneSet, (k) => k.split(SEP) as [string, string, string]);
  }

  eventIds(): string[] {
    return Array.from(this.eventIdSet);
  }

  rotations(): RotationRecord[] {
    return Array.from(this.rotationMap.values());
  }

  /** Totals, for the scale check and tests; walks everything, so not for request paths. */
  counts(): { posts: number; votes: number; answers: number; tombstones: number; eventIds: number } {
    let posts = 0;
    let votes = 0;
    let answers = 0;
    for (const e of this.postEntries()) {
      posts++;
      answers += e.answers.size;
      for (const byUser of e.votes.values()) votes += byUser.size;
    }
    return { posts, votes, answers, tombstones: this.tombstoneSet.size, eventIds: this.eventIdSet.size };
  }

  // ---- private ----

  private channel(team: string, channel: string): ChannelData | undefined {
    return this.teams.get(team)?.get(channel);
  }

  private entry(team: string, channel: string, ts: string): PostEntry | undefined {
    return this.teams.get(team)?.get(channel)?.posts.get(ts);
  }

  private channelFor(team: string, channel: string): ChannelData {
    let chans = this.teams.get(team);
    if (!chans) {
      chans = new Map();
      this.teams.set(team, chans);
    }
    let ch = chans.get(channel);
    if (!ch) {
      ch = { posts: new Map(), threads: new Map() };
      chans.set(channel, ch);
    }
    return ch;
  }

  /** Returns true when there was such an answer. */
  private removeAnswer(team: string, channel: string, ts: string): boolean {
    const ch = this.channel(team, channel);
    const entry = ch?.threads.get(ts);
    if (!ch || !entry) return false;
    this.onPostChange?.(entry);
    entry.answers.delete(ts);
    ch.threads.delete(ts);
    return true;
  }

  /** Returns true when the team had anything stored. */
  private purge(team: string): boolean {
    let found = this.teams.delete(team);
    const prefix = `${team}${SEP}`;
    for (const map of [this.scheduleMap, this.rotationMap, this.tombstoneSet]) {
      for (const k of map.keys()) {
        if (k.startsWith(prefix)) found = map.delete(k) || found;
      }
    }
    return found;
  }
}

/** Drops the oldest entries (insertion order) beyond `max`. */
function trim(set: Set<string>, max: number): void {
  while (set.size > max) {
    const oldest = set.values().next();
    if (oldest.done) return;
    set.delete(oldest.value);
  }
}
