/**
 * Tests of the test-support helpers themselves: the Web API fake (driven by the real @slack/web-api
 * WebClient), request signing (against a published vector and the real Bolt HTTP receiver), the Socket Mode
 * server (with the real SocketModeClient and a real Bolt app), and the child-process runner.
 */
import { createHmac } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT, runAppToExit, startApp, stopAllApps, tmpDir } from './app-process.js';
import {
  appHomeOpened,
  blockActionsBody,
  blockActionsPayload,
  eventBody,
  messageChanged,
  messageDeleted,
  postSigned,
  reactionAdded,
  sign,
  slashCommandBody,
  slashCommandPayload,
  threadReply,
  tokensRevoked,
} from './signing.js';
import { type SlackFake, startSlackFake, tsToMicros } from './slack-fake.js';
import { startSocketServer } from './socket-server.js';

const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

function client(fake: SlackFake, token = 'xoxb-test', retries = 1): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.url,
    retryConfig: { retries, factor: 1, minTimeout: 10, maxTimeout: 20 },
    logger: quietLogger,
  });
}

describe('slack-fake with a real WebClient', () => {
  let fake: SlackFake;
  beforeEach(async () => {
    fake = await startSlackFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('records chat.postMessage with blocks and metadata parsed back into objects', async () => {
    const web = client(fake);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Leadership* or management?' } }];
    const metadata = { event_type: 'lvm_prompt', event_payload: { week: '2026-W48' } };
    const res = await web.chat.postMessage({ channel: 'C1', text: 'fallback', blocks, metadata });

    expect(res.ok).toBe(true);
    expect(res.channel).toBe('C1');
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(res.message).toMatchObject({
      text: 'fallback',
      ts: res.ts,
      bot_id: 'BBOT',
      user: 'UBOT',
      type: 'message',
    });

    const call = await fake.waitFor('chat.postMessage');
    expect(call.token).toBe('xoxb-test');
    expect(call.contentType).toContain('application/x-www-form-urlencoded');
    expect(call.args.blocks).toEqual(blocks);
    expect(call.args.metadata).toEqual(metadata);
    expect(call.args.text).toBe('fallback');
    expect(call.at).toBeInstanceOf(Date);

    const second = await web.chat.postMessage({ channel: 'C1', text: 'again' });
    expect(tsToMicros(second.ts as string)).toBeGreaterThan(tsToMicros(res.ts as string));

    // history: newest first; metadata only with include_all_metadata
    const plain = await web.conversations.history({ channel: 'C1' });
    expect(plain.messages?.map((m) => m.text)).toEqual(['again', 'fallback']);
    expect(plain.messages?.[1]?.metadata).toBeUndefined();
    const withMeta = await web.conversations.history({ channel: 'C1', include_all_metadata: true, limit: 1 });
    expect(withMeta.messages).toHaveLength(1);
    expect(withMeta.has_more).toBe(true);
    const older = await web.conversations.history({
      channel: 'C1',
      include_all_metadata: true,
      cursor: withMeta.response_metadata?.next_cursor,
    });
    expect(older.messages?.[0]?.metadata).toEqual(metadata);
  });

  it('gives deterministic increasing ts values with tsStart', async () => {
    const f = await startSlackFake({ tsStart: 1764070000 });
    try {
      const web = client(f);
      const a = await web.chat.postMessage({ channel: 'C1', text: 'a' });
      const b = await web.chat.postMessage({ channel: 'C1', text: 'b' });
      expect([a.ts, b.ts]).toEqual(['1764070000.000100', '1764070000.000200']);
    } finally {
      await f.close();
    }
  });

  it('answers auth.test like Slack (configurable ids)', async () => {
    const f = await startSlackFake({ teamId: 'T9', botUserId: 'U9BOT', botId: 'B9' });
    try {
      const res = await client(f).auth.test();
      expect(res).toMatchObject({
        ok: true,
        team_id: 'T9',
        user_id: 'U9BOT',
        bot_id: 'B9',
        team: 'Team One',
      });
      expect(res.url).toBe('https://team-one.slack.com/');
    } finally {
      await f.close();
    }
  });

  it('429 with Retry-After is retried by the client: the fake sees two calls', async () => {
    const web = client(fake);
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (secs: number) => rateLimited.push(secs));
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const res = await web.chat.postMessage({ channel: 'C1', text: 'hi' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(rateLimited).toEqual([1]);
    const calls = fake.calls('chat.postMessage');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.response?.status).toBe(429);
    expect(calls[1]?.response?.status).toBe(200);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('butApply: the message is posted although the answer is a 500 (and a retry posts it twice)', async () => {
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    await expect(
      client(fake, 'xoxb-test', 0).chat.postMessage({ channel: 'C1', text: 'once?' }),
    ).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['once?']);

    fake.reset();
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    const res = await client(fake, 'xoxb-test', 1).chat.postMessage({ channel: 'C1', text: 'dup' });
    expect(res.ok).toBe(true);
    expect(fake.calls('chat.postMessage')).toHaveLength(2);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['dup', 'dup']);
  });

  it('{ error } answers ok:false (not retried), delayMs delays, drop is a network error', async () => {
    const web = client(fake);
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'not_in_channel' },
    });
    expect(fake.calls('chat.postMessage')).toHaveLength(1);

    fake.failNext('reactions.add', { delayMs: 300 });
    const t0 = Date.now();
    await web.reactions.add({ channel: 'C1', timestamp: '1.000100', name: 'thumbsup' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);

    fake.setDelay('auth.test', 150);
    const t1 = Date.now();
    await web.auth.test();
    expect(Date.now() - t1).toBeGreaterThanOrEqual(140);
    fake.setDelay('auth.test', 0);

    fake.failNext('views.publish', { drop: true });
    await web.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    expect(fake.calls('views.publish')).toHaveLength(2);
  });

  it('emulates Slack errors: already_reacted, not_in_channel, token types, invalid_blocks, no_text', async () => {
    const web = client(fake);
    const { ts } = await web.chat.postMessage({ channel: 'C1', text: 'vote' });
    await web.reactions.add({ channel: 'C1', timestamp: ts as string, name: 'one' });
    await expect(
      web.reactions.add({ channel: 'C1', timestamp: ts as string, name: 'one' }),
    ).rejects.toMatchObject({
      data: { error: 'already_reacted' },
    });
    expect(fake.messages('C1')[0]?.reactions).toEqual([{ name: 'one', users: ['UBOT'], count: 1 }]);

    fake.setChannel('C2', { name: 'leads', is_member: false, members: ['U1'] });
    await expect(web.chat.postMessage({ channel: 'C2', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    const joined = await web.conversations.join({ channel: 'C2' });
    expect(joined.channel).toMatchObject({ id: 'C2', name: 'leads', is_member: true });
    await web.chat.postMessage({ channel: 'C2', text: 'now ok' });

    await expect(
      client(fake, 'xapp-1-x').chat.postMessage({ channel: 'C1', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
    await expect(web.apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });

    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    await expect(web.chat.postMessage({ channel: 'C1', text: '' })).rejects.toMatchObject({
      data: { error: 'no_text' },
    });

    fake.revokeToken('xoxb-test');
    await expect(web.auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
  });

  it('channels: info, users.conversations with cursor pagination', async () => {
    fake.setChannel('C1', { name: 'general', members: ['U1', 'U2', 'UBOT'] });
    fake.setChannel('C2', { name: 'random', members: ['U1'], is_member: false });
    fake.setChannel('C3', { name: 'leads', members: ['U1', 'U3'] });
    fake.setChannel('G1', { name: 'secret', is_private: true, members: ['U1'] });
    fake.setChannel('G2', { name: 'hidden', is_private: true, members: ['U1'], is_member: false });
    const web = client(fake);

    const info = await web.conversations.info({ channel: 'C1' });
    expect(info.channel).toMatchObject({ id: 'C1', name: 'general', is_private: false, is_member: true });
    await expect(web.conversations.info({ channel: 'G2' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });

    // default types = public_channel only, like Slack
    const publicOnly = await web.users.conversations({ user: 'U1' });
    expect(publicOnly.channels?.map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);

    const pages: string[][] = [];
    for await (const page of web.paginate('users.conversations', {
      user: 'U1',
      types: 'public_channel,private_channel',
      limit: 2,
    })) {
      pages.push(
        (((page as { channels?: { id: string }[] }).channels ?? []) as { id: string }[]).map((c) => c.id),
      );
    }
    expect(pages).toEqual([
      ['C1', 'C2'],
      ['C3', 'G1'],
    ]);
    const calls = fake.calls('users.conversations').slice(-2);
    expect(calls[0]?.args.cursor).toBeUndefined();
    expect(typeof calls[1]?.args.cursor).toBe('string');

    const botChannels = await web.users.conversations({ types: 'public_channel,private_channel' });
    expect(botChannels.channels?.map((c) => c.id)).toEqual(['C1', 'C3', 'G1']);
  });

  it('threads, replies, views, users', async () => {
    const web = client(fake);
    const parent = await web.chat.postMessage({ channel: 'C1', text: 'parent' });
    fake.addMessage('C1', { user: 'U1', text: 'a human reply', thread_ts: parent.ts as string });
    await web.chat.postMessage({ channel: 'C1', text: 'bot reply', thread_ts: parent.ts as string });
    const replies = await web.conversations.replies({ channel: 'C1', ts: parent.ts as string });
    expect(replies.messages?.map((m) => m.text)).toEqual(['parent', 'a human reply', 'bot reply']);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
    const history = await web.conversations.history({ channel: 'C1' });
    expect(history.messages?.map((m) => m.text)).toEqual(['parent']);

    const home = await web.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    expect(home.view?.id).toMatch(/^V/);
    expect(fake.homeView('U1')).toMatchObject({ type: 'home', id: home.view?.id });
    const modal = await web.views.open({
      trigger_id: '1.2.3',
      view: { type: 'modal', title: { type: 'plain_text', text: 'Settings' }, blocks: [] },
    });
    expect(modal.view).toMatchObject({ type: 'modal', title: { text: 'Settings' } });
    expect(
      (
        await web.views.update({
          view_id: modal.view?.id as string,
          view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
        })
      ).ok,
    ).toBe(true);

    fake.setUser('U1', { tz: 'Europe/Berlin', real_name: 'Ada' });
    const user = await web.users.info({ user: 'U1' });
    expect(user.user).toMatchObject({ id: 'U1', tz: 'Europe/Berlin', real_name: 'Ada' });

    const eph = await web.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
  });

  it('a method the app does not call is unknown to the fake, as Slack answers a method it does not have', async () => {
    const web = client(fake);
    await expect(web.apiCall('chat.update', { channel: 'C1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'unknown_method' },
    });
  });

  it('filesUploadV2 ends in fake.uploads() with the same bytes', async () => {
    const web = client(fake);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255, 254]);
    const res = await web.filesUploadV2({
      channel_id: 'C1',
      file: bytes,
      filename: 'chart.png',
      title: 'Weekly chart',
      initial_comment: 'This week',
    });
    expect(res.ok).toBe(true);
    const uploads = fake.uploads();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      filename: 'chart.png',
      title: 'Weekly chart',
      channel: 'C1',
      initialComment: 'This week',
      declaredLength: bytes.length,
    });
    expect(Buffer.compare(uploads[0]?.bytes ?? Buffer.alloc(0), bytes)).toBe(0);
    expect(fake.calls().map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(fake.calls('files.completeUploadExternal')[0]?.args.files).toEqual([
      { id: uploads[0]?.fileId, title: 'Weekly chart' },
    ]);
    // the share shows up in the channel like Slack's file message
    expect(fake.messages('C1')[0]).toMatchObject({ text: 'This week', upload: true });
  });

  it('waitFor resolves on a future call and rejects listing the calls seen', async () => {
    const web = client(fake);
    const pending = fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C9');
    await web.chat.postMessage({ channel: 'C1', text: 'not this one' });
    await web.chat.postMessage({ channel: 'C9', text: 'this one' });
    expect((await pending).args.text).toBe('this one');

    const err = await fake.waitFor('views.publish', undefined, 100).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/no views\.publish call within 100 ms/);
    expect((err as Error).message).toMatch(/chat\.postMessage .*not this one/);
  });

  it('response_url stand-in records respond() posts', async () => {
    const url = fake.responseUrl();
    expect(url.startsWith(fake.origin)).toBe(true);
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Saved' }),
    });
    expect(r.status).toBe(200);
    expect((await fake.waitForResponse()).body).toEqual({ response_type: 'ephemeral', text: 'Saved' });
  });
});

describe('signing', () => {
  it("matches Slack's published example and an independent HMAC", () => {
    // docs.slack.dev/authentication/verifying-requests-from-slack
    const secret = '8f742231b10e8888abcd99yyyzzz85a5';
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(sign(secret, body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
    const mine = createHmac('sha256', 'other-secret').update('v0:1700000000:{"a":1}').digest('hex');
    expect(sign('other-secret', '{"a":1}', 1700000000)['x-slack-signature']).toBe(`v0=${mine}`);
  });

  it('builders produce the usual fields', () => {
    const form = new URLSearchParams(slashCommandBody({ text: 'help', user_id: 'U7' }));
    for (const k of [
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
    ]) {
      expect(form.get(k)).toBeTruthy();
    }
    expect(form.get('command')).toBe('/lead-vs-manage');
    expect(form.get('text')).toBe('help');
    expect(form.get('trigger_id')).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
    const env = JSON.parse(eventBody(reactionAdded({ reaction: 'one', ts: '1.000100' })));
    expect(env).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      event: { type: 'reaction_added', item: { type: 'message', channel: 'C1', ts: '1.000100' } },
    });
    expect(env.event_id).toMatch(/^Ev/);
    expect(messageChanged({ ts: '1.1', text: 'b', previous_text: 'a' })).toMatchObject({
      subtype: 'message_changed',
      message: { ts: '1.1', text: 'b' },
      previous_message: { text: 'a' },
    });
    expect(messageDeleted({ deleted_ts: '1.1' })).toMatchObject({
      subtype: 'message_deleted',
      deleted_ts: '1.1',
    });
    expect(tokensRevoked()).toMatchObject({ type: 'tokens_revoked', tokens: { bot: ['UBOT'] } });
  });

  it('postSigned picks the content type, adds retry headers, can omit or fake the signature', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.headers));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    try {
      const ct = async (body: string) =>
        (await postSigned(url, body, { secret: 's' })).json<Record<string, string>>()['content-type'];
      expect(await ct('null')).toBe('application/json');
      expect(await ct('{"type":"event_callback"}')).toBe('application/json');
      expect(await ct('payload=%7B%7D')).toBe('application/x-www-form-urlencoded');
      const h = (
        await postSigned(url, '{}', {
          secret: 's',
          timestamp: 1700000000,
          retryNum: 2,
          retryReason: 'http_error',
        })
      ).json<Record<string, string>>();
      expect(h).toMatchObject({
        'x-slack-retry-num': '2',
        'x-slack-retry-reason': 'http_error',
        'x-slack-request-timestamp': '1700000000',
        'x-slack-signature': sign('s', '{}', 1700000000)['x-slack-signature'],
        connection: 'keep-alive',
      });
      const unsigned = (await postSigned(url, '{}', { secret: 's', signature: false })).json<
        Record<string, string>
      >();
      expect(unsigned['x-slack-signature']).toBeUndefined();
      expect(unsigned['x-slack-request-timestamp']).toBeUndefined();
    } finally {
      server.close();
    }
  });

  describe('against the real Bolt HTTP receiver', () => {
    const secret = 'test-signing-secret';
    let fake: SlackFake;
    let app: App;
    let base: string;
    const seen: { kind: string; body: unknown; retryNum?: number; retryReason?: string }[] = [];

    beforeAll(async () => {
      fake = await startSlackFake();
      app = new App({
        token: 'xoxb-test',
        signingSecret: secret,
        logger: quietLogger,
        clientOptions: { slackApiUrl: fake.url },
      });
      app.command('/lead-vs-manage', async ({ ack, command, respond }) => {
        seen.push({ kind: 'command', body: command });
        await ack();
        await respond({ text: `you said ${command.text}` });
      });
      app.event('reaction_added', async ({ event, context }) => {
        seen.push({
          kind: 'reaction',
          body: event,
          retryNum: context.retryNum,
          retryReason: context.retryReason,
        });
      });
      app.event('app_home_opened', async ({ event }) => {
        seen.push({ kind: 'home', body: event });
      });
      app.message(async ({ message }) => {
        seen.push({ kind: 'message', body: message });
      });
      app.action('vote', async ({ ack, body }) => {
        seen.push({ kind: 'action', body });
        await ack();
      });
      const server = (await app.start({
        port: 0,
        host: '127.0.0.1',
      })) as unknown as Server;
      const addr = server.address() as AddressInfo;
      base = `http://127.0.0.1:${addr.port}/slack/events`;
    });
    afterAll(async () => {
      await app.stop();
      await fake.close();
    });

    it('accepts signed requests and rejects bad or stale signatures', async () => {
      const body = slashCommandBody({ text: 'help', response_url: fake.responseUrl() });
      const ok = await postSigned(base, body, { secret });
      expect(ok.status).toBe(200);
      expect((await fake.waitForResponse()).body).toMatchObject({ text: 'you said help' });

      expect((await postSigned(base, body, { secret, signature: 'v0=deadbeef' })).status).toBe(401);
      expect((await postSigned(base, body, { secret: 'wrong' })).status).toBe(401);
      expect(
        (await postSigned(base, body, { secret, timestamp: Math.floor(Date.now() / 1000) - 600 })).status,
      ).toBe(401);
      expect((await postSigned(base, body, { secret, signature: false })).status).toBe(401);
    });

    it('delivers events with retry headers, and interactivity payloads', async () => {
      const r = await postSigned(base, eventBody(reactionAdded({ reaction: 'two', ts: '1.000100' })), {
        secret,
        retryNum: 1,
        retryReason: 'http_timeout',
      });
      expect(r.status).toBe(200);
      expect(r.ms).toBeGreaterThan(0);
      await expect
        .poll(() => seen.find((s) => s.kind === 'reaction'))
        .toMatchObject({
          retryNum: 1,
          retryReason: 'http_timeout',
        });

      await postSigned(base, eventBody(appHomeOpened({ user: 'U5' })), { secret });
      await postSigned(base, eventBody(threadReply({ thread_ts: '1.000100', text: 'why' })), { secret });
      await postSigned(base, blockActionsBody(blockActionsPayload({ action_id: 'vote', value: 'lead' })), {
        secret,
      });
      await expect
        .poll(() => seen.map((s) => s.kind).sort())
        .toEqual(['action', 'command', 'home', 'message', 'reaction']);
      expect(seen.find((s) => s.kind === 'action')?.body).toMatchObject({
        type: 'block_actions',
        actions: [{ action_id: 'vote', value: 'lead' }],
      });
    });
  });
});

