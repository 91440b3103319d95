/**
 * HTML → blocks of prose, with htmlparser2 (a forgiving streaming parser that decodes entities). What a reader
 * does not read as the document's prose is dropped: scripts, styles, navigation, footers, asides, forms'
 * controls, and anything hidden. Block elements start a new block; table cells are kept apart by a semicolon.
 */
import { Parser } from 'htmlparser2';
import { type Block, BlockBuilder, lineLocator } from './blocks.js';

/** Elements whose whole content is skipped. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'nav',
  'footer',
  'aside',
  'button',
  'select',
  'textarea',
]);

/** ARIA roles of page furniture, skipped like the elements above. */
const SKIPPED_ROLES = new Set(['navigation', 'contentinfo', 'complementary', 'search', 'menu', 'menubar']);

/** Elements that begin and end a block of their own. */
const BLOCKS = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'title',
  'tr',
  'ul',
]);

function isSkipped(name: string, attributes: Record<string, string>): boolean {
  if (SKIPPED.has(name)) return true;
  if ('hidden' in attributes) return true;
  if (attributes['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  if (SKIPPED_ROLES.has(attributes.role?.trim().toLowerCase() ?? '')) return true;
  return /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attributes.style ?? '');
}

export function htmlBlocks(source: string): Block[] {
  const builder = new BlockBuilder();
  const lineAt = lineLocator(source);
  /** For each open element: whether it (or an ancestor) is skipped. */
  const skippedStack: boolean[] = [];
  let skipping = 0;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const skipped = skipping > 0 || isSkipped(name, attributes);
        skippedStack.push(skipped);
        if (skipped) {
          skipping += 1;
          return;
        }
        if (BLOCKS.has(name)) builder.end();
        else if (name === 'br') builder.append('\n', lineAt(parser.startIndex));
        else if ((name === 'td' || name === 'th') && builder.open)
          builder.append('; ', lineAt(parser.startIndex));
      },
      ontext(text) {
        if (skipping === 0) builder.append(text, lineAt(parser.startIndex));
      },
      onclosetag(name) {
        if (skippedStack.pop()) {
          skipping -= 1;
          return;
        }
        if (BLOCKS.has(name)) builder.end();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(source);
  return builder.finish();
}
