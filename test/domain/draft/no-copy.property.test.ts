/**
 * The drafter never writes a document's words: whatever the document (plain text, Markdown or HTML, made of
 * contrast words, of the drafter's own placeholder words, or quoting a previous draft), no string in its
 * output and no comment line holds a run of 9 consecutive words of the document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { PLACEHOLDERS } from '../../../src/domain/draft/entries.js';
import { type DocumentKind, draftPrompts } from '../../../src/domain/draft/index.js';
import { COPY_RUN_WORDS, copiedRun, ruleWords, wordRuns } from '../../../src/domain/draft/no-copy.js';

/** Contrast words, joiners, and the words of the drafter's own placeholders and comments. */
const VOCABULARY = [
  ...'leaders managers leadership management lead manage people things vision plan inspire control future present'.split(
    ' ',
  ),
  ...'while whereas but the a and or is are of to in on you we they their'.split(' '),
  ...new Set(ruleWords(Object.values(PLACEHOLDERS).join(' '))),
  ...'statement situation situations only delete this line for contrasts found drafted strongest'.split(' '),
];

const sentenceArb = fc
  .tuple(
    fc.array(fc.constantFrom(...VOCABULARY), { minLength: 3, maxLength: 16 }),
    fc.constantFrom('.', ';', ',', '!', ':'),
  )
  .map(([words, end]) => `${words.join(' ')}${end}`);

const paragraphsArb = fc.array(
  fc.array(sentenceArb, { minLength: 1, maxLength: 4 }).map((s) => s.join(' ')),
  {
    minLength: 1,
    maxLength: 8,
  },
);

function render(kind: DocumentKind, paragraphs: readonly string[]): string {
  switch (kind) {
    case 'text':
      return paragraphs.join('\n\n');
    case 'markdown':
      return paragraphs.map((p, i) => (i === 0 ? `# ${p}` : p)).join('\n\n');
    case 'html':
      return `<html><body>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</body></html>`;
  }
}

/** Every string value of the parsed YAML, and every comment (whole-line or after a value). */
function outputTexts(yaml: string): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(YAML.parse(yaml));
  for (const line of yaml.split('\n')) {
    const comment = /^\s*#(.*)$/.exec(line)?.[1] ?? line.split(' # ')[1];
    if (comment !== undefined) texts.push(comment);
  }
  return texts;
}

function copies(yaml: string, document: string): string[] {
  const runs = wordRuns([document]);
  return outputTexts(yaml).filter((text) => copiedRun(text, runs) !== undefined);
}

describe('no copying', () => {
  it('wordRuns and copiedRun ignore case and punctuation, and need 9 words in a row', () => {
    const runs = wordRuns(['Leaders, in the end, don’t plan the week; managers do it for them.']);
    expect(copiedRun('LEADERS in the end dont plan the week managers!', runs)).toBe(
      'leaders in the end dont plan the week managers',
    );
    expect(copiedRun('leaders in the end dont plan the week', runs)).toBeUndefined();
    expect(COPY_RUN_WORDS).toBe(9);
  });

  it('no output string or comment holds a 9-word run of the document (property)', () => {
    let drafted = 0;
    fc.assert(
      fc.property(
        paragraphsArb,
        fc.constantFrom<DocumentKind>('text', 'markdown', 'html'),
        (paragraphs, kind) => {
          const plain = paragraphs.join('\n\n');
          const result = draftPrompts([{ name: `doc.${kind}`, kind, content: render(kind, paragraphs) }]);
          drafted += result.documents[0]?.drafted ?? 0;
          expect(copies(result.yaml, plain)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
    expect(drafted).toBeGreaterThan(50);
  });

  it('a document quoting an earlier draft is not copied back (property)', () => {
    fc.assert(
      fc.property(paragraphsArb, (paragraphs) => {
        const first = draftPrompts([{ name: 'a.txt', kind: 'text', content: paragraphs.join('\n\n') }]);
        const quoting = `${paragraphs.join('\n\n')}\n\n${first.yaml}\n\nLeaders listen, managers decide.`;
        const second = draftPrompts([{ name: 'b.txt', kind: 'text', content: quoting }]);
        expect(second.documents[0]?.drafted).toBeGreaterThan(0);
        expect(copies(second.yaml, quoting)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('a placeholder the document happens to hold is replaced by a bare TODO', () => {
    const content = `Leaders listen, managers decide.\n\n${PLACEHOLDERS.text}\n\n${PLACEHOLDERS.discuss}`;
    const [entry] = YAML.parse(draftPrompts([{ name: 'a.txt', kind: 'text', content }]).yaml);
    expect(entry.text).toBe('TODO');
    expect(entry.discuss).toBe('TODO');
    expect(entry.view.argument).toBe(PLACEHOLDERS.argument);
  });
});
