/**
 * Issue 12, points 3 and 7, end to end through signed slash commands and block actions:
 * - `now <id or words>` posts the prompt named, or offers a choice (buttons) when several match, each click
 *   still held to the `now` cooldown;
 * - `next` shows privately which prompt the channel's rotation posts next (what `now` then posts), and lets an
 *   admin skip it;
 * - `library own|shipped|both` (admins) chooses what the rotation draws on; absent, the shipped library with
 *   the team's approved prompts joining it; a prompt approved mid-pass joins without resetting the rotation.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/app/prompt-files.js';
import { ACTIONS, CALLBACKS } from '../../src/views/ids.js';
import { POSTING_CHOSEN } from '../../src/views/own-replies.js';
import { open, teamPromptRecord } from '../store/helpers.js';
import { tmpDir } from '../support/app-process.js';
import type { SlackFake } from '../support/slack-fake.js';
import { answered, launch, promptIdOf, type Running, replyText, useSlackFake } from './harness.js';
import {
  ackOf,
  buttons,
  click,
  formValues,
  goodForm,
  home,
  lastSeq,
  nextCall,
  submit,
} from './own-support.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setUser('UADMIN', { is_admin: true });
  fake.setUser('UMEM', {});
});

const shippedIds = new Set(
  loadPrompts(fileURLToPath(new URL('../../prompts', import.meta.url))).map((p) => p.id),
);

const OWN = [
  teamPromptRecord('own-allotment-rota', {
    team: 'T1',
    status: 'approved',
    text: 'The allotment committee chair rewrites the watering rota every spring.',
  }),
  teamPromptRecord('own-allotment-shed', {
    team: 'T1',
    status: 'approved',
    text: 'The allotment treasurer decides alone who gets the shed key.',
  }),
  teamPromptRecord('own-budget-call', {
    team: 'T1',
    status: 'approved',
    themes: ['resources-and-budget'],
    text: 'A finance lead cancels the budget call and sends everyone a one-page memo instead.',
  }),
];

/** An app whose store already holds the workspace's own prompts (and any `more` ops). */
async function withOwn(env: Record<string, string> = {}): Promise<Running> {
  const dir = tmpDir();
  const store = await open(`${dir}/db.json`);
  await store.commit(OWN.map((prompt) => ({ type: 'team-prompt-add' as const, prompt })));
  await store.close();
  return launch(fake, { dir, env });
}

const as = (app: Running, user: string, text: string, channel: string) =>
  app.command(text, { user_id: user, channel_id: channel, response_url: fake.responseUrl() });

/** The next prompt posted in `channel` after `seq`. */
async function posted(channel: string, seq: number): Promise<string> {
  const call = await nextCall(
    fake,
    'chat.postMessage',
    seq,
    (c) => c.args.channel === channel && !c.args.thread_ts,
  );
  // Recorded (with its rotation) once its vote reactions go on.
  const ts = answered(call).ts;
  await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === ts);
  return promptIdOf(call);
}

