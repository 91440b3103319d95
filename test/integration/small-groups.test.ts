/**
 * Issue 13, point 4 end to end: a tally that would reveal one person's vote (fewer than TALLY_MIN_VOTERS
 * voters, 3 by default) is shown as "fewer than 3 voters", without numbers per option, bars or a lean, in the
 * channel summary, `results`, `history` and the App Home (its rows and its trend); the exports for members keep
 * the numbers.
 */
import { describe, expect, it } from 'vitest';
import type { SlackFake } from '../support/slack-fake.js';
import { ask, exportFile, exportJson, openHome, postPrompt, react, shown, summaryOf } from './deeper.js';
import { launch, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setChannel('CSMALL', { name: 'small', members: ['U1', 'U2', 'U3', 'U4', 'U5'] });
});

/** Per-option numbers, bars and leans: none may show for a small group. */
const NUMBERS = [
  /:compass: \*?Leadership\*? +\d/,
  /:clipboard: \*?Management\*? +\d/,
  /:compass: \d/,
  /[█░]/,
  /▮|▯/,
];
const LEANS = [/leaned \*/, /[Aa]greed with the source/, /split between/];

function expectPrivate(text: string, min = 3): void {
  expect(text).toContain(`ewer than ${min}`);
  for (const pattern of NUMBERS) expect(text).not.toMatch(pattern);
  for (const pattern of LEANS) expect(text).not.toMatch(pattern);
}

describe('small groups stay private', () => {
  it('two voters: "fewer than 3 voters" in the summary, results, history and the App Home; the exports keep the numbers', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '1s' } });
    const { ts } = await postPrompt(fake, app, 'CSMALL');
    await react(app, 'CSMALL', ts, 'U1', 'compass');
    await react(app, 'CSMALL', ts, 'U2', 'clipboard');

    const { call: summary } = await summaryOf(fake, ts);
    const closing = shown(summary);
    expectPrivate(closing);
    expect(closing).toContain(
      'Fewer than 3 people voted, so the tally stays private: with so few votes, the numbers would show how someone voted.',
    );
    expect(String(summary.args.text)).toBe(
      'The votes are in: fewer than 3 voters · 0 answers in the thread.',
    );
    expect(closing).toContain('*The source:* _'); // the source is still revealed

    const results = await ask(app, 'results', 'CSMALL');
    expectPrivate(results);
    expect(results).toContain('fewer than 3 voters · 0 answers in the thread');
    const history = await ask(app, 'history', 'CSMALL');
    expectPrivate(history);
    expect(history).toContain('fewer than 3 voters · 0 answers');
    const home = JSON.stringify((await openHome(fake, app, 'U1')).blocks);
    expectPrivate(home);
    expect(home).toContain('fewer than 3 voters · 0 answers'); // the row, and the trend line
    expect(home).toContain('No prompt with votes to compare with its source yet.');

    // Members' exports keep every number.
    const archive = await exportJson(fake, app, 'CSMALL');
    expect(archive.prompts[0]?.tally).toEqual({ leadership: 1, management: 1, both: 0, votes: 2, voters: 2 });
    expect(archive.prompts[0]?.teamLean).toBe('both');
    expect(await exportFile(fake, app, 'CSMALL', 'md')).toContain(
      '- **Votes:** Leadership 1 · Management 1 · Both 0 (2 voters)',
    );

    // A third voter: the tally shows.
    await react(app, 'CSMALL', ts, 'U3', 'compass');
    const three = await ask(app, 'results', 'CSMALL');
    expect(three).toContain(':compass: *Leadership*  2 · 67%');
    expect(three).not.toContain('ewer than 3');
  });

  it('hides a small second look and its movers, and follows TALLY_MIN_VOTERS', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '1s', TALLY_MIN_VOTERS: '4' } });
    const { ts } = await postPrompt(fake, app, 'CSMALL');
    for (const user of ['U1', 'U2', 'U3']) await react(app, 'CSMALL', ts, user, 'clipboard');
    const { ts: summary, call } = await summaryOf(fake, ts);
    expectPrivate(shown(call), 4);
    await react(app, 'CSMALL', summary, 'U1', 'handshake');

    const results = await ask(app, 'results', 'CSMALL');
    expectPrivate(results, 4);
    expect(results).toContain('Fewer than 4 people voted, so the tally stays private');
    expect(results).not.toContain('moved');
    expect(await ask(app, 'history', 'CSMALL')).toContain(
      'fewer than 4 voters · 0 answers\\nAfter the discussion: fewer than 4 voters',
    );

    // A fourth voter on the prompt: its tally shows; the second look (one voter) stays private.
    await react(app, 'CSMALL', ts, 'U4', 'compass');
    const four = await ask(app, 'results', 'CSMALL');
    expect(four).toContain(':clipboard: *Management*  3 · 75%');
    expect(four).toContain(
      'After the discussion, where do you stand now?* (the votes on the results summary)\\nFewer than 4 people voted',
    );
    expect(four).not.toContain('moved');
    const json = await exportJson(fake, app, 'CSMALL');
    expect(json.prompts[0]?.secondLook).toMatchObject({ tally: { both: 1, voters: 1 }, moved: 1 });
  });
});
