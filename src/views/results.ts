/** Results of a prompt: per option a line with emoji, label, count, share and bar. Pure builders. */
import type { types } from '@slack/bolt';
import { type Lean, VOTE_OPTIONS } from '../domain/options.js';
import type { PromptResult } from '../domain/result.js';
import { bar, percent, type Tally, teamLean } from '../domain/tally.js';
import { escapeMrkdwn, LIMITS, messageLink, plural, readerDate, truncate } from './text.js';

const LEAN_LABEL: Record<Lean, string> = { leadership: 'leadership', management: 'management', both: 'both' };

export function promptText(r: Pick<PromptResult, 'prompt' | 'promptId'>, max = 300): string {
  return escapeMrkdwn(truncate(r.prompt?.text ?? `(prompt ${r.promptId}, no longer in the library)`, max));
}

/** One line per option: ":compass: Leadership  7 · 47% ▓▓▓▓▓░░░░░". */
export function tallyLines(t: Tally): string {
  return VOTE_OPTIONS.map((o) => {
    const n = t.counts[o.emoji];
    return `:${o.emoji}: *${o.label}*  ${n} · ${percent(n, t.votes)}%  \`${bar(n, t.votes)}\``;
  }).join('\n');
}

export function participation(t: Tally, answers: number): string {
  const people = t.voters === 1 ? '1 person' : `${t.voters} people`;
  const votes = t.votes === 1 ? '1 vote' : `${t.votes} votes`;
  return `${votes} from ${people} · ${answers === 1 ? '1 answer' : `${answers} answers`} in the thread`;
}

export function resultsBlocks(
  r: PromptResult,
  teamUrl: string | undefined,
): { text: string; blocks: types.KnownBlock[] } {
  const link = messageLink(teamUrl, r.channel, r.ts);
  const text = `Results for the latest prompt: ${participation(r.tally, r.answers)}.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `*Latest prompt* (${readerDate(r.ts)})\n>${promptText(r, 1000)}`,
            LIMITS.sectionText,
          ),
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: tallyLines(r.tally) } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `${participation(r.tally, r.answers)} · <${link}|Open the thread>` },
        ],
      },
    ],
  };
}

/** "The only prompt in this channel", "The latest of 7 prompts…", "The last 5 of 7 prompts…". */
function historyTitle(shown: number, total: number): string {
  if (shown === 1)
    return total === 1 ? 'The only prompt in this channel' : `The latest of ${total} prompts in this channel`;
  return `The last ${shown} of ${total} prompts in this channel`;
}

/** `note`: said above the list, e.g. that fewer prompts are shown than were asked for. */
export function historyBlocks(
  rows: PromptResult[],
  total: number,
  teamUrl: string | undefined,
  note?: string,
): { text: string; blocks: types.KnownBlock[] } {
  const title = historyTitle(rows.length, total);
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${note ? `${note}\n` : ''}*${title}*${rows.length > 1 ? ', newest first' : ''}`,
      },
    },
  ];
  for (const r of rows) {
    const counts = VOTE_OPTIONS.map((o) => `:${o.emoji}: ${r.tally.counts[o.emoji]}`).join('  ');
    const link = messageLink(teamUrl, r.channel, r.ts);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${readerDate(r.ts)}* · <${link}|thread>\n>${promptText(r, 280)}\n${counts} · ${plural(r.answers, 'answer')}`,
          LIMITS.sectionText,
        ),
      },
    });
  }
  return {
    text: `${note ? `${note} ` : ''}${title}.`,
    blocks: blocks.slice(0, LIMITS.messageBlocks),
  };
}

/** The summary posted in a prompt's thread when the week closes: the tally, the answers, the source's view. */
export function closingSummary(r: PromptResult): { text: string; blocks: types.KnownBlock[] } {
  const lean = teamLean(r.tally);
  const view = r.prompt?.view;
  const source = r.prompt?.source;
  let comparison = 'Nobody voted this time.';
  if (lean && view) {
    comparison =
      lean === view.leans
        ? `The team agreed with the source: *${LEAN_LABEL[lean]}*.`
        : `The team leaned *${LEAN_LABEL[lean]}*; the source says *${LEAN_LABEL[view.leans]}*. Who's right?`;
  }
  const argued =
    view && source
      ? `*What the source argued* (_${escapeMrkdwn(source.title)}_${source.credit ? `, after ${escapeMrkdwn(source.credit)}` : ''}): ` +
        `*${LEAN_LABEL[view.leans]}*. ${escapeMrkdwn(view.argument)}`
      : 'This prompt is no longer in the library, so there is no source view to compare with.';
  return {
    text: `This week's votes are in: ${participation(r.tally, r.answers)}. ${comparison}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*This week's votes are in*\n${tallyLines(r.tally)}` },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: participation(r.tally, r.answers) }] },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`${argued}\n${comparison}`, LIMITS.sectionText) },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Votes added from now on still count in the archive.' }],
      },
    ],
  };
}
