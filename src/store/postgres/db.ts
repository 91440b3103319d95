/**
 * The little the PostgreSQL store needs from a database client: parameterised queries, a script of several
 * statements (migrations), and a transaction on one connection. `pool.ts` provides it over node-postgres;
 * the tests provide it over an in-process PostgreSQL (PGlite) too.
 */

export interface Queryable {
  /**
   * One statement with `$1`… parameters; resolves with its rows. With `name`, the statement is prepared once
   * per connection and reused (no parsing or planning on each call); the same name must always mean the same text.
   */
  query<R extends object = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
    name?: string,
  ): Promise<R[]>;
  /** Several statements separated by `;`, without parameters. */
  exec(text: string): Promise<void>;
}

export interface Db extends Queryable {
  /**
   * Runs `fn` between BEGIN and COMMIT on one connection and resolves once COMMIT has returned (so the
   * change is as durable as the server's `synchronous_commit` makes it). Rolls back and rejects when `fn`
   * or COMMIT fails.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Work on one connection outside a transaction, for session-level advisory locks. */
export interface Sessions {
  /**
   * Runs `fn` on one connection of its own. When `fn` rejects, the connection is closed rather than reused,
   * so nothing it held (a lock) outlives the call.
   */
  session<T>(fn: (conn: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The SQLSTATE of a database error (`23505`, `40P01`…), if it is one. */
function sqlState(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}

/** Errors after which the same transaction may simply be run again: a deadlock or a serialization failure. */
export function isRetryable(e: unknown): boolean {
  const state = sqlState(e);
  return state === '40P01' || state === '40001';
}
