/**
 * A document as the drafter reads it: its kind (from the file name), its blocks of prose, and its sentences
 * with their places (paragraph, sentence in the paragraph, source line). Pure.
 */
import { type Block, textBlocks } from './blocks.js';
import { htmlBlocks } from './html.js';
import { markdownBlocks } from './markdown.js';

export type DocumentKind = 'text' | 'markdown' | 'html';

const EXTENSIONS: Record<string, DocumentKind> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

/** The kind of a file from its name's extension (case-insensitive), or undefined when not supported. */
export function documentKind(fileName: string): DocumentKind | undefined {
  const dot = fileName.lastIndexOf('.');
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  if (dot <= slash + 1) return undefined;
  return EXTENSIONS[fileName.slice(dot).toLowerCase()];
}

export function documentBlocks(kind: DocumentKind, source: string): Block[] {
  const text = source.startsWith('\ufeff') ? source.slice(1) : source;
  switch (kind) {
    case 'text':
      return textBlocks(text);
    case 'markdown':
      return markdownBlocks(text);
    case 'html':
      return htmlBlocks(text);
  }
}

export interface Sentence {
  /** The block's 1-based paragraph number. */
  paragraph: number;
  /** 1-based position of the sentence within its paragraph. */
  sentence: number;
  text: string;
  /** Source lines of its first and last characters. */
  line: number;
  endLine: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** A segment ending in one of these abbreviations runs on into the next ("Leadership vs. Management"). */
const ABBREVIATION_END =
  /(?<![\p{L}\p{N}])(?:vs|v|cf|e\.g|i\.e|etc|mr|mrs|ms|dr|prof|st|no|approx|incl)\.\s*$/iu;

/** Sentence spans of a block's text: Unicode sentence boundaries (as ICU finds them), less the abbreviations. */
function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let runOn = false;
  for (const { segment, index } of segmenter.segment(text)) {
    const last = spans[spans.length - 1];
    if (runOn && last) last.end = index + segment.length;
    else spans.push({ start: index, end: index + segment.length });
    runOn = ABBREVIATION_END.test(segment);
  }
  return spans;
}

/** Every block's sentences, in document order. */
export function sentencesOf(blocks: readonly Block[]): Sentence[] {
  const sentences: Sentence[] = [];
  for (const block of blocks) {
    let count = 0;
    for (const span of sentenceSpans(block.text)) {
      const raw = block.text.slice(span.start, span.end);
      const text = raw.trim();
      if (text === '') continue;
      const start = span.start + raw.indexOf(text);
      count += 1;
      sentences.push({
        paragraph: block.paragraph,
        sentence: count,
        text,
        line: block.lines[start] ?? 1,
        endLine: block.lines[start + text.length - 1] ?? 1,
      });
    }
  }
  return sentences;
}
