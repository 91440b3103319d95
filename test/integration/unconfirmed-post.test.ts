/**
 * Issue 9, point 7: a scheduled post that got a 5xx while the history look-up that would tell whether it
 * went out fails too is never posted again blindly. The app logs an error naming channel and slot, keeps
 * the claimed slot aside, and on a later tick records the prompt if Slack's history shows it, or posts it
 * only after a look-up that succeeded shows it is missing. The channel's schedule waits meanwhile.
 */
import { describe, expect, it } from 'vitest';
import type { SlackCall, SlackFake } from '../support/slack-fake.js';
import { answered, launch, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

const WAIT = 30_000;
const slotOf = (c: Record<string, unknown>) =>
  (c.metadata as { event_payload?: { slot?: string } } | undefined)?.event_payload?.slot;
const promptsIn = (channel: string) =>
  fake.calls('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts);
const okHistory = (c: SlackCall) => (c.response?.body as { ok?: boolean } | undefined)?.ok === true;

/**
 * Every second in `channel` (an operator's PROMPT_CRON): the first slot comes at the first tick. Retries and
 * look-ups wait 100 ms and the first look again 500 ms instead of 1 s and 5 s: the same steps, sooner.
 */
const everySecond = (channel: string) => ({
  env: { PROMPT_CHANNEL: channel, PROMPT_CRON: '* * * * * *' },
  start: { postTiming: { retry: { backoffMs: 100 }, recheckMs: 500 } },
});

const firstPrompt = (channel: string) =>
  fake.waitFor('chat.postMessage', (c) => c.args.channel === channel && !c.args.thread_ts, WAIT);
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a post whose fate cannot be checked', () => {
  it('Slack took it, the look-ups fail: logged with channel and slot, then recorded, never posted twice', async () => {
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    fake.failNext('conversations.history', { status: 500 }, 3);
    const app = await launch(fake, everySecond('CUNC1'));
    const slot = slotOf((await firstPrompt('CUNC1')).args) as string;

    // Settled: the vote reactions go on a message of that slot.
    const ofSlot = () => fake.messages('CUNC1').filter((m) => !m.thread_ts && slotOf(m) === slot);
    const reacted = await fake.waitFor(
      'reactions.add',
      (c) => ofSlot().some((m) => m.ts === c.args.timestamp),
      WAIT,
    );
    await app.proc.stop();

    expect(ofSlot()).toHaveLength(1);
    expect(promptsIn('CUNC1').filter((c) => slotOf(c.args) === slot)).toHaveLength(1);
    expect(app.proc.logs()).toMatch(
      new RegExp(`could not confirm whether the prompt for slot ${escaped(slot)} in channel CUNC1 went out`),
    );
    expect(app.proc.logs()).toMatch(/had gone out after all/);
    // The channel waited: nothing else was posted there before the slot was settled.
    expect(promptsIn('CUNC1').filter((c) => c.seq < reacted.seq && slotOf(c.args) !== slot)).toEqual([]);
  });

  it('Slack did not take it, the look-ups fail: posted again only after a look-up that succeeded', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    fake.failNext('conversations.history', { status: 500 }, 3);
    const app = await launch(fake, everySecond('CUNC2'));
    const slot = slotOf((await firstPrompt('CUNC2')).args) as string;

    const posts = await fake.waitForCalls('chat.postMessage', 2, WAIT, (c) => slotOf(c.args) === slot);
    const [first, second] = posts as [SlackCall, SlackCall];
    await fake.waitForCalls('reactions.add', 3, WAIT, (c) => c.args.timestamp === answered(second).ts);
    await app.proc.stop();

    const looks = fake
      .calls('conversations.history')
      .filter((c) => c.args.channel === 'CUNC2' && c.seq > first.seq && c.seq < second.seq);
    expect(looks.filter((c) => !okHistory(c))).toHaveLength(3);
    expect(looks.filter(okHistory).length).toBeGreaterThan(0);
    expect(answered(second).ok).toBe(true);
    expect(promptsIn('CUNC2').filter((c) => slotOf(c.args) === slot)).toHaveLength(2);
    expect(fake.messages('CUNC2').filter((m) => !m.thread_ts && slotOf(m) === slot)).toHaveLength(1);
    expect(app.proc.logs()).toMatch(
      new RegExp(`could not confirm whether the prompt for slot ${escaped(slot)} in channel CUNC2 went out`),
    );
  });
});
