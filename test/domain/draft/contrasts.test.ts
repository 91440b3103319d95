import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textBlocks } from '../../../src/domain/draft/blocks.js';
import { CONTRAST_THRESHOLD, findContrasts, nearDuplicate } from '../../../src/domain/draft/contrasts.js';
import { documentBlocks, documentKind, sentencesOf } from '../../../src/domain/draft/document.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/draft/${name}`, import.meta.url), 'utf8');

function contrastsIn(name: string) {
  const kind = documentKind(name);
  if (kind === undefined) throw new Error(`not a document: ${name}`);
  return findContrasts(sentencesOf(documentBlocks(kind, fixture(name))));
}

function contrastsOf(text: string) {
  return findContrasts(sentencesOf(textBlocks(text)));
}

/** Where each passage is and what it says, strongest first. */
const places = (passages: ReturnType<typeof findContrasts>) =>
  passages.map((p) => ({
    paragraph: p.paragraph,
    sentence: p.sentence,
    line: p.line,
    endLine: p.endLine,
    text: p.text,
  }));

describe('fixture documents', () => {
  it('plain text: three contrasts, strongest first, the near-repeat and the topic-only lines left out', () => {
    expect(places(contrastsIn('offsite-notes.txt'))).toEqual([
      {
        paragraph: 4,
        sentence: 2,
        line: 8,
        endLine: 9,
        text: 'Leaders set the direction for the year, managers turn that direction into budgets and rotas.',
      },
      {
        paragraph: 6,
        sentence: 1,
        line: 14,
        endLine: 15,
        text: 'Management: keeping the night shift staffed. Leadership: making people want to come in for it.',
      },
      {
        paragraph: 7,
        sentence: 1,
        line: 17,
        endLine: 18,
        text: 'Someone added that you manage the stockroom, but you lead the people who work in it.',
      },
    ]);
  });

  it('Markdown: the paragraph, the list item and the quote; nothing from front matter, code or raw HTML', () => {
    expect(places(contrastsIn('team-handbook.md'))).toEqual([
      {
        paragraph: 2,
        sentence: 2,
        line: 9,
        endLine: 10,
        text: 'Good leaders inspire the crew, while good managers control the schedule & the costs.',
      },
      {
        paragraph: 3,
        sentence: 1,
        line: 18,
        endLine: 18,
        text: 'Leading is about people, managing is about things.',
      },
      { paragraph: 5, sentence: 1, line: 21, endLine: 21, text: 'Bosses command; leaders persuade.' },
    ]);
  });

  it('HTML: the paragraph and the table row; nothing from the title, script, style, nav, hidden parts or footer', () => {
    expect(places(contrastsIn('reading-list.html'))).toEqual([
      {
        paragraph: 3,
        sentence: 1,
        line: 12,
        endLine: 13,
        text: 'The essay argues that leaders earn their followers, whereas managers are handed their authority by the organisation chart.',
      },
      { paragraph: 5, sentence: 1, line: 16, endLine: 16, text: 'Leaders ask why; managers ask how' },
    ]);
  });

  it('the control document, which names the topic but contrasts nothing, gives none', () => {
    expect(contrastsIn('control.txt')).toEqual([]);
  });

  it('says why each passage was picked: the pairs, parallel clauses, the contrast words, suggested themes', () => {
    const [first, second] = contrastsIn('team-handbook.md');
    expect(first).toMatchObject({
      pairs: ['leading vs managing', 'inspiring vs controlling'],
      parallel: true,
      markers: ['while'],
      themes: ['inspiration-vs-implementation'],
    });
    expect(second).toMatchObject({
      pairs: ['leading vs managing', 'people vs things'],
      themes: ['people-vs-things'],
    });
    expect(first?.score).toBeGreaterThan(second?.score ?? Number.POSITIVE_INFINITY);
  });
});

describe('what counts as a contrast', () => {
  it('both sides named apart counts; naming the topic does not', () => {
    expect(contrastsOf('Leaders listen, managers decide.')).toHaveLength(1);
    for (const topic of [
      'Leadership and management.',
      'Leadership vs. Management',
      'What is the difference between leadership and management?',
      'She wrote a book on leaders and managers, and another on gardens.',
      'Tasks, Manage, and Lead.',
    ]) {
      expect(contrastsOf(topic), topic).toEqual([]);
    }
  });

  it('one side alone is not a contrast, nor are causes ("led to", "which leads")', () => {
    for (const text of [
      'Our leaders met twice this week and agreed the summer plan.',
      'The storm led to delays that management had to explain.',
      'We manage the budget, which leads people to ask questions.',
    ]) {
      expect(contrastsOf(text), text).toEqual([]);
    }
  });

  it('other pairs count too, and add to the leading/managing pair', () => {
    const [both] = contrastsOf('Leaders think about the future, managers think about the present.');
    const [one] = contrastsOf('Leaders think about their families, managers think about their dogs.');
    expect(both?.pairs).toEqual(['leading vs managing', 'the future vs the present']);
    expect(one?.pairs).toEqual(['leading vs managing']);
    expect(both?.score).toBeGreaterThan(one?.score ?? Number.POSITIVE_INFINITY);
  });

  it('a contrast split over sentences (or two short paragraphs) is one passage', () => {
    const [split] = contrastsOf(
      'Management is herding from behind with a stick.\n\nLeadership, on the other hand, walks in front.',
    );
    expect(split).toMatchObject({ paragraph: 1, lastParagraph: 2, line: 1, endLine: 3 });
  });

  it('does not pad a passage with an unrelated neighbouring sentence', () => {
    const [passage] = contrastsOf(
      'People were tired, but it was fine. Leaders plan, managers staff the plan.',
    );
    expect(passage?.text).toBe('Leaders plan, managers staff the plan.');
  });

  it('scores a contrast at or above the threshold and the strongest first', () => {
    const found = contrastsOf(
      'Managers staff shifts and leaders too, sometimes.\n\nLeaders inspire people; managers control things, whereas teams vote.',
    );
    expect(found.map((p) => p.paragraph)).toEqual([2, 1]);
    for (const passage of found) expect(passage.score).toBeGreaterThanOrEqual(CONTRAST_THRESHOLD);
  });
});

describe('near-duplicates', () => {
  it('a passage repeating most of a stronger one is left out, however far apart', () => {
    const strong = 'Leaders set the course for the year, managers turn the course into rotas.';
    const repeat = 'As she said: leaders set the course for the year, managers turn it into rotas.';
    const found = contrastsOf(`${strong}\n\nSomething else entirely.\n\nMore.\n\nStill more.\n\n${repeat}`);
    expect(found.map((p) => p.text)).toEqual([strong]);
  });

  it('nearDuplicate compares words, not order or case', () => {
    expect(
      nearDuplicate('Leaders plan the year, managers the week.', 'MANAGERS the week; leaders plan the year'),
    ).toBe(true);
    expect(
      nearDuplicate(
        'Leaders plan the year, managers the week.',
        'Leaders rest, managers play cards at night.',
      ),
    ).toBe(false);
  });
});
