/**
 * "Read the discussion": a modal with a prompt's thread answers (author, date, text), paged so that every page
 * stays well inside Block Kit's limits. A long answer continues over up to three sections and is cut with "…"
 * beyond that. Pure builders; the caller checks that the viewer may see the thread.
 */
import type { types } from '@slack/bolt';
import { VOTE_OPTIONS } from '../domain/options.js';
import type { PromptResult } from '../domain/result.js';
import { ANONYMOUS } from './anonymous.js';
import { ACTIONS, CALLBACKS, encodeDiscussionState } from './ids.js';
import { promptText } from './results.js';
import { LIMITS, messageLink, plural, readerDate, readerDateTime, truncate } from './text.js';

export interface AnswerLike {
  /** Absent for an anonymous answer, shown as "Anonymous". */
  user?: string;
  ts: string;
  /** As Slack sent it: already mrkdwn (entities escaped, mentions as <@U…>). */
  text: string;
  editedAt?: string;
}

const MODAL_TITLE = 'The discussion';
/** Answers on one page at most. */
export const ANSWERS_PER_PAGE = 12;
/** Characters of answer text on one page at most (a page always holds at least one answer). */
const PAGE_CHARS = 24_000;
/** Characters of one section's text: the author line plus a slice of the answer fits in 3000. */
const CHUNK_CHARS = 2_800;
/** Sections one answer may take; the rest of a longer answer is cut with "…". */
export const MAX_CHUNKS = 3;
const CUT_NOTE = '\n_(cut here: the rest is in the thread)_';

export const UNAVAILABLE =
  "This discussion is in a channel you're not a member of, or it is no longer in the archive.";

/** Day and time of a Slack ts in the reader's zone ("25 Nov 2026, 14:03 UTC" where Slack cannot show it). */
function dateTime(ts: string): string {
  return readerDateTime(new Date(Number(ts.split('.')[0]) * 1000));
}

/** `at`, moved back one if cutting there would halve a surrogate pair (an emoji, say). */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return at > 1 && code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Splits `text` into pieces of at most `size` characters, preferring to break at a newline or a space. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const window = rest.slice(0, size);
    const newline = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    const at = newline > size / 2 ? newline : space > size / 2 ? space : safeCut(rest, size);
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  pieces.push(rest);
  return pieces;
}

/** The text of one answer as section texts (1 to MAX_CHUNKS), the first starting with author and date. */
export function answerTexts(a: AnswerLike): string[] {
  const edited = a.editedAt ? ' (edited)' : '';
  const author = a.user === undefined ? `*${ANONYMOUS}*` : `*<@${a.user}>*`;
  const head = `${author} · ${dateTime(a.ts)}${edited}\n`;
  const body = a.text.trim() === '' ? '_(no text)_' : a.text;
  const pieces = splitText(body, CHUNK_CHARS);
  const shown = pieces.slice(0, MAX_CHUNKS);
  if (pieces.length > MAX_CHUNKS) {
    const last = shown.length - 1;
    const text = shown[last] ?? '';
    shown[last] = `${text.slice(0, safeCut(text, CHUNK_CHARS - CUT_NOTE.length - 1)).trimEnd()}…${CUT_NOTE}`;
  }
  shown[0] = `${head}${shown[0]}`;
  return shown.map((t) => truncate(t, LIMITS.sectionText));
}

/** Characters an answer takes on a page (what `answerTexts` shows). */
function cost(a: AnswerLike): number {
  return Math.min(a.text.length, CHUNK_CHARS * MAX_CHUNKS) + 80;
}

/** Splits a thread into pages: [start, end) index ranges, each within ANSWERS_PER_PAGE and PAGE_CHARS. */
export function answerPages(answers: readonly AnswerLike[]): { start: number; end: number }[] {
  const pages: { start: number; end: number }[] = [];
  let start = 0;
  let chars = 0;
  answers.forEach((a, i) => {
    const c = cost(a);
    if (i > start && (i - start >= ANSWERS_PER_PAGE || chars + c > PAGE_CHARS)) {
      pages.push({ start, end: i });
      start = i;
      chars = 0;
    }
    chars += c;
  });
  pages.push({ start, end: answers.length });
  return pages;
}

export interface DiscussionInput {
  result: PromptResult;
  /** Every answer of the thread, oldest first. */
  answers: readonly AnswerLike[];
  /** The page asked for; clamped to the pages there are. */
  page: number;
  teamUrl: string | undefined;
}

function summary(r: PromptResult): string {
  const counts = VOTE_OPTIONS.map((o) => `:${o.emoji}: ${r.tally.counts[o.emoji]}`).join('  ');
  return `${counts} · ${plural(r.tally.voters, 'voter')}`;
}

export function discussionView(input: DiscussionInput): types.ModalView {
  const { result: r, answers, teamUrl } = input;
  const pages = answerPages(answers);
  const page = Math.min(Math.max(0, input.page), pages.length - 1);
  const { start, end } = pages[page] ?? { start: 0, end: 0 };
  const link = messageLink(teamUrl, r.channel, r.ts);

  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*<#${r.channel}>* · ${readerDate(r.ts)}\n>${promptText(r, 1000)}`,
          LIMITS.sectionText,
        ),
      },
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${summary(r)} · <${link}|Open the thread in Slack>` }],
    },
    { type: 'divider' },
  ];
  if (answers.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `No answers in the thread yet. <${link}|Be the first to argue it.>` },
    });
  }
  for (const a of answers.slice(start, end)) {
    for (const text of answerTexts(a)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  if (answers.length > 0) {
    const where = `Answers ${start + 1}–${end} of ${answers.length}`;
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: pages.length > 1 ? `${where} · page ${page + 1} of ${pages.length}` : where },
      ],
    });
  }
  const nav: types.Button[] = [];
  if (page > 0) {
    nav.push({
      type: 'button',
      action_id: ACTIONS.discussionPrevious,
      text: { type: 'plain_text', text: '← Previous' },
      value: String(page - 1),
    });
  }
  if (page < pages.length - 1) {
    nav.push({
      type: 'button',
      action_id: ACTIONS.discussionNext,
      text: { type: 'plain_text', text: 'Next →' },
      value: String(page + 1),
    });
  }
  if (nav.length > 0) blocks.push({ type: 'actions', block_id: 'discussion_pager', elements: nav });

  return {
    type: 'modal',
    callback_id: CALLBACKS.discussion,
    title: { type: 'plain_text', text: MODAL_TITLE },
    close: { type: 'plain_text', text: 'Close' },
    private_metadata: encodeDiscussionState({ channel: r.channel, ts: r.ts, page }),
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}

export const LOADING = 'Loading the discussion…';

/**
 * What the modal shows while the viewer's channels are checked: views.open must use the click's trigger_id
 * within 3 s, and the check can take longer. views.update then replaces it.
 */
export function loadingView(): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.discussion,
    title: { type: 'plain_text', text: MODAL_TITLE },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:hourglass_flowing_sand: ${LOADING}` } }],
  };
}

/** The modal shown instead when the viewer may not see the thread (or it is gone). */
export function unavailableView(): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.discussion,
    title: { type: 'plain_text', text: MODAL_TITLE },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: UNAVAILABLE } }],
  };
}
