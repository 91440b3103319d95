/**
 * Issue 9, point 1: only the installed workspace. The bot token belongs to T1 (the fake's auth.test). A correctly
 * signed request that names another workspace anywhere (`team_id`, `authorizations`, `team.id`, `user.team_id`)
 * reaches no listener: events get a quiet 200, commands and actions an ephemeral "not installed", and nothing is
 * stored, scheduled or posted. Schedules and week-closing run only for T1, even with another workspace's schedule
 * in the store.
 *
 * "Nothing happened" is always asserted after a later request of T1 was seen through (a post, a published view,
 * a counted vote), never after a sleep.
 */
import { describe, expect, it } from 'vitest';
import { NOT_INSTALLED } from '../../src/views/replies.js';
import { tmpDir } from '../support/app-process.js';
import {
  appHomeOpened,
  appUninstalled,
  blockActionsBody,
  blockActionsPayload,
  reactionAdded,
  threadReply,
} from '../support/signing.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';
import { answered, launch, type Running, replyText, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
  // Admins in both workspaces: without the gate, T2's admin could set a schedule here.
  fake.setUser('U1', { is_admin: true });
  fake.setUser('U9', { is_admin: true });
});

const FAST = { MIN_SCHEDULE_INTERVAL: '1s', PROMPT_NOW_COOLDOWN: '0' };

const prompts = (f: SlackFake, channel: string) =>
  f.calls('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts);

/** Posts a prompt in T1 with `now` and waits until it is stored (its reactions follow the commit). */
async function promptIn(app: Running, channel: string): Promise<string> {
  await app.command('now', { channel_id: channel });
  const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === channel && !c.args.thread_ts);
  const ts = answered(post).ts as string;
  await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === ts);
  return ts;
}

