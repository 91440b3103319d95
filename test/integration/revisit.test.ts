/**
 * Issue 13, point 3 end to end: in a channel whose admins said `/lead-vs-manage revisit on`, a prompt the
 * channel discussed 12 months or more ago comes back (at most one post in PROMPT_REVISIT_EVERY, 4 by default);
 * its post says the team discussed it before (the date in the reader's zone), and its close shows then and now
 * side by side with the shift. Off by default; only admins turn it on or off.
 *
 * The channel's history from a year ago is written through the store before the app starts (the app's clock is
 * the real one); everything after goes through signed commands and events.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/app/prompt-files.js';
import { promptLibrary } from '../../src/domain/library.js';
import type { VoteEmoji } from '../../src/domain/options.js';
import type { Op } from '../../src/store/schema.js';
import { open } from '../store/helpers.js';
import { tmpDir } from '../support/app-process.js';
import type { SlackCall, SlackFake } from '../support/slack-fake.js';
import { ask, exportJson, postPrompt, react, shown, summaryOf } from './deeper.js';
import { launch, promptIdOf, type Running, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setChannel('CREV', { name: 'revisits', members: ['U1', 'U2', 'U3', 'U4', 'U5', 'UADMIN'] });
  fake.setUser('UADMIN', { is_admin: true });
  fake.setUser('UMEMBER', {});
});

const library = promptLibrary(loadPrompts(fileURLToPath(new URL('../../prompts', import.meta.url))));
const [A, B, R] = library.ids as [string, string, string];
const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);
const tsOf = (d: Date) => `${Math.floor(d.getTime() / 1000)}.000100`;
/** The channel discussed A 14 months ago, B 13 months ago, R a month ago. */
const THEN_A = tsOf(at(425));
const THEN_B = tsOf(at(395));

async function seeded(): Promise<string> {
  const dir = tmpDir();
  const store = await open(join(dir, 'db.json'));
  const ops: Op[] = [];
  const past = (promptId: string, ts: string, votes: [string, VoteEmoji][]) => {
    const postedAt = new Date(Number(ts.split('.')[0]) * 1000).toISOString();
    ops.push({ type: 'post', post: { team: 'T1', channel: 'CREV', ts, promptId, postedAt } });
    votes.forEach(([user, emoji], i) => {
      const eventTs = `${Number(ts.split('.')[0]) + 60 + i}.000100`;
      ops.push({ type: 'vote', team: 'T1', channel: 'CREV', ts, vote: { user, emoji, on: true, eventTs } });
    });
  };
  const management: [string, VoteEmoji][] = [
    ['U1', 'clipboard'],
    ['U2', 'clipboard'],
    ['U3', 'clipboard'],
    ['U4', 'clipboard'],
    ['U5', 'compass'],
  ];
  past(A, THEN_A, management);
  past(B, THEN_B, [
    ['U1', 'handshake'],
    ['U2', 'handshake'],
    ['U3', 'handshake'],
  ]);
  past(R, tsOf(at(30)), [['U1', 'compass']]);
  // The rotation has ten prompts left in its pass, none of them A, B or R: a prompt from the rotation is never one of those.
  const left = new Set(library.ids.slice(3, 13));
  const used = library.ids.filter((id) => !left.has(id));
  ops.push({ type: 'rotation', rotation: { team: 'T1', channel: 'CREV', seed: 7, cycle: 0, used } });
  await store.commit(ops);
  await store.close();
  return dir;
}

const as = async (app: Running, user: string, text: string) => ask(app, text, 'CREV', user);

/** The context line a revisit's post carries, or undefined. */
const discussedBefore = (call: SlackCall) =>
  (call.args.blocks as { type: string; elements?: { text: string }[] }[])
    .filter((b) => b.type === 'context')
    .map((b) => b.elements?.[0]?.text ?? '')
    .find((t) => t.includes('discussed this one before'));

const seconds = (ts: string) => ts.split('.')[0];

