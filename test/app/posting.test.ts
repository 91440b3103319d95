/**
 * The poster (src/app/posting.ts) against the Slack fake and a real file store, with a clock moved by hand: one post
 * at a time per channel, the rotation, joining, and an unconfirmed post kept and settled on later ticks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Closer } from '../../src/app/closing.js';
import { createPoster } from '../../src/app/posting.js';
import { localCoordination } from '../../src/store/coordination.js';
import type { PostRecord } from '../../src/store/schema.js';
import { UNCONFIRMED_POST } from '../../src/views/replies.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';
import { type UseCaseSetup, useCaseSetup } from './use-case-setup.js';

let fake: SlackFake;
let setup: UseCaseSetup;
beforeAll(async () => {
  fake = await startSlackFake();
});
afterEach(async () => {
  await setup.store.close();
  fake.reset();
});
afterAll(async () => {
  await fake.close();
});

const RECHECK_MS = 5000;

async function poster(closed: PostRecord[] = []) {
  setup = await useCaseSetup(fake);
  const close: Closer = async (post) => {
    closed.push(post);
  };
  const post = createPoster({
    ...setup,
    coordination: localCoordination(),
    close,
    retry: { backoffMs: 1 },
    recheckMs: RECHECK_MS,
  });
  return post;
}

const prompts = (channel: string) => fake.messages(channel).filter((m) => !m.thread_ts);

describe('posting a prompt', () => {
  it('When two posts in one channel are asked for at once, then they go one after the other with different prompts, and the second closes the first', async () => {
    const closed: PostRecord[] = [];
    const post = await poster(closed);
    const [first, second] = await Promise.all([post('T1', 'C1'), post('T1', 'C1')]);
    if (!first.ok || !second.ok) throw new Error('both posts should have gone out');
    expect(first.promptId).not.toBe(second.promptId);
    // The second message was sent only once the first had its three reactions.
    const seen = fake.calls().map((c) => `${c.method} ${c.args.timestamp ?? ''}`);
    const secondPost = seen.lastIndexOf('chat.postMessage ');
    expect(seen.slice(0, secondPost).filter((m) => m === `reactions.add ${first.ts}`)).toHaveLength(3);
    expect(closed.map((p) => [p.ts, p.promptId])).toEqual([[first.ts, first.promptId]]);
    expect((await setup.store.posts('T1', 'C1')).map((p) => p.promptId)).toEqual([
      second.promptId,
      first.promptId,
    ]);
    expect((await setup.store.posts('T1', 'C1'))[0]?.postedAt).toBe(setup.clock.now.toISOString());
  });

  it('When a slot is given, then the post records it and names it in the log', async () => {
    const post = await poster();
    const slot = '2026-11-23T09:00:00.000Z';
    const result = await post('T1', 'CSLOT', { slot });
    expect(result.ok).toBe(true);
    expect((await setup.store.posts('T1', 'CSLOT'))[0]?.slot).toBe(slot);
    expect(setup.logs.some((l) => l.includes(`(ts ${result.ok && result.ts}, slot ${slot})`))).toBe(true);
  });

  it('When a prompt is chosen that the library does not have, then nothing is posted and the person is told', async () => {
    const post = await poster();
    const result = await post('T1', 'C1', { promptId: 'no-such-prompt' });
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(result.ok === false && result.message).toContain("isn't in your workspace's library");
    expect(fake.calls('chat.postMessage')).toHaveLength(0);
  });

  it('When the bot is not in a public channel, then it joins and posts; in a private one it says how to invite it', async () => {
    fake.setChannel('CPUB', { is_private: false, is_member: false });
    fake.setChannel('GPRIV', { is_private: true, is_member: false });
    const post = await poster();
    expect(await post('T1', 'CPUB')).toMatchObject({ ok: true });
    expect(fake.calls('conversations.join').map((c) => c.args.channel)).toContain('CPUB');
    expect(prompts('CPUB')).toHaveLength(1);
    const refused = await post('T1', 'GPRIV');
    expect(refused).toMatchObject({ ok: false, reason: 'not_in_channel' });
    expect(refused.ok === false && refused.message).toContain('/invite @lead-vs-manage');
    expect(await setup.store.posts('T1', 'GPRIV')).toEqual([]);
  });
});

describe('an unconfirmed post', () => {
  /** The post answers 500 and every history look-up fails: nobody can tell whether it went out. */
  async function unconfirmed(channel: string, applied: boolean) {
    const post = await poster();
    fake.failNext('chat.postMessage', { status: 500, butApply: applied });
    fake.failNext('conversations.history', { status: 500 }, 3);
    const result = await post('T1', channel);
    expect(result).toEqual({ ok: false, reason: 'unconfirmed', message: UNCONFIRMED_POST });
    expect(await post.unsettled.waiting()).toEqual(new Set([`T1/${channel}`]));
    return post;
  }

  it('When it is not due yet, then it is not looked for; once the clock passes its time and it is missing, it is posted once', async () => {
    const post = await unconfirmed('CMISS', false);
    const lookups = fake.calls('conversations.history').length;
    setup.clock.now = new Date(setup.clock.now.getTime() + RECHECK_MS - 1);
    await post.unsettled.settle();
    expect(fake.calls('conversations.history')).toHaveLength(lookups);

    setup.clock.now = new Date(setup.clock.now.getTime() + 1);
    await post.unsettled.settle();
    expect(fake.calls('conversations.history')).toHaveLength(lookups + 1);
    expect(prompts('CMISS')).toHaveLength(1);
    expect(await setup.store.posts('T1', 'CMISS')).toHaveLength(1);
    expect(await post.unsettled.waiting()).toEqual(new Set());
  });

  it('When it had gone out after all, then settling records it without posting it again', async () => {
    const post = await unconfirmed('CWENT', true);
    const [message] = prompts('CWENT');
    setup.clock.now = new Date(setup.clock.now.getTime() + RECHECK_MS);
    await post.unsettled.settle();
    expect(prompts('CWENT')).toHaveLength(1);
    expect((await setup.store.posts('T1', 'CWENT')).map((p) => p.ts)).toEqual([message?.ts]);
    expect(setup.logs.some((l) => l.includes('had gone out after all'))).toBe(true);
    expect(await post.unsettled.waiting()).toEqual(new Set());
  });

  it('When its look-ups keep failing, then the wait before the next one doubles, and nothing new is posted in the channel meanwhile', async () => {
    const post = await unconfirmed('CWAIT', false);
    fake.failNext('conversations.history', { status: 500 }, 3);
    setup.clock.now = new Date(setup.clock.now.getTime() + RECHECK_MS);
    await post.unsettled.settle();
    expect(setup.logs.some((l) => l.includes(`looking again in ${(2 * RECHECK_MS) / 1000} s`))).toBe(true);
    // A `now` in the channel settles the kept post first and stands for it.
    fake.failNext('conversations.history', { status: 500 }, 3);
    expect(await post('T1', 'CWAIT')).toMatchObject({ ok: false, reason: 'unconfirmed' });
    expect(prompts('CWAIT')).toHaveLength(0);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
  });
});
