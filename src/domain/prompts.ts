/**
 * The prompt library: what a prompt is, and how the YAML files under `prompts/` become validated prompts.
 * Plain TypeScript, no Slack and no I/O: src/app/prompt-files.ts reads the files.
 *
 * Every problem is reported as one readable line naming the file, the entry and the reason, and
 * the library is checked whole, collecting every problem in every file before failing, so one run shows all that needs fixing.
 */
import YAML from 'yaml';
import { z } from 'zod';
import { LEANS, type Lean } from './options.js';

export const PROMPT_FORMS = ['statement', 'situation'] as const;
/** `statement`: a claim or maxim to judge. `situation`: a short workplace scene ("which is this?"). */
export type PromptForm = (typeof PROMPT_FORMS)[number];

export interface Prompt {
  /** Stable slug, unique across the whole library. */
  id: string;
  form: PromptForm;
  /** What people vote on: leadership, management, or both? */
  text: string;
  /** The document the idea comes from (a file name under shared/seeds), its title, and whom it credits. */
  source: { document: string; title: string; credit?: string };
  /** Where the source leans, and its reasoning in one line, to compare with the team's vote. */
  view: { leans: Lean; argument: string };
  /** A follow-up question for the thread. */
  discuss: string;
  /** Base name of the YAML file the prompt came from. */
  file: string;
}

export const MAX_PROMPT_TEXT = 280;

/** Thrown by `loadPrompts`; `problems` holds every problem found, and the message lists them one per line. */
export class PromptLibraryError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PromptLibraryError';
    this.problems = problems;
  }
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A required, non-blank string (surrounding whitespace is trimmed). Empty strings stop further checks. */
const requiredText = () => z.string().trim().min(1, { abort: true });

const SourceSchema = z.strictObject({
  document: requiredText().regex(/^[^/\\]+$/, { error: 'must be a file name, not a path' }),
  title: requiredText(),
  credit: requiredText().optional(),
});

const ViewSchema = z.strictObject({
  leans: z.enum(LEANS),
  argument: requiredText(),
});

const EntrySchema = z.strictObject({
  id: requiredText().regex(ID_PATTERN, {
    error: 'must be lowercase letters and digits in words joined by single hyphens, like "vision-vs-plan"',
  }),
  form: z.enum(PROMPT_FORMS),
  text: requiredText().max(MAX_PROMPT_TEXT),
  source: SourceSchema,
  view: ViewSchema,
  discuss: requiredText(),
});

/** The fields allowed at each level of an entry, for "unknown field" hints. */
const ALLOWED_FIELDS: Record<string, string[]> = {
  '': Object.keys(EntrySchema.shape),
  source: Object.keys(SourceSchema.shape),
  view: Object.keys(ViewSchema.shape),
};

/** A short, readable rendering of a YAML value for "(got ...)" in messages. */
function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

function fieldPath(issuePath: readonly PropertyKey[]): string {
  return issuePath.map(String).join('.');
}

