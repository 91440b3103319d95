import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textBlocks } from '../../../src/domain/draft/blocks.js';
import { documentBlocks, documentKind, sentencesOf } from '../../../src/domain/draft/document.js';
import { htmlBlocks } from '../../../src/domain/draft/html.js';
import { markdownBlocks } from '../../../src/domain/draft/markdown.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/draft/${name}`, import.meta.url), 'utf8');

/** Each block as [paragraph, first line, last line, text]. */
const shape = (blocks: ReturnType<typeof textBlocks>) =>
  blocks.map((block) => [block.paragraph, block.lines[0], block.lines[block.lines.length - 1], block.text]);

describe('plain text', () => {
  it('splits paragraphs at blank lines, joins their lines, and knows each line', () => {
    expect(shape(textBlocks(fixture('offsite-notes.txt'))).slice(0, 4)).toEqual([
      [1, 1, 1, 'Notes from the spring offsite'],
      [2, 3, 3, 'Leadership and management'],
      [
        3,
        5,
        6,
        'We spent the morning on a question from the workshop: what is the difference between leadership and management?',
      ],
      [
        4,
        8,
        9,
        'Priya put it this way. Leaders set the direction for the year, managers turn that direction into budgets and rotas.',
      ],
    ]);
  });

  it('counts lines the same with Windows line ends, and collapses runs of spaces and tabs', () => {
    const blocks = textBlocks('One\r\n\r\n  two\t\tthree  \r\nfour\r\n');
    expect(shape(blocks)).toEqual([
      [1, 1, 1, 'One'],
      [2, 3, 4, 'two three four'],
    ]);
    expect(blocks[1]?.lines[blocks[1].text.indexOf('four')]).toBe(4);
  });

  it('drops a byte order mark', () => {
    expect(documentBlocks('text', '\ufeffLeaders and managers').map((b) => b.text)).toEqual([
      'Leaders and managers',
    ]);
  });
});

describe('HTML', () => {
  const blocks = htmlBlocks(fixture('reading-list.html'));

  it('keeps the prose, one block per block element, with the line each starts and ends on', () => {
    expect(shape(blocks)).toEqual([
      [1, 4, 4, 'Reading list: leading & managing'],
      [2, 11, 11, 'This month’s reading'],
      [
        3,
        12,
        13,
        'The essay argues that leaders earn their followers, whereas managers are handed their authority by the organisation chart.',
      ],
      [
        4,
        14,
        14,
        'A second piece describes a head teacher—she plans the timetable in August and spends September in classrooms.',
      ],
      [5, 16, 16, 'Leaders ask why; managers ask how'],
    ]);
  });

  it('drops scripts, styles, navigation, hidden elements and the footer', () => {
    const all = blocks.map((block) => block.text).join('\n');
    for (const gone of [
      'make it happen',
      'color',
      'build trust',
      'Home',
      'dream',
      'listen',
      'count on',
      '2026',
    ]) {
      expect(all).not.toContain(gone);
    }
  });

  it('decodes named and numeric entities, and &nbsp; becomes a plain space', () => {
    const all = blocks.map((block) => block.text).join('\n');
    expect(all).toContain('leading & managing');
    expect(all).toContain('month’s');
    expect(all).toContain('teacher—she');
    expect(all).toContain('organisation chart');
    expect(all).not.toMatch(/&[a-z#0-9]+;|\u00a0/);
  });

  it('keeps a line break inside a paragraph as a space and skips page furniture by role', () => {
    const html =
      '<p>Leaders<br>listen</p>\n<div role="navigation">Managers menu</div>\n<p aria-hidden="true">icon</p>';
    expect(shape(htmlBlocks(html))).toEqual([[1, 1, 1, 'Leaders listen']]);
  });
});

describe('Markdown', () => {
  const blocks = markdownBlocks(fixture('team-handbook.md'));

  it('keeps headings, paragraphs, list items and quotes without their syntax, with their lines', () => {
    expect(shape(blocks)).toEqual([
      [1, 7, 7, 'How we work'],
      [
        2,
        9,
        10,
        'Our shift leads plan the week. Good leaders inspire the crew, while good managers control the schedule & the costs.',
      ],
      [3, 18, 18, 'Leading is about people, managing is about things.'],
      [4, 19, 19, 'Lunch is at noon.'],
      [5, 21, 21, 'Bosses command; leaders persuade.'],
    ]);
  });

  it('drops front matter, code blocks, raw HTML and link targets', () => {
    const all = blocks.map((block) => block.text).join('\n');
    for (const gone of [
      'summary',
      'budgets',
      'decide',
      'var ',
      'https',
      'example.com',
      '*',
      '_',
      '[',
      '&amp;',
    ]) {
      expect(all).not.toContain(gone);
    }
  });

  it('keeps the line numbers right after a front matter block', () => {
    const source = '---\ntitle: x\n---\n\nLeaders rest.\n';
    expect(shape(markdownBlocks(source))).toEqual([[1, 5, 5, 'Leaders rest.']]);
  });
});

describe('sentences', () => {
  it('numbers sentences within each paragraph and gives the line each starts on', () => {
    const sentences = sentencesOf(textBlocks(fixture('offsite-notes.txt')));
    const leaders = sentences.find((sentence) => sentence.text.startsWith('Leaders set'));
    expect(leaders).toMatchObject({ paragraph: 4, sentence: 2, line: 8, endLine: 9 });
  });

  it('does not end a sentence at "vs." or "e.g."', () => {
    const sentences = sentencesOf(textBlocks('Leadership vs. Management. Leaders, e.g. Ada, plan. Done.'));
    expect(sentences.map((sentence) => sentence.text)).toEqual([
      'Leadership vs. Management.',
      'Leaders, e.g. Ada, plan.',
      'Done.',
    ]);
  });
});

describe('documentKind', () => {
  it('reads .txt, .md and .html (and their long forms), whatever the case', () => {
    expect(
      ['a.txt', 'b.TEXT', 'c.md', 'd.markdown', 'e.html', 'f.HTM', 'dir.v2/g.Md'].map(documentKind),
    ).toEqual(['text', 'text', 'markdown', 'markdown', 'html', 'html', 'markdown']);
  });

  it('refuses anything else', () => {
    expect(['a.pdf', 'b.docx', 'README', '.md', 'notes.md/', 'x.md.bak'].map(documentKind)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('HTML as people really write it', () => {
  it('copes with unclosed elements, upper case, a script holding tags, comments and entities without a semicolon', () => {
    const html = [
      '<p>Leaders &amp managers<p>Second &lt;para&gt; &#x2014; ok',
      '<script>if (a < b) { document.write("</p><p>Leaders dream, managers do") }</script>',
      '<!-- Leaders plan, managers staff -->',
      '<ul><li>One<li>Two</ul><P CLASS=x>Caps &eacute;t&eacute;</P>',
    ].join('\n');
    expect(shape(htmlBlocks(html))).toEqual([
      [1, 1, 1, 'Leaders & managers'],
      [2, 1, 1, 'Second <para> — ok'],
      [3, 4, 4, 'One'],
      [4, 4, 4, 'Two'],
      [5, 4, 4, 'Caps été'],
    ]);
  });
});
