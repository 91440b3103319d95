/**
 * The prompt library: what a prompt is, and how the YAML files under `prompts/` become validated prompts.
 * Plain TypeScript, no Slack and no I/O: src/app/prompt-files.ts reads the files.
 *
 * Every problem is reported as one readable line naming the file, the entry, the field and the reason, and
 * the library is checked whole, collecting every problem in every file before failing, so one run shows all
 * that needs fixing.
 */
import { z } from 'zod';
import type { DocumentRegistry } from './documents.js';
import {
  MAX_THEMES,
  PROMPT_FORMS,
  type PromptForm,
  SETTINGS,
  type Setting,
  SOURCE_LEANS,
  type SourceLean,
  THEMES,
  type Theme,
} from './vocabulary.js';
import { describeIssues, rawField, readYamlList } from './yaml-entries.js';

export interface Prompt {
  /** Stable slug, unique across the whole library. */
  id: string;
  form: PromptForm;
  /** Where a situation takes place; statements have none. */
  setting?: Setting;
  /** 1 to 3 themes; the rotation spaces out prompts that share one. */
  themes: readonly Theme[];
  /** What people vote on: leadership, management, or both? */
  text: string;
  /** Where it comes from: a registered document (the shipped library), or a team's own source. */
  source: PromptSource;
  /**
   * Where the credited person leans (`none`: they did not say), and what they argued (empty when a team's
   * suggestion did not say).
   */
  view: { leans: SourceLean; argument: string };
  /** A neutral follow-up question for the thread. */
  discuss: string;
  /** Base name of the YAML file the prompt came from (empty for a team's suggestion). */
  file: string;
  /** A workspace's own prompt: who suggested or imported it, if known. Never set on the shipped library. */
  author?: string;
  /** Set on a workspace's own prompt (an approved suggestion or an import), never on the shipped library. */
  own?: true;
}

/**
 * The shipped library's source, resolved through the document registry: the seed file, its title, a byline
 * telling it apart from documents with similar titles, and who in it said this.
 */
export interface DocumentSource {
  document: string;
  title: string;
  byline: string;
  credit: string;
}

/**
 * A team's own source, given inline (its documents are not in the registry): the title, who in it said this,
 * a link, and the file an import named for the no-copying check. A suggestion may name none of them.
 */
export interface TeamSource {
  title?: string;
  credit?: string;
  link?: string;
  document?: string;
}

export type PromptSource = DocumentSource | TeamSource;

/** A prompt of the shipped library: its source is always a registered document. */
export interface ShippedPrompt extends Prompt {
  source: DocumentSource;
}

export function isDocumentSource(source: PromptSource): source is DocumentSource {
  return 'byline' in source;
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
  credit: requiredText(),
});

export const ViewSchema = z.strictObject({
  leans: z.enum(SOURCE_LEANS),
  argument: requiredText(),
});

export const EntrySchema = z.strictObject({
  id: requiredText().regex(ID_PATTERN, {
    error: 'must be lowercase letters and digits in words joined by single hyphens, like "vision-vs-plan"',
  }),
  form: z.enum(PROMPT_FORMS),
  setting: z.enum(SETTINGS).optional(),
  themes: z
    .array(z.enum(THEMES))
    .min(1, { error: `must list 1 to ${MAX_THEMES} themes, like [change, decisions]` })
    .max(MAX_THEMES, { error: `must list 1 to ${MAX_THEMES} themes` })
    .refine((ts) => !Array.isArray(ts) || new Set(ts).size === ts.length, { error: 'names a theme twice' }),
  text: requiredText().max(MAX_PROMPT_TEXT),
  source: SourceSchema,
  view: ViewSchema,
  discuss: requiredText(),
});

/** The fields allowed at each level of an entry, for "unknown field" hints. */
const ALLOWED_FIELDS: Record<string, readonly string[]> = {
  '': Object.keys(EntrySchema.shape),
  source: Object.keys(SourceSchema.shape),
  view: Object.keys(ViewSchema.shape),
};

/** Rules across fields, checked on the raw entry so that they show up with every other problem. */
function crossFieldProblems(raw: unknown, registry: DocumentRegistry): string[] {
  const problems: string[] = [];
  const form = rawField(raw, 'form');
  const setting = rawField(raw, 'setting');
  if (form === 'situation' && setting === undefined) {
    problems.push(
      `setting is missing (a situation names where it takes place: one of ${SETTINGS.join(', ')})`,
    );
  }
  if (form === 'statement' && setting !== undefined) {
    problems.push('setting is only for situations (remove it from this statement)');
  }
  const document = rawField(rawField(raw, 'source'), 'document');
  // An empty registry is reported once by parsePromptLibrary, not once per entry.
  const checkable = registry.documents.size > 0 && typeof document === 'string';
  if (checkable && document.trim() !== '' && !/[/\\]/.test(document)) {
    if (!registry.documents.has(document.trim())) {
      const known = [...registry.documents.keys()].join(', ') || 'none';
      problems.push(`source.document "${document.trim()}" is not in ${registry.file} (known: ${known})`);
    }
  }
  return problems;
}

