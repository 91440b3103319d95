/**
 * Issue 9, point 8: start-up while Slack's API cannot be reached. The app says so within seconds (URL and
 * error), serves /healthz with 503 and the reason, keeps asking with backoff and comes up once Slack answers;
 * a token Slack refuses stops it with a message naming SLACK_BOT_TOKEN, without retrying.
 * "Unreachable" is a port nothing listens on; "coming up" is a TCP relay to the Slack fake opened on it.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, runAppToExit, startApp, tmpDir } from '../support/app-process.js';
import { postSigned, slashCommandBody } from '../support/signing.js';
import type { SlackFake } from '../support/slack-fake.js';
import { appEnv, launch, SECRET, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

const LISTENING = /listening on port (\d+)/;
let relays: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  for (const { server, sockets } of relays) {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
  relays = [];
});

/** Opens `port` and relays every connection to the fake. */
async function relayToFake(port: number): Promise<void> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(fake.port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  relays.push({ server, sockets });
}

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Slack unreachable at start-up', () => {
  it('says so within seconds, answers /healthz 503 with the reason, and comes up when Slack does', async () => {
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}/api/`;
    const proc = startApp({
      env: appEnv({ url: apiUrl }, join(tmpDir(), 'db.json'), { LOG_LEVEL: 'info' }),
      readyPattern: LISTENING,
    });
    const { url } = await proc.ready;
    const listeningAt = Date.now();
    const unreachable = new RegExp(
      `Slack's API at ${apiUrl.replace(/[.]/g, '\\.')} cannot be reached \\(.*ECONNREFUSED`,
    );
    await proc.waitForLine(unreachable, 5000);
    expect(Date.now() - listeningAt).toBeLessThan(5000);

    const waiting = await health(url);
    expect(waiting.status).toBe(503);
    expect(waiting.body).toMatchObject({ ok: false, slack: 'connecting', schedules: 'stopped' });
    expect(String(waiting.body.reason)).toMatch(unreachable);
    // Events wait too (Slack sends them again).
    const early = await postSigned(`${url}/slack/events`, slashCommandBody({ text: 'help' }), {
      secret: SECRET,
    });
    expect(early.status).toBe(503);
    // Asked again with backoff: the second failure is reported too, before Slack comes up.
    await proc.waitForLine(new RegExp(`${unreachable.source}.*attempt 2\\)`), 10_000);

    await relayToFake(port);
    await proc.waitForLine(/ready on port/, 30_000);
    const up = await health(url);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ ok: true, slack: 'connected', schedules: 'running' });
    expect(up.body).not.toHaveProperty('reason');

    const now = await postSigned(
      `${url}/slack/events`,
      slashCommandBody({ text: 'now', channel_id: 'CUP', response_url: fake.responseUrl() }),
      { secret: SECRET },
    );
    expect(now.status).toBe(200);
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CUP', 10_000);
    expect(proc.logs()).not.toMatch(/SLACK_BOT_TOKEN/);
    expect(await proc.stop()).toMatchObject({ code: 0 });
  });

  it('stops cleanly on SIGTERM while it waits for Slack', async () => {
    const port = await freePort();
    const proc = startApp({
      env: appEnv({ url: `http://127.0.0.1:${port}/api/` }, join(tmpDir(), 'db.json')),
      readyPattern: LISTENING,
    });
    await proc.ready;
    await proc.waitForLine(/cannot be reached/, 5000);
    expect(await proc.stop(5000)).toEqual({ code: 0, signal: null });
  });

  it('a Slack answering 503 is asked again, and each failure is reported', async () => {
    fake.failNext('auth.test', { status: 503 }, 2);
    const app = await launch(fake);
    expect(fake.calls('auth.test')).toHaveLength(3);
    expect(app.proc.lines.filter((l) => /cannot be reached \(HTTP 503\)/.test(l))).toHaveLength(2);
  });
});

describe('a token Slack refuses', () => {
  it('stops start-up at once with a message naming SLACK_BOT_TOKEN, not a network failure', async () => {
    const token = 'xoxb-revoked-1234567890-abcdefghijklmnop';
    fake.revokeToken(token);
    const run = await runAppToExit({
      env: appEnv(fake, join(tmpDir(), 'db.json'), { SLACK_BOT_TOKEN: token }),
    });
    expect(run.code).toBe(1);
    expect(run.logs).toMatch(/Slack refused SLACK_BOT_TOKEN \(auth\.test answered token_revoked\)/);
    expect(run.logs).not.toMatch(/cannot be reached/);
    expect(run.logs).not.toContain(token);
    expect(fake.calls('auth.test').filter((c) => c.token === token)).toHaveLength(1);
  });
});