describe('then and now', () => {
  it('is off by default; only admins turn it on or off', async () => {
    const app = await launch(fake, { dir: await seeded(), env: { PROMPT_NOW_COOLDOWN: '0' } });
    const first = await postPrompt(fake, app, 'CREV');
    expect(discussedBefore(first.call)).toBeUndefined();
    expect([A, B, R]).not.toContain(promptIdOf(first.call));

    expect(await as(app, 'UMEMBER', 'revisit on')).toContain(
      "Only your workspace's admins and owners can turn revisits on or off here. Ask one of them.",
    );
    expect(await as(app, 'UADMIN', 'revisit')).toContain('Say `revisit on` to let prompts');
    // Not "already on": the member's attempt changed nothing.
    expect(await as(app, 'UADMIN', 'revisit on')).toContain(
      'Revisits are on here: a prompt this channel discussed 12 months or more ago may come back (at most one prompt in 4), and its results will show then and now side by side.',
    );
    expect(await as(app, 'UADMIN', 'revisit on')).toContain('Revisits are already on here');
    expect(await as(app, 'UADMIN', 'revisit off')).toContain('Revisits are off here');
    const off = await postPrompt(fake, app, 'CREV');
    expect(discussedBefore(off.call)).toBeUndefined(); // A was due, but revisits are off
    expect(await as(app, 'UMEMBER', 'help')).toContain('revisits (`revisit on|off`) are changed by');

    await as(app, 'UADMIN', 'revisit on');
    const back = await postPrompt(fake, app, 'CREV');
    expect(promptIdOf(back.call)).toBe(A);
  });

  it('brings back the prompt discussed longest ago, says so, and closes with then and now side by side', async () => {
    const app = await launch(fake, { dir: await seeded(), env: { PROMPT_NOW_COOLDOWN: '0' } });
    await as(app, 'UADMIN', 'revisit on');
    const revisit = await postPrompt(fake, app, 'CREV');
    expect(promptIdOf(revisit.call)).toBe(A);
    const line = discussedBefore(revisit.call) ?? '';
    expect(line).toContain(
      `*Your team discussed this one before*, on <!date^${seconds(THEN_A)}^{date_short}|`,
    );
    expect(line).toContain('The results will show then and now side by side.');
    expect(String(revisit.call.args.text)).toContain('Your team discussed this one before');
    expect(revisit.call.args.metadata).toMatchObject({ event_payload: { prompt_id: A, revisit_of: THEN_A } });
    // Nothing of the earlier result is given away before the vote.
    expect(shown(revisit.call)).not.toContain('Management 4');

    for (const user of ['U1', 'U2', 'U3']) await react(app, 'CREV', revisit.ts, user, 'compass');
    await react(app, 'CREV', revisit.ts, 'U4', 'handshake');
    const results = await as(app, 'U1', 'results');
    expect(results).toContain('*Then and now.*');

    const second = await postPrompt(fake, app, 'CREV'); // closes the revisit
    expect(discussedBefore(second.call)).toBeUndefined();
    const { call: summary } = await summaryOf(fake, revisit.ts);
    const blocks = summary.args.blocks as {
      type: string;
      text?: { text: string };
      fields?: { text: string }[];
    }[];
    const thenAndNow = blocks.find((b) => b.text?.text.startsWith('*Then and now.*'));
    expect(thenAndNow?.text?.text).toBe(
      `*Then and now.* Your team discussed this prompt before, on <!date^${seconds(THEN_A)}^{date_short}|${new Date(Number(seconds(THEN_A)) * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}>.`,
    );
    expect(thenAndNow?.fields?.map((f) => f.text)).toEqual([
      '*Then*\n:compass: Leadership 1 · 20%\n:clipboard: Management 4 · 80%\n:handshake: Both 0 · 0%\n5 voters',
      '*Now*\n:compass: Leadership 3 · 75%\n:clipboard: Management 0 · 0%\n:handshake: Both 1 · 25%\n4 voters',
    ]);
    expect(shown(summary)).toContain(
      'The team moved toward leadership: 20% → 88% leadership (a Both vote counts half).',
    );

    // At most one post in 4: the next two come from the rotation, the fourth after the revisit brings B back.
    const third = await postPrompt(fake, app, 'CREV');
    const fourth = await postPrompt(fake, app, 'CREV');
    expect([third, fourth].map((p) => discussedBefore(p.call))).toEqual([undefined, undefined]);
    const fifth = await postPrompt(fake, app, 'CREV');
    expect(promptIdOf(fifth.call)).toBe(B);
    expect(discussedBefore(fifth.call)).toContain(`<!date^${seconds(THEN_B)}^`);

    const history = await as(app, 'U1', 'history 6');
    expect(history).toContain(`Discussed before on <!date^${seconds(THEN_A)}^{date_short}|`);
    expect(history).toContain('then :compass: 1  :clipboard: 4  :handshake: 0');
    const archive = await exportJson(fake, app, 'CREV');
    expect(archive.prompts.filter((p) => p.revisitOf !== null).map((p) => [p.promptId, p.revisitOf])).toEqual(
      [
        [B, THEN_B],
        [A, THEN_A],
      ],
    );
  });

  it('follows PROMPT_REVISIT_EVERY', async () => {
    const env = { PROMPT_NOW_COOLDOWN: '0', PROMPT_REVISIT_EVERY: '2' };
    const app = await launch(fake, { dir: await seeded(), env });
    expect(await as(app, 'UADMIN', 'revisit on')).toContain('(at most one prompt in 2)');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(promptIdOf((await postPrompt(fake, app, 'CREV')).call));
    expect([ids[0], ids[2]]).toEqual([A, B]);
    expect([A, B, R]).not.toContain(ids[1]);
    expect([A, B, R]).not.toContain(ids[3]); // A and B were just discussed, R a month ago: nothing is due
  });
});
