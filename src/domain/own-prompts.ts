/**
 * A workspace's own prompts: what a suggestion may hold, when two prompts say the same thing, the ids given to
 * suggestions, and finding prompts by id or words (`/lead-vs-manage now <id or words>`). Pure.
 */
import { normalisedWords } from './fingerprints.js';
import type { Prompt } from './prompts.js';
import { MAX_PROMPT_TEXT } from './prompts.js';
import type { PromptForm, SourceLean } from './vocabulary.js';

/** Suggestions one person may have waiting for review at once. */
export const MAX_PENDING_PER_PERSON = 10;

/** The longest value each field of the suggestion form takes. */
export const FIELD_LIMITS = {
  text: MAX_PROMPT_TEXT,
  discuss: MAX_PROMPT_TEXT,
  title: 200,
  credit: 200,
  link: 500,
  argument: 1000,
} as const;

/** What the suggestion (and edit) form holds, trimmed; empty optional fields are absent. */
export interface SuggestionInput {
  text: string;
  form: PromptForm | undefined;
  title?: string;
  credit?: string;
  link?: string;
  leans?: SourceLean;
  argument?: string;
  discuss: string;
}

export type SuggestionField = keyof typeof FIELD_LIMITS | 'form';

/** A web address a reader may open: http or https, a host, no spaces. */
function isWebLink(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What is wrong with a suggestion's fields, one message per field (the form shows each under its field). */
export function suggestionProblems(input: SuggestionInput): Partial<Record<SuggestionField, string>> {
  const problems: Partial<Record<SuggestionField, string>> = {};
  if (input.text === '') problems.text = 'Write the prompt: a statement or a short situation to vote on.';
  if (input.discuss === '') problems.discuss = 'Write a question for the thread, to start the discussion.';
  if (input.form === undefined) problems.form = 'Choose statement or situation.';
  for (const field of Object.keys(FIELD_LIMITS) as (keyof typeof FIELD_LIMITS)[]) {
    const value = input[field] ?? '';
    const max = FIELD_LIMITS[field];
    if ([...value].length > max) {
      problems[field] = `At most ${plural(max, 'character')} (this one has ${[...value].length}).`;
    }
  }
  if (problems.link === undefined && input.link !== undefined && !isWebLink(input.link)) {
    problems.link = 'Give a web address starting with https:// (or leave it empty).';
  }
  return problems;
}

/** The words of a text as the duplicate check compares them: case, punctuation and spacing ignored. */
export function textKey(text: string): string {
  return normalisedWords(text).join(' ');
}

/** A kebab-case id for a suggestion: its first words and a random suffix, never one of `taken`. */
export function suggestionId(text: string, taken: ReadonlySet<string>, suffix: () => string): string {
  const words = normalisedWords(text.normalize('NFKD').replace(/\p{M}/gu, ''))
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter((w) => w !== '')
    .slice(0, 5);
  const base = ['own', ...words].join('-').slice(0, 48).replace(/-+$/, '');
  for (;;) {
    const id = `${base}-${suffix()}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * The prompts `query` names: the one whose id it is (any case), else those whose text or id holds every word
 * of it (a word matches the start of a word: "budget" finds "budgets").
 */
export function matchPrompts<P extends Prompt>(prompts: readonly P[], query: string): P[] {
  const wanted = query.trim().toLowerCase();
  const exact = prompts.find((p) => p.id === wanted);
  if (exact) return [exact];
  const words = normalisedWords(wanted);
  if (words.length === 0) return [];
  return prompts.filter((p) => {
    const own = [...normalisedWords(p.text), ...p.id.split('-')];
    return words.every((w) => own.some((o) => o.startsWith(w)));
  });
}
