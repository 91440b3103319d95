/**
 * What only the PostgreSQL store does: migrations, failed transactions, retention of event ids and
 * tombstones. In process (PGlite) under `npm test`, on the server under `npm run test:postgres`.
 * Several connections at once (instances racing) are in test/postgres/.
 */
import { describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/store/postgres/db.js';
import { MIGRATIONS, type Migration, migrate } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { answerOp, C, postOp, T, voteOp } from './helpers.js';
import { freshDatabase } from './pg-databases.js';

const quiet = { log: () => undefined };

async function tables(admin: Queryable, schema: string): Promise<string[]> {
  const rows = await admin.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
    [schema],
  );
  return rows.map((r) => r.name);
}

async function versions(admin: Queryable): Promise<number[]> {
  const rows = await admin.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
  return rows.map((r) => r.version);
}

/** A Db whose transactions fail at the `failAt`-th statement of the next `times` transactions. */
function failing(db: Db, failure: { failAt?: number; times: number; error?: () => Error }): Db {
  return {
    ...db,
    query: db.query.bind(db),
    exec: db.exec.bind(db),
    close: db.close.bind(db),
    transaction(fn) {
      if (failure.failAt === undefined || failure.times <= 0) return db.transaction(fn);
      failure.times--;
      const at = failure.failAt;
      return db.transaction(async (tx) => {
        let n = 0;
        const wrapped: Queryable = {
          async query(text, values) {
            if (++n === at) throw failure.error?.() ?? new Error('connection terminated unexpectedly');
            return tx.query(text, values);
          },
          exec: (text) => tx.exec(text),
        };
        return fn(wrapped);
      });
    },
  };
}