describe('now <id or words>', () => {
  it('posts the prompt with that id, or the only one holding the words; several give a choice of buttons', async () => {
    const app = await withOwn();
    let seq = lastSeq(fake);
    expect((await as(app, 'UMEM', 'now own-budget-call', 'CA')).body).toBe('');
    expect(await posted('CA', seq)).toBe('own-budget-call');
    // A shipped prompt by its id too.
    const shipped = [...shippedIds][5] ?? '';
    seq = lastSeq(fake);
    await as(app, 'UMEM', `now ${shipped}`, 'CB');
    expect(await posted('CB', seq)).toBe(shipped);

    expect(replyText(await as(app, 'UMEM', 'now zebra xylophone', 'CC'))).toContain(
      "No prompt in your workspace's library matches “zebra xylophone”.",
    );
    const choice = (await as(app, 'UMEM', 'now allotment', 'CC')).json<{ text: string; blocks: unknown[] }>();
    expect(choice.text).toBe('2 prompts match “allotment”. Which one should go up here?');
    const offered = buttons(choice.blocks).filter((b) => b.action_id === ACTIONS.ownChoose);
    expect(offered.map((b) => b.value).sort()).toEqual(['own-allotment-rota', 'own-allotment-shed']);

    seq = lastSeq(fake);
    await click(app, fake, {
      user: 'UMEM',
      action_id: ACTIONS.ownChoose,
      value: 'own-allotment-shed',
      channel_id: 'CC',
    });
    expect(await posted('CC', seq)).toBe('own-allotment-shed');
    expect((await fake.waitForResponse((r) => r.body.text === POSTING_CHOSEN)).body.replace_original).toBe(
      true,
    );
    // The cooldown holds for a second click, as for a typed `now`.
    await click(app, fake, {
      user: 'UMEM',
      action_id: ACTIONS.ownChoose,
      value: 'own-allotment-rota',
      channel_id: 'CC',
    });
    const wait = await fake.waitForResponse((r) =>
      String(r.body.text).includes('A prompt went up here less than'),
    );
    expect(wait.body.text).toContain('10 minutes');
    expect(replyText(await as(app, 'UMEM', 'now own-allotment-rota', 'CC'))).toContain(
      'A prompt went up here less than',
    );
    const inCc = fake.calls('chat.postMessage').filter((c) => c.args.channel === 'CC' && !c.args.thread_ts);
    expect(inCc).toHaveLength(1);
  });
});

describe('next', () => {
  it('shows privately what the rotation posts next; admins can skip it, members cannot', async () => {
    const app = await withOwn({ PROMPT_NOW_COOLDOWN: '0' });
    const member = (await as(app, 'UMEM', 'next', 'CN')).json<{ text: string; blocks: unknown[] }>();
    expect(member.text).toContain("Next in this channel's rotation:");
    expect(buttons(member.blocks)).toEqual([]);
    const first = await as(app, 'UADMIN', 'next', 'CN');
    const skip = buttons(first.json<{ blocks: unknown[] }>().blocks).find(
      (b) => b.action_id === ACTIONS.ownSkip,
    );
    expect(skip?.text).toBe('Skip it');
    const p1 = skip?.value ?? '';

    // The preview is what `now` posts.
    let seq = lastSeq(fake);
    await as(app, 'UMEM', 'now', 'CN');
    expect(await posted('CN', seq)).toBe(p1);

    const second = buttons((await as(app, 'UADMIN', 'next', 'CN')).json<{ blocks: unknown[] }>().blocks);
    const p2 = second.find((b) => b.action_id === ACTIONS.ownSkip)?.value ?? '';
    expect(p2).not.toBe(p1);
    // A member's forged click skips nothing.
    await click(app, fake, { user: 'UMEM', action_id: ACTIONS.ownSkip, value: p2, channel_id: 'CN' });
    await fake.waitForResponse((r) => String(r.body.text).includes('can skip the next prompt'));
    expect(
      buttons((await as(app, 'UADMIN', 'next', 'CN')).json<{ blocks: unknown[] }>().blocks)[0]?.value,
    ).toBe(p2);

    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownSkip, value: p2, channel_id: 'CN' });
    const skipped = await fake.waitForResponse((r) =>
      String(JSON.stringify(r.body.blocks)).includes('Skipped'),
    );
    expect(skipped.body.replace_original).toBe(true);
    const p3 = buttons(skipped.body.blocks as unknown[])[0]?.value ?? '';
    expect([p1, p2]).not.toContain(p3);
    // A stale skip (p2 again) changes nothing and says so.
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownSkip, value: p2, channel_id: 'CN' });
    await fake.waitForResponse((r) =>
      String(JSON.stringify(r.body.blocks)).includes('The next prompt changed meanwhile'),
    );
    seq = lastSeq(fake);
    await as(app, 'UMEM', 'now', 'CN');
    expect(await posted('CN', seq)).toBe(p3);
  });
});

