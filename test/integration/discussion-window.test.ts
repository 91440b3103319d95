/**
 * Issue 9, point 5: the discussion window opens even when the membership check outlasts the trigger_id.
 * The fake takes each trigger_id once and only within 3 s of `fake.triggerId()`, as Slack does, and its
 * users.conversations answers after 4 s here.
 */
import { describe, expect, it } from 'vitest';
import { LOADING, UNAVAILABLE } from '../../src/views/discussion.js';
import { ACTIONS } from '../../src/views/ids.js';
import { blockActionsBody, blockActionsPayload, makeTs, threadReply } from '../support/signing.js';
import type { SlackCall, SlackFake } from '../support/slack-fake.js';
import { answered, launch, type Running, useSlackFake } from './harness.js';

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

const SLOW_MS = 4000;

async function promptWithAnswer(app: Running, channel: string, answer: string): Promise<string> {
  expect((await app.command('now', { channel_id: channel, user_id: 'UA' })).status).toBe(200);
  const post = await fake.waitFor('chat.postMessage', (c) => c.args.channel === channel, 10_000);
  const ts = answered(post).ts as string;
  await fake.waitForCalls('reactions.add', 3, 10_000, (c) => c.args.timestamp === ts);
  const reply = threadReply({ user: 'UA', channel, thread_ts: ts, text: answer, ts: makeTs() });
  expect((await app.event(reply)).status).toBe(200);
  return ts;
}

/** Clicks "Read the discussion" with a trigger_id Slack issued just now. */
async function clickRead(app: Running, user: string, channel: string, ts: string): Promise<string> {
  const trigger = fake.triggerId();
  const body = blockActionsBody(
    blockActionsPayload({
      user_id: user,
      action_id: ACTIONS.openDiscussion,
      value: `${channel}/${ts}`,
      view: { id: 'VHOME', type: 'home', private_metadata: '' },
      trigger_id: trigger,
    }),
  );
  expect((await app.post(body)).status).toBe(200);
  return trigger;
}

const bodyOf = (c: SlackCall) =>
  c.response?.body as { ok: boolean; error?: string; view?: { id: string; blocks: unknown[] } };

async function answeredCall(c: SlackCall): Promise<SlackCall> {
  const deadline = Date.now() + 15_000;
  while (!c.response && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return c;
}

describe('the discussion window with a slow membership check', () => {
  it('opens a loading view within the trigger’s 3 s, then shows a member the answers', async () => {
    fake.setChannel('CSLOW', { name: 'slow', members: ['UA', 'UB'] });
    const app = await launch(fake);
    const ts = await promptWithAnswer(app, 'CSLOW', 'SLOW-ANSWER-TEXT');

    fake.setDelay('users.conversations', SLOW_MS);
    const trigger = await clickRead(app, 'UA', 'CSLOW', ts);
    const open = await answeredCall(await fake.waitFor('views.open', (c) => c.args.trigger_id === trigger));
    expect(bodyOf(open)).toMatchObject({ ok: true });
    expect(JSON.stringify(open.args.view)).toContain(LOADING);

    const viewId = bodyOf(open).view?.id;
    const update = await answeredCall(
      await fake.waitFor('views.update', (c) => c.args.view_id === viewId, 15_000),
    );
    expect(bodyOf(update)).toMatchObject({ ok: true });
    expect(JSON.stringify(bodyOf(update).view?.blocks)).toContain('SLOW-ANSWER-TEXT');
    // The membership check really was slower than the trigger_id lives.
    const check = fake.calls('users.conversations').find((c) => c.args.user === 'UA');
    expect(check?.response && check.response.at.getTime() - check.at.getTime()).toBeGreaterThan(3000);
    expect(open.at.getTime()).toBeLessThan((check?.response?.at.getTime() ?? 0) - 1000);
  });

  it('tells a non-member in the same window that the thread is not theirs to read, without the answers', async () => {
    fake.setChannel('CSLOW2', { name: 'slow2', members: ['UA'] });
    const app = await launch(fake);
    const ts = await promptWithAnswer(app, 'CSLOW2', 'MEMBERS-ONLY-TEXT');

    fake.setDelay('users.conversations', SLOW_MS);
    const trigger = await clickRead(app, 'UOUT', 'CSLOW2', ts);
    const open = await answeredCall(await fake.waitFor('views.open', (c) => c.args.trigger_id === trigger));
    expect(bodyOf(open)).toMatchObject({ ok: true });
    const viewId = bodyOf(open).view?.id;
    const update = await answeredCall(
      await fake.waitFor('views.update', (c) => c.args.view_id === viewId, 15_000),
    );
    const shown = JSON.stringify(bodyOf(update).view?.blocks);
    expect(shown).toContain(UNAVAILABLE.slice(0, 40));
    expect(shown).not.toContain('MEMBERS-ONLY-TEXT');
  });
});