describe('socket-server', () => {
  it('a real SocketModeClient connects via apps.connections.open, receives a slash command and acks it', async () => {
    const fake = await startSlackFake();
    const server = await startSocketServer();
    fake.setSocketUrl(server.url);
    const sm = new SocketModeClient({
      appToken: 'xapp-1-A0LVM-1-abc',
      logger: quietLogger,
      clientOptions: { slackApiUrl: fake.url },
    });
    const commands: unknown[] = [];
    sm.on('slash_commands', async ({ ack, body }: { ack: (r?: unknown) => Promise<void>; body: unknown }) => {
      commands.push(body);
      await ack({ text: 'pong' });
    });
    try {
      await sm.start();
      await server.connected;
      const open = fake.calls('apps.connections.open');
      expect(open).toHaveLength(1);
      expect(open[0]?.token).toBe('xapp-1-A0LVM-1-abc');

      const id = server.sendSlashCommand(slashCommandPayload({ text: 'ping' }));
      const ack = await server.waitForAck(id);
      expect(ack).toEqual({ envelope_id: id, payload: { text: 'pong' } });
      expect(commands[0]).toMatchObject({ command: '/lead-vs-manage', text: 'ping' });
    } finally {
      await sm.disconnect();
      await server.close();
      await fake.close();
    }
  });

  it('drives a real Bolt app in Socket Mode (commands, events, reconnects)', async () => {
    const fake = await startSlackFake();
    const server = await startSocketServer();
    fake.setSocketUrl(server.url);
    const app = new App({
      token: 'xoxb-test',
      appToken: 'xapp-1-test',
      socketMode: true,
      logger: quietLogger,
      clientOptions: { slackApiUrl: fake.url },
    });
    const reactions: string[] = [];
    app.command('/lead-vs-manage', async ({ ack, command }) => {
      await ack({ response_type: 'ephemeral', text: `got ${command.text}` });
    });
    app.event('reaction_added', async ({ event }) => {
      reactions.push(event.reaction);
    });
    try {
      await app.start();
      const ackCmd = await server.waitForAck(
        server.sendSlashCommand(slashCommandPayload({ text: 'status' })),
      );
      expect(ackCmd.payload).toEqual({ response_type: 'ephemeral', text: 'got status' });

      const evId = server.sendEvent(reactionAdded({ reaction: 'three', ts: '1.000100' }));
      expect((await server.waitForAck(evId)).payload).toEqual({});
      await expect.poll(() => reactions).toEqual(['three']);

      server.requestDisconnect();
      await server.waitForConnections(2, 15_000);
      expect(fake.calls('apps.connections.open').length).toBeGreaterThanOrEqual(2);
      const again = server.sendSlashCommand(slashCommandPayload({ text: 'after reconnect' }));
      expect((await server.waitForAck(again)).payload).toMatchObject({ text: 'got after reconnect' });
    } finally {
      await app.stop();
      await server.close();
      await fake.close();
    }
  }, 30_000);
});

