/**
 * The Store's paged reads and per-prompt counts (issue 14, point 3), part of the shared contract (contract.ts
 * runs it against every store): a page of a channel's prompts, how many it has, and each prompt's counts, which
 * must say what the prompt's votes, answers and second look say, whatever happened to them.
 */
import { describe, expect, it } from 'vitest';
import type { VoteEmoji } from '../../src/domain/options.js';
import { movement } from '../../src/domain/second-look.js';
import { tally } from '../../src/domain/tally.js';
import type { Op } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import type { OpenedStore } from './contract.js';
import { answerOp, C, postOp, T, voteOp } from './helpers.js';

const C2 = 'C0002';

const second = (ts: string, user: string, emoji: VoteEmoji, on: boolean, eventTs: string): Op => ({
  type: 'second-vote',
  team: T,
  channel: C,
  ts,
  vote: { user, emoji, on, eventTs },
});

/** What the counts must say of a prompt: worked out here from the prompt's own votes and answers. */
async function expectedCounts(store: Store, ts: string) {
  const post = await store.post(T, C, ts);
  const votes = await store.votes(T, C, ts);
  const answers = (await store.answers(T, C, ts)).length;
  if (post?.summaryTs === undefined) return { post, tally: tally(votes), answers };
  const seconds = await store.secondVotes(T, C, ts);
  return {
    post,
    tally: tally(votes),
    answers,
    secondLook: { tally: tally(seconds), movement: movement(votes, seconds) },
  };
}

