/**
 * PostgreSQL for the tests: the server at TEST_DATABASE_URL when it is set (`npm run test:postgres` sets
 * it), otherwise PostgreSQL running in this process (PGlite), so `npm test` needs no server.
 * Every `fresh()` database is a new schema (on a server, dropped when the test file ends); tables are created by the
 * store's migrations in the connection's current schema, so tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import type { Db, Queryable } from '../../src/store/postgres/db.js';
import { poolDb } from '../../src/store/postgres/pool.js';

export const SERVER_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
export const ENGINE = SERVER_URL ? 'PostgreSQL server' : 'PGlite (in process)';

export interface TestDatabase {
  schema: string;
  /** A new connection (pool of `max`) to this schema; the store that gets it closes it. */
  connect(max?: number): Db;
  /** Runs SQL outside any store (inspection, setup). */
  admin: Queryable;
}

let lite: Promise<PGlite> | undefined;
/** PGlite has one connection: its current schema is the one last `connect`ed. */
let liteSchema = '';
const schemas: string[] = [];
let adminDb: Db | undefined;
/** Connections to close after the file's tests (stores close their own). */
const admins: Db[] = [];

function pgliteQueryable(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<R extends object>(text: string, values?: readonly unknown[]) {
      return (await q.query<R>(text, values as unknown[] | undefined)).rows;
    },
    async exec(text: string) {
      await q.exec(text);
    },
  };
}

function pgliteDb(pg: PGlite): Db {
  return {
    ...pgliteQueryable(pg),
    transaction: (fn) => pg.transaction((tx) => fn(pgliteQueryable(tx))),
    close: async () => undefined, // shared by the file's tests; closed after them
  };
}

/** A Db that switches PGlite's only connection to `schema` before each use. */
function pgliteSchemaDb(pg: PGlite, schema: string): Db {
  const inner = pgliteDb(pg);
  const use = async () => {
    if (liteSchema !== schema) {
      await pg.exec(`SET search_path TO ${schema}`);
      liteSchema = schema;
    }
  };
  return {
    async query(text, values) {
      await use();
      return inner.query(text, values);
    },
    async exec(text) {
      await use();
      return inner.exec(text);
    },
    async transaction(fn) {
      await use();
      return inner.transaction(fn);
    },
    close: inner.close,
  };
}

// PGlite takes seconds to start (more on a busy machine): once per worker process, before the tests of the first
// file that needs it, with room to spare. Vitest runs a worker's files in one process (isolate: false), so the files
// after it use the same instance (this module, and so this hook, is loaded once): each test's schema is its own.
if (!SERVER_URL) {
  beforeAll(async () => {
    lite ??= PGlite.create();
    await lite;
  }, 120_000);
}

afterAll(async () => {
  for (const a of admins.splice(0)) await a.close();
  if (adminDb) {
    for (const s of schemas.splice(0)) await adminDb.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await adminDb.close();
    adminDb = undefined;
  }
});

/** A new, empty database (schema). */
export async function freshDatabase(): Promise<TestDatabase> {
  const schema = `lvm_test_${randomBytes(6).toString('hex')}`;
  if (SERVER_URL) {
    adminDb ??= poolDb(SERVER_URL, { max: 2 });
    await adminDb.exec(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    const connect = (max = 4) =>
      poolDb(SERVER_URL, { max, log: () => undefined, config: { options: `-c search_path=${schema}` } });
    const admin = connect(1);
    admins.push(admin);
    return { schema, connect, admin };
  }
  lite ??= PGlite.create();
  const pg = await lite;
  await pg.exec(`CREATE SCHEMA ${schema}`);
  return { schema, connect: () => pgliteSchemaDb(pg, schema), admin: pgliteSchemaDb(pg, schema) };
}

/** Every row of every table of the schema, as text: what "no text left behind" is checked against. */
export async function everyRow(admin: Queryable, schema: string): Promise<string> {
  const tables = await admin.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  const out: string[] = [];
  for (const { name } of tables) {
    const rows = await admin.query<{ row: string }>(`SELECT t::text AS row FROM ${schema}.${name} t`);
    out.push(`${name}:`, ...rows.map((r) => r.row));
  }
  return out.join('\n');
}
