/**
 * The fake's trigger_id rules, as Slack's views.open documents them: exchanged once (exchanged_trigger_id),
 * within 3 s of being issued (expired_trigger_id), in Slack's format (invalid_trigger_id).
 */
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SlackFake, startSlackFake } from './slack-fake.js';

let fake: SlackFake;
let web: WebClient;
beforeAll(async () => {
  fake = await startSlackFake();
  web = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
});
afterEach(() => {
  vi.restoreAllMocks();
  fake.reset();
});
afterAll(async () => {
  await fake.close();
});

const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Hi' }, blocks: [] };
const open = (trigger_id: string) =>
  web.views.open({ trigger_id, view: modal }).then(
    (r) => (r.ok ? 'ok' : r.error),
    (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
  );

describe('trigger_id in the Slack fake', () => {
  it('is taken once', async () => {
    const trigger = fake.triggerId();
    expect(await open(trigger)).toBe('ok');
    expect(await open(trigger)).toBe('exchanged_trigger_id');
    const again = fake.triggerId();
    expect(await web.views.push({ trigger_id: again, view: modal }).then((r) => r.ok)).toBe(true);
    expect(await open(again)).toBe('exchanged_trigger_id');
  });

  it('expires 3 s after it was issued', async () => {
    const fresh = fake.triggerId();
    const stale = fake.triggerId();
    const issued = Date.now();
    expect(await open(fresh)).toBe('ok');
    vi.spyOn(Date, 'now').mockReturnValue(issued + 3100);
    expect(await open(stale)).toBe('expired_trigger_id');
  });

  it('must look like one', async () => {
    expect(await open('not-a-trigger')).toBe('invalid_trigger_id');
  });

  it('is forgotten on reset', async () => {
    const trigger = fake.triggerId();
    expect(await open(trigger)).toBe('ok');
    fake.reset();
    // Unknown to the fake now: outside strict mode it is taken (the fake cannot know when it was issued).
    expect(await open(trigger)).toBe('ok');
  });
});