describe('PostgreSQL store: migrations', () => {
  it('creates the schema on first start and applies nothing on the next', async () => {
    const db = await freshDatabase();
    const notes: string[] = [];
    const store = await openPostgresStore(db.connect(), { log: (m) => notes.push(m) });
    expect(await versions(db.admin)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await tables(db.admin, db.schema)).toEqual([
      'answers',
      'channel_settings',
      'event_ids',
      'installations',
      'now_claims',
      'oauth_states',
      'posts',
      'rotation_used',
      'rotations',
      'schedules',
      'schema_migrations',
      'second_votes',
      'team_prompts',
      'tombstones',
      'unsettled_posts',
      'votes',
      'workspace_settings',
    ]);
    expect(notes).toEqual(
      MIGRATIONS.map((m) => `database schema migrated to version ${m.version}: ${m.name}`),
    );
    await store.commit([postOp('1.1')]);
    await store.close();

    notes.length = 0;
    const again = await openPostgresStore(db.connect(), { log: (m) => notes.push(m) });
    expect(notes).toEqual([]);
    expect(await again.post(T, C, '1.1')).toBeDefined();
    await again.close();
  });

  it('migration 3 keeps the answers of an earlier database and lets anonymous ones in, never half-named', async () => {
    const db = await freshDatabase();
    const conn = db.connect();
    await migrate(conn, () => undefined, MIGRATIONS.slice(0, 2));
    await conn.query(
      "INSERT INTO posts (team, channel, ts, prompt_id, posted_at) VALUES ($1, $2, '1.1', 'p', '2025-11-25T10:00:00.000Z')",
      [T, C],
    );
    await conn.query(
      "INSERT INTO answers (team, channel, ts, post_id, user_id, text) SELECT team, channel, '1.2', id, 'U1', 'from before' FROM posts",
    );
    await conn.close();

    const notes: string[] = [];
    const store = await openPostgresStore(db.connect(), { log: (m) => notes.push(m) });
    expect(notes).toEqual(
      MIGRATIONS.slice(2).map((m) => `database schema migrated to version ${m.version}: ${m.name}`),
    );
    const hash = 'b'.repeat(64);
    await store.commit([
      {
        type: 'answer',
        team: T,
        channel: C,
        threadTs: '1.1',
        answer: { ts: '1.3', text: 'no name', deleteHash: hash },
      },
    ]);
    expect(await store.answers(T, C, '1.1')).toEqual([
      { user: 'U1', ts: '1.2', text: 'from before' },
      { ts: '1.3', text: 'no name', deleteHash: hash },
    ]);
    // The table itself refuses a row with both an author and a Delete hash, or with neither.
    const insert = (user: string | null, deleteHash: string | null) =>
      db.admin.query(
        `INSERT INTO answers (team, channel, ts, post_id, user_id, text, delete_hash)
         SELECT team, channel, '1.9', id, $1, 'x', $2 FROM posts`,
        [user, deleteHash],
      );
    await expect(insert('U1', hash)).rejects.toThrow(/answers_author_or_delete_hash/);
    await expect(insert(null, null)).rejects.toThrow(/answers_author_or_delete_hash/);
    await store.close();
  });

  it('a migration that fails leaves the schema as it was, and the next start tries it again', async () => {
    const db = await freshDatabase();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'half done',
      sql: `CREATE TABLE half_done (x integer);
            ALTER TABLE posts ADD COLUMN extra text;
            SELECT no_such_function();`,
    };
    const first = await openPostgresStore(db.connect(), quiet);
    await first.commit([postOp('1.1')]);
    await first.close();
    const before = await tables(db.admin, db.schema);

    await expect(
      openPostgresStore(db.connect(), { ...quiet, migrations: [...MIGRATIONS, broken] }),
    ).rejects.toThrow(
      `migration ${broken.version} (half done) failed, so the schema stays at version ${MIGRATIONS.length}: function no_such_function() does not exist`,
    );
    expect(await tables(db.admin, db.schema)).toEqual(before);
    expect(await versions(db.admin)).toEqual(MIGRATIONS.map((m) => m.version));
    const columns = await db.admin.query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'posts' AND column_name = 'extra'",
      [db.schema],
    );
    expect(columns).toEqual([]);

    const fixed: Migration = { ...broken, name: 'fixed', sql: 'ALTER TABLE posts ADD COLUMN extra text' };
    const store = await openPostgresStore(db.connect(), { ...quiet, migrations: [...MIGRATIONS, fixed] });
    expect(await versions(db.admin)).toEqual([...MIGRATIONS.map((m) => m.version), fixed.version]);
    expect(await store.post(T, C, '1.1')).toBeDefined();
    await store.close();
  });

  it('refuses a database migrated by a newer version of the app', async () => {
    const db = await freshDatabase();
    const newer: Migration = { version: MIGRATIONS.length + 1, name: 'newer', sql: 'SELECT 1' };
    const conn = db.connect();
    await migrate(conn, () => undefined, [...MIGRATIONS, newer]);
    await expect(openPostgresStore(db.connect(), quiet)).rejects.toThrow(
      `the database schema is at version ${newer.version}, newer than this app knows (${MIGRATIONS.length}): run a newer version of the app`,
    );
    await conn.close();
  });
});

describe('PostgreSQL store: durability', () => {
  it('warns when the server does not wait for the disk at commit (synchronous_commit = off)', async () => {
    const db = await freshDatabase();
    const notes: string[] = [];
    const conn = db.connect();
    const offServer: Db = {
      ...conn,
      query: async <R extends object>(text: string, values?: readonly unknown[]) =>
        text === 'SHOW synchronous_commit'
          ? ([{ synchronous_commit: 'off' }] as R[])
          : conn.query<R>(text, values),
      exec: conn.exec.bind(conn),
      transaction: conn.transaction.bind(conn),
      close: conn.close.bind(conn),
    };
    const store = await openPostgresStore(offServer, { log: (m) => notes.push(m) });
    expect(notes.filter((n) => n.includes('synchronous_commit'))).toEqual([
      'warning: the server runs with synchronous_commit = off, so a commit the app acknowledged can be lost if PostgreSQL crashes; set it to on',
    ]);
    await store.close();
    const normal: string[] = [];
    await (await openPostgresStore(db.connect(), { log: (m) => normal.push(m) })).close();
    expect(normal.filter((n) => n.includes('synchronous_commit'))).toEqual([]);
  });
});

