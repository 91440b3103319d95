/**
 * Issue 12, point 2, end to end: the app's admins (no ADMIN_USER_IDS here: workspace admins and owners) review
 * suggestions in the App Home with Approve, Edit and Reject; the author hears how it went (with the reason of a
 * rejection); nothing pending or rejected is ever posted; an approved prompt joins that workspace's rotation,
 * is posted without giving its source away, revealed with its source and author at the close, exported with
 * its author, and can be edited, retired (it stays in the archive) and brought back. Another workspace's
 * suggestions are never seen.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChannelArchive } from '../../src/app/export.js';
import { loadPrompts } from '../../src/app/prompt-files.js';
import { ACTIONS, CALLBACKS } from '../../src/views/ids.js';
import { FORM_BLOCKS, REASON_BLOCK } from '../../src/views/own-form.js';
import { FROM_TEAM_LIBRARY } from '../../src/views/own-prompt.js';
import { open, teamPromptRecord } from '../store/helpers.js';
import { tmpDir } from '../support/app-process.js';
import { interactiveBody, viewSubmissionPayload } from '../support/signing.js';
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
  prompts,
  reasonValues,
  submit,
  viewOf,
} from './own-support.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setUser('UADMIN', { is_admin: true });
  fake.setUser('UMEM', {});
  fake.setChannel('CREV', { name: 'reading-group', members: ['UADMIN', 'UMEM'] });
});

const ENV = { PROMPT_NOW_COOLDOWN: '0' };
const PROMPTS = fileURLToPath(new URL('../../prompts', import.meta.url));

/** UMEM suggests the good form (or `over`); returns the suggestion's id as the admin's Home shows it. */
async function suggestAndFind(app: Running, over = {}): Promise<string> {
  const ack = ackOf(
    await submit(app, {
      callback_id: CALLBACKS.ownSuggest,
      user: 'UMEM',
      values: formValues(goodForm(over)),
    }),
  );
  expect(ack?.response_action).toBe('update');
  const view = await home(app, fake, 'UADMIN');
  const approve = buttons(view.blocks).find((b) => b.action_id === ACTIONS.ownApprove);
  expect(approve).toBeDefined();
  return approve?.value ?? '';
}

const dmTo = (user: string, seq: number) =>
  nextCall(fake, 'chat.postMessage', seq, (c) => c.args.channel === user);