describe('the workspace gate', () => {
  it('a slash command from another workspace is answered "not installed"; nothing is stored, scheduled or posted', async () => {
    const app = await launch(fake, { env: FAST });
    const fromT2 = { team_id: 'T2', channel_id: 'CT2', user_id: 'U9' };
    for (const text of ['schedule * * * * * *', 'now', 'export', 'history', 'pause', 'help']) {
      const res = await app.command(text, fromT2);
      expect(res.status, text).toBe(200);
      expect(res.json<{ response_type: string }>().response_type, text).toBe('ephemeral');
      expect(replyText(res), text).toBe(`${NOT_INSTALLED}\n[]`);
    }
    // T1's own schedule posts twice: the scheduler has ticked since, and T2's channel got nothing.
    await app.command('schedule * * * * * *', { channel_id: 'C1' });
    await fake.waitForCalls(
      'chat.postMessage',
      2,
      10_000,
      (c) => c.args.channel === 'C1' && !c.args.thread_ts,
    );
    expect(fake.calls().filter((c) => c.args.channel === 'CT2' || c.args.user === 'U9')).toEqual([]);
    expect(app.disk()).not.toContain('"T2"');
    expect(app.disk()).not.toContain('CT2');
    expect(app.proc.logs()).toContain('not installed in (T2)');
  });

  it('events naming another workspace get a quiet 200 and change nothing, uninstall included', async () => {
    const app = await launch(fake, { env: { TALLY_MIN_VOTERS: '1' } }); // one voter's tally, shown
    const ts = await promptIn(app, 'C1');
    const t2 = [
      { enterprise_id: null, team_id: 'T2', user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ];
    const foreign: [string, Promise<{ status: number; body: string }>][] = [
      [
        'a vote from T2',
        app.event(reactionAdded({ user: 'U8', reaction: 'compass', ts }), { team_id: 'T2' }),
      ],
      [
        'a vote whose authorizations name T2',
        app.event(reactionAdded({ user: 'U7', reaction: 'compass', ts }), { authorizations: t2 }),
      ],
      [
        'a thread reply from T2',
        app.event(threadReply({ user: 'U8', thread_ts: ts, text: 'from T2' }), { team_id: 'T2' }),
      ],
      ['the Home tab in T2', app.event(appHomeOpened({ user: 'U8' }), { team_id: 'T2' })],
      ['an uninstall naming T1 and T2', app.event(appUninstalled(), { team_id: 'T1', authorizations: t2 })],
    ];
    for (const [what, sent] of foreign) {
      const res = await sent;
      expect(res.status, what).toBe(200);
      expect(res.body, what).toBe('');
    }
    // Then T1's own: a vote that counts and a Home tab that is published.
    await app.event(reactionAdded({ user: 'U5', reaction: 'clipboard', ts }));
    expect(replyText(await app.command('results'))).toContain('1 vote from 1 person · 0 answers');
    await app.event(appHomeOpened({ user: 'U5' }));
    await fake.waitFor('views.publish', (c) => c.args.user_id === 'U5');
    expect(fake.calls('views.publish').map((c) => c.args.user_id)).toEqual(['U5']);
    expect(app.disk()).not.toContain('"T2"');
    expect(app.disk()).not.toContain('from T2');
  });

  it('a click from another workspace is ignored; one with a response_url is told "not installed"', async () => {
    const app = await launch(fake);
    const home = { id: 'VH', type: 'home', private_metadata: '' };
    const filter = {
      action_id: 'home_channel_filter',
      type: 'static_select',
      action: { selected_option: { value: 'all' } },
      view: home,
    };
    const fromT2 = blockActionsPayload({ ...filter, team_id: 'T2', user_id: 'U9' });
    // T1's team, but the person clicking belongs to T2: still not ours.
    const mixed = blockActionsPayload({ ...filter, user_id: 'U9' });
    (mixed.user as Record<string, unknown>).team_id = 'T2';
    const inMessage = blockActionsPayload({
      action_id: 'some_button',
      team_id: 'T2',
      user_id: 'U9',
      channel_id: 'CT2',
      response_url: fake.responseUrl(),
    });
    for (const payload of [fromT2, mixed, inMessage]) {
      expect((await app.post(blockActionsBody(payload))).status).toBe(200);
    }
    const told = await fake.waitForResponse((r) => r.body.text === NOT_INSTALLED);
    expect(told.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    // T1's own click publishes the Home tab: the only views call of this test.
    await app.post(blockActionsBody(blockActionsPayload({ ...filter, user_id: 'U5' })));
    await fake.waitFor('views.publish', (c) => c.args.user_id === 'U5');
    expect(
      fake.calls().filter((c) => c.method.startsWith('views.') || c.method === 'users.conversations'),
    ).toEqual([
      expect.objectContaining({ method: 'users.conversations' }),
      expect.objectContaining({ method: 'views.publish' }),
    ]);
  });

  it("schedules and week-closing run only for the installed workspace, even with another one's in the store", async () => {
    const dir = tmpDir();
    // The store first served workspace T2 (its own bot token), which left a schedule and an open prompt in CT2.
    const other = await startSlackFake({ teamId: 'T2' });
    try {
      other.setUser('U1', { is_admin: true });
      const before = await launch(other, { dir, env: FAST });
      await before.command('schedule * * * * * *', { team_id: 'T2', channel_id: 'CT2' });
      const post = await other.waitFor('chat.postMessage', (c) => c.args.channel === 'CT2');
      await other.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === answered(post).ts);
      expect(await before.proc.stop()).toMatchObject({ code: 0 });
    } finally {
      await other.close();
    }
    expect(prompts(other, 'CT2').length).toBeGreaterThan(0);

    // Now the same store with T1's token: T2's schedule is due every second and its prompt is overdue.
    const app = await launch(fake, { dir, env: { ...FAST, PROMPT_CLOSE_AFTER: '1s' } });
    await promptIn(app, 'C1');
    await app.command('schedule * * * * * *', { channel_id: 'C2' });
    // T1's prompt in C1 is closed (housekeeping ran) and C2 got two scheduled prompts (the scheduler ticked).
    await fake.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === 'C1' && c.args.thread_ts !== undefined,
      10_000,
    );
    await fake.waitForCalls(
      'chat.postMessage',
      2,
      10_000,
      (c) => c.args.channel === 'C2' && !c.args.thread_ts,
    );
    expect(fake.calls().filter((c) => c.args.channel === 'CT2')).toEqual([]);
  });
});
