/**
 * The file store's per-post counts (PostTally): worked out from a post's vote columns and answers the first
 * time they are read, then kept until the post changes (State forgets them on every change, see
 * `State.changed`). A closed post rarely changes, so the Home tab and `stats` read counts, not votes.
 * Counted as the domain counts (`tally`, `movement`), on people's numbers instead of their ids.
 */
import { VOTE_OPTIONS, type VoteEmoji } from '../domain/options.js';
import { type Movement, movementOfCounts, stanceOfMask } from '../domain/second-look.js';
import type { Tally } from '../domain/tally.js';
import type { PostRecord } from './schema.js';
import type { PostTally } from './store.js';
import type { VoteColumn } from './vote-column.js';

interface Counted {
  readonly record: PostRecord;
  readonly votes: ReadonlyMap<VoteEmoji, VoteColumn>;
  readonly secondVotes?: ReadonlyMap<VoteEmoji, VoteColumn> | undefined;
  readonly answers: { readonly size: number };
}

/** The tally of some vote columns, and each voter's stance as a mask (see second-look.ts). */
function countColumns(columns: ReadonlyMap<VoteEmoji, VoteColumn> | undefined) {
  const stances = new Map<number, number>();
  const counts: Record<VoteEmoji, number> = { compass: 0, clipboard: 0, handshake: 0 };
  for (const [i, { emoji }] of VOTE_OPTIONS.entries()) {
    const bit = 1 << i;
    columns?.get(emoji)?.forEachOn((person) => {
      counts[emoji]++;
      stances.set(person, (stances.get(person) ?? 0) | bit);
    });
  }
  Object.freeze(counts);
  const votes = counts.compass + counts.clipboard + counts.handshake;
  return { tally: Object.freeze({ counts, votes, voters: stances.size }) as Tally, stances };
}

function moved(first: Map<number, number>, second: Map<number, number>): Movement {
  const pairs = new Map<string, { from: number | undefined; to: number; people: number }>();
  for (const [person, to] of second) {
    const from = first.get(person);
    const key = `${from}>${to}`;
    const pair = pairs.get(key);
    if (pair) pair.people++;
    else pairs.set(key, { from, to, people: 1 });
  }
  const m = movementOfCounts(
    Array.from(pairs.values(), (p) => ({
      from: p.from === undefined ? undefined : stanceOfMask(p.from),
      to: stanceOfMask(p.to),
      people: p.people,
    })),
  );
  for (const move of m.moves) Object.freeze(move);
  Object.freeze(m.moves);
  return Object.freeze(m);
}

/** A post's counts, frozen (they are shared by every reader until the post changes). */
function countPost(entry: Counted): PostTally {
  const first = countColumns(entry.votes);
  const out: PostTally = { post: entry.record, tally: first.tally, answers: entry.answers.size };
  if (entry.record.summaryTs !== undefined) {
    const second = countColumns(entry.secondVotes);
    out.secondLook = Object.freeze({ tally: second.tally, movement: moved(first.stances, second.stances) });
  }
  return Object.freeze(out);
}

/** Counts per post, worked out on first read and forgotten when the post changes. */
export class TallyCache<E extends Counted> {
  private readonly kept = new WeakMap<E, PostTally>();

  of(entry: E): PostTally {
    let t = this.kept.get(entry);
    if (!t) {
      t = countPost(entry);
      this.kept.set(entry, t);
    }
    return t;
  }

  forget(entry: E): void {
    this.kept.delete(entry);
  }
}
