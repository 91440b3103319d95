/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is set, else the lowdb file store at
 * DB_FILE. Either way the app gets a Store, plus the store's counters for /healthz and what instances
 * agree on (coordination.ts: in memory for the file, in the database on PostgreSQL).
 */

import { type Coordination, localCoordination } from './coordination.js';
import { type OpenStoreOptions, openStore } from './file-store.js';
import { errorMessage } from './files.js';
import type { Db } from './postgres/db.js';
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

/**
 * `database`: with DATABASE_URL, a database already open to use (the caller shares it with the installation
 * store); the store owns it from here and closes it. Without it the store connects to DATABASE_URL itself.
 */
export async function openChosenStore(
  choice: StoreChoice,
  opts: { log: (message: string) => void; fileOptions?: OpenStoreOptions; database?: Db },
): Promise<ChosenStore> {
  if (choice.databaseUrl === undefined) {
    const file = await openStore(choice.dbFile, { log: opts.log, ...opts.fileOptions });
    return Object.assign(file, { coordination: localCoordination() });
  }
  const where = describeDatabase(choice.databaseUrl);
  try {
    const db = opts.database ?? poolDb(choice.databaseUrl, { log: opts.log, max: POOL_MAX });
    // A database handed in (tests, one connection) holds the channels' posting locks within this process only.
    const locks = opts.database ? undefined : poolDb(choice.databaseUrl, { log: opts.log, max: LOCKS_MAX });
    return await openPostgresStore(db, { log: opts.log, ...(locks ? { locks } : {}) });
  } catch (e) {
    throw new StoreOpenError(where, errorMessage(e));
  }
}
