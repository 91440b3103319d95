/**
 * A PostgreSQL database migrated before the second look (issue 13, schema migration 1) is migrated to 4 with
 * its rows kept, then keeps second looks. In process (PGlite) under `npm test`, on the server under
 * `npm run test:postgres`.
 */
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { C, T } from './helpers.js';
import { freshDatabase } from './pg-databases.js';

describe('PostgreSQL store: a database at migration 1', () => {
  it('is migrated with its rows kept, then keeps a second look', async () => {
    const db = await freshDatabase();
    const conn = db.connect();
    await migrate(conn, () => undefined, MIGRATIONS.slice(0, 1));
    await db.admin.query(
      `INSERT INTO ${db.schema}.posts (team, channel, ts, prompt_id, posted_at) VALUES ($1, $2, '1.1', 'p-1.1', '2025-11-25T10:00:00.000Z')`,
      [T, C],
    );
    await db.admin.query(
      `INSERT INTO ${db.schema}.votes (post_id, emoji, user_id, is_on, event_ts) SELECT id, 'compass', 'U1', true, '5.1' FROM ${db.schema}.posts`,
    );
    await conn.close();
    const notes: string[] = [];
    const store = await openPostgresStore(db.connect(), { log: (m) => notes.push(m) });
    // Every later migration runs, the second look's among them (installations 2, anonymous answers 3, second look 4).
    expect(notes).toEqual(
      MIGRATIONS.slice(1).map((m) => `database schema migrated to version ${m.version}: ${m.name}`),
    );
    expect(await store.votes(T, C, '1.1')).toEqual([
      { user: 'U1', emoji: 'compass', on: true, eventTs: '5.1' },
    ]);
    expect(await store.post(T, C, '1.1')).toEqual({
      team: T,
      channel: C,
      ts: '1.1',
      promptId: 'p-1.1',
      postedAt: '2025-11-25T10:00:00.000Z',
    });
    await store.commit([
      { type: 'summary', team: T, channel: C, ts: '1.1', summaryTs: '1.5' },
      {
        type: 'second-vote',
        team: T,
        channel: C,
        ts: '1.1',
        vote: { user: 'U1', emoji: 'clipboard', on: true, eventTs: '6.1' },
      },
    ]);
    expect((await store.summaryOf(T, C, '1.5'))?.ts).toBe('1.1');
    expect((await store.secondVotes(T, C, '1.1')).map((v) => v.emoji)).toEqual(['clipboard']);
    await store.close();
  });
});
