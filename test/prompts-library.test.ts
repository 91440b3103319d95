/**
 * Checks on the real prompt library in `prompts/`: size, uniqueness, balance, and faithfulness to the
 * source documents in ../shared/seeds (titles, coverage, and no copied wording).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../src/app/prompt-files.js';
import { LEANS } from '../src/domain/options.js';
import { MAX_PROMPT_TEXT, type Prompt } from '../src/domain/prompts.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const promptsDir = path.join(repoRoot, 'prompts');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const seedsDir = path.join(sharedDir, 'seeds');
const hasShared = existsSync(sharedDir);
const NO_SHARED = `${sharedDir} is absent, so the source documents and the overlap tool cannot be checked`;

const prompts: Prompt[] = loadPrompts(promptsDir);

function seedDocuments(): string[] {
  return readdirSync(seedsDir)
    .filter((name) => name.endsWith('.txt'))
    .sort();
}

function countBy<T extends string>(items: readonly Prompt[], key: (p: Prompt) => T): Map<T, number> {
  const counts = new Map<T, number>();
  for (const p of items) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
  return counts;
}

describe('the prompt library', () => {
  it('has enough prompts for a year of weekly posts without repeats', () => {
    expect(prompts.length).toBeGreaterThanOrEqual(52);
  });

  it('uses every id once', () => {
    const ids = prompts.map((p) => p.id);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated).toEqual([]);
  });

  it(`keeps every text within ${MAX_PROMPT_TEXT} characters`, () => {
    const tooLong = prompts
      .filter((p) => p.text.length > MAX_PROMPT_TEXT)
      .map((p) => `${p.id} (${p.text.length})`);
    expect(tooLong).toEqual([]);
  });

  it('repeats no text', () => {
    const texts = prompts.map((p) => p.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('lets no lean take more than 60% of the library', () => {
    const counts = countBy(prompts, (p) => p.view.leans);
    for (const lean of LEANS) {
      const share = (counts.get(lean) ?? 0) / prompts.length;
      expect(share, `${lean}: ${counts.get(lean) ?? 0} of ${prompts.length}`).toBeLessThanOrEqual(0.6);
      expect(counts.get(lean) ?? 0, `${lean} is never the source's view`).toBeGreaterThan(0);
    }
  });

  it('mixes statements and situations, at least a third of them situations', () => {
    const situations = prompts.filter((p) => p.form === 'situation').length;
    expect(situations / prompts.length).toBeGreaterThanOrEqual(1 / 3);
    expect(prompts.some((p) => p.form === 'statement')).toBe(true);
  });

  it('ends every follow-up with a question', () => {
    expect(prompts.filter((p) => !p.discuss.endsWith('?')).map((p) => p.id)).toEqual([]);
  });
});

describe('the prompt library against its source documents', () => {
  it('draws at least 8 prompts from each source document', (ctx) => {
    if (!hasShared) ctx.skip(NO_SHARED);
    const counts = countBy(prompts, (p) => p.source.document);
    const documents = seedDocuments();
    expect(documents.length).toBeGreaterThan(0);
    for (const doc of documents) {
      expect(counts.get(doc) ?? 0, `prompts from ${doc}`).toBeGreaterThanOrEqual(8);
    }
  });

  it("names only existing documents, each with that document's own title", (ctx) => {
    if (!hasShared) ctx.skip(NO_SHARED);
    const documents = new Set(seedDocuments());
    const titles = new Map<string, string>();
    for (const doc of documents) {
      const firstLine = readFileSync(path.join(seedsDir, doc), 'utf8').split(/\r?\n/, 1)[0] ?? '';
      titles.set(doc, firstLine.replace(/^\uFEFF/, '').trim());
    }
    const wrong = prompts
      .filter((p) => !documents.has(p.source.document) || titles.get(p.source.document) !== p.source.title)
      .map((p) => `${p.file}: ${p.id}: ${p.source.document} / ${p.source.title}`);
    expect(wrong).toEqual([]);
  });

  it('shares no run of 9 or more words with the source documents', (ctx) => {
    if (!hasShared) ctx.skip(NO_SHARED);
    const output = execFileSync(
      'python3',
      [path.join('..', 'shared', 'tools', 'overlap.py'), path.join('..', 'shared', 'seeds'), 'prompts'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    const lines = output.trim().split('\n');
    // On failure, the message shows every shared run the tool found.
    expect(lines.at(-1), output).toBe('0 shared runs');
  });
});
