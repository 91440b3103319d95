/** The Home tab, the discussion modal and the trend chart: structure, data and Block Kit limits on big inputs. */
import { describe, expect, it } from 'vitest';
import { trendInputs } from '../../src/app/archive.js';
import type { PromptResult } from '../../src/domain/result.js';
import { trend } from '../../src/domain/stats.js';
import { tally } from '../../src/domain/tally.js';
import {
  ANSWERS_PER_PAGE,
  type AnswerLike,
  answerPages,
  answerTexts,
  discussionView,
  MAX_CHUNKS,
  splitText,
  unavailableView,
} from '../../src/views/discussion.js';
import { HOME_EMPTY, HOME_PAGE_SIZE, type HomeInput, homeErrorView, homeView } from '../../src/views/home.js';
import {
  ACTIONS,
  ALL_CHANNELS,
  decodeDiscussionState,
  decodeHomeState,
  parsePromptRef,
  promptRef,
} from '../../src/views/ids.js';
import { STATS_LEGEND, statsBlocks, statsMessage, trendLine } from '../../src/views/stats.js';
import { samplePrompt } from '../support/prompt-fixture.js';
import { checkBlocks } from '../support/slack-fake.js';

const prompt = samplePrompt();

const base = 1_764_000_000; // 24 Nov 2025
const tsAt = (i: number) => `${base + i * 604_800}.000100`;

function result(i: number, channel = 'C1'): PromptResult {
  return {
    channel,
    ts: tsAt(i),
    prompt: i % 7 === 3 ? undefined : prompt,
    promptId: prompt.id,
    tally: tally([
      { user: 'U1', emoji: i % 2 === 0 ? 'compass' : 'clipboard', on: true },
      { user: 'U2', emoji: 'handshake', on: i % 3 === 0 },
      { user: 'U3', emoji: 'compass', on: true },
    ]),
    answers: i % 5,
  };
}

/** Block Kit limits the fake does not check: view title/close, select options and placeholders. */
function checkViewExtras(view: {
  title?: { text: string };
  close?: { text: string };
  blocks: unknown[];
}): string[] {
  const problems: string[] = [];
  if ((view.title?.text.length ?? 0) > 24) problems.push('title over 24');
  if ((view.close?.text.length ?? 0) > 24) problems.push('close over 24');
  for (const block of view.blocks as { elements?: Record<string, unknown>[] }[]) {
    for (const el of block.elements ?? []) {
      if (el.type !== 'static_select') continue;
      const options = el.options as { text: { text: string }; value: string }[];
      if (options.length > 100) problems.push('over 100 options');
      for (const o of options) {
        if (o.text.text.length > 75) problems.push(`option text over 75: ${o.text.text}`);
        if (o.value.length > 150) problems.push('option value over 150');
      }
      if (((el.placeholder as { text: string }).text ?? '').length > 150)
        problems.push('placeholder over 150');
      const initial = el.initial_option as { value: string } | undefined;
      if (initial && !options.some((o) => o.value === initial.value))
        problems.push('initial_option not among options');
    }
  }
  return problems;
}

function homeInput(n: number, page = 0, channels = [{ id: 'C1', name: 'general' }]): HomeInput {
  const all = Array.from({ length: n }, (_, i) => result(n - 1 - i)); // newest first
  return {
    channels,
    state: { channel: undefined, page },
    rows: all.slice(page * HOME_PAGE_SIZE, (page + 1) * HOME_PAGE_SIZE),
    total: n,
    trend: trend(trendInputs(all)),
    teamUrl: 'https://acme.slack.com/',
  };
}