describe('library own|shipped|both', () => {
  it('is for admins; own posts only the team’s prompts, shipped never does; the default is both', async () => {
    const app = await withOwn({ PROMPT_NOW_COOLDOWN: '0' });
    expect(replyText(await as(app, 'UMEM', 'library', 'CL'))).toContain(
      "Every channel here draws on the shipped library, with your team's approved prompts joining it. Your team's library holds 3 approved prompts.",
    );
    expect(replyText(await as(app, 'UMEM', 'library own', 'CL'))).toContain(
      "Only your workspace's admins and owners can choose your workspace's library.",
    );
    expect(replyText(await as(app, 'UADMIN', 'library everything', 'CL'))).toContain(
      '`library` takes one of',
    );
    expect(replyText(await as(app, 'UADMIN', 'library own', 'CL'))).toContain(
      "Done: every channel here now draws on your team's own prompts only (3 approved prompts of your team's).",
    );
    const own: string[] = [];
    for (let i = 0; i < 4; i++) {
      const seq = lastSeq(fake);
      await as(app, 'UMEM', 'now', 'CL');
      own.push(await posted('CL', seq));
    }
    expect(new Set(own.slice(0, 3))).toEqual(new Set(OWN.map((r) => r.id)));
    expect(OWN.map((r) => r.id)).toContain(own[3]);

    expect(replyText(await as(app, 'UADMIN', 'library shipped', 'CL'))).toContain('the shipped library only');
    const seq = lastSeq(fake);
    await as(app, 'UMEM', 'now', 'CL');
    expect(shippedIds.has(await posted('CL', seq))).toBe(true);
    expect(replyText(await as(app, 'UMEM', 'now allotment', 'CL'))).toContain('No prompt');
  });

  it('a prompt approved mid-pass joins the channel’s rotation without resetting it', async () => {
    const dir = tmpDir();
    let app = await launch(fake, { dir, env: { PROMPT_NOW_COOLDOWN: '0' } });
    const used: string[] = [];
    for (let i = 0; i < 3; i++) {
      const seq = lastSeq(fake);
      await as(app, 'UMEM', 'now', 'CMID');
      used.push(await posted('CMID', seq));
    }
    expect(
      ackOf(
        await submit(app, {
          callback_id: CALLBACKS.ownSuggest,
          user: 'UMEM',
          values: formValues(goodForm()),
        }),
      )?.response_action,
    ).toBe('update');
    const id =
      buttons((await home(app, fake, 'UADMIN')).blocks).find((b) => b.action_id === ACTIONS.ownApprove)
        ?.value ?? '';
    const seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownApprove, value: id });
    await nextCall(fake, 'chat.postMessage', seq, (c) => c.args.channel === 'UMEM');
    expect(await app.proc.stop()).toMatchObject({ code: 0 });

    let store = await open(`${dir}/db.json`);
    const before = await store.rotation('T1', 'CMID');
    await store.close();
    expect(before).toMatchObject({ cycle: 0, used });

    app = await launch(fake, { dir, env: { PROMPT_NOW_COOLDOWN: '0' } });
    const next =
      buttons((await as(app, 'UADMIN', 'next', 'CMID')).json<{ blocks: unknown[] }>().blocks)[0]?.value ?? '';
    expect(used).not.toContain(next);
    // With only the team's prompts, the very next one is the new prompt, in the same pass.
    expect(replyText(await as(app, 'UADMIN', 'library own', 'CMID'))).toContain('Done');
    const s2 = lastSeq(fake);
    await as(app, 'UMEM', 'now', 'CMID');
    expect(await posted('CMID', s2)).toBe(id);
    expect(await app.proc.stop()).toMatchObject({ code: 0 });
    store = await open(`${dir}/db.json`);
    expect(await store.rotation('T1', 'CMID')).toMatchObject({
      seed: before?.seed,
      cycle: 0,
      used: [...used, id],
    });
    await store.close();
  });
});