describe('reviewing suggestions', () => {
  it('admins see them with Approve, Edit and Reject; approving puts one in the rotation and tells its author', async () => {
    const app = await launch(fake, { env: ENV });
    const id = await suggestAndFind(app);
    const admin = JSON.stringify((await home(app, fake, 'UADMIN')).blocks);
    expect(admin).toContain('*Suggestions waiting for review* (1)');
    expect(admin).toContain(goodForm().text);
    expect(
      buttons((await home(app, fake, 'UADMIN')).blocks)
        .filter((b) => b.value === id)
        .map((b) => b.text),
    ).toEqual(['Approve', 'Edit', 'Reject']);
    const member = JSON.stringify((await home(app, fake, 'UMEM')).blocks);
    expect(member).not.toContain(ACTIONS.ownApprove);
    expect(member).toContain('You have 1 suggestion waiting for review.');

    // A member's forged click is refused; the suggestion stays pending.
    let seq = lastSeq(fake);
    await click(app, fake, { user: 'UMEM', action_id: ACTIONS.ownApprove, value: id });
    const refusal = await nextCall(fake, 'views.open', seq);
    expect(JSON.stringify(refusal.args.view)).toContain("Only your workspace's admins and owners can review");
    expect(app.disk()).not.toContain('"approved"');

    seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownApprove, value: id });
    const note = await dmTo('UMEM', seq);
    expect(note.args.text).toContain("Your suggestion is in your team's library now (approved by <@UADMIN>)");
    const refreshed = await nextCall(fake, 'views.publish', seq, (c) => c.args.user_id === 'UADMIN');
    expect(JSON.stringify(viewOf(refreshed).blocks)).toContain('*Suggestions waiting for review:* none.');

    // Posted by its words, giving nothing away; revealed, with its author, when the next prompt closes it.
    await app.command('now rota late shifts', { channel_id: 'CREV', user_id: 'UMEM' });
    const post = await nextCall(
      fake,
      'chat.postMessage',
      seq,
      (c) => c.args.channel === 'CREV' && !c.args.thread_ts,
    );
    expect(promptIdOf(post)).toBe(id);
    const shown = JSON.stringify([post.args.text, post.args.blocks]);
    expect(shown).toContain(FROM_TEAM_LIBRARY);
    for (const secret of ['March offsite', 'Ortiz', 'UMEM', 'example.com', 'trains on time']) {
      expect(shown).not.toContain(secret);
    }
    await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === answered(post).ts);
    await app.command('now', { channel_id: 'CREV', user_id: 'UMEM' });
    const close = await nextCall(
      fake,
      'chat.postMessage',
      seq,
      (c) => c.args.thread_ts === answered(post).ts,
    );
    const reveal = JSON.stringify(close.args.blocks);
    expect(reveal).toContain(
      '*The source:* <https://example.com/offsite-notes|_Notes from the March offsite_>',
    );
    expect(reveal).toContain('*Who said it:* Dana Ortiz, in the retro');
    expect(reveal).toContain('*Where they came down:* *management*.');
    expect(reveal).toContain("_From your team's own library, suggested by <@UMEM>._");

    // The export names its author and its link.
    seq = lastSeq(fake);
    await app.command('export json', {
      channel_id: 'CREV',
      user_id: 'UMEM',
      response_url: fake.responseUrl(),
    });
    await nextCall(fake, 'files.completeUploadExternal', seq);
    const archive = JSON.parse(fake.uploads().at(-1)?.bytes.toString('utf8') ?? '{}') as ChannelArchive;
    expect(archive.prompts.find((p) => p.promptId === id)).toMatchObject({
      author: 'UMEM',
      source: {
        title: 'Notes from the March offsite',
        link: 'https://example.com/offsite-notes',
        leans: 'management',
      },
    });
  });

  it('a rejection sends its reason to the author; a rejected suggestion is never posted nor reviewed twice', async () => {
    const app = await launch(fake, { env: ENV });
    const id = await suggestAndFind(app);
    let seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownReject, value: id });
    const form = await nextCall(fake, 'views.open', seq);
    expect(form.args.view).toMatchObject({ callback_id: CALLBACKS.ownReject });
    const metadata = (form.args.view as { private_metadata: string }).private_metadata;

    // Only an admin may submit it.
    const forged = ackOf(
      await submit(app, {
        callback_id: CALLBACKS.ownReject,
        user: 'UMEM',
        values: reasonValues('no'),
        private_metadata: metadata,
      }),
    );
    expect(forged?.errors?.[REASON_BLOCK]).toContain("Only your workspace's admins and owners can review");

    seq = lastSeq(fake);
    const ack = ackOf(
      await submit(app, {
        callback_id: CALLBACKS.ownReject,
        user: 'UADMIN',
        values: reasonValues('Too close to the rota prompt we ran in May.'),
        private_metadata: metadata,
      }),
    );
    expect(ack).toBeUndefined();
    const note = await dmTo('UMEM', seq);
    expect(note.args.text).toContain(
      "Your suggestion wasn't added to your team's library (reviewed by <@UADMIN>).",
    );
    expect(note.args.text).toContain('*Why:* Too close to the rota prompt we ran in May.');

    const again = ackOf(
      await submit(app, {
        callback_id: CALLBACKS.ownReject,
        user: 'UADMIN',
        values: reasonValues(''),
        private_metadata: metadata,
      }),
    );
    expect(again?.errors?.[REASON_BLOCK]).toBe(
      'Someone got there first: this prompt was rejected by <@UADMIN>.',
    );
    seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownApprove, value: id });
    expect(JSON.stringify((await nextCall(fake, 'views.open', seq)).args.view)).toContain(
      'this prompt was rejected',
    );
    expect(
      replyText(await app.command('now rota late shifts', { channel_id: 'CREV', user_id: 'UMEM' })),
    ).toContain('No prompt in your workspace');
    expect(replyText(await app.command('library own', { channel_id: 'CREV', user_id: 'UADMIN' }))).toContain(
      'Your team has no approved prompts yet',
    );
    expect(prompts(fake, 'CREV')).toEqual([]);
  });

  it('Edit opens the form filled in; submitting fixes and approves a suggestion; a duplicate is refused', async () => {
    const app = await launch(fake, { env: ENV });
    const id = await suggestAndFind(app);
    let seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownEdit, value: id });
    const form = (await nextCall(fake, 'views.open', seq)).args.view as {
      callback_id: string;
      private_metadata: string;
      submit: { text: string };
    };
    expect(form).toMatchObject({ callback_id: CALLBACKS.ownEdit, submit: { text: 'Approve' } });
    expect(JSON.stringify(form)).toContain(`"initial_value":"${goodForm().text}"`);
    const edit = (over: Parameters<typeof goodForm>[0], user = 'UADMIN') =>
      submit(app, {
        callback_id: CALLBACKS.ownEdit,
        user,
        values: formValues(goodForm(over)),
        private_metadata: form.private_metadata,
      });

    expect(ackOf(await edit({ text: 'Edited by a member.' }, 'UMEM'))?.errors?.[FORM_BLOCKS.text]).toContain(
      "Only your workspace's admins and owners can edit",
    );
    expect(ackOf(await edit({ text: '' }))?.errors?.[FORM_BLOCKS.text]).toContain('Write the prompt');
    const shippedText = loadPrompts(PROMPTS)[0]?.text;
    expect(ackOf(await edit({ text: shippedText }))?.errors?.[FORM_BLOCKS.text]).toContain(
      'The library already has this prompt',
    );
    seq = lastSeq(fake);
    expect(
      ackOf(
        await edit({ text: 'On Fridays the team lead redoes the rota so no one works two late shifts.' }),
      ),
    ).toBeUndefined();
    expect((await dmTo('UMEM', seq)).args.text).toContain('approved by <@UADMIN>');
    expect(app.disk()).toMatch(
      /"type":"team-prompt-edit","team":"T1","id":"[^"]+","content":\{[^}]*"text":"On Fridays/,
    );
    await app.command(`now ${id}`, { channel_id: 'CREV', user_id: 'UMEM' });
    const post = await nextCall(
      fake,
      'chat.postMessage',
      seq,
      (c) => c.args.channel === 'CREV' && !c.args.thread_ts,
    );
    expect(post.args.text).toContain('On Fridays the team lead redoes the rota');
  });

  it('retired from the Team prompts window, a prompt leaves the rotation but stays in the archive; it can come back', async () => {
    const app = await launch(fake, { env: ENV });
    const id = await suggestAndFind(app);
    let seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownApprove, value: id });
    await dmTo('UMEM', seq);
    await app.command(`now ${id}`, { channel_id: 'CREV', user_id: 'UMEM' });
    await nextCall(fake, 'chat.postMessage', seq, (c) => c.args.channel === 'CREV' && !c.args.thread_ts);

    seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownManage, value: '0' });
    const window = viewOf(await nextCall(fake, 'views.open', seq));
    expect(
      buttons(window.blocks)
        .filter((b) => b.value === id)
        .map((b) => b.text),
    ).toEqual(['Edit', 'Retire']);
    const inWindow = { id: window.id, type: 'modal', private_metadata: window.private_metadata };

    // Edited later: the form goes on top of the window, and the window shows the new wording after saving.
    seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownEdit, value: id, view: inWindow });
    const pushed = (await nextCall(fake, 'views.push', seq)).args.view as {
      private_metadata: string;
      submit: { text: string };
    };
    expect(pushed.submit.text).toBe('Save');
    const payload = viewSubmissionPayload({
      callback_id: CALLBACKS.ownEdit,
      user_id: 'UADMIN',
      values: formValues(goodForm({ text: 'The team lead rewrites the rota each Friday, every Friday.' })),
      private_metadata: pushed.private_metadata,
    });
    (payload.view as Record<string, unknown>).previous_view_id = window.id;
    seq = lastSeq(fake);
    expect(ackOf(await app.post(interactiveBody(payload)))).toBeUndefined();
    const shownAgain = viewOf(await nextCall(fake, 'views.update', seq, (c) => c.args.view_id === window.id));
    expect(JSON.stringify(shownAgain.blocks)).toContain('rewrites the rota each Friday, every Friday.');

    seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownRetire, value: id, view: inWindow });
    const updated = viewOf(await nextCall(fake, 'views.update', seq, (c) => c.args.view_id === window.id));
    expect(JSON.stringify(updated.blocks)).toContain('*retired*');
    expect(
      buttons(updated.blocks)
        .filter((b) => b.value === id)
        .map((b) => b.text),
    ).toEqual(['Bring back']);

    expect(replyText(await app.command(`now ${id}`, { channel_id: 'CREV', user_id: 'UMEM' }))).toContain(
      'No prompt',
    );
    // The archive still shows it.
    expect(replyText(await app.command('results', { channel_id: 'CREV', user_id: 'UMEM' }))).toContain(
      'rewrites the rota',
    );
    expect(replyText(await app.command('history', { channel_id: 'CREV', user_id: 'UMEM' }))).toContain(
      'rewrites the rota',
    );
    seq = lastSeq(fake);
    await app.command('export json', {
      channel_id: 'CREV',
      user_id: 'UMEM',
      response_url: fake.responseUrl(),
    });
    await nextCall(fake, 'files.completeUploadExternal', seq);
    const archive = JSON.parse(fake.uploads().at(-1)?.bytes.toString('utf8') ?? '{}') as ChannelArchive;
    expect(archive.prompts[0]).toMatchObject({
      promptId: id,
      text: 'The team lead rewrites the rota each Friday, every Friday.',
      author: 'UMEM',
    });

    seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownRestore, value: id, view: inWindow });
    await nextCall(fake, 'views.update', seq, (c) => c.args.view_id === window.id);
    expect(replyText(await app.command('next', { channel_id: 'CNEW', user_id: 'UMEM' }))).toContain(
      'Next in this channel',
    );
    await app.command(`now ${id}`, { channel_id: 'CNEW', user_id: 'UMEM' });
    const back = await nextCall(
      fake,
      'chat.postMessage',
      seq,
      (c) => c.args.channel === 'CNEW' && !c.args.thread_ts,
    );
    expect(promptIdOf(back)).toBe(id);
  });
});

