/** src/views/second-look.ts and what it adds to the results views: proofread words, plurals, private tallies. */
import { describe, expect, it } from 'vitest';
import type { VoteEmoji } from '../../src/domain/options.js';
import type { PromptResult } from '../../src/domain/result.js';
import { movement, NO_MOVEMENT } from '../../src/domain/second-look.js';
import { type TrendInput, trend } from '../../src/domain/stats.js';
import { tally } from '../../src/domain/tally.js';
import { discussedBefore, promptMessage } from '../../src/views/prompt-message.js';
import { closingSummary, historyBlocks, resultsBlocks } from '../../src/views/results.js';
import {
  movementText,
  SECOND_LOOK_QUESTION,
  secondLookLine,
  shiftText,
  stanceLabel,
  thenAndNowBlocks,
} from '../../src/views/second-look.js';
import { statsMessage, trendLine } from '../../src/views/stats.js';
import { samplePrompt } from '../support/prompt-fixture.js';

const picked = (byUser: Record<string, VoteEmoji[]>) =>
  Object.entries(byUser).flatMap(([user, emojis]) => emojis.map((emoji) => ({ user, emoji, on: true })));

const prompt = samplePrompt();
const base = (votes: Record<string, VoteEmoji[]>, extra: Partial<PromptResult> = {}): PromptResult => ({
  channel: 'C1',
  ts: '1764070000.000100',
  prompt,
  promptId: prompt.id,
  tally: tally(picked(votes)),
  answers: 1,
  minVoters: 3,
  ...extra,
});
const all = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe('movementText', () => {
  it('says who moved from what to what, in plain words and the right numbers', () => {
    const m = movement(
      picked({ U1: ['clipboard'], U2: ['clipboard'], U3: ['compass'], U4: ['compass', 'clipboard'] }),
      picked({ U1: ['handshake'], U2: ['handshake'], U3: ['compass'], U4: ['handshake'], U5: ['compass'] }),
    );
    expect(movementText(m)).toBe(
      '2 moved from Management to Both, 1 from Leadership + Management to Both; 1 kept their vote; 1 voted only after the discussion',
    );
    expect(movementText({ ...NO_MOVEMENT, kept: 1 })).toBe('Nobody moved; 1 kept their vote');
    expect(movementText({ ...NO_MOVEMENT, newcomers: 2 })).toBe('2 voted only after the discussion');
    expect(movementText(NO_MOVEMENT)).toBeUndefined();
    expect(stanceLabel(['compass', 'handshake'])).toBe('Leadership + Both');
  });
});

describe('the closing summary', () => {
  it('asks the second-look question last, and hides a tally of fewer than minVoters voters', () => {
    const open = closingSummary(base({ U1: ['compass'], U2: ['compass'], U3: ['clipboard'] }));
    expect(JSON.stringify(open.blocks.at(-1))).toContain(`*${SECOND_LOOK_QUESTION}* Vote again`);
    expect(all(open)).toContain(':compass: *Leadership*  2 · 67%');

    const small = closingSummary(base({ U1: ['compass'], U2: ['compass'] }));
    expect(small.text).toBe('The votes are in: fewer than 3 voters · 1 answer in the thread.');
    expect(all(small)).not.toMatch(/Leadership\*|█|leaned|agreed/);
    // Nobody at all is not a small group: it says so, as before.
    expect(closingSummary(base({})).text).toBe('Nobody voted on this prompt; 1 answer in the thread.');
  });

  it('shows then and now side by side for a revisit, and the shift, or why there is none', () => {
    const then = tally(picked({ U1: ['clipboard'], U2: ['clipboard'], U3: ['compass'] }));
    const r = base(
      { U1: ['compass'], U2: ['compass'], U3: ['handshake'] },
      { revisitOf: { ts: '1730000000.000100', tally: then } },
    );
    const [section, context] = thenAndNowBlocks(r) as unknown as [
      { fields: { text: string }[]; text: { text: string } },
      { elements: { text: string }[] },
    ];
    expect(section.text.text).toBe(
      '*Then and now.* Your team discussed this prompt before, on <!date^1730000000^{date_short}|27 Oct 2024>.',
    );
    expect(section.fields.map((f) => f.text.split('\n')[0])).toEqual(['*Then*', '*Now*']);
    expect(context.elements[0]?.text).toBe(
      'The team moved toward leadership: 33% → 83% leadership (a Both vote counts half).',
    );
    expect(all(closingSummary(r))).toContain('*Then and now.*');
    expect(shiftText(then, then, 3)).toBe(
      'The team held steady: 33% → 33% leadership (a Both vote counts half).',
    );
    expect(shiftText(tally([]), then, 3)).toBe('Nobody voted then, so there is no shift to show.');
    expect(shiftText(then, tally(picked({ U1: ['compass'] })), 3)).toBe(
      'With fewer than 3 voters on one side, the shift stays private.',
    );
    expect(thenAndNowBlocks(base({}))).toEqual([]);
  });
});

