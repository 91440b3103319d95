/**
 * What issue 13 adds to the results views: the second look (votes on the results summary, and who moved
 * from what to what), then and now for a revisit, and the small-group rule (a tally of fewer than N voters
 * is "fewer than N voters": no numbers per option, no bar, no lean). Pure builders.
 */
import type { types } from '@slack/bolt';
import { VOTE_OPTIONS, type VoteEmoji } from '../domain/options.js';
import { tooFewToShow } from '../domain/privacy.js';
import type { PromptResult } from '../domain/result.js';
import type { Movement, Stance } from '../domain/second-look.js';
import { leadershipShare, shiftDirection } from '../domain/stats.js';
import { percent, type Tally } from '../domain/tally.js';
import { plural, readerDate } from './text.js';

export const SECOND_LOOK_QUESTION = 'After the discussion, where do you stand now?';

/** The question and how to answer it, at the end of the results summary (whose reactions are the votes). */
export const SECOND_LOOK_ASK =
  `*${SECOND_LOOK_QUESTION}* Vote again with the reactions on this message: ` +
  `${VOTE_OPTIONS.map((o) => `:${o.emoji}: ${o.label}`).join(', ')}. ` +
  'Your first vote stays as it was; this one shows how the discussion moved the team.';

/** True when `t` is shown as "fewer than N voters" under the result's threshold. */
export function hidden(t: Tally, minVoters: number | undefined): boolean {
  return tooFewToShow(t.voters, minVoters ?? 1);
}

/** "fewer than 3 voters": what a hidden tally shows in a line. */
export function fewerThan(minVoters: number | undefined): string {
  return `fewer than ${minVoters ?? 1} voters`;
}

/** What a hidden tally shows in place of its options. */
export function privateTally(minVoters: number | undefined): string {
  return (
    `Fewer than ${minVoters ?? 1} people voted, so the tally stays private: ` +
    'with so few votes, the numbers would show how someone voted.'
  );
}

const LABEL = Object.fromEntries(VOTE_OPTIONS.map((o) => [o.emoji, o.label])) as Record<VoteEmoji, string>;

/** "Management", or "Leadership + Both" for someone who picked several. */
export function stanceLabel(s: Stance): string {
  return s.map((e) => LABEL[e]).join(' + ');
}

/**
 * "3 moved from Management to Both, 1 from Leadership to Both; 4 kept their vote; 1 voted only after the
 * discussion". Undefined when nobody voted in the second look.
 */
export function movementText(m: Movement): string | undefined {
  const parts: string[] = [];
  const [first, ...rest] = m.moves;
  if (first) {
    const moves = [
      `${first.people} moved from ${stanceLabel(first.from)} to ${stanceLabel(first.to)}`,
      ...rest.map((x) => `${x.people} from ${stanceLabel(x.from)} to ${stanceLabel(x.to)}`),
    ];
    parts.push(moves.join(', '));
  } else if (m.kept > 0) {
    parts.push('nobody moved');
  }
  if (m.kept > 0) parts.push(`${m.kept} kept their vote`);
  if (m.newcomers > 0) parts.push(`${m.newcomers} voted only after the discussion`);
  if (parts.length === 0) return undefined;
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** ":compass: 2  :clipboard: 0  :handshake: 3". */
export function compactCounts(t: Tally): string {
  return VOTE_OPTIONS.map((o) => `:${o.emoji}: ${t.counts[o.emoji]}`).join('  ');
}

/** One line per option without a bar (it reads in a narrow column): ":compass: Leadership 2 · 25%". */
function optionLines(t: Tally): string {
  return VOTE_OPTIONS.map((o) => {
    const n = t.counts[o.emoji];
    return `:${o.emoji}: ${o.label} ${n} · ${percent(n, t.votes)}%`;
  }).join('\n');
}

/** A tally in a column or a section: the options, or that nobody voted, or that it stays private. */
function tallyColumn(t: Tally, minVoters: number | undefined, nobody: string): string {
  if (t.voters === 0) return nobody;
  if (hidden(t, minVoters)) return privateTally(minVoters);
  return `${optionLines(t)}\n${plural(t.voters, 'voter')}`;
}

/** The second look of a result, for `results`: its tally and who moved; undefined before the summary asked. */
export function secondLookSection(r: PromptResult): types.KnownBlock | undefined {
  const look = r.secondLook;
  if (!look) return undefined;
  const lines = [
    `*${SECOND_LOOK_QUESTION}* (the votes on the results summary)`,
    tallyColumn(look.tally, r.minVoters, 'Nobody has voted again yet.'),
  ];
  const moved = movementText(look.movement);
  if (moved && !hidden(r.tally, r.minVoters) && !hidden(look.tally, r.minVoters)) lines.push(`${moved}.`);
  return { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } };
}

/** The second look in one line, for `history` and the Home tab; undefined before the summary asked. */
export function secondLookLine(r: PromptResult): string | undefined {
  const look = r.secondLook;
  if (!look) return undefined;
  if (look.tally.voters === 0) return 'After the discussion: no votes yet';
  if (hidden(look.tally, r.minVoters)) return `After the discussion: ${fewerThan(r.minVoters)}`;
  const moved = hidden(r.tally, r.minVoters) ? '' : ` · ${look.movement.moved} moved`;
  return `After the discussion: ${compactCounts(look.tally)}${moved}`;
}

/** For a revisit, in one line: when the team discussed it before and how it voted then. */
export function revisitLine(r: PromptResult): string | undefined {
  const then = r.revisitOf;
  if (!then) return undefined;
  const tally =
    then.tally.voters === 0
      ? 'nobody voted'
      : hidden(then.tally, r.minVoters)
        ? fewerThan(r.minVoters)
        : compactCounts(then.tally);
  return `Discussed before on ${readerDate(then.ts)}: then ${tally}`;
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** How the lean moved from then to now, or why there is nothing to compare. */
export function shiftText(then: Tally, now: Tally, minVoters: number | undefined): string {
  if (then.voters === 0) return 'Nobody voted then, so there is no shift to show.';
  if (now.voters === 0) return 'Nobody has voted this time yet, so there is no shift to show.';
  if (hidden(then, minVoters) || hidden(now, minVoters)) {
    return `With ${fewerThan(minVoters)} on one side, the shift stays private.`;
  }
  const shift = { from: leadershipShare(then) ?? 0, to: leadershipShare(now) ?? 0 };
  const direction = shiftDirection(shift);
  const moved = direction === 'steady' ? 'held steady' : `moved ${direction}`;
  return `The team ${moved}: ${pct(shift.from)} → ${pct(shift.to)} leadership (a Both vote counts half).`;
}

/** Then and now, side by side, with the shift: for a revisit's results and its close. */
export function thenAndNowBlocks(r: PromptResult): types.KnownBlock[] {
  const then = r.revisitOf;
  if (!then) return [];
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Then and now.* Your team discussed this prompt before, on ${readerDate(then.ts)}.`,
      },
      fields: [
        {
          type: 'mrkdwn',
          text: `*Then*\n${tallyColumn(then.tally, r.minVoters, 'Nobody voted.')}`,
        },
        { type: 'mrkdwn', text: `*Now*\n${tallyColumn(r.tally, r.minVoters, 'Nobody has voted yet.')}` },
      ],
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: shiftText(then.tally, r.tally, r.minVoters) }],
    },
  ];
}