export function readsContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: pages of prompts`, () => {
    it('reads the newest prompts first, a page at a time, before a ts compared as a decimal number', async () => {
      const { store } = await open();
      // Stored out of order, with ts of different lengths: 9.5 < 10.000001 < 10.2 < 100.1.
      await store.commit([
        postOp('10.2'),
        postOp('9.5'),
        postOp('100.1'),
        postOp('10.000001'),
        postOp('1.1', C2),
      ]);
      const ts = async (page?: { limit?: number; before?: string }) =>
        (await store.posts(T, C, page)).map((p) => p.ts);
      expect(await ts()).toEqual(['100.1', '10.2', '10.000001', '9.5']);
      expect(await ts({ limit: 2 })).toEqual(['100.1', '10.2']);
      expect(await ts({ limit: 2, before: '10.2' })).toEqual(['10.000001', '9.5']);
      expect(await ts({ before: '10.20' })).toEqual(['10.000001', '9.5']);
      expect(await ts({ limit: 5, before: '9.5' })).toEqual([]);
      expect(await ts({ limit: 0 })).toEqual([]);
      expect(await ts({ before: '99' })).toEqual(['10.2', '10.000001', '9.5']);
      expect(await store.postCount(T, C)).toBe(4);
      expect(await store.postCount(T, C2)).toBe(1);
      expect(await store.postCount(T, 'C-none')).toBe(0);
      expect(await store.postCount('T-none', C)).toBe(0);
      expect(await store.posts(T, 'C-none', { limit: 3 })).toEqual([]);
    });

    it('walks a whole channel page by page, each prompt once, also after a restart', async () => {
      const o = await open();
      const all = Array.from({ length: 23 }, (_, i) => `${1_700_000_000 + i * 3}.000100`);
      await o.store.commit([...all].reverse().map((ts) => postOp(ts)));
      const store = await o.reopen();
      const walked: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await store.posts(T, C, { limit: 5, ...(before ? { before } : {}) });
        walked.push(...page.map((p) => p.ts));
        if (page.length < 5) break;
        before = page.at(-1)?.ts;
      }
      expect(walked).toEqual([...all].reverse());
      expect(await store.postCount(T, C)).toBe(23);
    });
  });

  describe(`${name}: counts per prompt`, () => {
    it('counts what the votes, answers and second look say, as they change', async () => {
      const o = await open();
      let store = o.store;
      await store.commit([
        postOp('1.1'),
        postOp('2.1'),
        voteOp('1.1', 'U1', 'compass', true, '5.1'),
        voteOp('1.1', 'U1', 'handshake', true, '5.2'),
        voteOp('1.1', 'U2', 'clipboard', true, '5.3'),
        voteOp('1.1', 'U3', 'clipboard', true, '5.4'),
        voteOp('1.1', 'U3', 'clipboard', false, '5.5'), // taken back
        answerOp('1.1', '1.2', 'one'),
        answerOp('1.1', '1.3', 'two', 'U2'),
      ]);
      const check = async (ts: string) => {
        expect(await store.postTally(T, C, ts)).toEqual(await expectedCounts(store, ts));
      };
      await check('1.1');
      expect((await store.postTally(T, C, '1.1'))?.tally).toEqual({
        counts: { compass: 1, clipboard: 1, handshake: 1 },
        votes: 3,
        voters: 2,
      });
      expect((await store.postTally(T, C, '1.1'))?.answers).toBe(2);
      expect((await store.postTally(T, C, '1.1'))?.secondLook).toBeUndefined();

      // Each change shows in the counts read next.
      await store.commit([voteOp('1.1', 'U4', 'compass', true, '5.6')]);
      await check('1.1');
      await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
      expect((await store.postTally(T, C, '1.1'))?.answers).toBe(1);
      await store.commit([answerOp('2.1', '1.3', 'moved to the other thread', 'U2')]);
      expect((await store.postTally(T, C, '1.1'))?.answers).toBe(0);
      expect((await store.postTally(T, C, '2.1'))?.answers).toBe(1);
      await store.commit([
        { type: 'close', team: T, channel: C, ts: '1.1', at: '2025-11-26T10:00:00.000Z' },
        { type: 'summary', team: T, channel: C, ts: '1.1', summaryTs: '9.9' },
      ]);
      await check('1.1');
      expect((await store.postTally(T, C, '1.1'))?.post.closedAt).toBe('2025-11-26T10:00:00.000Z');
      await store.commit([
        second('1.1', 'U1', 'compass', true, '7.1'), // U1 had Leadership + Both: moved
        second('1.1', 'U2', 'clipboard', true, '7.2'), // kept
        second('1.1', 'U4', 'handshake', true, '7.3'), // moved
        second('1.1', 'U9', 'handshake', true, '7.4'), // new
        second('1.1', 'U8', 'compass', false, '7.5'), // a removal only: not in the second look
      ]);
      await check('1.1');
      expect((await store.postTally(T, C, '1.1'))?.secondLook?.movement).toMatchObject({
        moved: 2,
        kept: 1,
        newcomers: 1,
      });

      store = await o.reopen();
      await check('1.1');
      await check('2.1');
      expect(await store.postTally(T, C, '3.1')).toBeUndefined();
      expect(await store.postTally(T, C2, '1.1')).toBeUndefined();
    });

    it('gives a page of counts in the order and with the bounds of the page of prompts', async () => {
      const { store } = await open();
      await store.commit([
        postOp('3.1'),
        postOp('1.1'),
        postOp('2.1'),
        postOp('2.1', C2),
        voteOp('2.1', 'U1', 'clipboard', true, '5.1'),
        voteOp('2.1', 'U1', 'clipboard', true, '5.1', C2),
        voteOp('2.1', 'U2', 'compass', true, '5.1', C2),
      ]);
      const page = await store.postTallies(T, C, { limit: 2, before: '3.1' });
      expect(page.map((t) => t.post.ts)).toEqual(['2.1', '1.1']);
      expect(page[0]).toEqual(await expectedCounts(store, '2.1'));
      expect(page[0]?.tally.voters).toBe(1);
      expect((await store.postTallies(T, C)).map((t) => t.post.ts)).toEqual(['3.1', '2.1', '1.1']);
      expect((await store.postTallies(T, C2)).map((t) => t.tally.voters)).toEqual([2]);
      expect(await store.postTallies(T, 'C-none')).toEqual([]);
    });

    it('forgets the counts of a purged workspace', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1'), voteOp('1.1', 'U1', 'compass', true, '5.1')]);
      expect(await store.postTallies(T, C)).toHaveLength(1);
      await store.commit([{ type: 'purge', team: T }]);
      expect(await store.postTallies(T, C)).toEqual([]);
      expect(await store.postTally(T, C, '1.1')).toBeUndefined();
      expect(await store.postCount(T, C)).toBe(0);
    });
  });
}