describe('PostgreSQL store: failed commits', () => {
  it('a commit that fails halfway changes nothing and leaves its event id unapplied; a retry applies it', async () => {
    const db = await freshDatabase();
    const failure = { failAt: undefined as number | undefined, times: 0 };
    const store = await openPostgresStore(failing(db.connect(), failure), quiet);
    await store.commit([postOp('1.1')]);

    failure.failAt = 3; // event id, the vote: then the answer fails
    failure.times = 1;
    const ops = [voteOp('1.1', 'U1', 'compass', true, '5.1'), answerOp('1.1', '1.2', 'lost?')];
    await expect(store.commit(ops, { eventId: 'E-fail' })).rejects.toThrow(
      'commit to PostgreSQL failed: connection terminated unexpectedly',
    );
    expect(await store.votes(T, C, '1.1')).toEqual([]);
    expect(await store.answers(T, C, '1.1')).toEqual([]);
    expect(await store.seen('E-fail')).toBe(false);
    expect(store.stats()).toMatchObject({ commits: 1, duplicates: 0, failures: 1 });

    expect(await store.commit(ops, { eventId: 'E-fail' })).toBe(true); // Slack's retry
    expect(await store.votes(T, C, '1.1')).toHaveLength(1);
    expect(await store.commit(ops, { eventId: 'E-fail' })).toBe(false);
    expect(store.stats()).toMatchObject({ commits: 2, duplicates: 1, failures: 1 });
    await store.close();
  });

  it('runs a transaction again after a deadlock, and gives up after three tries', async () => {
    const db = await freshDatabase();
    const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const failure = { failAt: undefined as number | undefined, times: 0, error: deadlock };
    const store = await openPostgresStore(failing(db.connect(), failure), quiet);
    failure.failAt = 1;
    failure.times = 2;
    expect(await store.commit([postOp('1.1')], { eventId: 'E1' })).toBe(true);
    expect(failure.times).toBe(0);
    failure.times = 3;
    await expect(store.commit([postOp('2.1')])).rejects.toThrow('deadlock detected');
    expect(await store.post(T, C, '2.1')).toBeUndefined();
    await store.close();
  });
});

