/**
 * The Store's second look (issue 13, point 1) and revisits (point 3), part of the shared contract
 * (contract.ts runs it against every store): a prompt's results summary message, the votes on it kept apart
 * from the first votes under the same rules, and the earlier post a revisit brings back.
 */
import { describe, expect, it } from 'vitest';
import type { VoteEmoji } from '../../src/domain/options.js';
import type { Op } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import type { OpenedStore } from './contract.js';
import { C, postOp, T, voteOp } from './helpers.js';

const C2 = 'C0002';

const summaryOp = (ts: string, summaryTs: string, channel = C, team = T): Op => ({
  type: 'summary',
  team,
  channel,
  ts,
  summaryTs,
});

const secondOp = (
  ts: string,
  user: string,
  emoji: VoteEmoji,
  on: boolean,
  eventTs: string,
  channel = C,
  team = T,
): Op => ({ type: 'second-vote', team, channel, ts, vote: { user, emoji, on, eventTs } });

export function secondLookContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: the second look`, () => {
    it('knows a prompt by its results summary, in its own channel and workspace only', async () => {
      const { store, reopen } = await open();
      await store.commit([
        postOp('1.1'),
        postOp('1.1', C2),
        summaryOp('1.1', '1.5'),
        summaryOp('7.7', '7.8'),
      ]);
      const check = async (s: Store) => {
        expect(await s.summaryOf(T, C, '1.5')).toEqual({
          team: T,
          channel: C,
          ts: '1.1',
          promptId: 'p-1.1',
          postedAt: '2025-11-25T10:00:00.000Z',
          summaryTs: '1.5',
        });
        expect((await s.post(T, C, '1.1'))?.summaryTs).toBe('1.5');
        expect(await s.summaryOf(T, C2, '1.5')).toBeUndefined();
        expect(await s.summaryOf('T-other', C, '1.5')).toBeUndefined();
        expect(await s.summaryOf(T, C, '1.1')).toBeUndefined(); // the prompt itself is no summary
        expect(await s.summaryOf(T, C, '7.8')).toBeUndefined(); // summary of an unknown prompt: ignored
        expect(await s.post(T, C, '7.7')).toBeUndefined();
        expect((await s.post(T, C2, '1.1'))?.summaryTs).toBeUndefined();
      };
      await check(store);
      await check(await reopen());
    });

    it('keeps second-look votes apart from first votes, latest event ts winning, in first-vote order', async () => {
      const { store, reopen } = await open();
      await store.commit([postOp('1.1'), summaryOp('1.1', '1.5')]);
      await store.commit([voteOp('1.1', 'U1', 'clipboard', true, '1764070000.000100')]);
      const arrivals: Op[] = [
        secondOp('1.1', 'U1', 'handshake', true, '1764070100.000200'),
        secondOp('1.1', 'U1', 'handshake', false, '1764070100.000100'), // older removal, late: ignored
        secondOp('1.1', 'U2', 'compass', true, '1764070100.000300'),
        secondOp('1.1', 'U2', 'compass', false, '1764070100.000400'),
        secondOp('1.1', 'U3', 'handshake', true, '9.5'),
        secondOp('1.1', 'U3', 'handshake', false, '10.1'), // 10.1 > 9.5 as numbers
        secondOp('7.7', 'U1', 'compass', true, '5.5'), // unknown prompt: ignored
      ];
      for (const op of arrivals) await store.commit([op]);
      const expected = [
        { user: 'U1', emoji: 'handshake', on: true, eventTs: '1764070100.000200' },
        { user: 'U3', emoji: 'handshake', on: false, eventTs: '10.1' },
        { user: 'U2', emoji: 'compass', on: false, eventTs: '1764070100.000400' },
      ];
      const check = async (s: Store) => {
        expect(await s.secondVotes(T, C, '1.1')).toEqual(expected);
        expect(await s.votes(T, C, '1.1')).toEqual([
          { user: 'U1', emoji: 'clipboard', on: true, eventTs: '1764070000.000100' },
        ]);
        expect(await s.secondVotes(T, C, '7.7')).toEqual([]);
        expect(await s.secondVotes(T, C2, '1.1')).toEqual([]);
      };
      await check(store);
      await check(await reopen());
    });

    it('gives the same second look when the votes come in one commit, mixed with first votes', async () => {
      const { store } = await open();
      await store.commit([
        postOp('1.1'),
        secondOp('1.1', 'U1', 'compass', true, '5.2'),
        voteOp('1.1', 'U1', 'compass', true, '5.1'),
        secondOp('1.1', 'U1', 'compass', false, '5.3'),
        secondOp('1.1', 'U2', 'clipboard', true, '5.4'),
        voteOp('1.1', 'U2', 'clipboard', true, '5.0'),
      ]);
      expect(await store.secondVotes(T, C, '1.1')).toEqual([
        { user: 'U1', emoji: 'compass', on: false, eventTs: '5.3' },
        { user: 'U2', emoji: 'clipboard', on: true, eventTs: '5.4' },
      ]);
      expect((await store.votes(T, C, '1.1')).map((v) => [v.user, v.emoji, v.on])).toEqual([
        ['U1', 'compass', true],
        ['U2', 'clipboard', true],
      ]);
    });

    it('applies a second-look vote once per event id, also after a restart', async () => {
      const { store, reopen } = await open();
      await store.commit([postOp('1.1'), summaryOp('1.1', '1.5')]);
      expect(await store.commit([secondOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'Ev2nd' })).toBe(
        true,
      );
      expect(await store.commit([secondOp('1.1', 'U9', 'compass', true, '5.2')], { eventId: 'Ev2nd' })).toBe(
        false,
      );
      const again = await reopen();
      expect(await again.commit([secondOp('1.1', 'U9', 'compass', true, '5.2')], { eventId: 'Ev2nd' })).toBe(
        false,
      );
      expect((await again.secondVotes(T, C, '1.1')).map((v) => v.user)).toEqual(['U1']);
    });

    it('keeps the second look when the prompt is closed or stored again; a new summary replaces the old', async () => {
      const { store, reopen } = await open();
      await store.commit([
        postOp('1.1'),
        { type: 'close', team: T, channel: C, ts: '1.1', at: '2025-11-26T10:00:00.000Z' },
        summaryOp('1.1', '1.5'),
        secondOp('1.1', 'U1', 'compass', true, '5.1'),
      ]);
      const post = await store.post(T, C, '1.1');
      expect(post).toMatchObject({ closedAt: '2025-11-26T10:00:00.000Z', summaryTs: '1.5' });
      await store.commit([summaryOp('1.1', '1.6')]);
      const check = async (s: Store) => {
        expect(await s.summaryOf(T, C, '1.5')).toBeUndefined();
        expect((await s.summaryOf(T, C, '1.6'))?.ts).toBe('1.1');
        expect(await s.secondVotes(T, C, '1.1')).toHaveLength(1);
      };
      await check(store);
      await check(await reopen());
    });

    it("a purge forgets the workspace's second looks and summaries", async () => {
      const { store, storage, reopen } = await open();
      const gone = 'TPURGE2ND';
      await store.commit([
        postOp('1.1', C, gone),
        summaryOp('1.1', '1.5', C, gone),
        secondOp('1.1', 'USECONDGONE', 'compass', true, '5.1', C, gone),
        postOp('1.1'),
        secondOp('1.1', 'USECONDKEPT', 'handshake', true, '5.1'),
      ]);
      await store.commit([{ type: 'purge', team: gone }]);
      await store.compact();
      const check = async (s: Store) => {
        expect(await s.summaryOf(gone, C, '1.5')).toBeUndefined();
        expect(await s.secondVotes(gone, C, '1.1')).toEqual([]);
        expect(await s.secondVotes(T, C, '1.1')).toHaveLength(1);
      };
      await check(store);
      const kept = await storage();
      expect(kept).not.toContain('USECONDGONE');
      expect(kept).toContain('USECONDKEPT');
      await check(await reopen());
    });
  });

  describe(`${name}: revisits`, () => {
    it('keeps which earlier post a revisit brings back', async () => {
      const { store, reopen } = await open();
      const revisit: Op = {
        type: 'post',
        post: {
          team: T,
          channel: C,
          ts: '9.1',
          promptId: 'p-1.1',
          postedAt: '2026-12-01T10:00:00.000Z',
          revisitOf: '1.1',
        },
      };
      await store.commit([postOp('1.1'), revisit]);
      expect((await store.post(T, C, '9.1'))?.revisitOf).toBe('1.1');
      expect((await (await reopen()).posts(T, C)).map((p) => p.revisitOf)).toEqual(['1.1', undefined]);
    });

    it('refuses a summary or a revisit that is not a Slack ts, changing nothing', async () => {
      const { store } = await open();
      await store.commit([postOp('1.1')]);
      await expect(store.commit([{ ...summaryOp('1.1', '1.5'), summaryTs: 'soon' } as Op])).rejects.toThrow(
        /summaryTs/,
      );
      const bad = { type: 'post', post: { ...(postOp('2.1') as { post: object }).post, revisitOf: 'x' } };
      await expect(store.commit([bad as Op])).rejects.toThrow(/revisitOf/);
      expect(await store.post(T, C, '2.1')).toBeUndefined();
      expect((await store.post(T, C, '1.1'))?.summaryTs).toBeUndefined();
    });
  });
}
