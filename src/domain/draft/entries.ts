/**
 * Contrast passages → draft entries in the library's YAML format, for a person to rewrite and import. A draft
 * never holds the passage: its text, credit, argument and discuss line are placeholders saying what to
 * write; where the passage is and why it was picked go in a `draft` note, which is not a field of the
 * library, so the import refuses the entry until a person has rewritten it and deleted the note. The fields a
 * machine cannot honestly fill (form, setting, lean) say TODO, which no valid entry allows. Pure.
 */
import YAML from 'yaml';
import type { ContrastPassage } from './contrasts.js';
import { copiedRun } from './no-copy.js';

export interface DraftedDocument {
  /** The document's file name (no folders), as `source.document`. */
  document: string;
  /** Contrasts found, before the cap. */
  found: number;
  /** The ones to draft, strongest first. */
  passages: readonly ContrastPassage[];
}

const TODO = 'TODO';

/** The placeholders: instructions to the writer, never words of the document. */
export const PLACEHOLDERS = {
  text: 'TODO: in your own words, at most 280 characters and no question mark, write a scene or a concrete claim built on this contrast',
  credit: 'TODO: who says it in the document (its author by name, or the commenter by name)',
  argument: 'TODO: what the credited person argued there, in one or two attributed sentences of your own',
  discuss: 'TODO: a neutral follow-up question for the thread, ending with a question mark',
} as const;

const HEADER = [
  ' Draft prompts written by `npm run prompts:draft`. Each entry points at a passage of a document that',
  ' contrasts leading with managing (or vision with execution, people with things...); the passage itself is',
  ' not copied here. For each entry you keep: read the passage (source.document, draft.where), write every',
  ' TODO in your own words (no run of 9 words from the document), choose form, setting, themes and leans,',
  ' then delete the draft note. Until then the import refuses the entry: draft is not a field of the library.',
];

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function range(first: number, last: number): string {
  return first === last ? String(first) : `${first}–${last}`;
}

/** "paragraph 7, sentences 2–3, lines 23–24": under 9 words, so it can never copy a run of the document. */
function describePlace(passage: ContrastPassage): string {
  const lines = `${passage.line === passage.endLine ? 'line' : 'lines'} ${range(passage.line, passage.endLine)}`;
  if (passage.paragraph !== passage.lastParagraph) {
    return `paragraphs ${range(passage.paragraph, passage.lastParagraph)}, ${lines}`;
  }
  const single = passage.sentence === passage.lastSentence;
  return `paragraph ${passage.paragraph}, ${single ? 'sentence' : 'sentences'} ${range(passage.sentence, passage.lastSentence)}, ${lines}`;
}

function describeReason(passage: ContrastPassage): string {
  const parts = [passage.pairs.join(', ')];
  if (passage.parallel) parts.push('parallel clauses');
  if (passage.markers.length > 0) {
    parts.push(
      `contrast ${passage.markers.length === 1 ? 'word' : 'words'} ${passage.markers.map((m) => `"${m}"`).join(', ')}`,
    );
  }
  parts.push(`score ${passage.score}`);
  return parts.join('; ');
}

/** A kebab-case id from the file name: "Team Notes.md" → "team-notes". */
function slug(document: string): string {
  const base = document.replace(/\.[^.]+$/, '');
  const words = base
    .normalize('NFKD')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  return words ? words.join('-') : 'document';
}

/** Replaces every string in `value` that copies a run of the documents by TODO (keys are ours). */
function guarded<T>(value: T, runs: ReadonlySet<string>): T {
  if (typeof value === 'string') return (copiedRun(value, runs) === undefined ? value : TODO) as T;
  if (Array.isArray(value)) return value.map((item) => guarded(item, runs)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, guarded(item, runs)])) as T;
  }
  return value;
}

function entryFor(document: string, id: string, passage: ContrastPassage): Record<string, unknown> {
  return {
    id,
    form: TODO,
    setting: TODO,
    themes: passage.themes.length > 0 ? [...passage.themes] : [TODO],
    text: PLACEHOLDERS.text,
    source: { document, credit: PLACEHOLDERS.credit },
    view: { leans: TODO, argument: PLACEHOLDERS.argument },
    discuss: PLACEHOLDERS.discuss,
    draft: { where: describePlace(passage), why: describeReason(passage) },
  };
}

const FIELD_COMMENTS: Record<string, string> = {
  form: ' statement or situation',
  setting: ' situations only (software, healthcare, retail...): delete this line for a statement',
  themes: ' 1 to 3 from the vocabulary; suggested from the words matched',
};

const LEANS_COMMENT = ' leadership, management, both or none: where the credited person came down';

function commentFields(item: YAML.YAMLMap, runs: ReadonlySet<string>): void {
  const view = item.get('view', true);
  const nodes: [YAML.Node | undefined, string][] = [
    ...Object.entries(FIELD_COMMENTS).map(([key, comment]): [YAML.Node | undefined, string] => [
      item.get(key, true) as YAML.Node | undefined,
      comment,
    ]),
    [YAML.isMap(view) ? (view.get('leans', true) as YAML.Node | undefined) : undefined, LEANS_COMMENT],
  ];
  for (const [node, comment] of nodes) if (node) node.comment = safeComment([comment], runs);
  const themes = item.get('themes', true);
  if (YAML.isSeq(themes)) themes.flow = true;
}

/** Keeps the comment lines that copy no run of the documents. */
function safeComment(lines: readonly string[], runs: ReadonlySet<string>): string {
  return lines.filter((line) => copiedRun(line, runs) === undefined).join('\n');
}

/**
 * The drafts of every document as one YAML list, documents in the order given and each one's passages
 * strongest first. `runs` are the documents' 9-word runs: any string or comment line that would hold one
 * is replaced by TODO or left out, so no field of a draft can carry a run of a document.
 */
export function renderDrafts(documents: readonly DraftedDocument[], runs: ReadonlySet<string>): string {
  const items: Record<string, unknown>[] = [];
  const firstOfDocument = new Map<number, string>();
  const usedIds = new Set<string>();
  const summary: string[] = [];
  for (const { document, found, passages } of documents) {
    const drafted = passages.length;
    summary.push(
      found === 0
        ? ` ${document}: no contrasts found`
        : ` ${document}: ${plural(found, 'contrast')} found, ${drafted === found ? 'all drafted' : `${drafted} drafted (the strongest)`}`,
    );
    if (drafted === 0) continue;
    firstOfDocument.set(items.length, ` ${document}: ${plural(drafted, 'draft')}, strongest first`);
    for (const passage of passages) {
      let id = `draft-${slug(document)}-p${passage.paragraph}-s${passage.sentence}`;
      for (let n = 2; usedIds.has(id); n += 1)
        id = `draft-${slug(document)}-p${passage.paragraph}-s${passage.sentence}-${n}`;
      usedIds.add(id);
      items.push(guarded(entryFor(document, id, passage), runs));
    }
  }
  const doc = new YAML.Document(items);
  doc.commentBefore = safeComment([...HEADER, '', ...summary], runs);
  const seq = doc.contents as YAML.YAMLSeq;
  seq.items.forEach((node, index) => {
    if (!YAML.isMap(node)) return;
    commentFields(node, runs);
    const heading = firstOfDocument.get(index);
    if (heading !== undefined) node.commentBefore = safeComment([heading], runs);
    if (index > 0) node.spaceBefore = true;
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
