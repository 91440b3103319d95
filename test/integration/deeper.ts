/**
 * Shared steps of the issue 13 integration tests (second look, then and now, small groups): post a prompt,
 * wait for its results summary and the reactions on it, vote, open the Home tab, export. Everything goes
 * through signed requests to the real app and is observed in the Slack fake.
 */

import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ChannelArchive } from '../../src/app/export.js';
import { PREPARING_EXPORT } from '../../src/views/replies.js';
import { startApp } from '../support/app-process.js';
import { appHomeOpened, eventBody, postSigned, reactionAdded, type SlackEvent } from '../support/signing.js';
import { checkBlocks, type SlackCall, type SlackFake } from '../support/slack-fake.js';
import { answered, appEnv, type Running, replyText, SECRET } from './harness.js';

export const WAIT = 15_000;

const lastSeq = (fake: SlackFake) => fake.calls().at(-1)?.seq ?? 0;

/** The first `method` call after `after` matching `predicate`, once the fake has answered it. */
async function answeredCall(
  fake: SlackFake,
  method: string,
  predicate: (c: SlackCall) => boolean,
  after = 0,
): Promise<SlackCall> {
  const call = await fake.waitFor(method, (c) => c.seq > after && predicate(c), WAIT);
  const deadline = Date.now() + WAIT;
  while (!call.response && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return call;
}

/** Waits for the bot's three vote reactions on message `ts`. */
export async function reactionsOn(fake: SlackFake, ts: string): Promise<string[]> {
  const calls = await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.timestamp === ts);
  return calls.map((c) => String(c.args.name));
}

/** `now` in `channel`; resolves with the prompt's post once its three reactions are on it. */
export async function postPrompt(
  fake: SlackFake,
  app: Running,
  channel: string,
  user = 'U1',
): Promise<{ ts: string; call: SlackCall }> {
  const mark = lastSeq(fake);
  const res = await app.command('now', { channel_id: channel, user_id: user });
  expect(res.status).toBe(200);
  const call = await answeredCall(
    fake,
    'chat.postMessage',
    (c) => c.args.channel === channel && !c.args.thread_ts,
    mark,
  );
  const ts = answered(call).ts;
  if (!ts) throw new Error(`no prompt ts in ${channel}`);
  await reactionsOn(fake, ts);
  return { ts, call };
}

/** The results summary of prompt `promptTs`, once the bot's three reactions are on it. */
export async function summaryOf(fake: SlackFake, promptTs: string): Promise<{ ts: string; call: SlackCall }> {
  const call = await answeredCall(fake, 'chat.postMessage', (c) => c.args.thread_ts === promptTs);
  const ts = answered(call).ts;
  if (!ts) throw new Error(`no summary ts for ${promptTs}`);
  await reactionsOn(fake, ts);
  return { ts, call };
}

/** All the text a message carries: its fallback and its blocks. */
export const shown = (call: SlackCall) => `${String(call.args.text)}\n${JSON.stringify(call.args.blocks)}`;

/** A signed reaction_added that must get its 200. */
export async function react(
  app: Running,
  channel: string,
  ts: string,
  user: string,
  reaction: string,
  opts: { event_id?: string; event_ts?: string; retryNum?: number } = {},
): Promise<void> {
  const { event_id, event_ts, retryNum } = opts;
  const res = await app.event(
    reactionAdded({ user, reaction, channel, ts, ...(event_ts ? { event_ts } : {}) }),
    {
      ...(event_id ? { event_id } : {}),
      ...(retryNum ? { retryNum } : {}),
    },
  );
  expect(res.status).toBe(200);
}

/** The reply to a command, as text (its fallback and blocks). */
export async function ask(app: Running, text: string, channel: string, user = 'U1'): Promise<string> {
  const res = await app.command(text, { channel_id: channel, user_id: user });
  expect(res.status).toBe(200);
  return replyText(res);
}

export interface HomeView {
  blocks: Record<string, unknown>[];
  private_metadata: string;
}

/** Opens `user`'s Home tab and returns the view the app published (checked against Block Kit's limits). */
export async function openHome(fake: SlackFake, app: Running, user: string): Promise<HomeView> {
  const mark = lastSeq(fake);
  const res = await app.event(appHomeOpened({ user }));
  expect(res.status).toBe(200);
  const call = await answeredCall(fake, 'views.publish', (c) => c.args.user_id === user, mark);
  const body = call.response?.body as { ok: boolean; view: HomeView };
  expect(body.ok).toBe(true);
  expect(checkBlocks(body.view.blocks, 100)).toEqual([]);
  return body.view;
}

/** `export <format>` by `user` in `channel`: the file the app sent to their direct messages. */
export async function exportFile(
  fake: SlackFake,
  app: Running,
  channel: string,
  format: 'csv' | 'json' | 'md',
  user = 'U1',
): Promise<string> {
  const before = fake.uploads().length;
  expect(await ask(app, `export ${format}`, channel, user)).toContain(PREPARING_EXPORT);
  const deadline = Date.now() + WAIT;
  while (fake.uploads().length === before && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const upload = fake.uploads()[before];
  if (!upload) throw new Error(`no ${format} export`);
  return upload.bytes.toString('utf8');
}

export async function exportJson(fake: SlackFake, app: Running, channel: string, user = 'U1') {
  return JSON.parse(await exportFile(fake, app, channel, 'json', user)) as ChannelArchive;
}

const SLOW_WRITES = fileURLToPath(new URL('../support/fixtures/slow-writes.mjs', import.meta.url));

/**
 * The app on the store in `dir` with every file write held back (test/support/fixtures/slow-writes.mjs): what
 * it acknowledged must still be there after a SIGKILL right after the 200.
 */
export async function launchSlowWrites(fake: SlackFake, dir: string, env: Record<string, string> = {}) {
  const proc = startApp({
    env: appEnv(fake, `${dir}/db.json`, { LOG_LEVEL: 'info', SLOW_WRITES_MS: '200', ...env }),
    nodeArgs: ['--import', SLOW_WRITES],
  });
  const { url } = await proc.ready;
  return {
    proc,
    event: (event: SlackEvent) => postSigned(`${url}/slack/events`, eventBody(event), { secret: SECRET }),
  };
}
