/**
 * Issue 13, point 1 end to end: the week's close asks "After the discussion, where do you stand now?" on its
 * summary (a thread reply also sent to the channel) with the three vote reactions; reactions on the summary
 * are second-look votes, counted like first votes (once per event id, on disk before the 200, latest event
 * wins, no bot's), and shown in `results`, `history`, the App Home, `stats` and the exports.
 */
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/app/export.js';
import { ACTIONS } from '../../src/views/ids.js';
import { tmpDir } from '../support/app-process.js';
import { parseCsv } from '../support/csv.js';
import {
  blockActionsBody,
  blockActionsPayload,
  eventId,
  makeTs,
  reactionAdded,
  reactionRemoved,
} from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import {
  ask,
  exportFile,
  exportJson,
  launchSlowWrites,
  openHome,
  postPrompt,
  react,
  reactionsOn,
  shown,
  summaryOf,
  WAIT,
} from './deeper.js';
import { launch, launchProcess, type Running, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setChannel('C1', { name: 'general', members: ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'] });
  fake.setUser('UOTHERBOT', { is_bot: true });
});

const QUESTION = 'After the discussion, where do you stand now?';

/** A prompt with five first votes (U1–U3 Management, U4 and U5 Leadership), closed: its summary's ts. */
async function closedPrompt(app: Running): Promise<{ prompt: string; summary: string }> {
  const { ts: prompt } = await postPrompt(fake, app, 'C1');
  for (const user of ['U1', 'U2', 'U3']) await react(app, 'C1', prompt, user, 'clipboard');
  for (const user of ['U4', 'U5']) await react(app, 'C1', prompt, user, 'compass');
  const { ts: summary } = await summaryOf(fake, prompt); // PROMPT_CLOSE_AFTER=1s
  return { prompt, summary };
}

/** The "where do you stand now?" section of `results`. */
function secondLookOf(results: string): string {
  const start = results.indexOf(`*${QUESTION}*`);
  expect(start).toBeGreaterThan(-1);
  return results.slice(start, results.indexOf('"}', start));
}

describe('the second look', () => {
  it('the close asks where people stand now, on the summary sent to the channel, with the three reactions', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '1s' } });
    const { ts: prompt } = await postPrompt(fake, app, 'C1');
    const { ts: summary, call } = await summaryOf(fake, prompt);
    expect(call.args.reply_broadcast).toBe('true');
    expect(shown(call)).toContain(`*${QUESTION}* Vote again with the reactions on this message`);
    expect(await reactionsOn(fake, summary)).toEqual(['compass', 'clipboard', 'handshake']);
    // The summary went to the channel too (a broadcast reply), where the reactions are.
    expect(fake.messages('C1').find((m) => m.ts === summary)?.reply_broadcast).toBe('true');
    // Before anyone votes again, `results` says so.
    expect(secondLookOf(await ask(app, 'results', 'C1'))).toContain('Nobody has voted again yet.');
  });

  it('counts votes on the summary apart from first votes: once per event id, latest wins, never a bot’s', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '1s' } });
    const { prompt, summary } = await closedPrompt(app);
    for (const user of ['U1', 'U2', 'U3']) await react(app, 'C1', summary, user, 'handshake'); // Management → Both
    await react(app, 'C1', summary, 'U4', 'compass'); // kept their vote
    await react(app, 'C1', summary, 'U6', 'clipboard'); // did not vote the first time: new
    // U5: a removal, then the older add it undoes arrives late: U5 is not in the second look.
    const older = makeTs(new Date(Date.now() - 2000));
    const res = await app.event(
      reactionRemoved({ user: 'U5', reaction: 'compass', channel: 'C1', ts: summary }),
    );
    expect(res.status).toBe(200);
    await react(app, 'C1', summary, 'U5', 'compass', { event_ts: older });
    // The same event id twice (Slack's retry), even carrying another person: applied once.
    const id = eventId();
    await react(app, 'C1', summary, 'U7', 'compass', { event_id: id });
    await react(app, 'C1', summary, 'U8', 'compass', { event_id: id, retryNum: 1 });
    // Not votes: the bot's own reaction, other emoji, and another bot (found out after the ack).
    await react(app, 'C1', summary, 'UBOT', 'clipboard');
    await react(app, 'C1', summary, 'U2', 'tada');
    await react(app, 'C1', summary, 'UOTHERBOT', 'clipboard');
    await fake.waitFor('users.info', (c) => c.args.user === 'UOTHERBOT', WAIT);

    await expect
      .poll(async () => secondLookOf(await ask(app, 'results', 'C1')), { timeout: WAIT })
      .toContain(':clipboard: Management 1 · 17%');
    const results = await ask(app, 'results', 'C1');
    const second = secondLookOf(results);
    expect(second).toContain(':compass: Leadership 2 · 33%'); // U4 and U7
    expect(second).toContain(':handshake: Both 3 · 50%');
    expect(second).toContain('6 voters');
    expect(second).toContain(
      '3 moved from Management to Both; 1 kept their vote; 2 voted only after the discussion.',
    );
    // The first votes are as they were.
    expect(results).toContain(':clipboard: *Management*  3 · 60%');
    expect(results).toContain(':compass: *Leadership*  2 · 40%');
    // A reaction on the prompt itself is still a first vote.
    await react(app, 'C1', prompt, 'U6', 'handshake');
    expect(await ask(app, 'results', 'C1')).toContain(':handshake: *Both*  1 · 17%');
  });

  it('shows the second look in history, the App Home (also filtered), stats and every export', async () => {
    const app = await launch(fake, { env: { PROMPT_CLOSE_AFTER: '1s' } });
    const { prompt, summary } = await closedPrompt(app);
    for (const user of ['U1', 'U2', 'U3', 'U4']) await react(app, 'C1', summary, user, 'handshake');
    await react(app, 'C1', summary, 'U6', 'clipboard');

    const history = await ask(app, 'history', 'C1');
    expect(history).toContain('After the discussion: :compass: 0  :clipboard: 1  :handshake: 4 · 4 moved');

    const home = JSON.stringify((await openHome(fake, app, 'U1')).blocks);
    expect(home).toContain(':compass: 2  :clipboard: 3  :handshake: 0 · 5 voters · 0 answers');
    expect(home).toContain('After the discussion: :compass: 0  :clipboard: 1  :handshake: 4 · 4 moved');
    expect(home).toContain('5 voters · 0 answers · 4 moved'); // the trend line counts the movers too
    expect(home).toContain(
      '*After the discussion* (1 second look): 4 people changed their vote. 3 moved from Management to Both, 1 from Leadership to Both; 1 voted only after the discussion.',
    );
    // The channel filter (an interactivity payload) shows the same row.
    const mark = fake.calls().at(-1)?.seq ?? 0;
    const click = blockActionsPayload({
      user_id: 'U1',
      action_id: ACTIONS.homeFilter,
      type: 'static_select',
      action: { selected_option: { text: { type: 'plain_text', text: '#general' }, value: 'C1' } },
      view: fake.homeView('U1') as Record<string, unknown>,
    });
    expect((await app.post(blockActionsBody(click))).status).toBe(200);
    const filtered = await fake.waitFor(
      'views.publish',
      (c) => c.seq > mark && c.args.user_id === 'U1',
      WAIT,
    );
    expect(JSON.stringify(filtered.args.view)).toContain('After the discussion: :compass: 0  :clipboard: 1');

    const stats = await ask(app, 'stats', 'C1');
    expect(stats).toContain('· 4 moved');
    expect(stats).toContain(
      '4 people changed their vote. 3 moved from Management to Both, 1 from Leadership to Both',
    );

    const archive = await exportJson(fake, app, 'C1');
    expect(archive.version).toBe(3);
    expect(archive.prompts[0]).toMatchObject({
      ts: prompt,
      revisitOf: null,
      secondLook: {
        summaryTs: summary,
        tally: { leadership: 0, management: 1, both: 4, votes: 5, voters: 5 },
        teamLean: 'both',
        moved: 4,
        kept: 0,
        new: 1,
        moves: [
          { from: ['management'], to: ['both'], people: 3 },
          { from: ['leadership'], to: ['both'], people: 1 },
        ],
      },
    });
    const rows = parseCsv((await exportFile(fake, app, 'C1', 'csv')).slice(1));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const row = rows[1] ?? [];
    expect(
      [
        'second_leadership_votes',
        'second_management_votes',
        'second_both_votes',
        'second_voters',
        'moved',
      ].map((c) => row[col(c as (typeof CSV_COLUMNS)[number])]),
    ).toEqual(['0', '1', '4', '5', '4']);
    expect(row[col('moves')]).toBe('Management to Both: 3; Leadership to Both: 1');
    const md = await exportFile(fake, app, 'C1', 'md');
    expect(md).toContain(
      '- **After the discussion:** Leadership 0 · Management 1 · Both 4 (5 voters); 4 moved (3 from Management to Both, 1 from Leadership to Both); 0 kept their vote; 1 voted only after the discussion.',
    );
  });
});

