/**
 * Posting once (src/slack/post-once.ts) through a Web API client that does not retry by itself, against the Slack
 * fake's faults: a post is made again only after a look-up that succeeded shows it is missing.
 */
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/slack/logger.js';
import { lookUp, newAttempt, postOnce, UnconfirmedPost } from '../../src/slack/post-once.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';

let fake: SlackFake;
let client: webApi.WebClient;
let logs: string[] = [];
const logger = createLogger({ level: 'info', secrets: [], sink: (line) => logs.push(line.trimEnd()) });
const FAST = { backoffMs: 1 };

beforeAll(async () => {
  fake = await startSlackFake();
  client = new webApi.WebClient('xoxb-post-once', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
});
afterEach(() => {
  fake.reset();
  logs = [];
});
afterAll(async () => {
  await fake.close();
});

const message = (channel: string, thread_ts?: string) => ({
  channel,
  ...(thread_ts ? { thread_ts } : {}),
  text: 'Leadership, management, or both?',
  metadata: { event_type: 'lead_vs_manage_prompt', event_payload: { prompt_id: 'p1' } },
});
const visible = (channel: string) => fake.messages(channel).filter((m) => !m.thread_ts);

describe('postOnce', () => {
  it('When Slack takes the post, then it is posted once and carries the attempt id beside the caller metadata', async () => {
    const attempt = newAttempt(message('C1'), Date.parse('2026-11-23T09:00:00Z'));
    const { ts } = await postOnce(client, attempt, logger, FAST);
    const [call, ...more] = fake.calls('chat.postMessage');
    expect(more).toEqual([]);
    if (!call) throw new Error('not posted');
    expect((call.args.metadata as { event_payload: Record<string, string> }).event_payload).toEqual({
      prompt_id: 'p1',
      post_id: attempt.postId,
    });
    expect(visible('C1').map((m) => m.ts)).toEqual([ts]);
    // History is searched from a minute before the attempt was made.
    expect(attempt.since).toBe((Date.parse('2026-11-23T08:59:00Z') / 1000).toFixed(6));
  });

  it('When Slack took the post but answered 500, then the history look-up finds it and it is not posted again', async () => {
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    const { ts } = await postOnce(client, newAttempt(message('C2')), logger, FAST);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
    expect(fake.calls('conversations.history')).toHaveLength(1);
    expect(visible('C2').map((m) => m.ts)).toEqual([ts]);
    expect(logs.some((l) => l.includes('had gone through after all'))).toBe(true);
  });

  it('When the connection dropped before Slack took it, then the look-up shows it missing and it is posted again, once', async () => {
    fake.failNext('chat.postMessage', { drop: true });
    await postOnce(client, newAttempt(message('C3')), logger, FAST);
    expect(fake.calls('chat.postMessage')).toHaveLength(2);
    expect(visible('C3')).toHaveLength(1);
  });

  it('When Slack answers an error of its own, then it is thrown at once with no look-up and no retry', async () => {
    fake.failNext('chat.postMessage', { error: 'is_archived' });
    const failed = postOnce(client, newAttempt(message('C4')), logger, FAST);
    await expect(failed).rejects.toBeInstanceOf(webApi.WebAPIPlatformError);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
    expect(fake.calls('conversations.history')).toHaveLength(0);
  });

  it('When every look-up fails too, then UnconfirmedPost carries the attempt, and a later look-up and postOnce of it post it once', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    fake.failNext('conversations.history', { status: 503 }, 3);
    const attempt = newAttempt(message('C5'));
    const error = await postOnce(client, attempt, logger, { ...FAST, lookups: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnconfirmedPost);
    expect((error as UnconfirmedPost).attempt).toBe(attempt);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
    expect(fake.calls('conversations.history')).toHaveLength(3);

    expect(await lookUp(client, attempt, logger, FAST)).toBeUndefined();
    await postOnce(client, attempt, logger, FAST);
    expect(visible('C5')).toHaveLength(1);
  });

  it('When the post gives up after its attempts, then the last error is thrown and every retry was preceded by a look-up', async () => {
    fake.failNext('chat.postMessage', { status: 500 }, 3);
    const failed = postOnce(client, newAttempt(message('C6')), logger, { ...FAST, attempts: 3 });
    await expect(failed).rejects.toBeInstanceOf(webApi.WebAPIHTTPError);
    const order = fake.calls().map((c) => c.method);
    expect(order).toEqual([
      'chat.postMessage',
      'conversations.history',
      'chat.postMessage',
      'conversations.history',
      'chat.postMessage',
      'conversations.history',
    ]);
    expect(visible('C6')).toEqual([]);
  });

  it('When the message is a reply, then it is looked for among its thread replies', async () => {
    const parent = fake.addMessage('C7', { text: 'the prompt', user: fake.botUserId });
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    await postOnce(client, newAttempt(message('C7', parent)), logger, FAST);
    expect(fake.calls('conversations.replies').map((c) => c.args.ts)).toEqual([parent]);
    expect(fake.calls('conversations.history')).toHaveLength(0);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
  });
});