describe('results, history and stats', () => {
  const second = picked({ U1: ['handshake'], U2: ['handshake'], U3: ['compass'] });
  const first = { U1: ['clipboard'], U2: ['clipboard'], U3: ['compass'] } as Record<string, VoteEmoji[]>;
  const r = base(first, { secondLook: { tally: tally(second), movement: movement(picked(first), second) } });

  it('shows the second look and who moved', () => {
    expect(all(resultsBlocks(r, undefined))).toContain('2 moved from Management to Both; 1 kept their vote.');
    expect(secondLookLine(r)).toBe(
      'After the discussion: :compass: 1  :clipboard: 0  :handshake: 2 · 2 moved',
    );
    expect(all(historyBlocks([r], 1, undefined))).toContain('After the discussion: :compass: 1');
    // A hidden first tally hides who moved (it would tell how the few voted).
    const hiddenFirst = { ...r, minVoters: 4 };
    expect(secondLookLine(hiddenFirst)).toBe('After the discussion: fewer than 4 voters');
  });

  it('counts movers in the trend, and leaves small groups out of the lean and the agreement', () => {
    const at = new Date('2026-11-23T09:00:00Z');
    const input = (t: ReturnType<typeof tally>, extra: Partial<TrendInput> = {}): TrendInput => ({
      at,
      tally: t,
      answers: 0,
      sourceLeans: 'management',
      minVoters: 3,
      ...extra,
    });
    const t = trend([
      input(r.tally, { secondLook: r.secondLook }),
      input(tally(picked({ U1: ['clipboard'] })), { at: new Date('2026-11-16T09:00:00Z') }),
    ]);
    expect(t.rows.map(trendLine)).toEqual([
      '<!date^1795424400^{date_short}|23 Nov 2026> `L ▮▮▯▯▯ M` 3 voters · 0 answers · 2 moved ✓',
      '<!date^1794819600^{date_short}|16 Nov 2026> fewer than 3 voters · 0 answers',
    ]);
    expect(t.compared).toBe(1);
    expect(t.shift).toBeUndefined(); // one prompt with a lean shown: nothing to compare it with
    const text = all(statsMessage(t));
    expect(text).toContain(
      '*After the discussion* (1 second look): 2 people changed their vote. 2 moved from Management to Both; 1 kept their vote.',
    );
  });
});

describe('the revisit post', () => {
  it('says the team discussed it before, the date in the reader’s zone, and gives nothing else away', () => {
    const m = promptMessage(prompt, { revisitOf: '1730000000.000100' });
    expect(JSON.stringify(m.blocks)).toContain(discussedBefore('1730000000.000100'));
    expect(discussedBefore('1730000000.000100')).toContain('<!date^1730000000^{date_short}|27 Oct 2024>');
    expect(m.metadata.event_payload).toMatchObject({ revisit_of: '1730000000.000100' });
    expect(JSON.stringify(promptMessage(prompt).blocks)).not.toContain('discussed');
  });
});

describe('a second look nobody voted in', () => {
  it('adds nothing to the trend line or the summary', () => {
    const r = base(
      { U1: ['compass'], U2: ['compass'], U3: ['clipboard'] },
      { secondLook: { tally: tally([]), movement: NO_MOVEMENT } },
    );
    const t = trend([
      {
        at: new Date('2026-11-23T09:00:00Z'),
        tally: r.tally,
        answers: 0,
        sourceLeans: 'none',
        minVoters: 3,
        secondLook: r.secondLook,
      },
    ]);
    expect(t.rows[0]?.moved).toBeUndefined();
    expect(t.secondLook.prompts).toBe(0);
    expect(trendLine(t.rows[0] as (typeof t.rows)[number])).not.toContain('moved');
    expect(all(statsMessage(t))).not.toContain('After the discussion');
    expect(secondLookLine(r)).toBe('After the discussion: no votes yet');
  });
});