describe('durability of second-look votes', () => {
  it('acknowledges a second-look vote only once it is written: a SIGKILL right after the 200s loses none', async () => {
    const dir = tmpDir();
    const env = { PROMPT_CLOSE_AFTER: '1s' };
    const app = await launch(fake, { dir, env });
    const { ts: prompt } = await postPrompt(fake, app, 'C1');
    const { ts: summary } = await summaryOf(fake, prompt);
    await app.proc.stop();

    // Every file write now waits 200 ms: a 200 sent before its write finished would be lost to the SIGKILL.
    const slow = await launchSlowWrites(fake, dir, env);
    const users = Array.from({ length: 20 }, (_, i) => `USLOW${i}`);
    const started = Date.now();
    const statuses = await Promise.all(
      users.map(async (user) => {
        const res = await slow.event(
          reactionAdded({ user, reaction: 'compass', channel: 'C1', ts: summary }),
        );
        return res.status;
      }),
    );
    const tookMs = Date.now() - started;
    expect(statuses).toEqual(users.map(() => 200));
    expect(tookMs).toBeGreaterThanOrEqual(200); // the 200s waited for the held-back write
    await slow.proc.kill();

    const again = await launch(fake, { dir, env });
    const second = secondLookOf(await ask(again, 'results', 'C1'));
    expect(second).toContain(':compass: Leadership 20 · 100%');
    expect(second).toContain('20 voters');
  });

  it('every second-look vote that got a 200 before a SIGKILL is counted after the restart', async () => {
    const dir = tmpDir();
    const env = { PROMPT_CLOSE_AFTER: '1s' };
    let app: Running = await launchProcess(fake, { dir, env }); // SIGKILLed below
    const { ts: prompt } = await postPrompt(fake, app, 'C1');
    const { ts: summary } = await summaryOf(fake, prompt);
    const health = async () =>
      (await (await fetch(`${app.proc.url}/healthz`)).json()) as { writes: { journalWrites: number } };
    const writesBefore = (await health()).writes.journalWrites;

    const users = Array.from({ length: 120 }, (_, i) => `USECOND${i}`);
    const ok: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < users.length) {
        const user = users[next++] as string;
        const res = await app.event(
          reactionAdded({ user, reaction: 'handshake', channel: 'C1', ts: summary }),
        );
        if (res.status === 200) ok.push(user);
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    const writes = (await health()).writes.journalWrites - writesBefore;
    console.log(`second look: ${ok.length} of 120 votes acked at concurrency 12, ${writes} journal writes`);
    expect(ok.length).toBe(120);

    await app.proc.kill(); // SIGKILL: no flush, no fold
    app = await launch(fake, { dir, env });
    const second = secondLookOf(await ask(app, 'results', 'C1'));
    expect(second).toContain(':handshake: Both 120 · 100%');
    expect(second).toContain('120 voters');
    // The summary is still known after the restart: one more vote on it counts.
    await react(app, 'C1', summary, 'U1', 'compass');
    expect(secondLookOf(await ask(app, 'results', 'C1'))).toContain('121 voters');
  });
});
