/** Socket Mode: with SLACK_APP_TOKEN set the app connects to the WebSocket URL Slack hands out. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, stopAllApps, tmpDir } from '../support/app-process.js';
import { reactionAdded, slashCommandPayload } from '../support/signing.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';
import { type SocketServer, startSocketServer } from '../support/socket-server.js';
import { answered, appEnv } from './harness.js';

const APP_TOKEN = 'xapp-1-A0LVM-1234-abcdef0123456789';
let fake: SlackFake;
let socket: SocketServer;

beforeAll(async () => {
  fake = await startSlackFake();
  socket = await startSocketServer();
  fake.setSocketUrl(socket.url);
});
afterAll(async () => {
  await stopAllApps();
  await socket.close();
  await fake.close();
});

describe('Socket Mode', () => {
  it('connects, acknowledges a slash command and posts the prompt; votes arrive over the socket too', async () => {
    const dir = tmpDir();
    const proc = startApp({
      // Socket Mode needs no signing secret: leave it out.
      env: appEnv(fake, join(dir, 'db.json'), {
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_SIGNING_SECRET: undefined,
        TALLY_MIN_VOTERS: '1', // one voter's tally, shown
      }),
    });
    const { url } = await proc.ready;
    await socket.connected;
    const open = await fake.waitFor('apps.connections.open');
    expect(open.token).toBe(APP_TOKEN);

    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, mode: 'socket' });

    const id = socket.sendSlashCommand(slashCommandPayload({ text: 'now', channel_id: 'C1' }));
    await socket.waitForAck(id);
    const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C1');
    await fake.waitForCalls('reactions.add', 3);
    const ts = answered(post).ts as string;

    const vote = socket.sendEvent(reactionAdded({ user: 'U1', reaction: 'compass', ts }));
    await socket.waitForAck(vote);
    const results = socket.sendSlashCommand(slashCommandPayload({ text: 'results', channel_id: 'C1' }));
    const ack = await socket.waitForAck(results);
    expect(JSON.stringify(ack.payload)).toContain('1 vote from 1 person');

    expect(await proc.stop()).toMatchObject({ code: 0 });
  });
});
