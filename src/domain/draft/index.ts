/**
 * Drafting prompts from a team's own documents: read each document, find its contrasting passages, keep the
 * strongest few, and write draft entries that point at them without copying them. Pure: the CLI
 * (src/cli/prompts-draft.ts) reads and writes the files.
 */
import { type ContrastPassage, findContrasts } from './contrasts.js';
import { type DocumentKind, documentBlocks, sentencesOf } from './document.js';
import { renderDrafts } from './entries.js';
import { wordRuns } from './no-copy.js';

export { type DocumentKind, documentKind } from './document.js';

/** Passages drafted per document unless told otherwise. */
export const DEFAULT_MAX_PER_DOCUMENT = 10;

export interface SourceDocument {
  /** The file name without folders: it becomes `source.document`. */
  name: string;
  kind: DocumentKind;
  content: string;
}

interface DocumentDrafts {
  name: string;
  /** Every contrast found, strongest first (the passages are for the person, never for the YAML). */
  contrasts: ContrastPassage[];
  /** How many of them were drafted (at most `max`). */
  drafted: number;
}

export interface DraftResult {
  yaml: string;
  documents: DocumentDrafts[];
}

export function draftPrompts(
  documents: readonly SourceDocument[],
  options: { max?: number } = {},
): DraftResult {
  const max = options.max ?? DEFAULT_MAX_PER_DOCUMENT;
  const texts: string[] = [];
  const results: DocumentDrafts[] = [];
  for (const document of documents) {
    const blocks = documentBlocks(document.kind, document.content);
    texts.push(document.content, blocks.map((block) => block.text).join(' '));
    const contrasts = findContrasts(sentencesOf(blocks));
    results.push({ name: document.name, contrasts, drafted: Math.min(max, contrasts.length) });
  }
  const yaml = renderDrafts(
    results.map((result) => ({
      document: result.name,
      found: result.contrasts.length,
      passages: result.contrasts.slice(0, result.drafted),
    })),
    wordRuns(texts),
  );
  return { yaml, documents: results };
}