/** One zod issue as readable reasons (one per line; an unknown-keys issue gives one line per key). */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const field = fieldPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  if (
    input === undefined &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    field !== ''
  ) {
    return [`${field} is missing`];
  }
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`;
      if (field === '') return [`entry must be a mapping of fields (got ${describeValue(input)})`];
      if (input === null) return [`${field} has no value (expected ${expected})`];
      return [`${field} must be ${expected} (got ${describeValue(input)})`];
    }
    case 'unrecognized_keys': {
      const allowed = ALLOWED_FIELDS[field];
      const hint = allowed ? ` (allowed: ${allowed.join(', ')})` : '';
      return issue.keys.map((key) => `unknown field "${field ? `${field}.${key}` : key}"${hint}`);
    }
    case 'invalid_value':
      return [`${field} must be one of ${issue.values.map(String).join(', ')} (got ${describeValue(input)})`];
    case 'too_small':
      return [`${field} must not be empty`];
    case 'too_big': {
      const length = typeof input === 'string' ? input.length : undefined;
      return [`${field} must be at most ${String(issue.maximum)} characters (got ${length ?? 'more'})`];
    }
    default:
      return [`${field || 'entry'} ${issue.message} (got ${describeValue(input)})`];
  }
}

/** The first line of a yaml error message, without the position suffix the library appends. */
function yamlReason(error: YAML.YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') {
    return 'the file holds more than one YAML document (remove the "---" separator)';
  }
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '');
}

/** An entry that has an id: where it is, and the prompt when the entry is valid. */
interface Occurrence {
  id: string;
  /** The file as named in messages, and the entry's 0-based position in it. */
  label: string;
  index: number;
  prompt?: Prompt;
}

function rawId(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

function entryLabel(index: number, id: string | undefined): string {
  return `entry ${index + 1}${id === undefined ? '' : ` (id ${JSON.stringify(id)})`}`;
}

/** Validates one file's entries; duplicates are left to `dedupe`, which sees every file at once. */
function parseEntries(file: string, yamlText: string): { occurrences: Occurrence[]; problems: string[] } {
  const problems: string[] = [];
  const doc = YAML.parseDocument(yamlText, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      problems.push(`${file}: YAML syntax error${where}: ${yamlReason(error)}`);
    }
    return { occurrences: [], problems };
  }

  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    return { occurrences: [], problems: [`${file}: file is empty (expected a list of prompts)`] };
  }
  if (!Array.isArray(data)) {
    return {
      occurrences: [],
      problems: [`${file}: file must be a list of prompts ("- id: ..." entries), got ${describeValue(data)}`],
    };
  }
  if (data.length === 0) {
    return { occurrences: [], problems: [`${file}: file has no prompts (the list is empty)`] };
  }

  const occurrences: Occurrence[] = [];
  data.forEach((raw: unknown, index) => {
    const id = rawId(raw);
    const result = EntrySchema.safeParse(raw, { reportInput: true });
    if (!result.success) {
      const where = `${file}: ${entryLabel(index, id)}`;
      for (const issue of result.error.issues) {
        for (const reason of describeIssue(issue)) problems.push(`${where}: ${reason}`);
      }
      if (id !== undefined) occurrences.push({ id, label: file, index });
      return;
    }
    const entry = result.data;
    const source: Prompt['source'] = { document: entry.source.document, title: entry.source.title };
    if (entry.source.credit !== undefined) source.credit = entry.source.credit;
    const prompt: Prompt = {
      id: entry.id,
      form: entry.form,
      text: entry.text,
      source,
      view: { leans: entry.view.leans, argument: entry.view.argument },
      discuss: entry.discuss,
      file: file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1),
    };
    occurrences.push({ id: entry.id, label: file, index, prompt });
  });
  return { occurrences, problems };
}

/** Keeps the first entry of each id and reports every later one, naming where the id was first used. */
function dedupe(occurrences: readonly Occurrence[]): { prompts: Prompt[]; problems: string[] } {
  const first = new Map<string, Occurrence>();
  const prompts: Prompt[] = [];
  const problems: string[] = [];
  for (const occ of occurrences) {
    const earlier = first.get(occ.id);
    if (earlier) {
      const there =
        earlier.label === occ.label
          ? `entry ${earlier.index + 1} in this file`
          : `${earlier.label} entry ${earlier.index + 1}`;
      problems.push(`${occ.label}: ${entryLabel(occ.index, occ.id)}: duplicate id, already used by ${there}`);
      continue;
    }
    first.set(occ.id, occ);
    if (occ.prompt) prompts.push(occ.prompt);
  }
  return { prompts, problems };
}

/**
 * Parses and validates one prompt file. `file` names the file in messages (for example `prompts/x.yml`);
 * each prompt's `file` is its base name. Pure: the text is passed in. Ids repeated within the file are
 * problems; ids repeated across files are found by `parsePromptLibrary` / `loadPrompts`.
 */
export function parsePromptFile(file: string, yamlText: string): { prompts: Prompt[]; problems: string[] } {
  const parsed = parseEntries(file, yamlText);
  const unique = dedupe(parsed.occurrences);
  return { prompts: unique.prompts, problems: [...parsed.problems, ...unique.problems] };
}

/**
 * Parses and validates a whole library given as files in order. Pure. Reports every problem in every file,
 * ids used more than once anywhere, and an empty library.
 */
export function parsePromptLibrary(files: readonly { file: string; yamlText: string }[]): {
  prompts: Prompt[];
  problems: string[];
} {
  const problems: string[] = [];
  const occurrences: Occurrence[] = [];
  for (const { file, yamlText } of files) {
    const parsed = parseEntries(file, yamlText);
    problems.push(...parsed.problems);
    occurrences.push(...parsed.occurrences);
  }
  const unique = dedupe(occurrences);
  problems.push(...unique.problems);

  if (files.length === 0) {
    problems.push('the prompt library is empty: no prompt files (*.yml or *.yaml) found');
  } else if (unique.prompts.length === 0) {
    problems.push('the prompt library is empty: no file holds a valid prompt');
  }
  return { prompts: unique.prompts, problems };
}
