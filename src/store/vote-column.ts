import { type PackedVote, voteOn } from './packed-vote.js';
import type { UserDirectory } from './user-directory.js';

/** Up to this many votes a column finds a person by scanning; beyond it, through an index built on need. */
const SCAN_LIMIT = 32;

/**
 * One emoji's votes on one post, in the order people first voted: one array of numbers holding, per slot, the
 * person's number and the packed vote. No object and no map entry per vote: a million stored votes are
 * sixteen bytes each, and a column is two objects for the garbage collector (a plain array of numbers, which
 * V8 keeps unboxed, is smaller than a typed array for a few votes). A column larger than SCAN_LIMIT that is
 * written to builds a number → slot index; `compact()` drops it (and spare room) once the post is closed.
 * Votes are never removed (a removal is an `on: false` record), only replaced.
 */
export class VoteColumn {
  private count = 0;
  /** person at 2 × slot, packed vote (NaN: see `odd`) at 2 × slot + 1; no holes, numbers only. */
  private slots: number[] = [];
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
      this.slots[2 * slot + 1] = vote;
      this.odd?.delete(slot);
    } else {
      this.slots[2 * slot + 1] = Number.NaN;
      this.odd ??= new Map();
      this.odd.set(slot, vote);
    }
  }

  /** Drops the index and the spare room: for a closed post's votes, which few people change again. */
  compact(): void {
    this.index = undefined;
    // An array grown a few times may have half its room spare; a small one has a few numbers at most.
    if (this.count > 16) this.slots = this.slots.slice();
  }

  *[Symbol.iterator](): IterableIterator<[string, PackedVote]> {
    for (let slot = 0; slot < this.count; slot++) {
      yield [this.directory.id(this.slots[2 * slot] as number), this.at(slot)];
    }
  }

  /** Calls `fn` with the number (see UserDirectory) of each person whose vote is on, in voting order. */
  forEachOn(fn: (person: number) => void): void {
    for (let slot = 0; slot < this.count; slot++) {
      if (voteOn(this.at(slot))) fn(this.slots[2 * slot] as number);
    }
  }

  private slotOf(n: number): number {
    if (!this.index) {
      if (this.count <= SCAN_LIMIT) {
        for (let slot = 0; slot < this.count; slot++) if (this.slots[2 * slot] === n) return slot;
        return -1;
      }
      this.index = new Map();
      for (let slot = 0; slot < this.count; slot++) this.index.set(this.slots[2 * slot] as number, slot);
    }
    return this.index.get(n) ?? -1;
  }

  private append(n: number): number {
    const slot = this.count;
    this.slots.push(n, 0);
    this.count = slot + 1;
    this.index?.set(n, slot);
    return slot;
  }

  private at(slot: number): PackedVote {
    const v = this.slots[2 * slot + 1] as number;
    return Number.isNaN(v) ? (this.odd?.get(slot) as string) : v;
  }
}
