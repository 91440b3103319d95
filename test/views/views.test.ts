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

  it('has a header, the escaped text, how to vote and the thread question', () => {
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Leadership, management, or both?' } });
    expect(json).toContain('&lt;so&gt; the team can ship &amp; nobody notices');
    expect(json).toContain('Which is this?');
    expect(json).toContain(':compass: Leadership');
    expect(json).toContain(':clipboard: Management');
    expect(json).toContain(':handshake: Both');
    expect(json).toContain('Would your team call this leadership?');
  });

  it('gives nothing away before the vote: no document, byline, credit, lean or argument', () => {
    const everything = `${json} ${m.text}`;
    for (const secret of [
      prompt.source.title,
      prompt.source.byline,
      prompt.source.credit,
      prompt.source.document,
      prompt.view.argument,
      'credited',
      'management*',
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section']);
  });

  it('asks "Which is this?" only before a situation', () => {
    const statement = promptMessage(samplePrompt({ form: 'statement', setting: undefined }));
    expect(JSON.stringify(statement.blocks)).not.toContain('Which is this?');
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

  it('closes comparing the team with the source, and reveals the document, who said it and what they argued', () => {
    const s = closingSummary(result);
    expect(s.text).toContain('The team leaned *leadership*; the source says *management*');
    const shown = JSON.stringify(s.blocks);
    expect(shown).toContain("*The source:* _An interview question_ (A manager's blog post, March 2009)");
    expect(shown).toContain('*Who said it:* Grace Hopper');
    expect(shown).toContain('*What they argued:* Removing obstacles keeps the work flowing');
    expect(shown).toContain('*Where they came down:* *management*.');
    expect(shown).toContain('The team leaned *leadership*; the source says *management*. Who');
    const agreed = closingSummary({
      ...result,
      tally: tally([{ user: 'U1', emoji: 'clipboard', on: true }]),
    });
    expect(agreed.text).toContain('The team agreed with the source: *management*');
  });

  it('never says "this week": a prompt may close minutes after a manual post', () => {
    for (const t of [votes, tally([])]) {
      const s = closingSummary({ ...result, tally: t });
      expect(`${s.text} ${JSON.stringify(s.blocks)}`).not.toMatch(/this week/i);
    }
  });

  it('reports a tie at the top as a split, not as "both"', () => {
    const tie = tally([
      { user: 'U1', emoji: 'compass', on: true },
      { user: 'U2', emoji: 'clipboard', on: true },
    ]);
    const s = closingSummary({ ...result, tally: tie });
    const all = `${s.text} ${JSON.stringify(s.blocks)}`;
    expect(s.text).toContain(
      'The team was split between *leadership* and *management*; the source says *management*.',
    );
    expect(all).not.toContain('leaned *both*');
    expect(all).not.toContain('agreed');
  });

  it('says plainly when the source did not say which it is, and compares nothing', () => {
    const undecided = samplePrompt({ view: { leans: 'none', argument: 'The author left it open.' } });
    const s = closingSummary({ ...result, prompt: undecided });
    const all = `${s.text} ${JSON.stringify(s.blocks)}`;
    expect(all).toContain(
      "*Where they came down:* they didn't say whether it is leadership, management or both.",
    );
    expect(s.text).toContain("The team leaned *leadership*; the source didn't say which it is");
    expect(all).not.toContain('agreed');
    expect(all).not.toContain("Who's right");
  });

  it('says once that nobody voted, without "0 votes from 0 people"', () => {
    const s = closingSummary({ ...result, tally: tally([]) });
    const all = `${s.text} ${JSON.stringify(s.blocks)}`;
    expect(s.text).toBe('Nobody voted on this prompt; 2 answers in the thread.');
    expect(JSON.stringify(s.blocks).match(/[Nn]obody voted/g)).toHaveLength(1);
    expect(all).not.toMatch(/0 votes|0 people/);
    expect(all).toContain('*Who said it:* Grace Hopper');
  });

  it('says when the prompt has left the library', () => {
    const s = closingSummary({ ...result, prompt: undefined });
    expect(JSON.stringify(s.blocks)).toContain('no longer in the library');
    expect(s.text).toBe(
      'The votes are in: 4 votes from 3 people · 2 answers in the thread. The team leaned *leadership*.',
    );
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
