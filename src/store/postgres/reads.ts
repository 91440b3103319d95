/**
 * The Store's reads of prompts, votes and answers as SQL (schedules, rotations and settings: channel-reads.ts),
 * and rows back into the records the app knows (optional fields left out when NULL). Orders match the file
 * store's: prompts newest first and answers oldest first (ts as a decimal number); votes grouped by emoji in the
 * order each emoji and each person first appeared on the prompt; a team's channels in the order their first
 * prompt was stored.
 */
import type { VoteEmoji } from '../../domain/options.js';
import type { AnswerRecord, PostRecord, VoteRecord } from '../schema.js';
import { batchQueue } from './batches.js';
import type { Queryable } from './db.js';

export interface PostRow {
  team: string;
  channel: string;
  ts: string;
  prompt_id: string;
  posted_at: string;
  slot: string | null;
  closed_at: string | null;
  summary_ts: string | null;
  revisit_of: string | null;
}

export const POST_COLUMNS =
  'p.team, p.channel, p.ts, p.prompt_id, p.posted_at, p.slot, p.closed_at, p.summary_ts, p.revisit_of';

export function toPost(r: PostRow): PostRecord {
  const post: PostRecord = {
    team: r.team,
    channel: r.channel,
    ts: r.ts,
    promptId: r.prompt_id,
    postedAt: r.posted_at,
  };
  if (r.slot !== null) post.slot = r.slot;
  if (r.closed_at !== null) post.closedAt = r.closed_at;
  if (r.summary_ts !== null) post.summaryTs = r.summary_ts;
  if (r.revisit_of !== null) post.revisitOf = r.revisit_of;
  return post;
}

interface PostKey {
  team: string;
  channel: string;
  ts: string;
  resolve(post: PostRecord | undefined): void;
  reject(error: unknown): void;
}

/**
 * A prompt by its ts, for many callers at once (every reaction reads its prompt before its vote is committed):
 * the look-ups that arrive while one is in flight share the next statement, each distinct prompt once.
 */
export function postReader(
  db: Queryable,
): (team: string, channel: string, ts: string) => Promise<PostRecord | undefined> {
  const enqueue = batchQueue<PostKey>({
    max: 1000,
    async run(batch) {
      const keys = new Map<string, PostKey[]>();
      for (const k of batch) {
        const id = JSON.stringify([k.team, k.channel, k.ts]);
        keys.set(id, [...(keys.get(id) ?? []), k]);
      }
      const cols: string[][] = [[], [], []];
      for (const [first] of keys.values()) {
        if (!first) continue;
        cols[0]?.push(first.team);
        cols[1]?.push(first.channel);
        cols[2]?.push(first.ts);
      }
      try {
        const rows = await db.query<PostRow>(
          `SELECT ${POST_COLUMNS} FROM unnest($1::text[], $2::text[], $3::text[]) AS k (team, channel, ts)
           JOIN posts p ON p.team = k.team AND p.channel = k.channel AND p.ts = k.ts`,
          cols,
          'lvm_read_posts',
        );
        const found = new Map(rows.map((r) => [JSON.stringify([r.team, r.channel, r.ts]), toPost(r)]));
        for (const [id, waiting] of keys) for (const k of waiting) k.resolve(found.get(id));
      } catch (e) {
        for (const k of batch) k.reject(e);
      }
    },
  });
  return (team, channel, ts) =>
    new Promise((resolve, reject) => enqueue({ team, channel, ts, resolve, reject }));
}

export async function readPosts(db: Queryable, team: string, channel: string): Promise<PostRecord[]> {
  const rows = await db.query<PostRow>(
    `SELECT ${POST_COLUMNS} FROM posts p WHERE p.team = $1 AND p.channel = $2 ORDER BY p.ts::numeric DESC, p.id`,
    [team, channel],
  );
  return rows.map(toPost);
}

/** Each channel's newest prompt. */
export async function readLatestPosts(db: Queryable, team: string): Promise<PostRecord[]> {
  const rows = await db.query<PostRow>(
    `SELECT DISTINCT ON (p.channel) ${POST_COLUMNS} FROM posts p WHERE p.team = $1
     ORDER BY p.channel, p.ts::numeric DESC, p.id`,
    [team],
  );
  return rows.map(toPost);
}

export async function readChannels(db: Queryable, team: string): Promise<string[]> {
  const rows = await db.query<{ channel: string }>(
    'SELECT channel FROM posts WHERE team = $1 GROUP BY channel ORDER BY min(id)',
    [team],
  );
  return rows.map((r) => r.channel);
}

/** A prompt's votes; `second_votes`: its second look's. */
export async function readVotes(
  db: Queryable,
  team: string,
  channel: string,
  ts: string,
  table: 'votes' | 'second_votes' = 'votes',
): Promise<VoteRecord[]> {
  const rows = await db.query<{ user_id: string; emoji: VoteEmoji; is_on: boolean; event_ts: string }>(
    `SELECT v.user_id, v.emoji, v.is_on, v.event_ts
     FROM ${table} v JOIN posts p ON p.id = v.post_id
     WHERE p.team = $1 AND p.channel = $2 AND p.ts = $3
     ORDER BY min(v.id) OVER (PARTITION BY v.emoji), v.id`,
    [team, channel, ts],
  );
  return rows.map((r) => ({ user: r.user_id, emoji: r.emoji, on: r.is_on, eventTs: r.event_ts }));
}

export async function readAnswers(
  db: Queryable,
  team: string,
  channel: string,
  ts: string,
): Promise<AnswerRecord[]> {
  const rows = await db.query<{
    user_id: string | null;
    ts: string;
    text: string;
    edited_at: string | null;
    delete_hash: string | null;
  }>(
    `SELECT a.user_id, a.ts, a.text, a.edited_at, a.delete_hash
     FROM answers a JOIN posts p ON p.id = a.post_id
     WHERE p.team = $1 AND p.channel = $2 AND p.ts = $3
     ORDER BY a.ts::numeric, a.ts`,
    [team, channel, ts],
  );
  return rows.map((r) => {
    const a: AnswerRecord =
      r.user_id === null ? { ts: r.ts, text: r.text } : { user: r.user_id, ts: r.ts, text: r.text };
    if (r.edited_at !== null) a.editedAt = r.edited_at;
    if (r.delete_hash !== null) a.deleteHash = r.delete_hash;
    return a;
  });
}

/** The prompt whose results summary is message `summaryTs`. */
export async function readSummaryOf(db: Queryable, team: string, channel: string, summaryTs: string) {
  const [row] = await db.query<PostRow>(
    `SELECT ${POST_COLUMNS} FROM posts p WHERE p.team = $1 AND p.channel = $2 AND p.summary_ts = $3
     ORDER BY p.id DESC LIMIT 1`,
    [team, channel, summaryTs],
  );
  return row && toPost(row);
}

export async function readThreadOf(db: Queryable, team: string, channel: string, ts: string) {
  const [row] = await db.query<PostRow>(
    `SELECT ${POST_COLUMNS} FROM answers a JOIN posts p ON p.id = a.post_id
     WHERE a.team = $1 AND a.channel = $2 AND a.ts = $3`,
    [team, channel, ts],
  );
  return row && toPost(row);
}

export async function readIsTombstoned(db: Queryable, team: string, channel: string, ts: string) {
  const rows = await db.query('SELECT 1 FROM tombstones WHERE team = $1 AND channel = $2 AND ts = $3', [
    team,
    channel,
    ts,
  ]);
  return rows.length > 0;
}

export async function readSeen(db: Queryable, eventId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM event_ids WHERE id = $1', [eventId]);
  return rows.length > 0;
}
