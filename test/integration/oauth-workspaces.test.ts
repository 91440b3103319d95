/**
 * Issue 15, point 3: many workspaces, each served with its own installation. Every request is authorized for its
 * own workspace and every call made for it (a reply's look-ups, a scheduled post, its reactions, closing a week,
 * checking a voter) carries that workspace's bot token; the fake records the token of each call and, like Slack,
 * finds no channel of another workspace. A workspace without an installation is turned away; uninstalling (or
 * revoking the token) forgets its data and its token. Keys rotate without losing a workspace.
 *
 * "Nothing happened" is asserted after a later request of an installed workspace was seen through.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { NOT_INSTALLED } from '../../src/views/replies.js';
import { everyRow, freshDatabase, type TestDatabase } from '../store/pg-databases.js';
import {
  appHomeOpened,
  appUninstalled,
  blockActionsBody,
  blockActionsPayload,
  reactionAdded,
  threadReply,
  tokensRevoked,
} from '../support/signing.js';
import { type SlackCall, type SlackFake, startSlackFake } from '../support/slack-fake.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type Distribution,
  distributionEnv,
  install,
  newKey,
  startDistribution,
  tokenOf,
} from './distribution.js';
import { answered, replyText } from './harness.js';

let fake: SlackFake;
let db: TestDatabase;
const running: { stop(): Promise<void> }[] = [];
const KEY = newKey('k1');
const FAST = { MIN_SCHEDULE_INTERVAL: '1s', PROMPT_NOW_COOLDOWN: '0' };

beforeAll(async () => {
  fake = await startSlackFake({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  for (const team of ['T2', 'T3', 'T4']) fake.addWorkspace({ teamId: team, teamName: `Team ${team}` });
  for (const user of ['U2', 'U3', 'U4']) fake.setUser(user, { is_admin: true });
  return () => fake.close();
});

afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  fake.reset();
});

async function start(env: Record<string, string> = {}, key = KEY, fresh = true): Promise<Distribution> {
  if (fresh) db = await freshDatabase();
  const app = await startDistribution(fake, db, distributionEnv(fake, key, { ...FAST, ...env }));
  running.push(app);
  return app;
}

async function stop(app: Distribution): Promise<void> {
  running.splice(running.indexOf(app), 1);
  await app.stop();
}

/** A prompt posted with `now` in `channel` of `team`, once its reactions are on. */
async function promptIn(app: Distribution, team: string, channel: string): Promise<string> {
  await app.command(team, 'now', { channel_id: channel, user_id: `U${team.slice(1)}` });
  const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === channel && !c.args.thread_ts);
  const ts = answered(post).ts as string;
  await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === ts);
  return ts;
}

const inChannel = (channel: string) => (c: SlackCall) => c.args.channel === channel;
const tokensOf = (calls: SlackCall[]) => [...new Set(calls.map((c) => c.token))];

