/**
 * Coordination (src/store/coordination.ts): the same behaviour in memory (file store) and in PostgreSQL
 * (PGlite in process under `npm test`, the server under `npm run test:postgres`): `now` claims, unsettled
 * posts, one `exclusive` at a time per lock, and a purge forgets the workspace's rows.
 */
import { describe, expect, it } from 'vitest';
import { type Coordination, localCoordination, type UnsettledRecord } from '../../src/store/coordination.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { ENGINE, freshDatabase } from './pg-databases.js';

const MINUTE = 60_000;

const record = (channel: string, postId: string, nextCheckAt: number): UnsettledRecord => ({
  team: 'T1',
  channel,
  postId,
  checks: 0,
  nextCheckAt,
  body: JSON.stringify({ slot: '2026-11-23T08:00:00.000Z', attempt: { postId } }),
});

const kinds: { name: string; open(): Promise<{ c: Coordination; close(): Promise<void> }> }[] = [
  { name: 'in memory', open: async () => ({ c: localCoordination(), close: async () => {} }) },
  {
    name: `PostgreSQL on ${ENGINE}`,
    async open() {
      const db = await freshDatabase();
      const store = await openPostgresStore(db.connect(), { log: () => undefined });
      return { c: store.coordination, close: () => store.close() };
    },
  },
];

for (const kind of kinds) {
  describe(`coordination ${kind.name}`, () => {
    it('lets one `now` per channel through within the cooldown; a release gives the turn back', async () => {
      const { c, close } = await kind.open();
      const at = Date.parse('2026-11-29T10:00:00Z');
      const first = await c.claimNow('T1', 'C1', at, 10 * MINUTE);
      expect(first.ok).toBe(true);
      expect(await c.claimNow('T1', 'C1', at + 5 * MINUTE, 10 * MINUTE)).toEqual({ ok: false, lastAt: at });
      expect((await c.claimNow('T1', 'C2', at + 5 * MINUTE, 10 * MINUTE)).ok).toBe(true);
      expect((await c.claimNow('T2', 'C1', at + 5 * MINUTE, 10 * MINUTE)).ok).toBe(true);
      if (first.ok) await first.release();
      const again = await c.claimNow('T1', 'C1', at + 6 * MINUTE, 10 * MINUTE);
      expect(again.ok).toBe(true);
      expect(await c.claimNow('T1', 'C1', at + 15 * MINUTE, 10 * MINUTE)).toEqual({
        ok: false,
        lastAt: at + 6 * MINUTE,
      });
      expect((await c.claimNow('T1', 'C1', at + 16 * MINUTE, 10 * MINUTE)).ok).toBe(true);
      await close();
    });

    it('keeps one unsettled post per channel, replaced by put, forgotten only by its own post id', async () => {
      const { c, close } = await kind.open();
      await c.unsettled.put(record('C1', 'p1', 2000));
      await c.unsettled.put(record('C2', 'p2', 1000));
      expect(await c.unsettled.get('T1', 'C1')).toEqual(record('C1', 'p1', 2000));
      expect(await c.unsettled.get('T1', 'C3')).toBeUndefined();
      expect((await c.unsettled.list()).map((r) => r.postId)).toEqual(['p2', 'p1']);
      await c.unsettled.put({ ...record('C1', 'p1', 9000), checks: 2 });
      expect(await c.unsettled.get('T1', 'C1')).toMatchObject({ checks: 2, nextCheckAt: 9000 });
      await c.unsettled.delete('T1', 'C1', 'another');
      expect(await c.unsettled.get('T1', 'C1')).toBeDefined();
      await c.unsettled.delete('T1', 'C1', 'p1');
      expect((await c.unsettled.list()).map((r) => r.postId)).toEqual(['p2']);
      await close();
    });

    it('runs work under one lock one at a time, in order; other locks do not wait', async () => {
      const { c, close } = await kind.open();
      const log: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      const a = c.exclusive('post/T1/C1', async () => {
        log.push('a starts');
        await held;
        log.push('a ends');
      });
      const b = c.exclusive('post/T1/C1', async () => {
        log.push('b runs');
      });
      await c.exclusive('post/T1/C2', async () => {
        log.push('other lock runs');
      });
      release();
      await Promise.all([a, b]);
      expect(log).toEqual(['a starts', 'other lock runs', 'a ends', 'b runs']);
      // A failed work releases the lock too.
      await expect(c.exclusive('post/T1/C1', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
        'boom',
      );
      expect(await c.exclusive('post/T1/C1', async () => 'next')).toBe('next');
      await close();
    });
  });
}

describe('PostgreSQL coordination and a purge', () => {
  it('uninstalling forgets the workspace’s now claims and unsettled posts', async () => {
    const db = await freshDatabase();
    const store = await openPostgresStore(db.connect(), { log: () => undefined });
    await store.coordination.claimNow('T1', 'C1', 1000, MINUTE);
    await store.coordination.claimNow('T2', 'C1', 1000, MINUTE);
    await store.coordination.unsettled.put(record('C1', 'p1', 1000));
    await store.commit([{ type: 'purge', team: 'T1' }]);
    expect(await store.coordination.unsettled.list()).toEqual([]);
    expect(await db.admin.query('SELECT team FROM now_claims')).toEqual([{ team: 'T2' }]);
    await store.close();
  });
});
