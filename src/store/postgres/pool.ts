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
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // While checked out a connection has no pool listener: an error event without one would crash.
      let broken: Error | undefined;
      const onError = (e: Error) => {
        broken = e;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken ??= rollbackError as Error;
        }
        throw e;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async session<T>(fn: (conn: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      const onError = (e: Error) => {
        broken = e;
      };
      client.on('error', onError);
      try {
        return await fn(queryable(client));
      } catch (e) {
        broken ??= e instanceof Error ? e : new Error(String(e));
        throw e;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
