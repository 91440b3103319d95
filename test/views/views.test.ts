import { describe, expect, it } from 'vitest';
import { tally } from '../../src/domain/tally.js';
import { usageText } from '../../src/views/help.js';
import { PROMPT_EVENT_TYPE, promptMessage } from '../../src/views/prompt-message.js';
import { closingSummary, historyBlocks, resultsBlocks } from '../../src/views/results.js';
import { samplePrompt } from '../support/prompt-fixture.js';

const prompt = samplePrompt({
  view: { leans: 'management', argument: 'Removing obstacles keeps the work flowing: a manager’s craft.' },
});

const votes = tally([
  { user: 'U1', emoji: 'compass', on: true },
  { user: 'U2', emoji: 'compass', on: true },
  { user: 'U3', emoji: 'handshake', on: true },
  { user: 'U3', emoji: 'clipboard', on: true },
]);

describe('promptMessage', () => {
  const m = promptMessage(prompt, { slot: '2026-11-30T09:00:00.000Z' });
  const json = JSON.stringify(m.blocks);

  it('has a header, the escaped statement, the source credit, how to vote and the thread question', () => {
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Leadership, management, or both?' } });
    expect(json).toContain('&lt;so&gt; the team can ship &amp; nobody notices');
    expect(json).toContain('Which is this?');
    expect(json).toContain('An interview question');
    expect(json).toContain('Grace Hopper');
    expect(json).toContain(':compass: Leadership');
    expect(json).toContain(':clipboard: Management');
    expect(json).toContain(':handshake: Both');
    expect(json).toContain('Would your team call this leadership?');
  });

  it('carries a plain-text fallback and metadata naming the prompt and slot', () => {
    expect(m.text).toContain(prompt.text);
    expect(m.metadata).toEqual({
      event_type: PROMPT_EVENT_TYPE,
      event_payload: { prompt_id: 'obstacle-remover', slot: '2026-11-30T09:00:00.000Z' },
    });
  });
});

describe('results views', () => {
  const result = {
    channel: 'C1',
    ts: '1764070000.000100',
    prompt,
    promptId: prompt.id,
    tally: votes,
    answers: 2,
  };

  it('shows each option on its own line with count, share and bar, then voters, answers and the thread link', () => {
    const { blocks } = resultsBlocks(result, 'https://acme.slack.com/');
    const lines = (blocks[1] as { text: { text: string } }).text.text.split('\n');
    expect(lines).toEqual([
      ':compass: *Leadership*  2 · 50%  `█████░░░░░`',
      ':clipboard: *Management*  1 · 25%  `███░░░░░░░`',
      ':handshake: *Both*  1 · 25%  `███░░░░░░░`',
    ]);
    expect(JSON.stringify(blocks[2])).toContain('4 votes from 3 people · 2 answers in the thread');
    expect(JSON.stringify(blocks[2])).toContain('https://acme.slack.com/archives/C1/p1764070000000100');
  });

  it('lists history rows and stays within 50 blocks', () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({ ...result, ts: `17640${i}.000100` }));
    expect(historyBlocks(rows, 80, undefined).blocks.length).toBeLessThanOrEqual(50);
  });

  it('closes a week comparing the team with the source', () => {
    const s = closingSummary(result);
    expect(s.text).toContain('The team leaned *leadership*; the source says *management*');
    expect(JSON.stringify(s.blocks)).toContain('Removing obstacles keeps the work flowing');
    const agreed = closingSummary({
      ...result,
      tally: tally([{ user: 'U1', emoji: 'clipboard', on: true }]),
    });
    expect(agreed.text).toContain('The team agreed with the source: *management*');
  });
});

describe('usage', () => {
  it('lists every sub-command', () => {
    const text = usageText();
    for (const sub of [
      'now',
      'results',
      'history',
      'schedule',
      'pause',
      'resume',
      'export',
      'stats',
      'help',
    ]) {
      expect(text).toContain(`/lead-vs-manage ${sub}`);
    }
  });
});