describe('homeView', () => {
  it('shows the prompts newest first with tallies, answers and a "Read the discussion" button each', () => {
    const view = homeView(homeInput(3));
    const json = JSON.stringify(view.blocks);
    expect(view.type).toBe('home');
    expect(json).toContain('Prompts in your channels*, newest first (1–3 of 3)');
    const rows = view.blocks.filter((b) => b.type === 'section' && 'accessory' in b && b.accessory);
    expect(rows).toHaveLength(3);
    const first = rows[0] as {
      text: { text: string };
      accessory: { action_id: string; value: string; text: { text: string } };
    };
    expect(first.text.text).toContain('*<#C1>*');
    expect(first.text.text).toContain(':compass: 2  :clipboard: 0  :handshake: 0 · 2 voters · 2 answers');
    expect(first.text.text).toContain('&lt;so&gt;');
    expect(first.accessory).toMatchObject({
      action_id: ACTIONS.openDiscussion,
      value: promptRef('C1', tsAt(2)),
    });
    expect(first.accessory.text.text).toBe('Read the discussion');
    expect(json).toContain("*The team's trend*");
    expect(checkBlocks(view.blocks, 100)).toEqual([]);
  });

  it('offers a channel filter of the viewer’s channels, remembering the choice in private_metadata', () => {
    const input = homeInput(2, 0, [
      { id: 'C1', name: 'general' },
      { id: 'G2', name: 'leads' },
    ]);
    const view = homeView({ ...input, state: { channel: 'G2', page: 0 } });
    const filter = view.blocks.find((b) => b.type === 'actions') as unknown as {
      elements: Record<string, unknown>[];
    };
    const select = filter.elements[0] as {
      action_id: string;
      options: { value: string; text: { text: string } }[];
      initial_option: { value: string };
    };
    expect(select.action_id).toBe(ACTIONS.homeFilter);
    expect(select.options.map((o) => [o.value, o.text.text])).toEqual([
      [ALL_CHANNELS, 'All your channels'],
      ['C1', '#general'],
      ['G2', '#leads'],
    ]);
    expect(select.initial_option.value).toBe('G2');
    expect(decodeHomeState(view.private_metadata)).toEqual({ channel: 'G2', page: 0 });
    expect(JSON.stringify(view.blocks)).toContain('Prompts in <#G2>*');
  });

  it('stays within Block Kit limits with 200 prompts and 150 channels with long names, and pages', () => {
    const channels = Array.from({ length: 150 }, (_, i) => ({
      id: `C${i}`,
      name: `${'very-long-channel-name-'.repeat(5)}${i}`,
    }));
    const pages = Math.ceil(200 / HOME_PAGE_SIZE);
    for (const page of [0, 4, pages - 1]) {
      const view = homeView({ ...homeInput(200, page, channels), state: { channel: 'C149', page } });
      expect(checkBlocks(view.blocks, 100)).toEqual([]);
      expect(checkViewExtras(view)).toEqual([]);
      const pager = view.blocks.find((b) => b.block_id === 'home_pager') as {
        elements: { action_id: string; value: string }[];
      };
      const ids = pager.elements.map((e) => [e.action_id, e.value]);
      if (page > 0) expect(ids).toContainEqual([ACTIONS.homeNewer, String(page - 1)]);
      if (page < pages - 1) expect(ids).toContainEqual([ACTIONS.homeOlder, String(page + 1)]);
      else expect(ids.map((x) => x[0])).not.toContain(ACTIONS.homeOlder);
    }
    const last = homeView(homeInput(200, pages - 1));
    expect(JSON.stringify(last.blocks)).toContain('(181–200 of 200)');
  });

  it('has an empty state that says how to start', () => {
    const view = homeView({ ...homeInput(0), channels: [] });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('/invite @lead-vs-manage');
    expect(json).toContain('/lead-vs-manage now');
    expect(json).toContain(HOME_EMPTY.slice(0, 40));
    expect(json).not.toContain(ACTIONS.openDiscussion);
    expect(checkBlocks(homeErrorView().blocks, 100)).toEqual([]);
  });
});

const answer = (i: number, length = 40): AnswerLike => ({
  user: `U${i % 9}`,
  ts: `${base + i * 60}.000${String(i).padStart(3, '0')}`,
  text: `answer ${i} `.padEnd(length, 'x & y <z> '),
});

