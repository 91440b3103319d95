/**
 * What `npm run prompts:check` checks beyond the loader's schema: the library's size and balance (issue 10
 * points 7 and 8), the wording rules, and the no-copying rule against the sources' fingerprints. Pure.
 */
import type { DocumentRegistry } from './documents.js';
import { RUN_WORDS, type RunIndex, sharedRuns } from './fingerprints.js';
import type { Prompt } from './prompts.js';
import { type StyleRule, styleProblems } from './style-rules.js';
import { PROMPT_FORMS, SETTINGS, SOURCE_LEANS, THEMES } from './vocabulary.js';

export const LIBRARY_TARGETS = {
  /** Two years of weekly posts at least. */
  minPrompts: 112,
  minPerDocument: 15,
  maxLeanShare: 0.4,
  /** Statements and situations each. */
  minFormShare: 0.3,
  minSettings: 8,
  /** Of the situations. */
  maxSettingShare: 0.35,
  /** The rarer of "she" and "he" (with their other forms) is at least this share of the commoner. */
  minPronounRatio: 2 / 3,
} as const;

export interface Count {
  key: string;
  count: number;
  /** Of all prompts; for settings, of the situations. */
  share: number;
}

export interface LibraryCounts {
  prompts: number;
  situations: number;
  /** Every registered document, also those no prompt uses. */
  documents: Count[];
  leans: Count[];
  forms: Count[];
  /** Only settings in use, most used first. */
  settings: Count[];
  /** Only themes in use, most used first. */
  themes: Count[];
  pronouns: { she: number; he: number; they: number };
}

function counts(
  keys: readonly string[],
  values: readonly string[],
  whole: number,
  keepZero: boolean,
): Count[] {
  const n = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n]
    .filter(([, count]) => keepZero || count > 0)
    .map(([key, count]) => ({ key, count, share: whole === 0 ? 0 : count / whole }));
}

const byCount = (a: Count, b: Count) => b.count - a.count || a.key.localeCompare(b.key);

const occurrences = (texts: readonly string[], re: RegExp) =>
  texts.reduce((n, t) => n + (t.match(re)?.length ?? 0), 0);

export function libraryCounts(prompts: readonly Prompt[], registry: DocumentRegistry): LibraryCounts {
  const situations = prompts.filter((p) => p.form === 'situation');
  const texts = prompts.map((p) => p.text);
  const n = prompts.length;
  return {
    prompts: n,
    situations: situations.length,
    documents: counts(
      [...registry.documents.keys()],
      prompts.map((p) => p.source.document ?? ''),
      n,
      true,
    ),
    leans: counts(
      SOURCE_LEANS,
      prompts.map((p) => p.view.leans),
      n,
      true,
    ),
    forms: counts(
      PROMPT_FORMS,
      prompts.map((p) => p.form),
      n,
      true,
    ),
    settings: counts(
      SETTINGS,
      situations.map((p) => p.setting ?? ''),
      situations.length,
      false,
    ).sort(byCount),
    themes: counts(
      THEMES,
      prompts.flatMap((p) => p.themes),
      n,
      false,
    ).sort(byCount),
    pronouns: {
      she: occurrences(texts, /\b(she|her|hers|herself)\b/gi),
      he: occurrences(texts, /\b(he|him|his|himself)\b/gi),
      they: occurrences(texts, /\b(they|them|their|theirs|themselves)\b/gi),
    },
  };
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The library-wide targets the counts miss, one line each. */
export function targetProblems(c: LibraryCounts): string[] {
  const t = LIBRARY_TARGETS;
  const problems: string[] = [];
  if (c.prompts < t.minPrompts) problems.push(`${plural(c.prompts, 'prompt')}, fewer than ${t.minPrompts}`);
  for (const d of c.documents) {
    if (d.count < t.minPerDocument) {
      problems.push(
        `${d.key}: ${plural(d.count, 'prompt')}, fewer than ${t.minPerDocument} from each document`,
      );
    }
  }
  for (const l of c.leans) {
    if (l.share > t.maxLeanShare) {
      problems.push(
        `lean ${l.key}: ${plural(l.count, 'prompt')} (${pct(l.share)}), above ${pct(t.maxLeanShare)}`,
      );
    }
  }
  for (const f of c.forms) {
    if (f.share < t.minFormShare) {
      problems.push(
        `${f.key}s: ${plural(f.count, 'prompt')} (${pct(f.share)}), below ${pct(t.minFormShare)}`,
      );
    }
  }
  if (c.settings.length < t.minSettings) {
    problems.push(`situations use ${plural(c.settings.length, 'setting')}, fewer than ${t.minSettings}`);
  }
  for (const s of c.settings) {
    if (s.share > t.maxSettingShare) {
      problems.push(
        `setting ${s.key}: ${s.count} of ${plural(c.situations, 'situation')} (${pct(s.share)}), above ${pct(t.maxSettingShare)}`,
      );
    }
  }
  const { she, he } = c.pronouns;
  if (Math.min(she, he) < t.minPronounRatio * Math.max(she, he)) {
    problems.push(
      `pronouns are unbalanced: she/her ${she} times, he/him/his ${he} times (the rarer must be at least ${pct(t.minPronounRatio)} of the other)`,
    );
  }
  return problems;
}

/** The fields the no-copying rule covers: everything of ours a reader sees. */
const COPY_FIELDS = {
  text: (p: Prompt) => p.text,
  discuss: (p: Prompt) => p.discuss,
  'view.argument': (p: Prompt) => p.view.argument,
  'source.credit': (p: Prompt) => p.source.credit ?? '',
} as const;

/** Copied runs in one piece of our text, as reasons. */
export function copyProblems(field: string, text: string, index: RunIndex): string[] {
  return sharedRuns(text, index).map(
    (run) =>
      `${field} shares ${run.count} words in a row with ${run.documents.join(', ')} (at most ${RUN_WORDS - 1}): "${run.words}"`,
  );
}

/**
 * Every problem of single prompts: wording rules, copied runs, and a text or follow-up that another prompt
 * already uses. `label` names a prompt in messages.
 */
export function promptProblems<P extends Prompt>(
  prompts: readonly P[],
  rules: readonly StyleRule[],
  index: RunIndex,
  label: (p: P) => string,
): string[] {
  const problems: string[] = [];
  const seen = { text: new Map<string, P>(), discuss: new Map<string, P>() };
  for (const p of prompts) {
    const reasons = styleProblems(p, rules);
    for (const [field, get] of Object.entries(COPY_FIELDS))
      reasons.push(...copyProblems(field, get(p), index));
    for (const field of ['text', 'discuss'] as const) {
      const key = p[field].toLowerCase().replace(/\s+/g, ' ').trim();
      const other = seen[field].get(key);
      if (other) reasons.push(`${field} is the same as ${label(other)}'s`);
      else seen[field].set(key, p);
    }
    for (const reason of reasons) problems.push(`${label(p)}: ${reason}`);
  }
  return problems;
}
