/**
 * The answers in one post's thread, as the state keeps them (see StoredAnswer), keyed by answer ts. Most of a
 * large store's answers are plain ones whose text is on disk, in the post's segment file: those are kept as
 * four numbers each in one array of numbers per post (ts, person's number in the UserDirectory, where the
 * text is; V8 keeps them unboxed), without an object, a string or a map entry per answer, so a million answers
 * are about 32 bytes each and a few thousand arrays for the garbage collector. Any other answer (its text in memory, edited, anonymous, a
 * ts of another shape, in another file) is kept as its record, in a map made on need. An answer's record is
 * made again on every read; a ts is in one of the two places at most.
 */
import { tsNumber, tsText } from './packed-vote.js';
import { isOnDisk, type OnDiskAnswer, onDiskAnswer, type StoredAnswer } from './stored-answer.js';
import type { UserDirectory } from './user-directory.js';

/** Numbers per compact answer: ts, person (-1 for none), offset, length. */
const STRIDE = 4;

export class AnswerList {
  /**
   * No answer put in any list of this process has a ts (as a number) above this one: an answer newer than every
   * one before it (as a new reply is) is in no list, without looking through them.
   */
  private static highest = Number.NEGATIVE_INFINITY;

  /** Whether some list may hold an answer with this ts number (undefined: a ts of another shape, maybe). */
  static mayHold(n: number | undefined): boolean {
    return n === undefined || n <= AnswerList.highest;
  }

  private count = 0;
  /** STRIDE numbers per compact answer; no holes, numbers only. */
  private readonly slots: number[] = [];
  /** The segment file the compact answers' texts are in. */
  private file = '';
  private others: Map<string, StoredAnswer> | undefined;
  /**
   * No compact answer's ts is outside [low, high] (kept through deletions): looking for an answer through a
   * channel's posts (State.thread) passes most lists with two comparisons.
   */
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;

  constructor(private readonly directory: UserDirectory) {}

  get size(): number {
    return this.count + (this.others?.size ?? 0);
  }

  /** `n`: as in `has`. */
  get(ts: string, n: number | undefined = tsNumber(ts)): StoredAnswer | undefined {
    const other = this.others?.get(ts);
    if (other) return other;
    const slot = this.slotOf(n);
    return slot < 0 ? undefined : this.at(slot);
  }

  /** Whether the thread holds answer `ts`; `n` is `tsNumber(ts)` (worked out once when many lists are asked). */
  has(ts: string, n: number | undefined = tsNumber(ts)): boolean {
    return this.slotOf(n) >= 0 || this.others?.has(ts) === true;
  }

  /** Adds the answer, or replaces the one with its ts; `n`: as in `has`. */
  set(answer: StoredAnswer, n: number | undefined = tsNumber(answer.ts)): void {
    this.delete(answer.ts, n);
    if (
      n !== undefined &&
      isOnDisk(answer) &&
      answer.editedAt === undefined &&
      answer.deleteHash === undefined
    ) {
      if (this.count === 0 || this.file === answer.file) {
        this.append(n, answer);
        return;
      }
    }
    if (n !== undefined && n > AnswerList.highest) AnswerList.highest = n;
    this.others ??= new Map();
    this.others.set(answer.ts, answer);
  }

  /**
   * Adds a plain answer whose text is in `file` (ts as `tsNumber` gives it) when the list can keep it compact
   * and holds no answer with its ts, and returns true; else returns false and adds nothing (a loader's quick
   * path: the caller adds it as a record).
   */
  addPlain(n: number, user: string, file: string, offset: number, length: number): boolean {
    if ((this.count > 0 && file !== this.file) || (this.others?.size ?? 0) > 0 || this.slotOf(n) >= 0)
      return false;
    this.slots.push(n, this.directory.number(user), offset, length);
    this.file = file;
    this.count++;
    this.widen(n);
    return true;
  }

  delete(ts: string, n: number | undefined = tsNumber(ts)): boolean {
    if (this.others?.delete(ts)) return true;
    const slot = this.slotOf(n);
    if (slot < 0) return false;
    const last = --this.count;
    // The last answer takes the slot (the order of the answers is never relied on: reads sort them by ts).
    this.slots.copyWithin(slot * STRIDE, last * STRIDE, last * STRIDE + STRIDE);
    this.slots.length = last * STRIDE;
    return true;
  }

  /**
   * After a fold wrote answer `was` to a segment file: `now` (the same answer, its text there) takes its
   * place unless the answer changed meanwhile.
   */
  swap(was: StoredAnswer, now: StoredAnswer): void {
    const cur = this.get(was.ts);
    if (!cur) return;
    const same = isOnDisk(was)
      ? isOnDisk(cur) && cur.file === was.file && cur.offset === was.offset && cur.length === was.length
      : cur === was;
    if (!same) return;
    this.set(now);
    // A fold swaps a whole thread, one answer at a time: those before the last went to the map (their file was
    // not the compact answers'); once the last one starts the compact part again, in the new file, they join it.
    if (this.count === 1 && this.others) this.absorb();
  }

  /** Moves the answers of the map that can be compact (in the compact answers' file) into the compact part. */
  private absorb(): void {
    for (const [ts, a] of this.others ?? []) {
      const n = tsNumber(ts);
      if (n === undefined || !isOnDisk(a) || a.file !== this.file) continue;
      if (a.editedAt !== undefined || a.deleteHash !== undefined) continue;
      this.others?.delete(ts);
      this.append(n, a);
    }
  }

  values(): StoredAnswer[] {
    const out: StoredAnswer[] = [];
    for (let slot = 0; slot < this.count; slot++) out.push(this.at(slot));
    if (this.others) out.push(...this.others.values());
    return out;
  }

  private append(n: number, answer: OnDiskAnswer): void {
    const person = answer.user === undefined ? -1 : this.directory.number(answer.user);
    this.slots.push(n, person, answer.offset, answer.length);
    this.widen(n);
    this.file = answer.file;
    this.count++;
  }

  private widen(n: number): void {
    if (n < this.low) this.low = n;
    if (n > this.high) {
      this.high = n;
      if (n > AnswerList.highest) AnswerList.highest = n;
    }
  }

  private slotOf(n: number | undefined): number {
    if (n === undefined || n < this.low || n > this.high) return -1;
    const slots = this.slots;
    for (let slot = 0; slot < this.count; slot++) if (slots[slot * STRIDE] === n) return slot;
    return -1;
  }

  private at(slot: number): OnDiskAnswer {
    const slots = this.slots;
    const at = slot * STRIDE;
    const person = slots[at + 1] as number;
    const user = person < 0 ? undefined : this.directory.id(person);
    const answer = onDiskAnswer(
      user,
      tsText(slots[at] as number),
      undefined,
      undefined,
      this.file,
      slots[at + 2] as number,
      slots[at + 3] as number,
    );
    return Object.freeze(answer);
  }
}
