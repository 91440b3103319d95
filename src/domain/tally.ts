/** Counting votes and comparing the team's lean with the source's. Plain data in, plain data out. */
import { type Lean, VOTE_OPTIONS, type VoteEmoji } from './options.js';
import type { SourceLean } from './vocabulary.js';

export interface VoteLike {
  user: string;
  emoji: VoteEmoji;
  on: boolean;
}

export interface Tally {
  counts: Record<VoteEmoji, number>;
  /** Sum of counts: what the reaction counters on the message add up to (minus the bot's own). */
  votes: number;
  /** Distinct people with at least one vote. */
  voters: number;
}

export function tally(votes: Iterable<VoteLike>): Tally {
  const counts: Record<VoteEmoji, number> = { compass: 0, clipboard: 0, handshake: 0 };
  const voters = new Set<string>();
  for (const v of votes) {
    if (!v.on) continue;
    counts[v.emoji] += 1;
    voters.add(v.user);
  }
  return { counts, votes: counts.compass + counts.clipboard + counts.handshake, voters: voters.size };
}

/** Whole-number percentage of `part` in `whole` (0 when there is nothing to share). */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((100 * part) / whole);
}

/** A fixed-width bar of `width` cells that reads well in a monospace-free phone client. */
export function bar(part: number, whole: number, width = 10): string {
  const filled = whole === 0 ? 0 : Math.round((width * part) / whole);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/**
 * Where the team came down: the option with the most votes; a tie at the top counts as both;
 * undefined with no votes.
 */
export function teamLean(t: Tally): Lean | undefined {
  let top: Lean | undefined;
  let most = 0;
  let sharing = 0;
  for (const o of VOTE_OPTIONS) {
    const n = t.counts[o.emoji];
    if (n > most) {
      most = n;
      top = o.lean;
      sharing = 1;
    } else if (n === most && n > 0) {
      sharing++;
    }
  }
  return sharing > 1 ? 'both' : top;
}

/** How the votes came out: nobody voted, one option on top, or a tie at the top (options in vote order). */
export type VoteOutcome =
  | { kind: 'no-votes' }
  | { kind: 'lean'; lean: Lean }
  | { kind: 'split'; between: Lean[] };

export function voteOutcome(t: Tally): VoteOutcome {
  const top = Math.max(...VOTE_OPTIONS.map((o) => t.counts[o.emoji]));
  if (top === 0) return { kind: 'no-votes' };
  const between = VOTE_OPTIONS.filter((o) => t.counts[o.emoji] === top).map((o) => o.lean);
  const [only] = between;
  return between.length === 1 && only ? { kind: 'lean', lean: only } : { kind: 'split', between };
}

/**
 * Whether the team's lean matches the source's: undefined when there is nothing to compare (no votes, the
 * prompt left the library, or the source did not say which it is).
 */
export function agreesWithSource(
  team: Lean | undefined,
  source: SourceLean | undefined,
): boolean | undefined {
  if (team === undefined || source === undefined || source === 'none') return undefined;
  return team === source;
}
