/**
 * Closing a week (src/app/closing.ts) against the Slack fake and a real file store, with a literal clock: one summary
 * per prompt whoever asks, the second look opened on it, and which prompts are overdue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeEventId, createCloser, overdue, SUMMARY_EVENT_TYPE } from '../../src/app/closing.js';
import type { PostRecord } from '../../src/store/schema.js';
import { type SlackFake, startSlackFake } from '../support/slack-fake.js';
import { SHIPPED, type UseCaseSetup, useCaseSetup } from './use-case-setup.js';

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

const DAY = 24 * 3_600_000;
const PROMPT_ID = SHIPPED.ids[0] as string;

/** A prompt the fake shows in `channel`, recorded as posted at `postedAt`. */
async function posted(channel: string, postedAt: string): Promise<PostRecord> {
  const ts = fake.addMessage(channel, { text: 'a prompt', user: fake.botUserId });
  const post: PostRecord = { team: 'T1', channel, ts, promptId: PROMPT_ID, postedAt };
  await setup.store.commit([{ type: 'post', post }]);
  return post;
}

async function closer(opts: { broadcast?: boolean } = {}) {
  setup = await useCaseSetup(fake, new Date('2026-11-30T09:00:00Z'));
  return createCloser({ ...setup, retry: { backoffMs: 1 }, minVoters: 1, ...opts });
}

/** Replies in the prompt's thread (the prompt itself carries its own ts as thread_ts once it has replies). */
const summaries = (post: PostRecord) =>
  fake.messages(post.channel).filter((m) => m.thread_ts === post.ts && m.ts !== post.ts);

describe('closing a prompt', () => {
  it('When it is closed twice at once, then one summary is posted in its thread and sent to the channel, and the second look opens on it', async () => {
    const close = await closer();
    const post = await posted('C1', '2026-11-23T09:00:00.000Z');
    await Promise.all([close(post), close(post)]);
    const [summary, ...more] = summaries(post);
    expect(more).toEqual([]);
    if (!summary) throw new Error('no summary');
    expect(String(summary.reply_broadcast)).toBe('true');
    expect((summary.metadata as { event_type: string }).event_type).toBe(SUMMARY_EVENT_TYPE);
    const stored = await setup.store.post('T1', 'C1', post.ts);
    expect(stored?.closedAt).toBe('2026-11-30T09:00:00.000Z');
    expect(stored?.summaryTs).toBe(summary?.ts);
    const reactions = fake.calls('reactions.add').map((c) => [c.args.timestamp, c.args.name]);
    expect(reactions).toEqual([
      [summary?.ts, 'compass'],
      [summary?.ts, 'clipboard'],
      [summary?.ts, 'handshake'],
    ]);
  });

  it('When broadcasting is off, then the summary stays in the thread', async () => {
    const close = await closer({ broadcast: false });
    const post = await posted('C2', '2026-11-23T09:00:00.000Z');
    await close(post);
    expect(summaries(post).map((m) => String(m.reply_broadcast ?? false))).toEqual(['false']);
  });

  it('When another instance has claimed the close, then this one posts nothing', async () => {
    const close = await closer();
    const post = await posted('C3', '2026-11-23T09:00:00.000Z');
    const at = '2026-11-30T08:59:00.000Z';
    const op = { type: 'close' as const, team: 'T1', channel: 'C3', ts: post.ts, at };
    // Claimed elsewhere: the close is in the store under the close's own event id.
    expect(await setup.store.commit([op], { eventId: closeEventId(post) })).toBe(true);
    await close(post);
    expect(summaries(post)).toEqual([]);
    expect((await setup.store.post('T1', 'C3', post.ts))?.closedAt).toBe(at);
  });

  it('When Slack cannot tell whether the summary went out, then it is not posted again and the log says to check the thread', async () => {
    const close = await closer();
    const post = await posted('C4', '2026-11-23T09:00:00.000Z');
    fake.failNext('chat.postMessage', { status: 500, butApply: true });
    fake.failNext('conversations.replies', { status: 500 }, 3);
    await close(post);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
    expect(summaries(post)).toHaveLength(1);
    expect(
      setup.logs.some((l) => l.includes(`summary of prompt ${post.ts}`) && l.includes('check the thread')),
    ).toBe(true);
    // Closed all the same: it is not summarised a second time.
    await close(post);
    expect(fake.calls('chat.postMessage')).toHaveLength(1);
  });
});

describe('overdue prompts', () => {
  it('When a channel has several prompts, then only its latest open one is overdue, once PROMPT_CLOSE_AFTER has passed', async () => {
    await closer();
    const older = await posted('CA', '2026-11-16T09:00:00.000Z');
    const latest = await posted('CA', '2026-11-23T09:00:00.000Z');
    const closedOne = await posted('CB', '2026-11-20T09:00:00.000Z');
    await setup.store.commit([
      { type: 'close', team: 'T1', channel: 'CB', ts: closedOne.ts, at: '2026-11-21T09:00:00.000Z' },
    ]);
    const closeAfter = 6 * DAY;
    const justBefore = new Date(Date.parse(latest.postedAt) + closeAfter - 1);
    expect(await overdue(setup.store, 'T1', closeAfter, justBefore)).toEqual([]);
    const due = await overdue(
      setup.store,
      'T1',
      closeAfter,
      new Date(Date.parse(latest.postedAt) + closeAfter),
    );
    expect(due.map((p) => p.ts)).toEqual([latest.ts]);
    expect(due.map((p) => p.ts)).not.toContain(older.ts);
    expect(await overdue(setup.store, 'T2', closeAfter, new Date('2027-01-01T00:00:00Z'))).toEqual([]);
  });
});
