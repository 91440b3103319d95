/**
 * The Store's reads as SQL, and rows back into the records the app knows (optional fields left out when
 * NULL). Orders match the file store's: prompts newest first and answers oldest first (ts as a decimal
 * number); votes grouped by emoji in the order each emoji and each person first appeared on the prompt;
 * a team's channels in the order their first prompt was stored.
 */
import type { VoteEmoji } from '../../domain/options.js';
import type {
  AnswerRecord,
  ChannelSettings,
  LibraryMode,
  PostRecord,
  RotationRecord,
  ScheduleRecord,
  VoteRecord,
  WorkspaceSettings,
} from '../schema.js';
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

interface ScheduleRow {
  team: string;
  channel: string;
  cron: string;
  tz: string;
  paused: boolean;
  origin: 'default' | 'command';
  since: string;
  last_slot: string | null;
  set_by: string | null;
  removed: boolean;
}

const SCHEDULE_COLUMNS = 'team, channel, cron, tz, paused, origin, since, last_slot, set_by, removed';

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
  if (r.set_by !== null) s.setBy = r.set_by;
  if (r.removed) s.removed = true;
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

export async function readSchedule(db: Queryable, team: string, channel: string) {
  const [row] = await db.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE team = $1 AND channel = $2`,
    [team, channel],
  );
  return row && toSchedule(row);
}

const SCHEDULE_PAGE = 2_000;

/**
 * Every schedule (of `team`, when given), in (team, channel) order. Read in pages: parsing 100,000 rows of one
 * answer held the event loop for over 100 ms at a time, and the scheduler reads them all once a minute.
 */
export async function readSchedules(db: Queryable, team?: string): Promise<ScheduleRecord[]> {
  const out: ScheduleRecord[] = [];
  let after = { team: team ?? '', channel: '' };
  for (;;) {
    const rows = await db.query<ScheduleRow>(
      `SELECT ${SCHEDULE_COLUMNS} FROM schedules
       WHERE ${team === undefined ? '' : 'team = $1 AND '}(team, channel) > ($1, $2)
       ORDER BY team, channel LIMIT ${SCHEDULE_PAGE}`,
      [after.team, after.channel],
    );
    for (const row of rows) out.push(toSchedule(row));
    const last = rows.at(-1);
    if (!last || rows.length < SCHEDULE_PAGE) return out;
    after = { team: last.team, channel: last.channel };
  }
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

interface ChannelSettingsRow {
  channel: string;
  anonymous: boolean | null;
  revisit: boolean | null;
}

function toChannelSettings(r: ChannelSettingsRow): ChannelSettings {
  const set: ChannelSettings = {};
  if (r.anonymous !== null) set.anonymous = r.anonymous;
  if (r.revisit !== null) set.revisit = r.revisit;
  return set;
}

export async function readChannelSettings(
  db: Queryable,
  team: string,
  channel: string,
): Promise<ChannelSettings | undefined> {
  const [row] = await db.query<ChannelSettingsRow>(
    'SELECT channel, anonymous, revisit FROM channel_settings WHERE team = $1 AND channel = $2',
    [team, channel],
  );
  return row && toChannelSettings(row);
}

/** Every channel's settings of one workspace (for moving the data). */
export async function readAllChannelSettings(
  db: Queryable,
  team: string,
): Promise<{ channel: string; set: ChannelSettings }[]> {
  const rows = await db.query<ChannelSettingsRow>(
    'SELECT channel, anonymous, revisit FROM channel_settings WHERE team = $1 ORDER BY channel',
    [team],
  );
  return rows.map((r) => ({ channel: r.channel, set: toChannelSettings(r) }));
}

export async function readWorkspaceSettings(
  db: Queryable,
  team: string,
): Promise<WorkspaceSettings | undefined> {
  const [row] = await db.query<{ library: LibraryMode | null }>(
    'SELECT library FROM workspace_settings WHERE team = $1',
    [team],
  );
  if (!row) return undefined;
  return row.library === null ? {} : { library: row.library };
}
