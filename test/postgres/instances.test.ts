/**
 * Several app instances on one PostgreSQL database, each with its own connections: only a real server
 * shows this (PGlite has one connection). Run by `npm run test:postgres`, never by `npm test`; with no
 * server these tests fail, they do not skip.
 */
import { describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/store/postgres/db.js';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { poolDb } from '../../src/store/postgres/pool.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Op } from '../../src/store/schema.js';
import { C, postOp, scheduleRecord, T, voteOp } from '../store/helpers.js';
import { freshDatabase, SERVER_URL } from '../store/pg-databases.js';

if (!SERVER_URL)
  throw new Error('these tests need a PostgreSQL server: set TEST_DATABASE_URL (npm run test:postgres does)');

const quiet = { log: () => undefined };

async function instances(n: number, db: Awaited<ReturnType<typeof freshDatabase>>): Promise<PostgresStore[]> {
  return Promise.all(Array.from({ length: n }, () => openPostgresStore(db.connect(4), quiet)));
}

describe('PostgreSQL: several instances on one database', () => {
  it('instances starting together migrate once', async () => {
    const db = await freshDatabase();
    const notes: string[] = [];
    const stores = await Promise.all(
      Array.from({ length: 5 }, () => openPostgresStore(db.connect(2), { log: (m) => notes.push(m) })),
    );
    expect(notes).toHaveLength(MIGRATIONS.length); // one instance did each migration
    const rows = await db.admin.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY 1',
    );
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('three instances claiming the same schedule slots: each slot once, its prompt posted once', async () => {
    const db = await freshDatabase();
    const stores = await instances(3, db);
    await stores[0]?.commit([{ type: 'schedule', schedule: scheduleRecord() }]);
    const slots = Array.from({ length: 30 }, (_, i) =>
      new Date(Date.UTC(2025, 10, 24, 8, 0, i)).toISOString(),
    );
    const winners: number[] = [];
    for (const [i, slot] of slots.entries()) {
      // As the scheduler will: claim the slot and record the post in one commit, by the slot's event id.
      const claim = (s: PostgresStore, who: number) =>
        s.commit(
          [
            { type: 'slot', team: T, channel: C, slot },
            { type: 'post', post: { ...postRecord(`${1764070000 + i}.00000${who}`), slot } },
          ],
          { eventId: `slot:${T}:${C}:${slot}` },
        );
      const results = await Promise.all(stores.map((s, who) => claim(s, who)));
      expect(results.filter(Boolean)).toHaveLength(1);
      winners.push(results.indexOf(true));
    }
    const posts = await stores[1]?.posts(T, C);
    expect(posts).toHaveLength(slots.length);
    expect(new Set(posts?.map((p) => p.slot))).toEqual(new Set(slots));
    expect((await stores[2]?.schedule(T, C))?.lastSlot).toBe(slots.at(-1));
    console.log(
      `30 slots raced by 3 instances: won ${[0, 1, 2].map((w) => winners.filter((x) => x === w).length).join('/')}`,
    );
    await Promise.all(stores.map((s) => s.close()));
  });

  it("a duplicate waits for the other instance's commit, and goes ahead when that one rolls back", async () => {
    const db = await freshDatabase();
    const gate = deferred();
    const entered = deferred();
    const held = holdingDb(db.connect(2), entered, gate.promise);
    const [a, b] = [await openPostgresStore(held, quiet), await openPostgresStore(db.connect(2), quiet)];
    await b.commit([postOp('1.1')]);

    const first = a.commit([voteOp('1.1', 'UA', 'compass', true, '5.1')], { eventId: 'E-race' });
    await entered.promise; // A has inserted the event id and holds its transaction open
    let secondDone = false;
    const second = b
      .commit([voteOp('1.1', 'UB', 'compass', true, '5.2')], { eventId: 'E-race' })
      .finally(() => {
        secondDone = true;
      });
    // B is blocked on A's uncommitted id: wait until the server shows it waiting on a lock.
    await expect.poll(() => waiting(db.admin), { timeout: 5000 }).toBeGreaterThan(0);
    expect(secondDone).toBe(false);
    gate.reject(new Error('instance A lost its connection'));
    await expect(first).rejects.toThrow('instance A lost its connection');
    expect(await second).toBe(true);
    expect((await b.votes(T, C, '1.1')).map((v) => v.user)).toEqual(['UB']);
    await Promise.all([a.close(), b.close()]);
  });

  it('votes racing from two instances: the greatest event ts wins per person and emoji', async () => {
    const db = await freshDatabase();
    const [a, b] = await instances(2, db);
    if (!a || !b) throw new Error('two instances expected');
    await a.commit([postOp('1.1')]);
    const events: Op[] = [];
    for (let i = 1; i <= 200; i++) {
      const micro = String((i * 7919) % 1000).padStart(6, '0'); // a scrambled order of event ts
      events.push(
        voteOp('1.1', `U${i % 5}`, i % 2 ? 'compass' : 'clipboard', i % 3 !== 0, `1764070000.${micro}`),
      );
    }
    await Promise.all(events.map((op, i) => (i % 2 ? a : b).commit([op], { eventId: `Ev${i}` })));
    const expected = new Map<string, string>();
    for (const op of events) {
      if (op.type !== 'vote') continue;
      const key = `${op.vote.user}:${op.vote.emoji}`;
      const cur = expected.get(key);
      if (cur === undefined || op.vote.eventTs > cur) expected.set(key, op.vote.eventTs);
    }
    const votes = await b.votes(T, C, '1.1');
    expect(new Map(votes.map((v) => [`${v.user}:${v.emoji}`, v.eventTs]))).toEqual(expected);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('PostgreSQL: locks shared by instances', () => {
  async function withLocks(db: Awaited<ReturnType<typeof freshDatabase>>) {
    const connect = (max: number) =>
      poolDb(SERVER_URL as string, {
        max,
        log: () => undefined,
        config: { options: `-c search_path=${db.schema}` },
      });
    return openPostgresStore(connect(2), { ...quiet, locks: connect(2) });
  }

  it('work under one lock waits for the other instance, and goes ahead when its connection dies', async () => {
    const db = await freshDatabase();
    const [a, b] = [await withLocks(db), await withLocks(db)];
    const gate = deferred();
    const entered = deferred();
    const holding = a.coordination.exclusive('post/T1/C1', async () => {
      entered.resolve();
      await gate.promise;
      return 'a';
    });
    await entered.promise;
    let bRan = false;
    const second = b.coordination.exclusive('post/T1/C1', async () => {
      bRan = true;
      return 'b';
    });
    // B waits on the server for A's advisory lock; another lock is free.
    const lock = `${db.schema}/post/T1/C1`;
    await expect.poll(() => advisoryLock(db.admin, lock, false), { timeout: 5000 }).toHaveLength(1);
    expect(await b.coordination.exclusive('post/T1/C2', async () => 'other')).toBe('other');
    expect(bRan).toBe(false);
    // A's lock connection dies (the instance was killed): the server drops its lock.
    const [holder] = await advisoryLock(db.admin, lock, true);
    await db.admin.query('SELECT pg_terminate_backend($1)', [holder]);
    expect(await second).toBe('b');
    gate.resolve();
    await holding.catch(() => undefined); // A's unlock fails on the dead connection
    await Promise.all([a.close(), b.close()]);
  });
});

/** The sessions holding (granted) or waiting for the app's advisory lock named `key` (schema/lock name). */
async function advisoryLock(admin: Queryable, key: string, granted: boolean): Promise<number[]> {
  const rows = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND granted = $2
       AND objid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296`,
    [key, granted],
  );
  return rows.map((r) => r.pid);
}

function postRecord(ts: string) {
  return { team: T, channel: C, ts, promptId: `p-${ts}`, postedAt: '2025-11-24T08:00:00.000Z' };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** Sessions of this database's schema waiting on a lock. */
async function waiting(admin: Queryable): Promise<number> {
  const [row] = await admin.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
  );
  return row?.n ?? 0;
}

/**
 * A Db whose next commit, once it has claimed its event id, signals and waits for `gate` before it commits:
 * a transaction after its first statement, or the group commit's one statement (run in a transaction here).
 */
function holdingDb(db: Db, entered: { resolve(): void }, gate: Promise<void>): Db {
  let armed = false;
  return {
    ...db,
    async query<R extends object>(text: string, values?: readonly unknown[], name?: string) {
      if (name !== 'lvm_apply_votes' || armed) return db.query<R>(text, values, name);
      armed = true;
      return db.transaction(async (tx) => {
        const rows = await tx.query<R>(text, values, name);
        entered.resolve();
        await gate;
        return rows;
      });
    },
    exec: db.exec.bind(db),
    close: db.close.bind(db),
    transaction(fn) {
      return db.transaction(async (tx) => {
        let n = 0;
        return fn({
          async query<R extends object>(text: string, values?: readonly unknown[]) {
            const rows = await tx.query<R>(text, values);
            if (++n === 1 && text.includes('event_ids') && !armed) {
              armed = true;
              entered.resolve();
              await gate;
            }
            return rows;
          },
          exec: (text) => tx.exec(text),
        });
      });
    },
  };
}
