/**
 * The registry of source documents (`prompts/meta/documents.yml`): for each seed file a prompt may name, the
 * document's own title and who wrote it, where and when, so that documents with near-identical titles are
 * told apart. `byline` is the line shown under the title when a week closes ("Mike Figliuolo's blog post,
 * February 2012"). Pure: src/app/prompt-files.ts reads the file.
 */
import { z } from 'zod';
import { describeIssues, rawField, readYamlList } from './yaml-entries.js';

interface SourceDocument {
  /** The seed file's name, as prompts name it in `source.document`. */
  document: string;
  /** The document's own title. */
  title: string;
  /** Who wrote it: an author's name or a description ("a leadership-coaching firm"). */
  by: string;
  /** Where it was published. */
  where: string;
  /** When, as precisely as the document says; absent when it does not say. */
  when?: string;
  /** One line naming the document for a reader: who, what kind, when. Unique in the registry. */
  byline: string;
}

/** The registry, with the file it came from for messages. */
export interface DocumentRegistry {
  file: string;
  documents: ReadonlyMap<string, SourceDocument>;
}

const requiredText = () => z.string().trim().min(1, { abort: true });

const DocumentSchema = z.strictObject({
  document: requiredText().regex(/^[^/\\]+$/, { error: 'must be a file name, not a path' }),
  title: requiredText(),
  by: requiredText(),
  where: requiredText(),
  when: requiredText().optional(),
  byline: requiredText(),
});

const ALLOWED = { '': Object.keys(DocumentSchema.shape) };

/**
 * Parses and validates the registry. Every document appears once, and no two share a byline, so documents
 * whose titles differ only in word order still read differently.
 */
export function parseDocumentRegistry(
  file: string,
  yamlText: string,
): { registry: DocumentRegistry; problems: string[] } {
  const documents = new Map<string, SourceDocument>();
  const read = readYamlList(file, yamlText, 'documents', '- document: ...');
  const problems = [...read.problems];
  const where = new Map<string, number>();
  const bylines = new Map<string, number>();
  (read.items ?? []).forEach((raw, index) => {
    const name = rawField(raw, 'document');
    const label = `${file}: entry ${index + 1}${typeof name === 'string' ? ` (document ${JSON.stringify(name)})` : ''}`;
    const result = DocumentSchema.safeParse(raw, { reportInput: true });
    if (!result.success) {
      for (const reason of describeIssues(result.error.issues, ALLOWED)) problems.push(`${label}: ${reason}`);
      return;
    }
    const doc = result.data;
    const first = where.get(doc.document);
    if (first !== undefined) {
      problems.push(`${label}: listed twice, first as entry ${first + 1}`);
      return;
    }
    const sameByline = bylines.get(doc.byline.toLowerCase());
    if (sameByline !== undefined) {
      problems.push(`${label}: byline is the same as entry ${sameByline + 1}'s: say who, where or when`);
    }
    where.set(doc.document, index);
    bylines.set(doc.byline.toLowerCase(), index);
    const entry: SourceDocument = {
      document: doc.document,
      title: doc.title,
      by: doc.by,
      where: doc.where,
      byline: doc.byline,
    };
    if (doc.when !== undefined) entry.when = doc.when;
    documents.set(doc.document, entry);
  });
  return { registry: { file, documents }, problems };
}
