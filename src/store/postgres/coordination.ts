/**
 * Coordination (src/store/coordination.ts) in PostgreSQL, shared by every instance on the database:
 * - `exclusive`: a session-level advisory lock, held on a connection of its own (the `locks` pool, so a slow
 *   post never takes a connection from the commits) for as long as the work takes. The server releases it
 *   when that connection ends, also when the instance is killed. Calls of one instance queue in memory
 *   first, so an instance waits on the server with one connection per lock.
 * - `now` claims: a compare-and-set on a row per channel (now_claims);
 * - unsettled posts: rows in unsettled_posts, looked for again by whichever instance is free.
 */
import { type Coordination, keyedQueue, type NowClaim, type UnsettledRecord } from '../coordination.js';
import type { Queryable, Sessions } from './db.js';

/** Any constant: the first key of the app's advisory locks (the second is a hash of schema and lock name). */
const APP_LOCKS = 1_280_724_225;
const LOCK_KEY = `hashtext(current_schema() || '/' || $2)`;

const CLAIM_NOW = `
  INSERT INTO now_claims (team, channel, at_ms) VALUES ($1, $2, $3)
  ON CONFLICT (team, channel) DO UPDATE SET at_ms = excluded.at_ms
  WHERE now_claims.at_ms <= excluded.at_ms - $4
  RETURNING at_ms`;

const PUT_UNSETTLED = `
  INSERT INTO unsettled_posts (team, channel, post_id, checks, next_check_ms, body)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (team, channel) DO UPDATE SET
    post_id = excluded.post_id, checks = excluded.checks, next_check_ms = excluded.next_check_ms,
    body = excluded.body`;

const UNSETTLED_COLUMNS = 'team, channel, post_id, checks, next_check_ms, body';

interface UnsettledRow {
  team: string;
  channel: string;
  post_id: string;
  checks: number;
  next_check_ms: string | number;
  body: string;
}

const toUnsettled = (r: UnsettledRow): UnsettledRecord => ({
  team: r.team,
  channel: r.channel,
  postId: r.post_id,
  checks: r.checks,
  nextCheckAt: Number(r.next_check_ms),
  body: r.body,
});

/**
 * `db` is the store's connection pool; `locks` (a pool of its own) holds the channels' locks. Without
 * `locks` (a database with one connection, in tests) posts queue in this process only.
 */
export function postgresCoordination(db: Queryable, locks: Sessions | undefined): Coordination {
  const queue = keyedQueue();
  return {
    shared: true,
    exclusive(lock, work) {
      return queue(lock, async () => {
        if (!locks) return work();
        return locks.session(async (conn) => {
          await conn.query(`SELECT pg_advisory_lock($1, ${LOCK_KEY})`, [APP_LOCKS, lock]);
          try {
            return await work();
          } finally {
            // If this fails the session ends with an error, and the server drops the lock with it.
            await conn.query(`SELECT pg_advisory_unlock($1, ${LOCK_KEY})`, [APP_LOCKS, lock]);
          }
        });
      });
    },
    async claimNow(team, channel, at, cooldownMs): Promise<NowClaim> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const won = await db.query(CLAIM_NOW, [team, channel, at, cooldownMs]);
        if (won.length > 0) {
          return {
            ok: true,
            async release() {
              await db.query('DELETE FROM now_claims WHERE team = $1 AND channel = $2 AND at_ms = $3', [
                team,
                channel,
                at,
              ]);
            },
          };
        }
        const [row] = await db.query<{ at_ms: string }>(
          'SELECT at_ms FROM now_claims WHERE team = $1 AND channel = $2',
          [team, channel],
        );
        if (row) return { ok: false, lastAt: Number(row.at_ms) };
        // Released between the two statements: ask again.
      }
      throw new Error(`the now claim of channel ${channel} keeps changing`);
    },
    unsettled: {
      async get(team, channel) {
        const [row] = await db.query<UnsettledRow>(
          `SELECT ${UNSETTLED_COLUMNS} FROM unsettled_posts WHERE team = $1 AND channel = $2`,
          [team, channel],
        );
        return row && toUnsettled(row);
      },
      async put(r) {
        await db.query(PUT_UNSETTLED, [r.team, r.channel, r.postId, r.checks, r.nextCheckAt, r.body]);
      },
      async delete(team, channel, postId) {
        await db.query('DELETE FROM unsettled_posts WHERE team = $1 AND channel = $2 AND post_id = $3', [
          team,
          channel,
          postId,
        ]);
      },
      async list() {
        const rows = await db.query<UnsettledRow>(
          `SELECT ${UNSETTLED_COLUMNS} FROM unsettled_posts ORDER BY next_check_ms`,
        );
        return rows.map(toUnsettled);
      },
    },
    close: async () => {
      await locks?.close();
    },
  };
}
