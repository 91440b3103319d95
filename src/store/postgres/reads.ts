/**
 * The Store's reads as SQL, and rows back into the records the app knows (optional fields left out when
 * NULL). Orders match the file store's: prompts newest first and answers oldest first (ts as a decimal
 * number); votes grouped by emoji in the order each emoji and each person first appeared on the prompt;
 * a team's channels in the order their first prompt was stored.
 */
import type { VoteEmoji } from '../../domain/options.js';
import type { AnswerRecord, PostRecord, RotationRecord, ScheduleRecord, VoteRecord } from '../schema.js';
import { batchQueue } from './batches.js';
import type { Queryable } from './db.js';

interface PostRow {
  team: string;
  channel: string;
  ts: string;
  prompt_id: string;
  posted_at: string;
  slot: string | null;
  closed_at: string | null;
}

const POST_COLUMNS = 'p.team, p.channel, p.ts, p.prompt_id, p.posted_at, p.slot, p.closed_at';

function toPost(r: PostRow): PostRecord {
  const post: PostRecord = {
    team: r.team,
    channel: r.channel,
    ts: r.ts,
    promptId: r.prompt_id,
    postedAt: r.posted_at,
  };
  if (r.slot !== null) post.slot = r.slot;
  if (r.closed_at !== null) post.closedAt = r.closed_at;
  return post;
}

interface ScheduleRow {
  team: string;
  channel: string;
  cron: string;
  tz: string;
  paused: boolean;
  origin: 'default' | 'command';
  since: string;
  last_slot: string | null;
}

const SCHEDULE_COLUMNS = 'team, channel, cron, tz, paused, origin, since, last_slot';

function toSchedule(r: ScheduleRow): ScheduleRecord {
  const s: ScheduleRecord = {
    team: r.team,
    channel: r.channel,
    cron: r.cron,
    tz: r.tz,
    paused: r.paused,
    origin: r.origin,
    since: r.since,
  };
  if (r.last_slot !== null) s.lastSlot = r.last_slot;
  return s;
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

export async function readChannels(db: Queryable, team: string): Promise<string[]> {
  const rows = await db.query<{ channel: string }>(
    'SELECT channel FROM posts WHERE team = $1 GROUP BY channel ORDER BY min(id)',
    [team],
  );
  return rows.map((r) => r.channel);
}

export async function readVotes(
  db: Queryable,
  team: string,
  channel: string,
  ts: string,
): Promise<VoteRecord[]> {
  const rows = await db.query<{ user_id: string; emoji: VoteEmoji; is_on: boolean; event_ts: string }>(
    `SELECT v.user_id, v.emoji, v.is_on, v.event_ts
     FROM votes v JOIN posts p ON p.id = v.post_id
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
  const rows = await db.query<{ user_id: string; ts: string; text: string; edited_at: string | null }>(
    `SELECT a.user_id, a.ts, a.text, a.edited_at
     FROM answers a JOIN posts p ON p.id = a.post_id
     WHERE p.team = $1 AND p.channel = $2 AND p.ts = $3
     ORDER BY a.ts::numeric, a.ts`,
    [team, channel, ts],
  );
  return rows.map((r) => {
    const a: AnswerRecord = { user: r.user_id, ts: r.ts, text: r.text };
    if (r.edited_at !== null) a.editedAt = r.edited_at;
    return a;
  });
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

export async function readSchedule(db: Queryable, team: string, channel: string) {
  const [row] = await db.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE team = $1 AND channel = $2`,
    [team, channel],
  );
  return row && toSchedule(row);
}

export async function readSchedules(db: Queryable, team?: string): Promise<ScheduleRecord[]> {
  const rows =
    team === undefined
      ? await db.query<ScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM schedules ORDER BY team, channel`)
      : await db.query<ScheduleRow>(
          `SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE team = $1 ORDER BY channel`,
          [team],
        );
  return rows.map(toSchedule);
}

interface RotationRow {
  team: string;
  channel: string;
  seed: number;
  cycle: number;
  used: string[];
}

// int8 arrives as a string from node-postgres; every safe integer is exact as float8.
const ROTATION_SELECT = `
  SELECT r.team, r.channel, r.seed::float8 AS seed, r.cycle::float8 AS cycle,
    ARRAY(SELECT u.prompt_id FROM rotation_used u
          WHERE u.team = r.team AND u.channel = r.channel ORDER BY u.position) AS used
  FROM rotations r`;

const toRotation = (r: RotationRow): RotationRecord => ({
  team: r.team,
  channel: r.channel,
  seed: r.seed,
  cycle: r.cycle,
  used: r.used,
});

export async function readRotation(db: Queryable, team: string, channel: string) {
  const [row] = await db.query<RotationRow>(`${ROTATION_SELECT} WHERE r.team = $1 AND r.channel = $2`, [
    team,
    channel,
  ]);
  return row && toRotation(row);
}

export async function readRotations(db: Queryable, team: string): Promise<RotationRecord[]> {
  const rows = await db.query<RotationRow>(`${ROTATION_SELECT} WHERE r.team = $1 ORDER BY r.channel`, [team]);
  return rows.map(toRotation);
}

export async function readSeen(db: Queryable, eventId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM event_ids WHERE id = $1', [eventId]);
  return rows.length > 0;
}
