/**
 * Importing a team's prompt file into its workspace's library (`npm run prompts:import`, or a YAML file shared
 * with the app in a direct message). Checked exactly like the shipped library: the entry format, the wording
 * rules, no repeated text or follow-up, and no copying (against the shipped sources' fingerprints, and the
 * team's own documents when they are given); and against the workspace: no id or text it or the shipped
 * library already has. Every problem names its line; when there is any, nothing is added.
 */
import path from 'node:path';
import type { RunIndex } from '../domain/fingerprints.js';
import type { PromptLibrary } from '../domain/library.js';
import { copyProblems, promptProblems } from '../domain/library-check.js';
import { type OwnEntry, parseOwnPromptFile } from '../domain/own-import.js';
import { textKey } from '../domain/own-prompts.js';
import type { StyleRule } from '../domain/style-rules.js';
import type { TeamPromptRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { ownPrompt } from './team-library.js';

export interface ImportChecks {
  rules: readonly StyleRule[];
  /** Runs of the shipped sources and, when given, the team's documents. */
  index: RunIndex;
  /** The team's documents given (file names), to check `source.document` against; undefined when none. */
  documents?: ReadonlySet<string>;
}

export interface ImportRequest {
  team: string;
  /** How the file is named in messages (a path, or the shared file's name). */
  file: string;
  yamlText: string;
  /** Who imports it (a user id); absent for a command-line import that names nobody. */
  author?: string;
  now: Date;
}

export type ImportOutcome = { ok: true; added: TeamPromptRecord[] } | { ok: false; problems: string[] };

function recordOf(entry: OwnEntry, request: ImportRequest): TeamPromptRecord {
  const record: TeamPromptRecord = {
    team: request.team,
    id: entry.id,
    status: 'approved',
    via: 'import',
    file: path.basename(request.file),
    createdAt: request.now.toISOString(),
    form: entry.form,
    themes: [...entry.themes],
    text: entry.text,
    discuss: entry.discuss,
    source: { ...entry.source },
    view: { ...entry.view },
  };
  if (entry.setting !== undefined) record.setting = entry.setting;
  if (request.author !== undefined) record.author = request.author;
  return record;
}

/** Problems of the comments: a comment line copying a source, with its line. */
function commentProblems(file: string, yamlText: string, index: RunIndex): string[] {
  const problems: string[] = [];
  yamlText.split(/\r?\n/).forEach((line, i) => {
    if (!line.trimStart().startsWith('#')) return;
    for (const reason of copyProblems('a comment', line, index)) problems.push(`${file}:${i + 1}: ${reason}`);
  });
  return problems;
}

/**
 * Every problem of a team's file, against the library and the workspace's existing own prompts (`existing`),
 * and the records it would add. Pure but for the clock in `request`.
 */
export function checkOwnImport(
  library: PromptLibrary,
  existing: readonly TeamPromptRecord[],
  checks: ImportChecks,
  request: ImportRequest,
): { problems: string[]; records: TeamPromptRecord[] } {
  const { file } = request;
  const parsed = parseOwnPromptFile(file, request.yamlText);
  const problems = [...parsed.problems];
  const shippedText = new Map(library.all.map((p) => [textKey(p.text), p.id]));
  const ownText = new Map(
    existing.filter((r) => r.status !== 'rejected').map((r) => [textKey(r.text), r.id]),
  );
  for (const entry of parsed.entries) {
    const { label, id } = entry;
    if (library.find(id)) problems.push(`${label}: id "${id}" is already a prompt of the shipped library`);
    const mine = existing.find((r) => r.id === id);
    if (mine) problems.push(`${label}: id "${id}" is already in your workspace's library (${mine.status})`);
    const same = shippedText.get(textKey(entry.text)) ?? ownText.get(textKey(entry.text));
    if (same) problems.push(`${label}: text is the same as prompt "${same}" already in the library`);
    const document = entry.source.document;
    if (document !== undefined && checks.documents && !checks.documents.has(document)) {
      problems.push(
        `${label}: source.document "${document}" is not among the documents given, so it cannot be checked for copying`,
      );
    }
  }
  const records = parsed.entries.map((e) => recordOf(e, request));
  const prompts = records.map((r, i) => ({ ...ownPrompt(r), label: parsed.entries[i]?.label ?? r.id }));
  problems.push(...promptProblems(prompts, checks.rules, checks.index, (p) => p.label));
  problems.push(...commentProblems(file, request.yamlText, checks.index));
  return { problems, records };
}

/** Checks a team's file against everything; stores its prompts (approved) only when nothing is wrong. */
export async function importOwnPrompts(
  deps: { store: Store; library: PromptLibrary },
  checks: ImportChecks,
  request: ImportRequest,
): Promise<ImportOutcome> {
  const existing = await deps.store.teamPrompts(request.team);
  const { problems, records } = checkOwnImport(deps.library, existing, checks, request);
  if (problems.length > 0) return { ok: false, problems };
  await deps.store.commit(records.map((prompt) => ({ type: 'team-prompt-add' as const, prompt })));
  return { ok: true, added: records };
}
