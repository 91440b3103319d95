import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseDocumentRegistry } from '../../../src/domain/documents.js';
import { documentKind, draftPrompts, type SourceDocument } from '../../../src/domain/draft/index.js';
import { parsePromptFile } from '../../../src/domain/prompts.js';
import { THEMES as VOCABULARY_THEMES } from '../../../src/domain/vocabulary.js';

const fixture = (name: string): SourceDocument => {
  const kind = documentKind(name);
  if (kind === undefined) throw new Error(`not a document: ${name}`);
  return {
    name,
    kind,
    content: readFileSync(new URL(`../../fixtures/draft/${name}`, import.meta.url), 'utf8'),
  };
};

const ALL = ['offsite-notes.txt', 'team-handbook.md', 'reading-list.html', 'control.txt'].map(fixture);

const THEMES: ReadonlySet<string> = new Set(VOCABULARY_THEMES);

/** The fixture documents, registered as a team would register its own. */
const registry = parseDocumentRegistry(
  'documents.yml',
  ['offsite-notes.txt', 'team-handbook.md', 'reading-list.html', 'control.txt']
    .map((d) => `- document: ${d}\n  title: ${d}\n  byline: "The team's ${d}"\n`)
    .join(''),
).registry;

type Entry = Record<string, unknown> & {
  id: string;
  themes: string[];
  source: { document: string; credit: string };
  view: { leans: string; argument: string };
  draft: { where: string; why: string };
};

function entries(yaml: string): Entry[] {
  const doc = YAML.parseDocument(yaml);
  expect(doc.errors).toEqual([]);
  return doc.toJS() as Entry[];
}

describe('draft entries', () => {
  const result = draftPrompts(ALL);
  const drafts = entries(result.yaml);

  it('one entry per passage found, documents in the order given, strongest first', () => {
    expect(result.documents.map((d) => [d.name, d.contrasts.length, d.drafted])).toEqual([
      ['offsite-notes.txt', 3, 3],
      ['team-handbook.md', 3, 3],
      ['reading-list.html', 2, 2],
      ['control.txt', 0, 0],
    ]);
    expect(drafts.map((d) => [d.source.document, d.draft.where])).toEqual([
      ['offsite-notes.txt', 'paragraph 4, sentence 2, lines 8–9'],
      ['offsite-notes.txt', 'paragraph 6, sentences 1–2, lines 14–15'],
      ['offsite-notes.txt', 'paragraph 7, sentence 1, lines 17–18'],
      ['team-handbook.md', 'paragraph 2, sentence 2, lines 9–10'],
      ['team-handbook.md', 'paragraph 3, sentence 1, line 18'],
      ['team-handbook.md', 'paragraph 5, sentence 1, line 21'],
      ['reading-list.html', 'paragraph 3, sentence 1, lines 12–13'],
      ['reading-list.html', 'paragraph 5, sentence 1, line 16'],
    ]);
  });

  it('has exactly the library fields plus the draft note, in the library order', () => {
    for (const draft of drafts) {
      expect(Object.keys(draft)).toEqual([
        'id',
        'form',
        'setting',
        'themes',
        'text',
        'source',
        'view',
        'discuss',
        'draft',
      ]);
      expect(Object.keys(draft.source)).toEqual(['document', 'credit']);
      expect(Object.keys(draft.view)).toEqual(['leans', 'argument']);
    }
  });

  it('fills only what a machine can know; the rest says TODO', () => {
    const [first] = drafts;
    expect(first).toMatchObject({
      id: 'draft-offsite-notes-p4-s2',
      form: 'TODO',
      setting: 'TODO',
      themes: ['vision-and-direction', 'planning-and-execution'],
      view: { leans: 'TODO' },
    });
    for (const draft of drafts) {
      for (const value of [draft.text, draft.discuss, draft.source.credit, draft.view.argument]) {
        expect(value).toMatch(/^TODO: /);
      }
      expect(draft.text).not.toContain('?');
    }
  });

  it('the note says why: the pairs, parallel clauses, contrast words, score', () => {
    expect(drafts[3]?.draft.why).toBe(
      'leading vs managing, inspiring vs controlling; parallel clauses; contrast word "while"; score 6.5',
    );
  });

  it('gives unique kebab-case ids and suggests only themes from the vocabulary (TODO when none fits)', () => {
    const ids = drafts.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    for (const draft of drafts) {
      expect(draft.themes.length).toBeGreaterThanOrEqual(1);
      expect(draft.themes.length).toBeLessThanOrEqual(3);
      for (const theme of draft.themes) expect(theme === 'TODO' || THEMES.has(theme), theme).toBe(true);
    }
    expect(drafts[2]?.themes).toEqual(['TODO']);
  });

  it('two documents with the same file name still get different ids', () => {
    const twin = { ...fixture('team-handbook.md') };
    const ids = entries(draftPrompts([twin, twin]).yaml).map((d) => d.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('sums up each document at the top, the control one included', () => {
    expect(result.yaml).toContain('# offsite-notes.txt: 3 contrasts found, all drafted');
    expect(result.yaml).toContain('# control.txt: no contrasts found');
  });

  it('caps the drafts per document and says so', () => {
    const capped = draftPrompts(ALL, { max: 1 });
    expect(entries(capped.yaml).map((d) => d.draft.where)).toEqual([
      'paragraph 4, sentence 2, lines 8–9',
      'paragraph 2, sentence 2, lines 9–10',
      'paragraph 3, sentence 1, lines 12–13',
    ]);
    expect(capped.yaml).toContain('# offsite-notes.txt: 3 contrasts found, 1 drafted (the strongest)');
  });

  it('with nothing found, writes an empty list', () => {
    expect(entries(draftPrompts([fixture('control.txt')]).yaml)).toEqual([]);
  });

  it('the prompt-file check refuses a draft until a person has rewritten it', () => {
    const { prompts, problems } = parsePromptFile('drafts.yml', result.yaml, registry);
    expect(prompts).toEqual([]);
    expect(problems.some((p) => p.includes('entry 1') && p.includes('unknown field "draft"'))).toBe(true);
    expect(problems.some((p) => p.includes('entry 1') && p.includes('form must be one of'))).toBe(true);
    expect(problems.some((p) => p.includes('entry 1') && p.includes('view.leans must be one of'))).toBe(true);
  });
});