describe('discussionView', () => {
  it('shows author, date and text of each answer, and the prompt with its tally', () => {
    const view = discussionView({
      result: result(0),
      answers: [answer(1), answer(2)],
      page: 0,
      teamUrl: undefined,
    });
    const json = JSON.stringify(view.blocks);
    expect(view.type).toBe('modal');
    expect(view.title.text).toBe('The discussion');
    // The reader's own zone through Slack's date formatting; UTC where a client cannot show it.
    expect(json).toContain('*<@U1>* · <!date^1764000060^{date_short} {time}|24 Nov 2025, 16:01 UTC>');
    expect(json).toContain('answer 2');
    expect(json).toContain(':compass: 2  :clipboard: 0  :handshake: 1 · 3 voters');
    expect(json).toContain('Answers 1–2 of 2');
    expect(json).not.toContain(ACTIONS.discussionNext);
    expect(decodeDiscussionState(view.private_metadata)).toEqual({ channel: 'C1', ts: tsAt(0), page: 0 });
  });

  it('says when nobody answered yet', () => {
    const view = discussionView({ result: result(0), answers: [], page: 0, teamUrl: undefined });
    expect(JSON.stringify(view.blocks)).toContain('No answers in the thread yet');
    expect(checkBlocks(view.blocks, 100)).toEqual([]);
  });

  it('pages a thread of 500 answers of 4000 characters within Block Kit limits, every answer once', () => {
    const answers = Array.from({ length: 500 }, (_, i) => answer(i, 4000));
    const pages = answerPages(answers);
    expect(pages[0]?.start).toBe(0);
    expect(pages.at(-1)?.end).toBe(500);
    pages.forEach((p, i) => {
      if (i > 0) expect(p.start).toBe(pages[i - 1]?.end);
      expect(p.end - p.start).toBeGreaterThan(0);
      expect(p.end - p.start).toBeLessThanOrEqual(ANSWERS_PER_PAGE);
    });
    const seen: string[] = [];
    for (let page = 0; page < pages.length; page++) {
      const view = discussionView({ result: result(0), answers, page, teamUrl: 'https://acme.slack.com/' });
      expect(checkBlocks(view.blocks, 100)).toEqual([]);
      expect(checkViewExtras(view)).toEqual([]);
      expect(JSON.stringify(view).length).toBeLessThan(60_000);
      for (const m of JSON.stringify(view.blocks).matchAll(/answer (\d+) /g)) seen.push(m[1] ?? '');
      const nav = view.blocks.find((b) => b.block_id === 'discussion_pager') as
        | { elements: { action_id: string; value: string }[] }
        | undefined;
      const ids = (nav?.elements ?? []).map((e) => [e.action_id, e.value]);
      expect(ids.some(([id]) => id === ACTIONS.discussionPrevious)).toBe(page > 0);
      expect(ids.some(([id]) => id === ACTIONS.discussionNext)).toBe(page < pages.length - 1);
    }
    expect(seen).toEqual(answers.map((_, i) => String(i)));
  });

  it('clamps a page number beyond the last page', () => {
    const answers = Array.from({ length: 30 }, (_, i) => answer(i));
    const view = discussionView({ result: result(0), answers, page: 99, teamUrl: undefined });
    expect(decodeDiscussionState(view.private_metadata)?.page).toBe(answerPages(answers).length - 1);
  });

  it('continues a long answer over sections and cuts it with "…" past MAX_CHUNKS', () => {
    const long = answer(1, 4000);
    const texts = answerTexts(long);
    expect(texts).toHaveLength(2);
    expect(texts.join('').replace(/\s/g, '')).toContain(long.text.slice(-30).replace(/\s/g, ''));
    const huge = answerTexts({ ...long, text: 'word '.repeat(5000) });
    expect(huge).toHaveLength(MAX_CHUNKS);
    expect(huge.at(-1)).toMatch(/…\n_\(cut here: the rest is in the thread\)_$/);
    for (const t of huge) expect(t.length).toBeLessThanOrEqual(3000);
  });

  it('splits text at spaces or newlines where it can', () => {
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(splitText('short', 10)).toEqual(['short']);
    // Never halves an emoji (a surrogate pair).
    const emoji = splitText('😀'.repeat(8), 5);
    expect(emoji.join('')).toBe('😀'.repeat(8));
    for (const piece of emoji) expect(piece).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
  });

  it('explains when the thread is not available', () => {
    const view = unavailableView();
    expect(JSON.stringify(view.blocks)).toContain('not a member');
    expect(checkViewExtras(view)).toEqual([]);
  });
});

describe('ids', () => {
  it('round-trips prompt references and refuses anything else', () => {
    expect(parsePromptRef(promptRef('C1', '1764070000.000100'))).toEqual({
      channel: 'C1',
      ts: '1764070000.000100',
    });
    expect(parsePromptRef('C1/not-a-ts')).toBeUndefined();
    expect(parsePromptRef('c1/1.2')).toBeUndefined();
    expect(parsePromptRef(undefined)).toBeUndefined();
    expect(decodeDiscussionState('{"c":"C1","t":"1.2","p":-4}')).toEqual({
      channel: 'C1',
      ts: '1.2',
      page: 0,
    });
    expect(decodeDiscussionState('nonsense')).toBeUndefined();
    expect(decodeHomeState('{"c":"<script>","p":3}')).toEqual({ channel: undefined, page: 3 });
  });
});

describe('stats views', () => {
  it('draws one compact line per prompt and the agreement summary', () => {
    const results = Array.from({ length: 10 }, (_, i) => result(i));
    const t = trend(trendInputs(results));
    const line = trendLine(t.rows[0] ?? ({} as never));
    expect(line).toMatch(
      /^<!date\^\d+\^\{date_short\}\|\d{1,2} \w{3} \d{4}> `L [▮▯]{5} M` \d+ voters? · \d+ answers?( [✓✗])?$/,
    );
    const { text, blocks } = statsMessage(t);
    expect(text).toContain('over 10 prompts in this channel');
    const json = JSON.stringify(blocks);
    expect(json).toMatch(/Agreed with the source in \*\d+ of \d+ prompts\*/);
    expect(json).toContain(STATS_LEGEND);
    expect(checkBlocks(blocks, 50)).toEqual([]);
  });

  it('says "no votes" instead of drawing an empty bar, and keeps 200 prompts to 12 lines', () => {
    const quiet: PromptResult = { ...result(0), tally: tally([]) };
    expect(trendLine(trend(trendInputs([quiet])).rows[0] ?? ({} as never))).toContain('no votes');
    const blocks = statsBlocks(
      trend(trendInputs(Array.from({ length: 200 }, (_, i) => result(i)))),
      'your channels',
    );
    expect((blocks[1] as { text: { text: string } }).text.text.split('\n')).toHaveLength(12);
    expect(JSON.stringify(blocks[0])).toContain('the latest 12');
  });
});
