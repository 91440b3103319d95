/**
 * The shipped prompt library (`prompts/`) keeps the guarantees of issue 10: two years of weekly prompts without
 * a repeat, balanced across documents, leans, forms and settings, every idea credited to the person who said
 * it, nothing in the wording that gives the answer away, and not one run of 9 words copied from the sources.
 * Everything it needs is in the repository: the sources are checked through their fingerprints.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FINGERPRINTS_FILE, readFingerprints, readStyleRules } from '../src/app/library-files.js';
import { readPromptLibrary } from '../src/app/prompt-files.js';
import { fingerprintDocuments, runIndex, sharedRuns } from '../src/domain/fingerprints.js';
import {
  LIBRARY_TARGETS,
  libraryCounts,
  promptProblems,
  targetProblems,
} from '../src/domain/library-check.js';
import { MAX_PROMPT_TEXT } from '../src/domain/prompts.js';
import { MAX_THEMES, SETTINGS, THEMES } from '../src/domain/vocabulary.js';

const promptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'prompts');
const library = readPromptLibrary(promptsDir);
const { prompts, registry } = library;
const counts = libraryCounts(prompts, registry);
const fingerprints = readFingerprints(path.join(promptsDir, FINGERPRINTS_FILE));
const rules = readStyleRules(promptsDir);

describe('the prompt library', () => {
  it('loads without a problem', () => {
    expect(library.problems).toEqual([]);
    expect(prompts.length).toBeGreaterThan(0);
  });

  it(`has at least ${LIBRARY_TARGETS.minPrompts} prompts: two years of weekly posts without a repeat`, () => {
    expect(prompts.length).toBeGreaterThanOrEqual(LIBRARY_TARGETS.minPrompts);
  });

  it(`draws at least ${LIBRARY_TARGETS.minPerDocument} prompts from every source document`, () => {
    expect(registry.documents.size).toBe(5);
    for (const d of counts.documents) {
      expect(d.count, d.key).toBeGreaterThanOrEqual(LIBRARY_TARGETS.minPerDocument);
    }
  });

  it('lets no lean pass 40 %, and keeps statements and situations at 30 % or more each', () => {
    for (const l of counts.leans) expect(l.share, `${l.key}: ${l.count}`).toBeLessThanOrEqual(0.4);
    for (const f of counts.forms) expect(f.share, `${f.key}: ${f.count}`).toBeGreaterThanOrEqual(0.3);
  });

  it('sets situations in at least 8 settings, none above 35 % of them, and balances she and he', () => {
    expect(counts.settings.length).toBeGreaterThanOrEqual(8);
    for (const s of counts.settings) expect(s.share, `${s.key}: ${s.count}`).toBeLessThanOrEqual(0.35);
    const { she, he } = counts.pronouns;
    expect(Math.min(she, he), `she ${she}, he ${he}`).toBeGreaterThanOrEqual((2 / 3) * Math.max(she, he));
    expect(targetProblems(counts)).toEqual([]);
  });

  it('uses only the vocabularies: 1 to 3 known themes each, a known setting on every situation and on nothing else', () => {
    const wrong = prompts.filter(
      (p) =>
        p.themes.length < 1 ||
        p.themes.length > MAX_THEMES ||
        p.themes.some((t) => !(THEMES as readonly string[]).includes(t)) ||
        (p.form === 'situation') !== (p.setting !== undefined) ||
        (p.setting !== undefined && !(SETTINGS as readonly string[]).includes(p.setting)),
    );
    expect(wrong.map((p) => p.id)).toEqual([]);
  });

  it('credits every entry to someone in the source, never to a famous name they quoted alone', () => {
    const famous =
      /^(peter drucker|drucker|grace (murray )?hopper|hopper|john kotter|kotter|zaleznic?k|ross perot|perot|elliott jaques|jaques|lawrence peter)\b/i;
    expect(prompts.filter((p) => p.source.credit.trim() === '').map((p) => p.id)).toEqual([]);
    expect(
      prompts.filter((p) => famous.test(p.source.credit)).map((p) => `${p.id}: ${p.source.credit}`),
    ).toEqual([]);
  });

  it('tells every source document apart: a title and a byline of its own', () => {
    const bylines = [...registry.documents.values()].map((d) => d.byline);
    expect(new Set(bylines).size).toBe(bylines.length);
    for (const p of prompts) expect(p.source.byline).toBe(registry.documents.get(p.source.document)?.byline);
  });

  it(`keeps texts within ${MAX_PROMPT_TEXT} characters with no question of their own, and ends every follow-up with one`, () => {
    expect(
      prompts.filter((p) => p.text.length > MAX_PROMPT_TEXT || p.text.includes('?')).map((p) => p.id),
    ).toEqual([]);
    expect(prompts.filter((p) => !p.discuss.trim().endsWith('?')).map((p) => p.id)).toEqual([]);
  });

  it('has no loaded word, famous name or leading pattern (prompts/meta/style-rules.yml), and no repeated text', () => {
    expect(rules.problems).toEqual([]);
    expect(rules.rules.length).toBeGreaterThan(0);
    expect(fingerprints.fingerprints).toBeDefined();
    const index = runIndex(fingerprints.fingerprints ?? fingerprintDocuments(new Map()));
    expect(promptProblems(prompts, rules.rules, index, (p) => `${p.file}: ${p.id}`)).toEqual([]);
  });
});

describe('the prompt library against its sources', () => {
  it('has fingerprints for every registered source document', () => {
    expect(fingerprints.problems).toEqual([]);
    const documents = fingerprints.fingerprints?.documents ?? {};
    for (const name of registry.documents.keys()) {
      expect(documents[name]?.length ?? 0, name).toBeGreaterThan(100);
    }
  });

  it('shares no run of 9 or more words with the source documents, in any field a reader sees', () => {
    const index = runIndex(fingerprints.fingerprints ?? fingerprintDocuments(new Map()));
    const copied = prompts.flatMap((p) =>
      [p.text, p.discuss, p.view.argument, p.source.credit].flatMap((field) =>
        sharedRuns(field, index).map((run) => `${p.id}: "${run.words}" (${run.documents.join(', ')})`),
      ),
    );
    expect(copied).toEqual([]);
  });
});