describe('app-process (with a fixture app)', () => {
  const entry = 'test/support/fixtures/ready-app.ts';
  afterEach(async () => {
    await stopAllApps();
  });

  it('starts with a clean env, reports the port, and stops on SIGTERM', async () => {
    process.env.SLACK_LEAK_CHECK = 'must-not-leak';
    try {
      const proc = startApp({
        entry,
        env: { FIXTURE_MODE: 'ready', SLACK_BOT_TOKEN: 'xoxb-given', UNSET: undefined },
      });
      const { port, url } = await proc.ready;
      expect(proc.port).toBe(port);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(await (await fetch(url)).text()).toBe('fixture ok');
      const envLine = await proc.waitForLine('env keys:');
      expect(envLine).toContain('SLACK_BOT_TOKEN');
      expect(envLine).toContain('FIXTURE_MODE');
      expect(envLine).not.toContain('SLACK_LEAK_CHECK');
      expect(envLine).not.toContain('NODE_ENV');
      expect(envLine).not.toContain('UNSET');
      await proc.waitForLine(/structured line/);
      expect(proc.jsonLines()).toContainEqual({ level: 'info', msg: 'structured line', port });
      const exit = await proc.stop();
      expect(exit).toEqual({ code: 0, signal: null });
      expect(proc.logs()).toContain('SIGTERM received, shutting down');
    } finally {
      delete process.env.SLACK_LEAK_CHECK;
    }
  });

  it('rejects ready with the logs when the app exits first; runAppToExit gives code and streams', async () => {
    const proc = startApp({ entry, env: { FIXTURE_MODE: 'crash' }, expectExit: true });
    await expect(proc.ready).rejects.toThrow(/exited \(code 3.*SLACK_BOT_TOKEN is missing/s);
    expect(await proc.exited).toEqual({ code: 3, signal: null });

    const run = await runAppToExit({ entry, env: { FIXTURE_MODE: 'crash' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(run.stdout).toContain('fixture starting');
  });

  it('times out ready (and kills), escalates stop() to SIGKILL, kill() works', async () => {
    const hang = startApp({ entry, env: { FIXTURE_MODE: 'hang' }, readyTimeoutMs: 1500 });
    await expect(hang.ready).rejects.toThrow(/not ready within 1500 ms/);
    expect((await hang.exited).signal).toBe('SIGKILL');

    const stubborn = startApp({ entry, env: { FIXTURE_MODE: 'stubborn' } });
    await stubborn.ready;
    const exit = await stubborn.stop(500);
    expect(exit.signal).toBe('SIGKILL');
    expect(stubborn.logs()).toContain('SIGTERM ignored');

    const other = startApp({ entry });
    await other.ready;
    expect((await other.kill()).signal).toBe('SIGKILL');
  });

  it("blanks keys of a .env in the app's cwd unless allowed", async () => {
    const cwd = tmpDir();
    writeFileSync(join(cwd, '.env'), 'DOTENV_PROBE=from-dotenv\nSLACK_BOT_TOKEN=xoxb-real\n');
    const absEntry = join(REPO_ROOT, entry);
    const blanked = startApp({ entry: absEntry, cwd });
    await blanked.ready;
    expect(await blanked.waitForLine('dotenv-probe:')).toBe('dotenv-probe: []');
    const given = startApp({ entry: absEntry, cwd, env: { DOTENV_PROBE: 'from-test' } });
    await given.ready;
    expect(await given.waitForLine('dotenv-probe:')).toBe('dotenv-probe: [from-test]');
    const allowed = startApp({ entry: absEntry, cwd, dotEnv: 'allow' });
    await allowed.ready;
    expect(await allowed.waitForLine('dotenv-probe:')).toBe('dotenv-probe: [<unset>]');
  });

  it('tmpDir and freePort', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'x.json'), '{}');
    expect(existsSync(join(dir, 'x.json'))).toBe(true);
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(existsSync(join(REPO_ROOT, 'package.json'))).toBe(true);
  });
});
