import { describe, expect, it } from 'vitest';
import type { DocumentRegistry } from '../../src/domain/documents.js';
import {
  fingerprintDocuments,
  fingerprintText,
  normalisedWords,
  parseFingerprints,
  runIndex,
  sharedRuns,
} from '../../src/domain/fingerprints.js';
import { libraryCounts, promptProblems, targetProblems } from '../../src/domain/library-check.js';
import type { ShippedPrompt } from '../../src/domain/prompts.js';
import { parseStyleRules, styleProblems } from '../../src/domain/style-rules.js';
import { samplePrompt } from '../support/prompt-fixture.js';

const SOURCE =
  'Management is like herding chickens: you do it from the rear, with a long thin twig, ' +
  'and you try to keep all the hens on the same path.';
const index = runIndex(fingerprintDocuments(new Map([['000_a.txt', SOURCE]])));

describe('fingerprints', () => {
  it("normalises: lowercase, ’ as ', words of [a-z0-9'] only", () => {
    expect(normalisedWords('Don’t STOP—the 2 hens’ path!')).toEqual([
      "don't",
      'stop',
      'the',
      '2',
      "hens'",
      'path',
    ]);
  });

  it('keeps hashes of runs, never the words', () => {
    const fp = fingerprintDocuments(new Map([['000_a.txt', SOURCE]]));
    expect(JSON.stringify(fp)).not.toMatch(/chickens|herding/);
    expect(fp.documents['000_a.txt']).toEqual(fingerprintText(SOURCE));
    expect(fp.documents['000_a.txt']).toHaveLength(normalisedWords(SOURCE).length - 8);
  });

  it('finds a shared run of 9 words, whatever the case and punctuation, and not one of 8', () => {
    expect(sharedRuns('They said: DO IT from the rear, with a long thin twig!', index)).toEqual([
      { words: 'do it from the rear with a long thin twig', count: 10, documents: ['000_a.txt'] },
    ]);
    expect(sharedRuns('you do it from the rear, with a long', index)).toHaveLength(1);
    expect(sharedRuns('do it from the rear, with a long', index)).toEqual([]);
    expect(sharedRuns('Herding is done from the back with a stick.', index)).toEqual([]);
  });

  it('refuses a fingerprint file of another shape', () => {
    const good = JSON.stringify(fingerprintDocuments(new Map([['a.txt', SOURCE]])));
    expect(parseFingerprints('f.json', good).problems).toEqual([]);
    expect(parseFingerprints('f.json', '{').problems[0]).toMatch(/^f\.json: not JSON/);
    const bad = parseFingerprints('f.json', good.replace(/"words":9/, '"words":8')).problems;
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^f\.json: words: /);
  });
});

const RULES = parseStyleRules(
  'style-rules.yml',
  `- why: a loaded word
  in: [text, discuss]
  words: [surely, of course, mere]
- why: a famous name
  in: [text, discuss]
  words: [Drucker]
- why: a question in the text
  in: [text]
  patterns: ['\\?']
- why: a rhetorical ending
  in: [discuss]
  patterns: ['\\breally\\s*\\?']
`,
);

describe('style rules', () => {
  it('reads the rules and flags loaded words, famous names and questions, each with its field and reason', () => {
    expect(RULES.problems).toEqual([]);
    const p = samplePrompt({
      text: 'Surely the Drucker way: of  course she asks the team first?',
      discuss: 'Is that leadership, really?',
    });
    expect(styleProblems(p, RULES.rules)).toEqual([
      'text: "Surely": a loaded word',
      'text: "of  course": a loaded word',
      'text: "Drucker": a famous name',
      'text: "?": a question in the text',
      'discuss: "really?": a rhetorical ending',
    ]);
  });

  it('matches whole words only', () => {
    const p = samplePrompt({ text: 'A merely adequate plan, reviewed by Mr Druckerman.', discuss: 'Which?' });
    expect(styleProblems(p, RULES.rules)).toEqual([]);
  });

  it('reports a broken rule file with the rule and the reason', () => {
    const { problems } = parseStyleRules(
      'r.yml',
      "- why: x\n  in: [title]\n  patterns: ['(']\n- why: y\n  in: [text]\n",
    );
    expect(problems).toEqual([
      'r.yml: rule 1: in.0 must be one of text, discuss, argument, credit (got "title")',
      'r.yml: rule 2: entry a rule needs words or patterns',
    ]);
  });
});

