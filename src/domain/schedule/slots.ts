/**
 * The slot maths. A slot is the UTC instant a post is due. A cron describes wall-clock times in a zone; the
 * slot for a wall time W is the first instant at which the zone's clock shows W or later. That one rule gives
 * the DST behaviour we want: a wall time inside a spring-forward gap moves to the end of the gap (02:30 →
 * 03:00), a wall time that occurs twice at fall-back is due once, at its first occurrence. node-cron skips gap
 * times, and cron-parser moves them by the gap's length (02:30 → 03:30), so neither decides slots here.
 */
import { type Cron, cronOf } from './cron.js';
import { instantOfWall, maxWallUpTo } from './zone.js';

export const DEFAULT_CRON = '0 9 * * 1';

/** `cron` is normalised: single spaces, 5 fields or 6 with seconds first, names upper-case. */
export interface ScheduleSpec {
  cron: string;
  tz: string;
}

const SECOND = 1000;

// Wall times are handled as UTC-epoch milliseconds of the local calendar, so Date's UTC methods do the calendar.

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function dayMatches(c: Cron, year: number, month: number, day: number): boolean {
  return c.days.has(day) && c.weekdays.has(new Date(Date.UTC(year, month - 1, day)).getUTCDay());
}

/** The earliest matching time of day (in seconds) at or after `t`, if any. */
function firstTimeFrom(c: Cron, t: number): number | undefined {
  for (const h of c.hours) {
    if ((h + 1) * 3600 <= t) continue;
    for (const m of c.minutes) {
      const hm = (h * 60 + m) * 60;
      if (hm + 60 <= t) continue;
      for (const s of c.seconds) if (hm + s >= t) return hm + s;
    }
  }
  return undefined;
}

/** The latest matching time of day (in seconds) at or before `t`, if any. */
function lastTimeUpTo(c: Cron, t: number): number | undefined {
  for (const h of c.hoursDesc) {
    if (h * 3600 > t) continue;
    for (const m of c.minutesDesc) {
      const hm = (h * 60 + m) * 60;
      if (hm > t) continue;
      for (const s of c.secondsDesc) if (hm + s <= t) return hm + s;
    }
  }
  return undefined;
}

// Months without a match are skipped whole, so even 29 February is found within a few hundred steps.
const SEARCH_STEPS = 10_000;

/** The earliest matching wall time at or after `wall` (whole seconds). */
export function nextWall(c: Cron, wall: number): number {
  const d = new Date(wall);
  let [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  let from = (wall - Date.UTC(year, month - 1, day)) / SECOND;
  for (let i = 0; i < SEARCH_STEPS; i++) {
    if (c.months.has(month) && dayMatches(c, year, month, day)) {
      const t = firstTimeFrom(c, from);
      if (t !== undefined) return Date.UTC(year, month - 1, day) + t * SECOND;
    }
    from = 0;
    if (!c.months.has(month) || day >= daysIn(year, month)) {
      [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
    } else day++;
  }
  throw new Error('no matching time found');
}

/** The latest matching wall time at or before `wall` (whole seconds). */
function prevWall(c: Cron, wall: number): number {
  const d = new Date(wall);
  let [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  let upTo = (wall - Date.UTC(year, month - 1, day)) / SECOND;
  for (let i = 0; i < SEARCH_STEPS; i++) {
    if (c.months.has(month) && dayMatches(c, year, month, day)) {
      const t = lastTimeUpTo(c, upTo);
      if (t !== undefined) return Date.UTC(year, month - 1, day) + t * SECOND;
    }
    upTo = 86_399;
    if (!c.months.has(month) || day <= 1) {
      [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
      day = daysIn(year, month);
    } else day--;
  }
  throw new Error('no matching time found');
}

function instant(d: Date): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid date');
  return t;
}

/** The first slot strictly after `after`. */
export function nextSlot(spec: ScheduleSpec, after: Date): Date {
  const shown = maxWallUpTo(instant(after), spec.tz);
  const wall = nextWall(cronOf(spec.cron), Math.floor(shown / SECOND) * SECOND + SECOND);
  return new Date(instantOfWall(wall, spec.tz));
}

/** The last slot at or before `t`. */
function latestSlot(spec: ScheduleSpec, t: number): number {
  const shown = maxWallUpTo(t, spec.tz);
  return instantOfWall(prevWall(cronOf(spec.cron), Math.floor(shown / SECOND) * SECOND), spec.tz);
}

/**
 * The slot to act on now: the latest slot after both `lastSlot` and `since`, at or before `now`.
 * Within `catchupMs` of now it is to be posted (`late` past 1.5 s); older, it is to be recorded as skipped.
 * Older unclaimed slots are passed over: claiming the returned one moves `lastSlot` past them.
 */
export function dueSlot(
  spec: ScheduleSpec,
  o: { now: Date; since: Date; lastSlot?: Date; catchupMs: number },
): { slot: Date; late: boolean } | { skipped: Date } | null {
  const now = instant(o.now);
  const floor = Math.max(instant(o.since), o.lastSlot ? instant(o.lastSlot) : Number.NEGATIVE_INFINITY);
  if (floor >= now) return null;
  const slot = latestSlot(spec, now);
  if (slot <= floor) return null;
  const age = now - slot;
  return age <= o.catchupMs ? { slot: new Date(slot), late: age > 1500 } : { skipped: new Date(slot) };
}
