import { isDocumentSource, type Prompt } from '../domain/prompts.js';
import type { SourceLean } from '../domain/vocabulary.js';

/** `byline` of a workspace's own prompt: its source is the team's, not a document of the shipped library. */
const OWN_BYLINE = "your team's own library";

/**
 * `byline`: who wrote the document, what kind, when (`OWN_BYLINE` for a team's own prompt); `credit`: who in it
 * said this; `leans` may be `none`; `link`: where a team's source can be read (null for the shipped library).
 * A team's prompt that named no title, credit or document has them as empty strings.
 */
export interface ArchiveSource {
  title: string;
  byline: string;
  credit: string;
  document: string;
  leans: SourceLean;
  argument: string;
  link: string | null;
}

export function archiveSource(prompt: Prompt | undefined): ArchiveSource | null {
  if (!prompt) return null;
  const { source, view } = prompt;
  const common = { leans: view.leans, argument: view.argument };
  if (isDocumentSource(source)) {
    const { title, byline, credit, document } = source;
    return { title, byline, credit, document, ...common, link: null };
  }
  return {
    title: source.title ?? '',
    byline: OWN_BYLINE,
    credit: source.credit ?? '',
    document: source.document ?? '',
    ...common,
    link: source.link ?? null,
  };
}

/** Where the source leans, as the Markdown export says it. */
function sourceLeanMd(leans: SourceLean): string {
  return leans === 'none' ? 'It did not say which it is' : `It leans **${leans}**`;
}

/** The Markdown export's source line (and, for a team's own prompt, who added it). */
export function sourceLinesMd(
  source: ArchiveSource,
  author: string | null,
  esc: (text: string) => string,
): string[] {
  if (source.byline !== OWN_BYLINE) {
    return [
      `- **Source:** _${esc(source.title)}_ (${esc(source.byline)}); said by ${esc(source.credit)}. ${sourceLeanMd(source.leans)}: ${esc(source.argument)}`,
    ];
  }
  const named = source.title ? `_${esc(source.title)}_` : 'none named';
  const where = source.link ? ` <${source.link}>` : '';
  const said = source.credit ? `; said by ${esc(source.credit)}` : '';
  const why = source.argument ? `: ${esc(source.argument)}` : '';
  const lean =
    source.leans === 'none' && !source.argument ? 'Its lean was not given' : sourceLeanMd(source.leans);
  return [
    `- **Source:** ${named}${where}${said}. ${lean}${why}`,
    `- **From your team's own library**${author ? `, added by @${author}` : ''}.`,
  ];
}