describe('workspaces', () => {
  it("never shows or lets anyone review another workspace's suggestions", async () => {
    const dir = tmpDir();
    const other = teamPromptRecord('own-from-t2', {
      team: 'T2',
      text: 'T2-ONLY suggestion about quarterly plans.',
    });
    const store = await open(`${dir}/db.json`);
    await store.commit([{ type: 'team-prompt-add', prompt: other }]);
    await store.close();

    const app = await launch(fake, { dir, env: ENV });
    const view = JSON.stringify((await home(app, fake, 'UADMIN')).blocks);
    expect(view).not.toContain('T2-ONLY');
    expect(view).toContain('*Suggestions waiting for review:* none.');
    let seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownApprove, value: other.id });
    expect(JSON.stringify((await nextCall(fake, 'views.open', seq)).args.view)).toContain('no longer there');
    seq = lastSeq(fake);
    await click(app, fake, { user: 'UADMIN', action_id: ACTIONS.ownEdit, value: other.id });
    expect(JSON.stringify((await nextCall(fake, 'views.open', seq)).args.view)).not.toContain('T2-ONLY');
    expect(
      replyText(await app.command('now quarterly plans', { channel_id: 'CREV', user_id: 'UADMIN' })),
    ).toContain('No prompt');
    expect(await app.proc.stop()).toMatchObject({ code: 0 });

    const after2 = await open(`${dir}/db.json`);
    expect(await after2.teamPrompts('T2')).toEqual([other]);
    expect(await after2.teamPrompts('T1')).toEqual([]);
    await after2.close();
  });
});
