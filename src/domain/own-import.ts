/**
 * A team's own prompt file, in the library's format (src/domain/prompts.ts), with the source given inline
 * (`title`, `credit`, and optionally `link` and the `document` it came from: a team's documents are not in
 * the shipped registry). Parsed and checked field by field like the shipped entries, each problem naming the
 * line it is on. A draft from `npm run prompts:draft` is refused until a person has written it: its `draft`
 * note is not a field, TODO is no form, setting or lean, and no field may still start with "TODO". Pure.
 */
import YAML from 'yaml';
import { z } from 'zod';
import { EntrySchema, ViewSchema } from './prompts.js';
import type { PromptForm, Setting, SourceLean, Theme } from './vocabulary.js';
import { SETTINGS } from './vocabulary.js';
import { describeIssue, rawField, readYamlList } from './yaml-entries.js';

/** An entry of a team's file that passed every check of its own, with the line it starts on. */
export interface OwnEntry {
  id: string;
  form: PromptForm;
  setting?: Setting;
  themes: Theme[];
  text: string;
  discuss: string;
  source: { title: string; credit: string; link?: string; document?: string };
  view: { leans: SourceLean; argument: string };
  /** 1-based line of the entry in the file, and its label for messages: `file:12: entry 3 (id "x")`. */
  line: number;
  label: string;
}

const requiredText = () => z.string().trim().min(1, { abort: true });

const OwnSourceSchema = z.strictObject({
  title: requiredText(),
  credit: requiredText(),
  link: z
    .url({ protocol: /^https?$/, error: 'must be a web address starting with https:// or http://' })
    .optional(),
  document: requiredText()
    .regex(/^[^/\\]+$/, { error: 'must be a file name, not a path' })
    .optional(),
});

const OwnEntrySchema = EntrySchema.extend({ source: OwnSourceSchema });

const ALLOWED: Record<string, readonly string[]> = {
  '': Object.keys(OwnEntrySchema.shape),
  source: Object.keys(OwnSourceSchema.shape),
  view: Object.keys(ViewSchema.shape),
};

/** Where things are in the file: the line of a value (or of its parent, when it is missing). */
function locator(yamlText: string) {
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(yamlText, { lineCounter: lines });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  return (path: readonly (string | number)[]): number => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineAt(node.range[0]);
    }
    return 1;
  };
}

/** Every string of an entry still starting with TODO (a draft's placeholder), with its path. */
function todos(raw: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof raw === 'string') return /^\s*TODO\b/.test(raw) ? [path] : [];
  if (Array.isArray(raw)) return raw.flatMap((v, i) => todos(v, [...path, i]));
  if (raw !== null && typeof raw === 'object') {
    return Object.entries(raw).flatMap(([k, v]) => todos(v, [...path, k]));
  }
  return [];
}

/** A dotted field name for messages: themes.0 reads as themes. */
const fieldName = (path: readonly (string | number)[]) =>
  path.filter((p) => typeof p === 'string').join('.') || 'entry';

/** A team's source is given inline: say so where a draft (or the shipped format) left it out. */
function hinted(reason: string): string {
  return reason === 'source.title is missing'
    ? "source.title is missing (your source's title: a team's source is given inline, with credit and an optional link)"
    : reason;
}

function entryProblems(raw: unknown, at: (path: (string | number)[]) => number): [number, string][] {
  const problems: [number, string][] = [];
  const placeholders = todos(raw);
  // A TODO says all there is about its field: the field's own complaint ("must be one of…") would only repeat it.
  const said = new Set(placeholders.map((path) => path.join('.')));
  const result = OwnEntrySchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues;
    const mistyped = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => i.path.join('.')));
    for (const issue of issues) {
      if (said.has(issue.path.join('.'))) continue;
      if (issue.code !== 'invalid_type' && mistyped.has(issue.path.join('.'))) continue;
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const line = at([...path, key]);
          if (key === 'draft' && path.length === 0) {
            problems.push([
              line,
              'the draft note is still here: write every TODO in your own words, then delete the note',
            ]);
          } else {
            problems.push(
              ...describeIssue({ ...issue, keys: [key] }, ALLOWED).map((r): [number, string] => [line, r]),
            );
          }
        }
        continue;
      }
      for (const reason of describeIssue(issue, ALLOWED)) problems.push([at(path), hinted(reason)]);
    }
  }
  const form = rawField(raw, 'form');
  if (form === 'situation' && rawField(raw, 'setting') === undefined) {
    problems.push([
      at(['form']),
      `setting is missing (a situation names where it takes place: one of ${SETTINGS.join(', ')})`,
    ]);
  }
  if (form === 'statement' && rawField(raw, 'setting') !== undefined) {
    problems.push([at(['setting']), 'setting is only for situations (remove it from this statement)']);
  }
  for (const path of placeholders) {
    problems.push([at(path), `${fieldName(path)} still says TODO: write it in your own words`]);
  }
  return problems.sort((a, b) => a[0] - b[0]);
}

/**
 * Parses a team's prompt file. `file` names it in messages. Every problem is one line,
 * `file:LINE: entry N (id "x"): reason`; ids repeated in the file are problems too.
 */
export function parseOwnPromptFile(
  file: string,
  yamlText: string,
): { entries: OwnEntry[]; problems: string[] } {
  const read = readYamlList(file, yamlText, 'prompts', '- id: ...');
  if (!read.items) return { entries: [], problems: read.problems };
  const at = locator(yamlText);
  const entries: OwnEntry[] = [];
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  read.items.forEach((raw, index) => {
    const rawId = rawField(raw, 'id');
    const id = typeof rawId === 'string' && rawId.trim() !== '' ? rawId.trim() : undefined;
    const line = at([index]);
    const label = `${file}:${line}: entry ${index + 1}${id === undefined ? '' : ` (id ${JSON.stringify(id)})`}`;
    const found = entryProblems(raw, (path) => at([index, ...path]));
    for (const [where, reason] of found) {
      problems.push(
        `${file}:${where}: entry ${index + 1}${id === undefined ? '' : ` (id ${JSON.stringify(id)})`}: ${reason}`,
      );
    }
    if (id !== undefined) {
      const earlier = firstLine.get(id);
      if (earlier !== undefined) problems.push(`${label}: duplicate id, already used on line ${earlier}`);
      else firstLine.set(id, line);
    }
    if (found.length > 0) return;
    const entry = OwnEntrySchema.parse(raw);
    const own: OwnEntry = {
      id: entry.id,
      form: entry.form,
      themes: [...entry.themes],
      text: entry.text,
      discuss: entry.discuss,
      source: { title: entry.source.title, credit: entry.source.credit },
      view: { leans: entry.view.leans, argument: entry.view.argument },
      line,
      label,
    };
    if (entry.setting !== undefined) own.setting = entry.setting;
    if (entry.source.link !== undefined) own.source.link = entry.source.link;
    if (entry.source.document !== undefined) own.source.document = entry.source.document;
    entries.push(own);
  });
  return { entries, problems };
}