describe('PostgreSQL store: votes committed together', () => {
  it('share one statement, each commit with its own outcome, as if applied one by one', async () => {
    const db = await freshDatabase();
    const store = await openPostgresStore(db.connect(), quiet);
    await store.commit([postOp('1.1')]);
    await store.commit([voteOp('1.1', 'U0', 'compass', true, '5.5')], { eventId: 'before' });
    const before = store.stats();
    const burst = [
      store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'E1' }),
      store.commit([voteOp('1.1', 'U1', 'compass', false, '5.3')], { eventId: 'E2' }), // U1 took it back
      store.commit([voteOp('1.1', 'U1', 'compass', true, '5.2')], { eventId: 'E3' }), // late, older
      store.commit([voteOp('1.1', 'U0', 'compass', false, '5.4')], { eventId: 'E4' }), // older than stored
      store.commit([voteOp('1.1', 'U2', 'clipboard', true, '5.6')], { eventId: 'before' }), // applied before
      store.commit([voteOp('1.1', 'U3', 'handshake', true, '5.7')], { eventId: 'E5' }),
      store.commit([voteOp('1.1', 'U3', 'handshake', false, '5.8')], { eventId: 'E5' }), // same id again
      store.commit([voteOp('1.1', 'U4', 'compass', true, '5.9')]), // no id
      store.commit([voteOp('9.9', 'U5', 'compass', true, '6.0')], { eventId: 'E6' }), // not a prompt
    ];
    expect(await Promise.all(burst)).toEqual([true, true, true, true, false, true, false, true, true]);
    const after = store.stats();
    expect(after.batched - before.batched).toBe(burst.length);
    expect(after.batches - before.batches).toBeLessThan(burst.length);
    const votes = await store.votes(T, C, '1.1');
    expect(new Map(votes.map((v) => [`${v.user}:${v.emoji}`, [v.on, v.eventTs]]))).toEqual(
      new Map([
        ['U0:compass', [true, '5.5']],
        ['U1:compass', [false, '5.3']],
        ['U3:handshake', [true, '5.7']],
        ['U4:compass', [true, '5.9']],
      ]),
    );
    expect(await store.seen('E6')).toBe(true);
    await store.close();
  });

  it('a batch that fails is applied one commit at a time: a commit that fails fails alone', async () => {
    const db = await freshDatabase();
    const inner = db.connect();
    let failBatches = 1;
    let failAlone = 'E5';
    const flaky: Db = {
      ...inner,
      exec: inner.exec.bind(inner),
      close: inner.close.bind(inner),
      async query(text, values, name) {
        const commits = (values?.[0] as unknown[] | undefined)?.length ?? 0;
        if (name === 'lvm_apply_votes' && commits > 1 && failBatches-- > 0)
          throw new Error('the batch broke');
        return inner.query(text, values, name);
      },
      transaction(fn) {
        return inner.transaction((tx) =>
          fn({
            exec: (text) => tx.exec(text),
            async query(text, values, name) {
              if (values?.[0] === failAlone) throw new Error('this one broke');
              return tx.query(text, values, name);
            },
          }),
        );
      },
    };
    const store = await openPostgresStore(flaky, quiet);
    await store.commit([postOp('1.1')]);
    // The first three go at once, each alone (three batches in flight); the next three wait, together.
    const burst = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'].map((id, i) =>
      store.commit([voteOp('1.1', `U${i + 1}`, 'compass', true, `5.${i + 1}`)], { eventId: id }),
    );
    const outcomes = await Promise.allSettled(burst);
    expect(failBatches).toBe(0); // a batch of more than one broke
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((await store.votes(T, C, '1.1')).map((v) => v.user).sort()).toEqual([
      'U1',
      'U2',
      'U3',
      'U4',
      'U6',
    ]);
    failAlone = '';
    expect(await store.commit([voteOp('1.1', 'U5', 'compass', true, '5.5')], { eventId: 'E5' })).toBe(true);
    await store.close();
  });
});

describe('PostgreSQL store: retention', () => {
  it('forgets event ids and tombstones older than their retention, at start', async () => {
    const db = await freshDatabase();
    const store = await openPostgresStore(db.connect(), quiet);
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }], { eventId: 'old' });
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.3' }], { eventId: 'new' });
    await store.close();
    await db.admin.query("UPDATE event_ids SET at = now() - interval '2 hours' WHERE id = 'old'");
    await db.admin.query("UPDATE tombstones SET at = now() - interval '2 hours' WHERE ts = '1.2'");

    const hour = 3_600_000;
    const kept = await openPostgresStore(db.connect(), {
      ...quiet,
      keepEventIdsMs: 3 * hour,
      keepTombstonesMs: 3 * hour,
    });
    expect([await kept.seen('old'), await kept.isTombstoned(T, C, '1.2')]).toEqual([true, true]);
    await kept.close();

    const pruned = await openPostgresStore(db.connect(), {
      ...quiet,
      keepEventIdsMs: hour,
      keepTombstonesMs: hour,
    });
    expect([await pruned.seen('old'), await pruned.seen('new')]).toEqual([false, true]);
    expect([await pruned.isTombstoned(T, C, '1.2'), await pruned.isTombstoned(T, C, '1.3')]).toEqual([
      false,
      true,
    ]);
    expect(await pruned.commit([], { eventId: 'old' })).toBe(true); // forgotten, so applied again
    await pruned.close();
  });

  it('close waits for commits in flight', async () => {
    const db = await freshDatabase();
    const store = await openPostgresStore(db.connect(), quiet);
    await store.commit([postOp('1.1')]);
    const commits = Array.from({ length: 20 }, (_, i) =>
      store.commit([voteOp('1.1', `U${i}`, 'compass', true, `5.${i + 1}`)]),
    );
    await store.close();
    expect(await Promise.all(commits)).toEqual(commits.map(() => true));
    const again = await openPostgresStore(db.connect(), quiet);
    expect(await again.votes(T, C, '1.1')).toHaveLength(20);
    await again.close();
  });
});
