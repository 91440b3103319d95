/** A workspace's own prompts, the pure rules: the form's limits, the duplicate check, ids, and `now <words>`. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.js';
import { matchPrompts, suggestionId, suggestionProblems, textKey } from '../../src/domain/own-prompts.js';
import { samplePrompt } from '../support/prompt-fixture.js';

const input = { text: 'A scene.', form: 'statement' as const, discuss: 'Why?' };

describe('suggestionProblems', () => {
  it('accepts a minimal suggestion and names each problem by field', () => {
    expect(suggestionProblems(input)).toEqual({});
    expect(suggestionProblems({ ...input, text: '', discuss: '', form: undefined })).toEqual({
      text: 'Write the prompt: a statement or a short situation to vote on.',
      discuss: 'Write a question for the thread, to start the discussion.',
      form: 'Choose statement or situation.',
    });
  });

  it('counts characters, not UTF-16 units: 280 emoji fit, 281 letters do not', () => {
    expect(suggestionProblems({ ...input, text: '🧭'.repeat(280) })).toEqual({});
    expect(suggestionProblems({ ...input, text: 'a'.repeat(281) }).text).toBe(
      'At most 280 characters (this one has 281).',
    );
  });

  it('takes only web links', () => {
    for (const link of ['https://example.com/a', 'http://intranet.local/x?y=1']) {
      expect(suggestionProblems({ ...input, link })).toEqual({});
    }
    for (const link of ['ftp://example.com', 'example.com', 'javascript:alert(1)', 'https://a b.com']) {
      expect(suggestionProblems({ ...input, link }).link, link).toContain('https://');
    }
  });
});

describe('textKey', () => {
  it('ignores case, spacing and punctuation, not the words', () => {
    expect(textKey('The lead  rewrites, the ROTA!')).toBe(textKey('the lead rewrites the rota'));
    expect(textKey('The lead rewrites the rota')).not.toBe(textKey('The lead rewrote the rota'));
  });
});

describe('suggestionId', () => {
  it('is kebab-case from the first words, with a suffix, never one taken', () => {
    const suffixes = ['aaaa', 'bbbb'];
    const id = suggestionId(
      'Ça va? The Lead’s rota, again & again!',
      new Set(['own-ca-va-the-leads-rota-aaaa']),
      () => suffixes.shift() ?? 'zzzz',
    );
    expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(id).toBe('own-ca-va-the-leads-rota-bbbb');
  });
});

describe('matchPrompts', () => {
  const prompts = [
    samplePrompt({
      id: 'budget-cut-town-library',
      text: 'Facing a budget cut, the head of a town library asks her staff.',
    }),
    samplePrompt({ id: 'budget-review', text: 'A finance lead reviews every budget line alone.' }),
    samplePrompt({ id: 'rota', text: 'The lead rewrites the rota.' }),
  ];
  it('finds by id first (any case), else by every word (a word matches the start of one)', () => {
    expect(matchPrompts(prompts, 'ROTA').map((p) => p.id)).toEqual(['rota']);
    expect(matchPrompts(prompts, 'budget').map((p) => p.id)).toEqual([
      'budget-cut-town-library',
      'budget-review',
    ]);
    expect(matchPrompts(prompts, 'budg libr').map((p) => p.id)).toEqual(['budget-cut-town-library']);
    expect(matchPrompts(prompts, 'budget zebra')).toEqual([]);
    expect(matchPrompts(prompts, '!!!')).toEqual([]);
  });
});

describe('the new sub-commands', () => {
  it('parses now with an id or words, next, suggest and library with its modes', () => {
    expect(parseCommand('now')).toEqual({ kind: 'now' });
    expect(parseCommand('NOW  budget   cut')).toEqual({ kind: 'now', query: 'budget cut' });
    expect(parseCommand('next')).toEqual({ kind: 'next' });
    expect(parseCommand('suggest')).toEqual({ kind: 'suggest' });
    expect(parseCommand('library')).toEqual({ kind: 'library' });
    expect(parseCommand('library OWN')).toEqual({ kind: 'library', mode: 'own' });
    expect(parseCommand('library all')).toMatchObject({ kind: 'invalid' });
  });
});
