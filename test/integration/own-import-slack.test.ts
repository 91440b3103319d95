/**
 * Issue 12, point 5, from Slack: an admin shares a YAML file with the app in a direct message (file_shared);
 * the app looks it up (files.info), downloads it with the bot token as Slack requires (the fake answers a
 * request without it with Slack's sign-in page), checks it like `npm run prompts:import` and answers in the
 * direct message: the prompts added, or every problem with its line and nothing added.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_YAML } from '../../src/app/file-import.js';
import { makeTs } from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import { BOT_TOKEN, launch, promptIdOf, type Running, useSlackFake } from './harness.js';
import { lastSeq, nextCall } from './own-support.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  fake.setUser('UADMIN', { is_admin: true });
  fake.setUser('UMEM', {});
});

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/own-prompts/${name}`, import.meta.url), 'utf8');

/** `user` shares `name` in their direct message with the app; resolves with the app's reply there. */
async function share(app: Running, user: string, name: string, content: string, eventId?: string) {
  const dm = `D${user.slice(1)}`;
  const { id } = fake.shareFile({ user, channel: dm, name, content });
  const seq = lastSeq(fake);
  const event = {
    type: 'file_shared',
    channel_id: dm,
    file_id: id,
    user_id: user,
    file: { id },
    event_ts: makeTs(),
  };
  expect((await app.event(event, eventId ? { event_id: eventId } : {})).status).toBe(200);
  const reply = await nextCall(fake, 'chat.postMessage', seq, (c) => c.args.channel === dm);
  return { id, event, text: String(reply.args.text), seq };
}

describe('importing a file shared with the app', () => {
  it("adds an admin's valid file to the workspace's library, downloading it with the bot token", async () => {
    const app = await launch(fake, { env: { PROMPT_NOW_COOLDOWN: '0' } });
    const { id, text } = await share(app, 'UADMIN', 'team.yml', fixture('team.yml'));
    expect(text).toBe(
      "Imported 2 prompts from `team.yml` into your team's library: `allotment-watering-rota`, `night-shift-handover`. " +
        'They join the rotation of every channel here; edit or retire them under *Manage team prompts* in my Home tab.',
    );
    expect(fake.calls('files.info').map((c) => [c.args.file, c.token])).toEqual([[id, BOT_TOKEN]]);
    expect(fake.downloads()).toEqual([
      expect.objectContaining({
        fileId: id,
        authorized: true,
        path: expect.stringContaining('/download/team.yml'),
      }),
    ]);
    const seq = lastSeq(fake);
    await app.command('now night-shift-handover', { channel_id: 'CIMP', user_id: 'UMEM' });
    const post = await nextCall(
      fake,
      'chat.postMessage',
      seq,
      (c) => c.args.channel === 'CIMP' && !c.args.thread_ts,
    );
    expect(promptIdOf(post)).toBe('night-shift-handover');
    expect(post.args.text).toContain('the ward sister spends ten minutes');
  });

  it('answers every problem with its line and adds nothing', async () => {
    const app = await launch(fake);
    const { text } = await share(app, 'UADMIN', 'broken.yml', fixture('broken.yml'));
    expect(text).toContain("I couldn't import `broken.yml`: 7 problems, so nothing was added.");
    expect(text).toContain(
      'broken.yml:15: entry 2 (id "Too Long"): text must be at most 280 characters (got 312)',
    );
    expect(text).toContain('broken.yml:34: entry 4 (id "loaded-words"): text: "Obviously"');
    expect(text).toContain('Fix them and share the file again.');
    expect(app.disk()).not.toContain('fine-entry');
    const draft = await share(app, 'UADMIN', 'drafts.yml', fixture('draft.yml'));
    expect(draft.text).toContain(
      'drafts.yml:14: entry 1 (id "draft-handbook-p2-s2"): the draft note is still here',
    );
    expect(app.disk()).not.toContain('draft-handbook');
  });

  it('imports for admins only, and only YAML files; a member is told who may, and nothing is downloaded', async () => {
    const app = await launch(fake);
    const member = await share(app, 'UMEM', 'team.yml', fixture('team.yml'));
    expect(member.text).toBe(
      "Only your workspace's admins and owners can import prompts into your team's library.",
    );
    const notes = await share(app, 'UADMIN', 'notes.txt', 'Some notes of ours.');
    expect(notes.text).toBe(NOT_YAML);
    expect(fake.downloads()).toEqual([]);
    expect(app.disk()).not.toContain('allotment-watering-rota');
  });

  it('adds a redelivered event once', async () => {
    const app = await launch(fake);
    const first = await share(app, 'UADMIN', 'team.yml', fixture('team.yml'), 'EvFILE1');
    expect(first.text).toContain('Imported 2 prompts');
    expect((await app.event(first.event, { event_id: 'EvFILE1' })).status).toBe(200);
    await app.proc.waitForLine(/event EvFILE1 was imported already/);
    const replies = fake.calls('chat.postMessage').filter((c) => c.args.channel === 'DADMIN');
    expect(replies).toHaveLength(1);
    expect(app.disk().match(/"id":"allotment-watering-rota"/g)).toHaveLength(1);
  });
});