describe('two workspaces', () => {
  it('each request and each scheduled post, reaction, close and look-up uses its own workspace token', async () => {
    const app = await start({ PROMPT_CLOSE_AFTER: '1s' });
    await install(app, fake, { team: 'T2' });
    await install(app, fake, { team: 'T3' });
    const [t2, t3] = [tokenOf(fake, 'T2'), tokenOf(fake, 'T3')];
    expect(t2).not.toBe(t3);

    for (const [team, channel, user] of [
      ['T2', 'CT2', 'U2'],
      ['T3', 'CT3', 'U3'],
    ] as const) {
      const res = await app.command(team, 'schedule * * * * * *', { channel_id: channel, user_id: user });
      expect(replyText(res)).toContain('schedule');
    }
    // Two scheduled prompts in each channel: the second closes the first (a thread reply).
    const posts = (channel: string) =>
      fake.waitForCalls('chat.postMessage', 2, 15_000, (c) => inChannel(channel)(c) && !c.args.thread_ts);
    const [[p2], [p3]] = await Promise.all([posts('CT2'), posts('CT3')]);
    await fake.waitFor(
      'chat.postMessage',
      (c) => inChannel('CT2')(c) && c.args.thread_ts !== undefined,
      10_000,
    );
    await fake.waitFor(
      'chat.postMessage',
      (c) => inChannel('CT3')(c) && c.args.thread_ts !== undefined,
      10_000,
    );

    // A new voter in each workspace is looked up (users.info) with that workspace's token.
    await app.event(
      'T2',
      reactionAdded({
        user: 'U2V',
        reaction: 'compass',
        ts: answered(p2 as SlackCall).ts as string,
        channel: 'CT2',
      }),
    );
    await app.event(
      'T3',
      reactionAdded({
        user: 'U3V',
        reaction: 'compass',
        ts: answered(p3 as SlackCall).ts as string,
        channel: 'CT3',
      }),
    );
    const [look2, look3] = await Promise.all([
      fake.waitFor('users.info', (c) => c.args.user === 'U2V', 10_000),
      fake.waitFor('users.info', (c) => c.args.user === 'U3V', 10_000),
    ]);
    // The Home tab of each (Bolt's client for the request).
    await app.event('T2', appHomeOpened({ user: 'U2' }));
    await app.event('T3', appHomeOpened({ user: 'U3' }));
    const [home2, home3] = await Promise.all([
      fake.waitFor('views.publish', (c) => c.args.user_id === 'U2'),
      fake.waitFor('views.publish', (c) => c.args.user_id === 'U3'),
    ]);

    expect(tokensOf(fake.calls().filter(inChannel('CT2')))).toEqual([t2]);
    expect(tokensOf(fake.calls().filter(inChannel('CT3')))).toEqual([t3]);
    expect([look2.token, home2.token]).toEqual([t2, t2]);
    expect([look3.token, home3.token]).toEqual([t3, t3]);
    const methods = new Set(
      fake
        .calls()
        .filter(inChannel('CT2'))
        .map((c) => c.method),
    );
    expect(methods).toEqual(new Set(['chat.postMessage', 'reactions.add', 'conversations.info']));
    // Every call the app made went out with one of the two tokens.
    const made = fake.calls().filter((c) => c.method !== 'oauth.v2.access');
    expect(made.filter((c) => c.token !== t2 && c.token !== t3)).toEqual([]);

    // Replies link to each workspace's own URL.
    expect(replyText(await app.command('T3', 'results', { channel_id: 'CT3' }))).toContain(
      'https://t3.slack.com/archives/CT3/p',
    );
  });

  it('a workspace without an installation is answered "not installed" and leaves nothing behind', async () => {
    const app = await start();
    await install(app, fake, { team: 'T2' });

    const res = await app.command('T4', 'now', { channel_id: 'CT4', user_id: 'U4' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const told = await fake.waitForResponse((r) => r.body.text === NOT_INSTALLED);
    expect(told.body).toMatchObject({ response_type: 'ephemeral' });
    const click = blockActionsPayload({
      action_id: 'some_button',
      team_id: 'T4',
      user_id: 'U4',
      channel_id: 'CT4',
      response_url: fake.responseUrl(),
    });
    expect((await app.post(blockActionsBody(click))).status).toBe(200);
    await fake.waitForResponse((r) => r.body.text === NOT_INSTALLED && r.path !== told.path);
    // Installed T2's Home tab, clicked by a person of T4 (a shared channel's guest): the gate still turns it away.
    const mixed = blockActionsPayload({
      action_id: 'home_channel_filter',
      type: 'static_select',
      action: { selected_option: { value: 'all' } },
      view: { id: 'VH', type: 'home', private_metadata: '' },
      team_id: 'T2',
      user_id: 'U4',
    });
    (mixed.user as Record<string, unknown>).team_id = 'T4';
    expect((await app.post(blockActionsBody(mixed))).status).toBe(200);
    for (const event of [
      reactionAdded({ user: 'U4', reaction: 'compass', ts: '1.000100', channel: 'CT4' }),
      threadReply({ user: 'U4', thread_ts: '1.000100', text: 'from T4', channel: 'CT4' }),
      appHomeOpened({ user: 'U4' }),
    ]) {
      const quiet = await app.event('T4', event);
      expect([quiet.status, quiet.body]).toEqual([200, '']);
    }

    // Then T2's own request goes through; T4 got nothing, and nothing of it was stored.
    await promptIn(app, 'T2', 'CT2');
    expect(fake.calls().filter((c) => c.method !== 'oauth.v2.access' && c.method !== 'auth.test')).toEqual(
      fake.calls().filter((c) => c.token === tokenOf(fake, 'T2') && c.method !== 'auth.test'),
    );
    expect(fake.calls().filter((c) => c.args.channel === 'CT4' || c.args.user_id === 'U4')).toEqual([]);
    const rows = await everyRow(db.admin, db.schema);
    expect(rows).not.toContain('T4');
    expect(app.logs.join('')).toContain('not installed in (T4)');
  });
});

describe('uninstalling', () => {
  it("app_uninstalled and tokens_revoked delete that workspace's data and token, and nobody else's", async () => {
    const app = await start();
    await install(app, fake, { team: 'T2' });
    await install(app, fake, { team: 'T3' });
    const [t2, t3] = [tokenOf(fake, 'T2'), tokenOf(fake, 'T3')];
    for (const [team, channel] of [
      ['T2', 'CT2'],
      ['T3', 'CT3'],
    ] as const) {
      const ts = await promptIn(app, team, channel);
      await app.event(team, reactionAdded({ user: `U${team}V`, reaction: 'compass', ts, channel }));
      await app.event(
        team,
        threadReply({ user: `U${team}V`, thread_ts: ts, text: `answer of ${team}`, channel }),
      );
    }
    expect(await everyRow(db.admin, db.schema)).toContain('answer of T2');

    expect((await app.event('T2', appUninstalled())).status).toBe(200);
    let rows = await everyRow(db.admin, db.schema);
    for (const gone of ['CT2', 'answer of T2', 'UT2V', 'UBOTT2']) expect(rows).not.toContain(gone);
    for (const kept of ['CT3', 'answer of T3', 'UBOTT3']) expect(rows).toContain(kept);
    expect(await db.admin.query('SELECT team_id FROM installations')).toEqual([{ team_id: 'T3' }]);
    expect(app.logs.join('')).toContain(
      'app_uninstalled: deleted every prompt, vote and answer of workspace T2',
    );

    // T2 is now a stranger; T3 is served as before.
    await app.command('T2', 'results', { channel_id: 'CT2' });
    await fake.waitForResponse((r) => r.body.text === NOT_INSTALLED);
    expect(replyText(await app.command('T3', 'results', { channel_id: 'CT3' }))).toContain(
      '1 vote from 1 person',
    );

    // A revoked bot token does the same.
    expect((await app.event('T3', tokensRevoked({ bot: ['UBOTT3'] }))).status).toBe(200);
    rows = await everyRow(db.admin, db.schema);
    expect(rows).not.toContain('answer of T3');
    expect(await db.admin.query('SELECT team_id FROM installations')).toEqual([]);
    for (const token of [t2, t3]) expect(rows).not.toContain(token);

    // Installing again starts afresh.
    await install(app, fake, { team: 'T2' });
    expect(replyText(await app.command('T2', 'results', { channel_id: 'CT2' }))).toContain('No prompts');
  });
});

describe('rotating TOKEN_ENCRYPTION_KEY', () => {
  it('seals every token again under the new key at start; a ring without the key a token is under refuses to start', async () => {
    const k2 = newKey('k2');
    let app = await start();
    await install(app, fake, { team: 'T2' });
    const token = tokenOf(fake, 'T2');
    const [before] = await db.admin.query<{ key_id: string; nonce: Uint8Array }>(
      'SELECT key_id, nonce FROM installations',
    );
    expect(before?.key_id).toBe('k1');
    await stop(app);

    // The new key first, the old one after it: every token is sealed again under k2.
    app = await start({}, `${k2},${KEY}`, false);
    expect(app.logs.join('')).toContain(
      'sealed the bot tokens of 1 workspace again with key "k2" (they were under "k1")',
    );
    const [after] = await db.admin.query<{ key_id: string; nonce: Uint8Array }>(
      'SELECT key_id, nonce FROM installations',
    );
    expect(after?.key_id).toBe('k2');
    expect(Buffer.from(after?.nonce ?? []).equals(Buffer.from(before?.nonce ?? []))).toBe(false);
    await promptIn(app, 'T2', 'CT2');
    await stop(app);

    // k1 is no longer needed…
    app = await start({}, k2, false);
    const again = await app.command('T2', 'now', { channel_id: 'CT9', user_id: 'U2' });
    expect(again.status).toBe(200);
    expect((await fake.waitFor('chat.postMessage', inChannel('CT9'))).token).toBe(token);
    await stop(app);

    // …but k2 is: without it, or with another key under its id, the app does not start (and says why, not the key).
    for (const ring of [KEY, `k2:${newKey('x').slice(2)}`]) {
      const refused = await start({}, ring, false).then(
        (a: { bot: RunningBot }) => a,
        (e: Error) => e,
      );
      expect(refused).toBeInstanceOf(Error);
      const message = (refused as Error).message;
      expect(message).toMatch(
        /^TOKEN_ENCRYPTION_KEY: cannot open every stored installation, so nothing was changed: 1 workspace \(T2\)/,
      );
      expect(message).toContain('"k2"');
      expect(message).not.toContain(ring.slice(3));
    }
    expect(await db.admin.query('SELECT key_id FROM installations')).toEqual([{ key_id: 'k2' }]);
  });
});
