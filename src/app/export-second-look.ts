/**
 * The export's second look and revisit (issue 13): the fields each archived prompt gained in JSON version 3,
 * their CSV columns and their Markdown line. Exports are for the channel's members, so they keep every
 * number (the small-group rule is for what the channel and the Home tab show).
 */
import { type Lean, VOTE_OPTIONS, type VoteEmoji } from '../domain/options.js';
import { movement, type Stance } from '../domain/second-look.js';
import { tally as countVotes, type Tally, teamLean, type VoteLike } from '../domain/tally.js';
import { plural } from '../views/text.js';

interface ArchiveTally {
  leadership: number;
  management: number;
  both: number;
  votes: number;
  voters: number;
}

export interface ArchiveSecondLook {
  /** The results summary's message ts: its reactions are these votes. */
  summaryTs: string;
  tally: ArchiveTally;
  /** Where the second look came down (a tie at the top is "both"); null with no votes. */
  teamLean: Lean | null;
  /** People who voted both times with other options, with the same options, and only the second time. */
  moved: number;
  kept: number;
  new: number;
  /** Who moved from what to what, most people first; a stance lists every option the person picked. */
  moves: { from: Lean[]; to: Lean[]; people: number }[];
}

function archiveTally(t: Tally): ArchiveTally {
  return {
    leadership: t.counts.compass,
    management: t.counts.clipboard,
    both: t.counts.handshake,
    votes: t.votes,
    voters: t.voters,
  };
}

const LEAN_OF = Object.fromEntries(VOTE_OPTIONS.map((o) => [o.emoji, o.lean])) as Record<VoteEmoji, Lean>;
const LABEL_OF = Object.fromEntries(VOTE_OPTIONS.map((o) => [o.lean, o.label])) as Record<Lean, string>;
const leans = (s: Stance): Lean[] => s.map((e) => LEAN_OF[e]);

/** The second look of a prompt whose summary is `summaryTs`, from its first and second votes. */
export function archiveSecondLook(
  summaryTs: string,
  first: readonly VoteLike[],
  second: readonly VoteLike[],
): ArchiveSecondLook {
  const t = countVotes(second);
  const m = movement(first, second);
  return {
    summaryTs,
    tally: archiveTally(t),
    teamLean: teamLean(t) ?? null,
    moved: m.moved,
    kept: m.kept,
    new: m.newcomers,
    moves: m.moves.map((x) => ({ from: leans(x.from), to: leans(x.to), people: x.people })),
  };
}

const stanceWords = (s: readonly Lean[]) => s.map((l) => LABEL_OF[l]).join(' + ');

/** "Management to Both: 3; Leadership + Both to Both: 1". */
function movesCell(look: ArchiveSecondLook): string {
  return look.moves.map((x) => `${stanceWords(x.from)} to ${stanceWords(x.to)}: ${x.people}`).join('; ');
}

/** The CSV columns after `agreed_with_source` (see the README's Export formats). */
export const SECOND_LOOK_COLUMNS = [
  'revisit_of',
  'second_leadership_votes',
  'second_management_votes',
  'second_both_votes',
  'second_voters',
  'second_team_lean',
  'moved',
  'kept_vote',
  'new_in_second_look',
  'moves',
] as const;

/** Those columns' cells for one prompt (empty without a second look, or when it is not a revisit). */
export function secondLookCells(p: {
  revisitOf: string | null;
  secondLook: ArchiveSecondLook | null;
}): (string | number | null)[] {
  const s = p.secondLook;
  if (!s) return [p.revisitOf, null, null, null, null, null, null, null, null, null];
  const t = s.tally;
  return [
    p.revisitOf,
    t.leadership,
    t.management,
    t.both,
    t.voters,
    s.teamLean,
    s.moved,
    s.kept,
    s.new,
    movesCell(s),
  ];
}

/** The Markdown lines for one prompt: the second look, and what a revisit brought back. */
export function secondLookMarkdown(
  p: { revisitOf: string | null; secondLook: ArchiveSecondLook | null },
  dateOf: (ts: string) => string,
): string[] {
  const lines: string[] = [];
  if (p.revisitOf) lines.push(`- **Revisit** of the discussion of ${dateOf(p.revisitOf)}.`);
  const s = p.secondLook;
  if (s) {
    const t = s.tally;
    const moves = s.moves.map((x) => `${x.people} from ${stanceWords(x.from)} to ${stanceWords(x.to)}`);
    const moved = s.moved > 0 ? `; ${s.moved} moved (${moves.join(', ')})` : '';
    lines.push(
      `- **After the discussion:** Leadership ${t.leadership} · Management ${t.management} · Both ${t.both} ` +
        `(${plural(t.voters, 'voter')})${moved}; ${s.kept} kept their vote; ${s.new} voted only after the discussion.`,
    );
  }
  return lines;
}
