/**
 * Markdown → blocks of prose, with mdast-util-from-markdown (CommonMark, with the source position of every
 * node). Headings and paragraphs become blocks, however deeply they sit in lists and quotes; their inline
 * text is kept without the syntax (emphasis, links keep their words, not their URLs; character references
 * decoded). Code blocks, raw HTML, images and link definitions are not prose and are dropped, and so is a
 * YAML front matter block.
 */
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { type Block, BlockBuilder } from './blocks.js';

/** Blanks a leading `---` … `---` front matter block, keeping its lines so line numbers stay right. */
function withoutFrontMatter(source: string): string {
  const match = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return source;
  const blank = match[0].replace(/[^\r\n]/g, '');
  return blank + source.slice(match[0].length);
}

function appendInline(node: Nodes, builder: BlockBuilder): void {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      builder.append(node.value, node.position?.start.line ?? 1);
      return;
    case 'break':
      builder.append('\n', node.position?.start.line ?? 1);
      return;
    case 'html':
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return;
    default:
      if ('children' in node) for (const child of node.children) appendInline(child, builder);
  }
}

function appendBlock(node: Nodes, builder: BlockBuilder): void {
  switch (node.type) {
    case 'heading':
    case 'paragraph':
    case 'tableCell':
      builder.end();
      appendInline(node, builder);
      builder.end();
      return;
    case 'code':
    case 'html':
    case 'definition':
    case 'yaml':
      return;
    default:
      if ('children' in node) for (const child of node.children) appendBlock(child, builder);
  }
}

export function markdownBlocks(source: string): Block[] {
  const builder = new BlockBuilder();
  appendBlock(fromMarkdown(withoutFrontMatter(source)), builder);
  return builder.finish();
}
