/**
 * A Db over node-postgres (`pg`): a pool of connections to the server named by DATABASE_URL.
 * Each transaction runs on one pooled connection; a connection that failed mid-transaction is discarded.
 */
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Db, Queryable, Sessions } from './db.js';

export interface PoolOptions {
  /** Connections kept at most (pg's `max`). Default 10. */
  max?: number;
  /** Reported for connection problems that belong to no query (an idle connection dropped by the server). */
  log?: (message: string) => void;
  /** Extra pg settings (tests set `options: '-c search_path=…'`). */
  config?: PoolConfig;
}

const APPLICATION_NAME = 'lead-vs-manage';

function queryable(client: Pick<PoolClient, 'query'>): Queryable {
  return {
    async query<R extends object>(text: string, values?: readonly unknown[], name?: string) {
      const config = { text, values: values as unknown[] | undefined, ...(name ? { name } : {}) };
      const result = await client.query<R>(config);
      return result.rows;
    },
    async exec(text: string) {
      await client.query(text);
    },
  };
}

/**
 * Runs `fn` on a connection checked out of the pool and gives it back; one that failed (`fail`, or an error event
 * while checked out) is discarded instead of reused.
 */
async function checkedOut<T>(
  pool: Pool,
  fn: (client: PoolClient, fail: (e: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // While checked out a connection has no pool listener: an error event without one would crash.
  let broken: Error | undefined;
  const fail = (e: Error) => {
    broken ??= e;
  };
  client.on('error', fail);
  try {
    return await fn(client, fail);
  } finally {
    client.off('error', fail);
    client.release(broken);
  }
}

export function poolDb(connectionString: string, opts: PoolOptions = {}): Db & Sessions {
  const log = opts.log ?? ((m: string) => console.error(`[store] ${m}`));
  const pool = new Pool({
    connectionString,
    application_name: APPLICATION_NAME,
    max: opts.max ?? 10,
    // A server that cannot be reached fails the request instead of queueing it forever.
    connectionTimeoutMillis: 10_000,
    // A connection to a server that vanished (network cut) is noticed instead of waited on forever.
    keepAlive: true,
    ...opts.config,
  });
  // An idle connection the server closed (restart, failover) must not crash the process: pg-pool drops it.
  pool.on('error', (e) => log(`an idle PostgreSQL connection failed and was dropped: ${e.message}`));

  return {
    ...queryable(pool),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      checkedOut(pool, async (client, fail): Promise<T> => {
        try {
          await client.query('BEGIN');
          const result = await fn(queryable(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            fail(rollbackError as Error);
          }
          throw e;
        }
      }),
    // A session that failed may hold locks or be mid-statement: its connection is discarded.
    session: <T>(fn: (conn: Queryable) => Promise<T>) =>
      checkedOut(pool, async (client, fail): Promise<T> => {
        try {
          return await fn(queryable(client));
        } catch (e) {
          fail(e instanceof Error ? e : new Error(String(e)));
          throw e;
        }
      }),
    close: () => pool.end(),
  };
}
