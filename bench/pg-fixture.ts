/**
 * The PostgreSQL store, pre-filled for bench/run.ts `--store postgres`: a fresh schema of the server at
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), migrated by the app's own migrations, then
 * filled the way the snapshot fixture fills the file (500 people on each past prompt, over 20 channels, every
 * prompt closed) with two INSERT … SELECT statements the server runs itself (generate_series), not through
 * commits: 1M votes take seconds. The schema is dropped at the end.
 */
import { migrate } from '../src/store/postgres/migrations.js';
import { poolDb } from '../src/store/postgres/pool.js';
import { promptIds } from './snapshot-fixture.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

const PER_POST = 500;

// Post p: its ts is `first + week × (p / 20) + p % 20` seconds, in channel CFILL<p % 20>, as in snapshot-fixture.ts.
const FILL_POSTS = `
  INSERT INTO posts (team, channel, ts, prompt_id, posted_at, closed_at)
  SELECT 'T1', 'CFILL' || lpad((p % 20)::text, 2, '0'), s::text || '.000100',
    ($2::text[])[p % array_length($2::text[], 1) + 1],
    to_char(to_timestamp(s) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    to_char(to_timestamp(s + 6 * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  FROM generate_series(0, $1::int - 1) AS p, LATERAL (SELECT 1600000000 + 604800 * (p / 20) + p % 20 AS s) t
  ORDER BY p`;

// $1 votes in all: PER_POST on each post in order, the last one gets what is left.
const FILL_VOTES = `
  INSERT INTO votes (post_id, emoji, user_id, is_on, event_ts)
  SELECT p.id, (ARRAY['compass', 'clipboard', 'handshake'])[u % 3 + 1], 'U' || lpad(u::text, 8, '0'), true,
    (split_part(p.ts, '.', 1)::bigint + 60)::text || '.' || lpad(u::text, 6, '0')
  FROM (SELECT id, ts, row_number() OVER (ORDER BY id) - 1 AS n FROM posts) p
  CROSS JOIN generate_series(0, ${PER_POST - 1}) AS u
  WHERE p.n * ${PER_POST} + u < $1
  ORDER BY p.id, u`;

export interface PgFixture {
  /** DATABASE_URL for the app: the server's, in the fixture's schema. */
  url: string;
  schema: string;
  posts: number;
  /** The tables' size on disk, indexes included. */
  bytes(): Promise<number>;
  /** Event ids applied so far: every acknowledged event has its row. */
  eventIds(): Promise<number>;
  /** Votes stored (one row per prompt, person and emoji). */
  votes(): Promise<number>;
  drop(): Promise<void>;
}

export async function fillPostgres(baseUrl: string, votes: number): Promise<PgFixture> {
  const schema = `lvm_bench_${process.pid}_${votes}`;
  const admin = poolDb(baseUrl, { max: 1, log: () => undefined });
  await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = poolDb(url.toString(), { max: 1, log: () => undefined });
  const posts = Math.ceil(votes / PER_POST);
  try {
    await migrate(db, () => undefined);
    await db.transaction(async (tx) => {
      await tx.query(FILL_POSTS, [posts, promptIds()]);
      await tx.query(FILL_VOTES, [votes]);
    });
    await db.exec('VACUUM ANALYZE');
    // The fill's pages go to disk now, not during the measurement (superusers and pg_checkpoint may).
    await db.exec('CHECKPOINT').catch(() => undefined);
  } finally {
    await db.close();
  }
  const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql))[0]?.n ?? 0);
  return {
    url: url.toString(),
    schema,
    posts,
    bytes: () =>
      count(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c
         JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = '${schema}' AND c.relkind = 'r'`,
      ),
    eventIds: () => count(`SELECT count(*) AS n FROM ${schema}.event_ids`),
    votes: () => count(`SELECT count(*) AS n FROM ${schema}.votes`),
    async drop() {
      await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    },
  };
}
