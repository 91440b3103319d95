/** Results of a prompt: per option a line with emoji, label, count, share and bar. Pure builders. */
import type { types } from '@slack/bolt';
import { VOTE_OPTIONS } from '../domain/options.js';
import { isDocumentSource, type Prompt } from '../domain/prompts.js';
import type { PromptResult } from '../domain/result.js';
import { bar, percent, type Tally, type VoteOutcome, voteOutcome } from '../domain/tally.js';
import type { SourceLean } from '../domain/vocabulary.js';
import { revealOwn } from './own-prompt.js';
import {
  compactCounts,
  fewerThan,
  hidden,
  privateTally,
  revisitLine,
  SECOND_LOOK_ASK,
  secondLookLine,
  secondLookSection,
  thenAndNowBlocks,
} from './second-look.js';
import { escapeMrkdwn, LIMITS, messageLink, plural, readerDate, truncate } from './text.js';

export function promptText(r: Pick<PromptResult, 'prompt' | 'promptId'>, max = 300): string {
  return escapeMrkdwn(truncate(r.prompt?.text ?? `(prompt ${r.promptId}, no longer in the library)`, max));
}

/** One line per option: ":compass: Leadership  7 · 47% ▓▓▓▓▓░░░░░". */
function tallyLines(t: Tally): string {
  return VOTE_OPTIONS.map((o) => {
    const n = t.counts[o.emoji];
    return `:${o.emoji}: *${o.label}*  ${n} · ${percent(n, t.votes)}%  \`${bar(n, t.votes)}\``;
  }).join('\n');
}

/** `minVoters`: a tally of fewer voters says "fewer than N voters" instead of its numbers. */
function participation(t: Tally, answers: number, minVoters?: number): string {
  if (hidden(t, minVoters)) return `${fewerThan(minVoters)} · ${answersIn(answers)}`;
  const people = t.voters === 1 ? '1 person' : `${t.voters} people`;
  const votes = t.votes === 1 ? '1 vote' : `${t.votes} votes`;
  return `${votes} from ${people} · ${answers === 1 ? '1 answer' : `${answers} answers`} in the thread`;
}

export function resultsBlocks(
  r: PromptResult,
  teamUrl: string | undefined,
): { text: string; blocks: types.KnownBlock[] } {
  const link = messageLink(teamUrl, r.channel, r.ts);
  const counts = participation(r.tally, r.answers, r.minVoters);
  const text = `Results for the latest prompt: ${counts}.`;
  const tallyText = hidden(r.tally, r.minVoters) ? privateTally(r.minVoters) : tallyLines(r.tally);
  const second = secondLookSection(r);
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
      { type: 'section', text: { type: 'mrkdwn', text: tallyText } },
      ...thenAndNowBlocks(r),
      ...(second ? [second] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${counts} · <${link}|Open the thread>` }] },
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
    const counts = hidden(r.tally, r.minVoters) ? fewerThan(r.minVoters) : compactCounts(r.tally);
    const link = messageLink(teamUrl, r.channel, r.ts);
    const more = [revisitLine(r), secondLookLine(r)].filter((l) => l !== undefined);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          [
            `*${readerDate(r.ts)}* · <${link}|thread>\n>${promptText(r, 280)}`,
            `${counts} · ${plural(r.answers, 'answer')}`,
            ...more,
          ].join('\n'),
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

/** Where the source came from, who said it, what they argued and where they came down. */
function reveal(prompt: Prompt | undefined): string {
  if (!prompt) return 'This prompt is no longer in the library, so there is no source to reveal.';
  const { source, view } = prompt;
  if (!isDocumentSource(source)) return revealOwn(prompt, source);
  const leaned =
    view.leans === 'none'
      ? "*Where they came down:* they didn't say whether it is leadership, management or both."
      : `*Where they came down:* *${view.leans}*.`;
  return [
    `*The source:* _${escapeMrkdwn(source.title)}_ (${escapeMrkdwn(source.byline)})`,
    `*Who said it:* ${escapeMrkdwn(source.credit)}`,
    `*What they argued:* ${escapeMrkdwn(view.argument)}`,
    leaned,
  ].join('\n');
}

/** The team's vote next to the source's lean; undefined when nobody voted (the summary says so once). */
function comparison(outcome: VoteOutcome, leans: SourceLean | undefined): string | undefined {
  if (outcome.kind === 'no-votes') return undefined;
  const team =
    outcome.kind === 'split'
      ? `The team was split between ${outcome.between.map((l) => `*${l}*`).join(' and ')}`
      : `The team leaned *${outcome.lean}*`;
  if (leans === undefined) return `${team}.`;
  if (leans === 'none') return `${team}; the source didn't say which it is, so this one is yours to settle.`;
  if (outcome.kind === 'lean' && outcome.lean === leans) {
    return `The team agreed with the source: *${leans}*.`;
  }
  return `${team}; the source says *${leans}*. Who's right?`;
}

const answersIn = (n: number) => `${plural(n, 'answer')} in the thread`;

/**
 * The summary posted in a prompt's thread when it closes (which may be minutes after it went up, with
 * `now`): the tally (private for a small group), then and now for a revisit, the answers, then the source
 * revealed (document, who said it, what they argued and where they leaned) next to the team's vote, and
 * the second look's question, answered with the reactions on the summary.
 */
export function closingSummary(r: PromptResult): { text: string; blocks: types.KnownBlock[] } {
  const small = hidden(r.tally, r.minVoters);
  const outcome = voteOutcome(r.tally);
  const compared = small ? undefined : comparison(outcome, r.prompt?.view.leans);
  const voted = outcome.kind !== 'no-votes';
  const shown = small ? privateTally(r.minVoters) : tallyLines(r.tally);
  const head = voted ? `*The votes are in*\n${shown}` : '*Nobody voted on this prompt.*';
  const counts = voted ? participation(r.tally, r.answers, r.minVoters) : answersIn(r.answers);
  const text = voted
    ? `The votes are in: ${counts}. ${compared ?? ''}`.trimEnd()
    : `Nobody voted on this prompt; ${counts}.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: counts }] },
      ...thenAndNowBlocks(r),
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            compared ? `${reveal(r.prompt)}\n${compared}` : reveal(r.prompt),
            LIMITS.sectionText,
          ),
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Votes added from now on still count in the archive.' }],
      },
      { type: 'section', text: { type: 'mrkdwn', text: SECOND_LOOK_ASK } },
    ],
  };
}
