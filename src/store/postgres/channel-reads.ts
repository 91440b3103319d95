/**
 * A channel's schedule, rotation and settings, and a workspace's settings, read as SQL and turned back into the
 * records the app knows (optional fields left out when NULL). Schedules are read in pages, so one answer of
 * many rows never holds the event loop.
 */
import type {
  ChannelSettings,
  LibraryMode,
  RotationRecord,
  ScheduleRecord,
  WorkspaceSettings,
} from '../schema.js';
import type { Queryable } from './db.js';

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