/** An entry that has an id: where it is, and the prompt when the entry is valid. */
interface Occurrence {
  id: string;
  /** The file as named in messages, and the entry's 0-based position in it. */
  label: string;
  index: number;
  prompt?: ShippedPrompt;
}

function rawId(raw: unknown): string | undefined {
  const id = rawField(raw, 'id');
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

function entryLabel(index: number, id: string | undefined): string {
  return `entry ${index + 1}${id === undefined ? '' : ` (id ${JSON.stringify(id)})`}`;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Validates one file's entries; duplicates are left to `dedupe`, which sees every file at once. */
function parseEntries(
  file: string,
  yamlText: string,
  registry: DocumentRegistry,
): { occurrences: Occurrence[]; problems: string[] } {
  const read = readYamlList(file, yamlText, 'prompts', '- id: ...');
  const problems = [...read.problems];
  const occurrences: Occurrence[] = [];
  (read.items ?? []).forEach((raw: unknown, index) => {
    const id = rawId(raw);
    const where = `${file}: ${entryLabel(index, id)}`;
    const result = EntrySchema.safeParse(raw, { reportInput: true });
    const reasons = result.success ? [] : describeIssues(result.error.issues, ALLOWED_FIELDS);
    reasons.push(...crossFieldProblems(raw, registry));
    for (const reason of reasons) problems.push(`${where}: ${reason}`);
    if (!result.success || reasons.length > 0) {
      if (id !== undefined) occurrences.push({ id, label: file, index });
      return;
    }
    const entry = result.data;
    const document = registry.documents.get(entry.source.document);
    if (!document) return; // reported above
    const prompt: ShippedPrompt = {
      id: entry.id,
      form: entry.form,
      themes: entry.themes,
      text: entry.text,
      source: {
        document: document.document,
        title: document.title,
        byline: document.byline,
        credit: entry.source.credit,
      },
      view: { leans: entry.view.leans, argument: entry.view.argument },
      discuss: entry.discuss,
      file: baseName(file),
    };
    if (entry.setting !== undefined) prompt.setting = entry.setting;
    occurrences.push({ id: entry.id, label: file, index, prompt });
  });
  return { occurrences, problems };
}

/** Keeps the first entry of each id and reports every later one, naming where the id was first used. */
function dedupe(occurrences: readonly Occurrence[]): { prompts: ShippedPrompt[]; problems: string[] } {
  const first = new Map<string, Occurrence>();
  const prompts: ShippedPrompt[] = [];
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
 * Parses and validates one prompt file against the document registry. `file` names the file in messages
 * (for example `prompts/x.yml`); each prompt's `file` is its base name. Pure: the text is passed in. Ids
 * repeated within the file are problems; ids repeated across files are found by `parsePromptLibrary`.
 */
export function parsePromptFile(
  file: string,
  yamlText: string,
  registry: DocumentRegistry,
): { prompts: ShippedPrompt[]; problems: string[] } {
  const parsed = parseEntries(file, yamlText, registry);
  const unique = dedupe(parsed.occurrences);
  return { prompts: unique.prompts, problems: [...parsed.problems, ...unique.problems] };
}

/**
 * Parses and validates a whole library given as files in order. Pure. Reports every problem in every file,
 * ids used more than once anywhere, and an empty library.
 */
export function parsePromptLibrary(
  files: readonly { file: string; yamlText: string }[],
  registry: DocumentRegistry,
): { prompts: ShippedPrompt[]; problems: string[] } {
  const problems: string[] = [];
  const occurrences: Occurrence[] = [];
  for (const { file, yamlText } of files) {
    const parsed = parseEntries(file, yamlText, registry);
    problems.push(...parsed.problems);
    occurrences.push(...parsed.occurrences);
  }
  const unique = dedupe(occurrences);
  problems.push(...unique.problems);

  if (files.length === 0) {
    problems.push('the prompt library is empty: no prompt files (*.yml or *.yaml) found');
  } else if (registry.documents.size === 0) {
    problems.push(`no source document is registered in ${registry.file}, so no prompt can name its source`);
  } else if (unique.prompts.length === 0) {
    problems.push('the prompt library is empty: no file holds a valid prompt');
  }
  return { prompts: unique.prompts, problems };
}
