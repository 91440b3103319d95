/**
 * A channel's prompts a page at a time, and with their counts (PostTally), as SQL. A page walks the index on
 * (team, channel, ts as a number) from the newest (migration 7), so it reads only its own rows; the counts are
 * aggregated per prompt of the page from the votes, answers and second looks under that prompt's id.
 */
import { VOTE_OPTIONS } from '../../domain/options.js';
import { movementOfCounts, stanceOfMask } from '../../domain/second-look.js';
import type { Tally } from '../../domain/tally.js';
import type { PostPage, PostTally } from '../store.js';
import type { Queryable } from './db.js';
import { POST_COLUMNS, type PostRow, toPost } from './reads.js';

/** The `WHERE … ORDER BY … LIMIT` of a page; its values start at $1 (team), $2 (channel). */
function pageSql(page: PostPage, values: unknown[]): string {
  let where = 'p.team = $1 AND p.channel = $2';
  if (page.before !== undefined) {
    values.push(page.before);
    where += ` AND p.ts::numeric < $${values.length}::numeric`;
  }
  values.push(page.limit === undefined ? null : Math.max(0, page.limit));
  return `WHERE ${where} ORDER BY p.ts::numeric DESC, p.id LIMIT $${values.length}`;
}

export async function readPostPage(db: Queryable, team: string, channel: string, page: PostPage = {}) {
  const values: unknown[] = [team, channel];
  const rows = await db.query<PostRow>(
    `SELECT ${POST_COLUMNS} FROM posts p ${pageSql(page, values)}`,
    values,
  );
  return rows.map(toPost);
}

export async function readPostCount(db: Queryable, team: string, channel: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM posts WHERE team = $1 AND channel = $2',
    [team, channel],
  );
  return row?.n ?? 0;
}

/** 1, 2, 4 for the options in order: a person's options summed are their stance (see second-look.ts). */
const MASK = `CASE emoji ${VOTE_OPTIONS.map((o, i) => `WHEN '${o.emoji}' THEN ${1 << i}`).join(' ')} END`;

const counts = (table: string, prefix: string) => `CROSS JOIN LATERAL (
    SELECT ${VOTE_OPTIONS.map((o) => `count(*) FILTER (WHERE emoji = '${o.emoji}')::int AS ${prefix}_${o.emoji}`).join(', ')},
      count(DISTINCT user_id)::int AS ${prefix}_voters
    FROM ${table} WHERE post_id = pg.id AND is_on) ${prefix}`;

const stances = (table: string) =>
  `SELECT user_id, bit_or(${MASK}) AS mask FROM ${table} WHERE post_id = pg.id AND is_on GROUP BY user_id`;

/** The prompts selected by `pageWhere` (a query over `posts p` giving id and POST_COLUMNS), with their counts. */
function talliesSql(page: string): string {
  return `WITH pg AS (SELECT p.id, ${POST_COLUMNS} FROM posts p ${page})
    SELECT pg.*, a.answers, mv.moves, f.*, s.*
    FROM pg
    ${counts('votes', 'f')}
    ${counts('second_votes', 's')}
    CROSS JOIN LATERAL (SELECT count(*)::int AS answers FROM answers WHERE post_id = pg.id) a
    CROSS JOIN LATERAL (
      SELECT coalesce(json_agg(json_build_array(m.before, m.after, m.people)), '[]'::json) AS moves
      FROM (
        SELECT b.mask AS before, n.mask AS after, count(*)::int AS people
        FROM (${stances('second_votes')}) n LEFT JOIN (${stances('votes')}) b USING (user_id)
        GROUP BY b.mask, n.mask
      ) m
    ) mv
    ORDER BY pg.ts::numeric DESC, pg.id`;
}

/** (first stance's mask or null, second stance's mask, people) */
type Moves = [number | null, number, number][];

type TallyRow = PostRow & { answers: number; moves: Moves | string } & Record<string, unknown>;

function tallyOf(r: TallyRow, prefix: 'f' | 's'): Tally {
  const n = (emoji: string) => Number(r[`${prefix}_${emoji}`] ?? 0);
  const counts = { compass: n('compass'), clipboard: n('clipboard'), handshake: n('handshake') };
  return {
    counts,
    votes: counts.compass + counts.clipboard + counts.handshake,
    voters: Number(r[`${prefix}_voters`] ?? 0),
  };
}

function toPostTally(r: TallyRow): PostTally {
  const post = toPost(r);
  const out: PostTally = { post, tally: tallyOf(r, 'f'), answers: r.answers };
  if (post.summaryTs !== undefined) {
    const movement = movementOfCounts(
      (typeof r.moves === 'string' ? (JSON.parse(r.moves) as Moves) : r.moves).map(
        ([before, after, people]) => ({
          from: before === null ? undefined : stanceOfMask(before),
          to: stanceOfMask(after),
          people,
        }),
      ),
    );
    out.secondLook = { tally: tallyOf(r, 's'), movement };
  }
  return out;
}

export async function readPostTallies(db: Queryable, team: string, channel: string, page: PostPage = {}) {
  const values: unknown[] = [team, channel];
  const rows = await db.query<TallyRow>(talliesSql(pageSql(page, values)), values);
  return rows.map(toPostTally);
}

export async function readPostTally(db: Queryable, team: string, channel: string, ts: string) {
  const rows = await db.query<TallyRow>(
    talliesSql('WHERE p.team = $1 AND p.channel = $2 AND p.ts = $3'),
    [team, channel, ts],
    'lvm_read_post_tally',
  );
  const [row] = rows;
  return row && toPostTally(row);
}
