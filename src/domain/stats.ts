/**
 * The team's trend over its prompts: who took part, where the team leaned between leadership and management,
 * and how often it came down where the source did. Plain data in, plain data out; no Slack.
 */
import type { Lean } from './options.js';
import { tooFewToShow } from './privacy.js';
import { addMovements, type Movement } from './second-look.js';
import { agreesWithSource, type Tally, teamLean } from './tally.js';
import type { SourceLean } from './vocabulary.js';

/** One prompt as the trend sees it. */
export interface TrendInput {
  /** When the prompt was posted. */
  at: Date;
  tally: Tally;
  answers: number;
  /** Where the prompt's source leans (`none`: it did not say); undefined when the prompt has left the library. */
  sourceLeans: SourceLean | undefined;
  /** The small-group rule's threshold (see privacy.ts); absent, every tally counts. */
  minVoters?: number;
  /** The votes on the results summary, once it asked. */
  secondLook?: { tally: Tally; movement: Movement };
}

export interface TrendRow {
  at: Date;
  voters: number;
  votes: number;
  answers: number;
  /** 0 (all management) … 1 (all leadership); a Both vote counts half to each. Undefined with no votes. */
  leadership: number | undefined;
  teamLean: Lean | undefined;
  sourceLeans: SourceLean | undefined;
  /** Whether the team's lean matched the source's; undefined when there is nothing to compare (or `none`). */
  agreed: boolean | undefined;
  /**
   * Fewer voters than the small-group rule allows: shown as "fewer than `minVoters` voters", its lean left
   * out of the shift and the agreement count.
   */
  hidden: boolean;
  minVoters: number;
  /** People who changed their vote in the second look; undefined without votes in one, or when either tally is hidden. */
  moved: number | undefined;
}

export interface Trend {
  /** The latest prompts, newest first, at most `max`. */
  rows: TrendRow[];
  /** Every prompt considered (not only those in `rows`). */
  prompts: number;
  /** Prompts with votes and a source lean (not `none`), and how many of them the team agreed with. */
  compared: number;
  agreed: number;
  /** Mean voters and answers per prompt, over every prompt. */
  averageVoters: number;
  averageAnswers: number;
  /**
   * The mean leadership share of the older half of the prompts with votes, then of the newer half
   * (needs at least two such prompts).
   */
  shift: { from: number; to: number } | undefined;
  /** The second looks added up, over the prompts with second-look votes whose two tallies are both shown. */
  secondLook: { prompts: number; movement: Movement };
}

const TREND_ROWS = 12;

/** Where a tally sits between management (0) and leadership (1); a Both vote counts half to each side. */
export function leadershipShare(t: Tally): number | undefined {
  if (t.votes === 0) return undefined;
  return (t.counts.compass + t.counts.handshake / 2) / t.votes;
}

/** "L ▮▮▮▯▯ M": filled cells for the leadership share. */
export function leanBar(share: number, width = 5): string {
  const filled = Math.min(width, Math.max(0, Math.round(share * width)));
  return `L ${'▮'.repeat(filled)}${'▯'.repeat(width - filled)} M`;
}

/** The second look's movement when it has votes and both tallies may be shown; undefined otherwise. */
function shownMovement(p: TrendInput, minVoters: number): Movement | undefined {
  const second = p.secondLook?.tally.voters ?? 0;
  if (!p.secondLook || second === 0 || tooFewToShow(p.tally.voters, minVoters)) return undefined;
  return tooFewToShow(second, minVoters) ? undefined : p.secondLook.movement;
}

export function trendRow(p: TrendInput): TrendRow {
  const minVoters = p.minVoters ?? 1;
  const hidden = tooFewToShow(p.tally.voters, minVoters);
  const lean = hidden ? undefined : teamLean(p.tally);
  return {
    at: p.at,
    voters: p.tally.voters,
    votes: p.tally.votes,
    answers: p.answers,
    leadership: hidden ? undefined : leadershipShare(p.tally),
    teamLean: lean,
    sourceLeans: p.sourceLeans,
    agreed: agreesWithSource(lean, p.sourceLeans),
    hidden,
    minVoters,
    moved: shownMovement(p, minVoters)?.moved,
  };
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The prompts' indexes, newest first (their order kept among equal times); no sort when they already are. */
function newestFirstOrder(prompts: readonly TrendInput[]): number[] {
  const times = prompts.map((p) => p.at.getTime());
  const order = times.map((_, i) => i);
  for (let i = 1; i < times.length; i++) {
    if ((times[i] as number) > (times[i - 1] as number)) {
      return order.sort((a, b) => (times[b] as number) - (times[a] as number));
    }
  }
  return order;
}

/**
 * The trend over `prompts` (any order); rows come out newest first. One pass over the prompts, newest first,
 * adding up what the summary needs; a full row is made only for the `max` shown (stats reads every prompt).
 */
export function trend(prompts: readonly TrendInput[], opts: { max?: number } = {}): Trend {
  const max = Math.max(0, opts.max ?? TREND_ROWS);
  const newestFirst = newestFirstOrder(prompts);
  const rows: TrendRow[] = [];
  const looks: Movement[] = [];
  const shares: number[] = []; // newest first
  let compared = 0;
  let agreed = 0;
  let voters = 0;
  let answers = 0;
  for (const i of newestFirst) {
    const p = prompts[i] as TrendInput;
    const minVoters = p.minVoters ?? 1;
    const hidden = tooFewToShow(p.tally.voters, minVoters);
    const agrees = agreesWithSource(hidden ? undefined : teamLean(p.tally), p.sourceLeans);
    if (agrees !== undefined) compared++;
    if (agrees === true) agreed++;
    voters += p.tally.voters;
    answers += p.answers;
    const share = hidden ? undefined : leadershipShare(p.tally);
    if (share !== undefined) shares.push(share);
    const look = shownMovement(p, minVoters);
    if (look) looks.push(look);
    if (rows.length < max) rows.push(trendRow(p));
  }
  const voted = shares.reverse(); // oldest first
  const half = Math.floor(voted.length / 2);
  const shift =
    voted.length >= 2
      ? { from: mean(voted.slice(0, half)), to: mean(voted.slice(voted.length - half)) }
      : undefined;
  const n = prompts.length;
  return {
    rows,
    prompts: n,
    compared,
    agreed,
    averageVoters: n === 0 ? 0 : voters / n,
    averageAnswers: n === 0 ? 0 : answers / n,
    shift,
    secondLook: { prompts: looks.length, movement: addMovements(looks) },
  };
}

/** How far the lean moved, in words: "toward leadership", "toward management" or "steady" (under 5 points). */
export function shiftDirection(shift: {
  from: number;
  to: number;
}): 'toward leadership' | 'toward management' | 'steady' {
  const delta = shift.to - shift.from;
  if (Math.abs(delta) < 0.05) return 'steady';
  return delta > 0 ? 'toward leadership' : 'toward management';
}