const registry: DocumentRegistry = {
  file: 'documents.yml',
  documents: new Map(
    ['000_a.txt', '001_b.txt'].map((d) => [d, { document: d, title: d, by: 'x', where: 'y', byline: d }]),
  ),
};

/** `n` prompts cycling through documents, leans, forms and settings as given. */
function library(n: number, pick: (i: number) => Partial<ShippedPrompt>): ShippedPrompt[] {
  return Array.from({ length: n }, (_, i) =>
    samplePrompt({ id: `p${i}`, text: `Scene ${i}.`, discuss: `Why ${i}?`, ...pick(i) }),
  );
}

describe('library targets', () => {
  const balanced = (i: number): Partial<ShippedPrompt> => ({
    source: { ...samplePrompt().source, document: i % 2 ? '001_b.txt' : '000_a.txt' },
    view: { leans: (['leadership', 'management', 'both', 'none'] as const)[i % 4] ?? 'none', argument: 'x' },
    ...(i % 2
      ? { form: 'statement', setting: undefined }
      : {
          form: 'situation',
          setting: (
            ['software', 'retail', 'sport', 'legal', 'media', 'finance', 'military', 'volunteer'] as const
          )[(i / 2) % 8],
        }),
    text: i % 2 ? `She decides ${i}.` : `He decides ${i}.`,
  });

  it('counts per document, lean, form, setting, theme and pronoun, and finds nothing wrong in a balanced library', () => {
    const c = libraryCounts(library(112, balanced), registry);
    expect(c.prompts).toBe(112);
    expect(c.documents.map((d) => [d.key, d.count])).toEqual([
      ['000_a.txt', 56],
      ['001_b.txt', 56],
    ]);
    expect(c.leans.map((l) => l.count)).toEqual([28, 28, 28, 28]);
    expect(c.settings).toHaveLength(8);
    expect(c.pronouns).toEqual({ she: 56, he: 56, they: 0 });
    expect(targetProblems(c)).toEqual([]);
  });

  it('names every target a library misses', () => {
    const lopsided = library(100, (i) => ({
      ...balanced(i),
      source: { ...samplePrompt().source, document: '000_a.txt' },
      view: { leans: i < 50 ? 'management' : 'both', argument: 'x' },
      ...(i % 5 === 0
        ? { form: 'statement', setting: undefined }
        : { form: 'situation', setting: 'software' }),
      text: i < 30 ? 'She decides.' : 'The team decides.',
    }));
    expect(targetProblems(libraryCounts(lopsided, registry))).toEqual([
      '100 prompts, fewer than 112',
      '001_b.txt: 0 prompts, fewer than 15 from each document',
      'lean management: 50 prompts (50%), above 40%',
      'lean both: 50 prompts (50%), above 40%',
      'statements: 20 prompts (20%), below 30%',
      'situations use 1 setting, fewer than 8',
      'setting software: 80 of 80 situations (100%), above 35%',
      'pronouns are unbalanced: she/her 30 times, he/him/his 0 times (the rarer must be at least 67% of the other)',
    ]);
  });
});

describe('promptProblems', () => {
  const label = (p: ShippedPrompt) => `x.yml: id "${p.id}"`;

  it('flags copied runs in any field a reader sees, wording rules, and repeated texts and follow-ups', () => {
    const prompts = [
      samplePrompt({ id: 'a', text: 'Doing it from the rear, with a long thin twig, every day.' }),
      samplePrompt({
        id: 'b',
        view: { leans: 'none', argument: 'The author: you try to keep all the hens on the same path.' },
      }),
      samplePrompt({ id: 'c', text: 'Surely fine.' }),
      samplePrompt({ id: 'd', text: 'surely  FINE.', discuss: 'Another question?' }),
    ];
    expect(promptProblems(prompts, RULES.rules, index, label)).toEqual([
      'x.yml: id "a": text shares 9 words in a row with 000_a.txt (at most 8): "it from the rear with a long thin twig"',
      'x.yml: id "b": view.argument shares 11 words in a row with 000_a.txt (at most 8): "you try to keep all the hens on the same path"',
      'x.yml: id "b": discuss is the same as x.yml: id "a"\'s',
      'x.yml: id "c": text: "Surely": a loaded word',
      'x.yml: id "c": discuss is the same as x.yml: id "a"\'s',
      'x.yml: id "d": text: "surely": a loaded word',
      'x.yml: id "d": text is the same as x.yml: id "c"\'s',
    ]);
  });
});
