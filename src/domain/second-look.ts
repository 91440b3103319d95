/**
 * The second look: after the discussion the results summary asks "where do you stand now?", and people vote
 * again with the same reactions on it. This compares each person's two votes. Plain data in, plain data out.
 *
 * The rule for people with several emoji: a person's *stance* is the set of options they picked (one, or
 * several when they picked more than one). Someone who voted both times *moved* when that set changed
 * (Management → Both; Leadership + Management → Both) and *kept* their vote when it is the same set. Someone in
 * the second look who had not voted the first time is *new*, never a mover. People who voted only the first
 * time are not in the second look at all.
 */
import { VOTE_OPTIONS, type VoteEmoji } from './options.js';
import type { VoteLike } from './tally.js';

/** The options one person picked, in the order of VOTE_OPTIONS; never empty. */
export type Stance = readonly VoteEmoji[];

/** So many people went from one stance to another. */
interface Move {
  from: Stance;
  to: Stance;
  people: number;
}

export interface Movement {
  /** People in the second look whose options differ from their first vote's. */
  moved: number;
  /** People in the second look with the same options as in their first vote. */
  kept: number;
  /** People in the second look who had not voted the first time. */
  newcomers: number;
  /** The moves grouped by (from, to), most people first, then in the options' order. */
  moves: Move[];
}

export const NO_MOVEMENT: Movement = Object.freeze({ moved: 0, kept: 0, newcomers: 0, moves: [] });

const ORDER: readonly VoteEmoji[] = VOTE_OPTIONS.map((o) => o.emoji);

/** Each voter's stance: the options they have on (people with none are left out). */
export function stances(votes: Iterable<VoteLike>): Map<string, Stance> {
  const picked = new Map<string, Set<VoteEmoji>>();
  for (const v of votes) {
    if (!v.on) continue;
    let set = picked.get(v.user);
    if (!set) {
      set = new Set();
      picked.set(v.user, set);
    }
    set.add(v.emoji);
  }
  const out = new Map<string, Stance>();
  for (const [user, set] of picked)
    out.set(
      user,
      ORDER.filter((e) => set.has(e)),
    );
  return out;
}

/** A number per stance, in option order: 1 = first option, 2 = second, 4 = third, summed. */
const BIT = Object.fromEntries(ORDER.map((e, i) => [e, 1 << i])) as Record<VoteEmoji, number>;

/** One frozen stance per mask: `stanceOfMask` hands these out, so their masks are a look-up away. */
const STANCES: readonly Stance[] = Array.from({ length: 1 << ORDER.length }, (_, m) =>
  Object.freeze(ORDER.filter((_e, i) => (m & (1 << i)) !== 0)),
);
const MASKS = new Map<Stance, number>(STANCES.map((s, m) => [s, m]));

function mask(s: Stance): number {
  const known = MASKS.get(s);
  if (known !== undefined) return known;
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= BIT[s[i] as VoteEmoji];
  return m;
}

function sameStance(a: Stance, b: Stance): boolean {
  return mask(a) === mask(b);
}

function sortMoves(moves: Move[]): Move[] {
  return moves.sort((a, b) => b.people - a.people || mask(a.from) - mask(b.from) || mask(a.to) - mask(b.to));
}

/** How the people of the second look moved from their first votes. */
export function movement(first: Iterable<VoteLike>, second: Iterable<VoteLike>): Movement {
  const before = stances(first);
  return movementOfCounts(
    Array.from(stances(second), ([user, to]) => ({ from: before.get(user), to, people: 1 })),
  );
}

/** Several prompts' movements added up (moves with the same from and to merged). */
export function addMovements(all: Iterable<Movement>): Movement {
  let moved = 0;
  let kept = 0;
  let newcomers = 0;
  // A stance is a mask below 8, so (from, to) is a number below 64: the sums sit in a plain array.
  const sums: (Move | undefined)[] = new Array(64);
  for (const m of all) {
    moved += m.moved;
    kept += m.kept;
    newcomers += m.newcomers;
    for (let i = 0; i < m.moves.length; i++) {
      const move = m.moves[i] as Move;
      const key = mask(move.from) * 8 + mask(move.to);
      const sum = sums[key];
      if (sum) sum.people += move.people;
      else sums[key] = { from: move.from, to: move.to, people: move.people };
    }
  }
  const moves = sums.filter((m): m is Move => m !== undefined);
  return { moved, kept, newcomers, moves: sortMoves(moves) };
}

/** The stance of a mask (see `mask`: 1 = first option, 2 = second, 4 = third, summed). */
export function stanceOfMask(m: number): Stance {
  return STANCES[m] ?? ORDER.filter((_, i) => (m & (1 << i)) !== 0);
}

/**
 * A movement from how many people went from each stance to each other (`from` undefined: they had not voted
 * the first time), as a store that counts in place gives it: the same as `movement` of their votes.
 */
export function movementOfCounts(
  counts: Iterable<{ from: Stance | undefined; to: Stance; people: number }>,
): Movement {
  const out = { moved: 0, kept: 0, newcomers: 0, moves: new Map<string, Move>() };
  for (const { from, to, people } of counts) {
    if (!from) {
      out.newcomers += people;
    } else if (sameStance(from, to)) {
      out.kept += people;
    } else {
      out.moved += people;
      const key = `${mask(from)}>${mask(to)}`;
      const move = out.moves.get(key) ?? { from, to, people: 0 };
      move.people += people;
      out.moves.set(key, move);
    }
  }
  return {
    moved: out.moved,
    kept: out.kept,
    newcomers: out.newcomers,
    moves: sortMoves([...out.moves.values()]),
  };
}
