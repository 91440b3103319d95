/**
 * The team's trend as a compact text chart that reads on a phone: one line per prompt, newest first,
 * then how often the team agreed with the source and where its lean moved. Pure builders.
 */
import type { types } from '@slack/bolt';
import { leanBar, shiftDirection, type Trend, type TrendRow } from '../domain/stats.js';
import { movementText } from './second-look.js';
import { LIMITS, plural, readerDate, truncate } from './text.js';

export const STATS_LEGEND =
  'L = leadership, M = management (a Both vote counts half to each) · ✓ the team leaned where the source did, ✗ it did not';

const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * "25 Nov 2026 `L ▮▮▮▯▯ M` 5 voters · 3 answers · 2 moved ✓" (the date in the reader's zone; "moved" after a
 * second look); "… no votes · 3 answers"; "… fewer than 3 voters · 3 answers" for a small group.
 */
export function trendLine(r: TrendRow): string {
  const votes = r.hidden
    ? `fewer than ${r.minVoters} voters`
    : r.leadership === undefined
      ? 'no votes'
      : `\`${leanBar(r.leadership)}\` ${plural(r.voters, 'voter')}`;
  const moved = r.moved === undefined ? '' : ` · ${r.moved} moved`;
  const mark = r.agreed === undefined ? '' : r.agreed ? ' ✓' : ' ✗';
  return `${readerDate(r.at)} ${votes} · ${plural(r.answers, 'answer')}${moved}${mark}`;
}

/** How people moved in the second looks, over the prompts that had one. */
function secondLookSummary(t: Trend): string | undefined {
  const { prompts, movement } = t.secondLook;
  const moved = movementText(movement);
  if (prompts === 0 || moved === undefined) return undefined;
  const changed = `${plural(movement.moved, 'person', 'people')} changed their vote`;
  return `*After the discussion* (${plural(prompts, 'second look')}): ${changed}. ${moved}.`;
}

function trendSummary(t: Trend): string {
  const lines: string[] = [];
  lines.push(
    t.compared === 0
      ? 'No prompt with votes to compare with its source yet.'
      : `Agreed with the source in *${t.agreed} of ${plural(t.compared, 'prompt')}*.`,
  );
  if (t.shift) {
    const direction = shiftDirection(t.shift);
    lines.push(
      direction === 'steady'
        ? `The lean held steady: ${pct(t.shift.from)} → ${pct(t.shift.to)} leadership, older half → newer half.`
        : `The lean moved ${direction}: ${pct(t.shift.from)} → ${pct(t.shift.to)} leadership, older half → newer half.`,
    );
  }
  const second = secondLookSummary(t);
  if (second) lines.push(second);
  lines.push(
    `On average ${t.averageVoters.toFixed(1)} voters and ${t.averageAnswers.toFixed(1)} answers per prompt (${plural(t.prompts, 'prompt')}).`,
  );
  return lines.join('\n');
}

/** The trend as blocks (4 of them), for the stats reply and the Home tab. */
export function statsBlocks(t: Trend, scope: string): types.KnownBlock[] {
  const shown = t.rows.length < t.prompts ? `, the latest ${t.rows.length}` : '';
  const chart = t.rows.length === 0 ? 'No prompts yet.' : t.rows.map(trendLine).join('\n');
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*The team's trend* in ${scope}${shown}, newest first`, LIMITS.sectionText),
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(chart, LIMITS.sectionText) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(trendSummary(t), LIMITS.sectionText) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: STATS_LEGEND }] },
  ];
}

/** `/lead-vs-manage stats`: the trend of one channel, with a plain-text fallback. */
export function statsMessage(t: Trend, scope = 'this channel'): { text: string; blocks: types.KnownBlock[] } {
  const agreed =
    t.compared === 0 ? '' : ` Agreed with the source in ${t.agreed} of ${plural(t.compared, 'prompt')}.`;
  return {
    text: `The team's trend over ${plural(t.prompts, 'prompt')} in ${scope}.${agreed}`,
    blocks: statsBlocks(t, scope),
  };
}
