/**
 * The file store's per-post counts (PostTally): worked out from a post's votes and answers the first time they
 * are read, then kept until the post changes (State forgets them on every change, see `State.changed`). A
 * closed post rarely changes, so the Home tab and `stats` read counts, not the votes behind them.
 */
import type { VoteEmoji } from '../domain/options.js';
import { movement } from '../domain/second-look.js';
import { type Tally, tally, type VoteLike } from '../domain/tally.js';
import { voteOn } from './packed-vote.js';
import type { PostRecord } from './schema.js';
import type { PostTally } from './store.js';
import type { VoteColumn } from './vote-column.js';

interface Counted {
  readonly record: PostRecord;
  readonly votes: ReadonlyMap<VoteEmoji, VoteColumn>;
  readonly secondVotes?: ReadonlyMap<VoteEmoji, VoteColumn> | undefined;
  readonly answers: { readonly size: number };
}

function* voteLikes(columns: ReadonlyMap<VoteEmoji, VoteColumn> | undefined): IterableIterator<VoteLike> {
  for (const [emoji, byUser] of columns ?? []) {
    for (const [user, v] of byUser) yield { user, emoji, on: voteOn(v) };
  }
}

function frozenTally(t: Tally): Tally {
  Object.freeze(t.counts);
  return Object.freeze(t);
}

/** A post's counts, frozen (they are shared by every reader until the post changes). */
export function countPost(entry: Counted): PostTally {
  const first = [...voteLikes(entry.votes)];
  const out: PostTally = {
    post: entry.record,
    tally: frozenTally(tally(first)),
    answers: entry.answers.size,
  };
  if (entry.record.summaryTs !== undefined) {
    const second = [...voteLikes(entry.secondVotes)];
    const moved = movement(first, second);
    for (const m of moved.moves) Object.freeze(m);
    Object.freeze(moved.moves);
    out.secondLook = Object.freeze({ tally: frozenTally(tally(second)), movement: Object.freeze(moved) });
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
