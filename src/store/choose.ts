/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is set, else the lowdb file store at
 * DB_FILE. Either way the app gets a Store, plus the store's counters for /healthz and what instances
 * agree on (coordination.ts: in memory for the file, in the database on PostgreSQL).
 */

import { type Coordination, localCoordination } from './coordination.js';
import { type OpenStoreOptions, openStore } from './file-store.js';
import { errorMessage } from './files.js';
import type { Db, Sessions } from './postgres/db.js';
import { poolDb } from './postgres/pool.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { type Store, StoreOpenError } from './store.js';

export interface ChosenStore extends Store {
  /** Counters for /healthz (journal writes and fsyncs; or commits, duplicates and failures). */
  stats(): object;
  readonly coordination: Coordination;
}

/** Connections per instance for commits and reads, and for the channels' posting locks. */
const POOL_MAX = 10;
const LOCKS_MAX = 4;

export interface StoreChoice {
  dbFile: string;
  databaseUrl: string | undefined;
}

/** `postgres://host:port/database`: the URL without user, password or parameters, fit for messages. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.host || 'localhost'}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** The connections of one instance to DATABASE_URL: for commits and reads, and for the channels' posting locks. */
export interface DatabaseConnections {
  db: Db;
  /** Absent for a database handed in by a test (one connection): the locks then hold within this process only. */
  locks?: Sessions;
}

export function connectDatabase(url: string, log: (message: string) => void): DatabaseConnections {
  return { db: poolDb(url, { log, max: POOL_MAX }), locks: poolDb(url, { log, max: LOCKS_MAX }) };
}

/**
 * `database`: with DATABASE_URL, the connections to use (the caller shares `db` with the installation store);
 * the store owns them from here and closes them. Without it the store connects to DATABASE_URL itself.
 */
export async function openChosenStore(
  choice: StoreChoice,
  opts: { log: (message: string) => void; fileOptions?: OpenStoreOptions; database?: DatabaseConnections },
): Promise<ChosenStore> {
  if (choice.databaseUrl === undefined) {
    const file = await openStore(choice.dbFile, { log: opts.log, ...opts.fileOptions });
    return Object.assign(file, { coordination: localCoordination() });
  }
  const where = describeDatabase(choice.databaseUrl);
  try {
    const { db, locks } = opts.database ?? connectDatabase(choice.databaseUrl, opts.log);
    return await openPostgresStore(db, { log: opts.log, ...(locks ? { locks } : {}) });
  } catch (e) {
    throw new StoreOpenError(where, errorMessage(e));
  }
}
