/**
 * How often a schedule posts: the shortest gap between two consecutive slots of its cron, so a schedule set from
 * Slack can be held to MIN_SCHEDULE_INTERVAL.
 *
 * Gaps are measured between the wall times the cron names, on the schedule's own clock. Daylight saving moves a
 * post by at most the clock change (an hour in most zones): `daily 09:00` posts 23 and 25 hours apart on the two
 * change days and is still daily, and a time inside a spring-forward gap (02:30, posted at 03:00) does not make
 * the next day's 02:30 count as "sooner than a day". So a cron is judged the same whatever its zone and whatever
 * the date it is set on.
 */
import { cronOf } from './cron.js';
import { nextWall, type ScheduleSpec } from './slots.js';
import { maxWallUpTo } from './zone.js';

const SECOND = 1000;
const DAY = 86_400_000;
/** A year and a week of slots covers every month and every weekday of a cron's pattern. */
const GAP_HORIZON_MS = 373 * DAY;
/**
 * Slots looked at, at most. A cron that fills them before the horizon posts more often than every 53 minutes on
 * average, so its shortest gap is shorter than that: exact for any floor of an hour or more.
 */
export const GAP_MAX_SLOTS = 10_000;

/**
 * The shortest gap in milliseconds between consecutive slots of `spec` from `from` on, over GAP_HORIZON_MS (or
 * GAP_MAX_SLOTS slots); undefined when the cron fires at most once in that time (`0 9 29 2 *`, say).
 */
export function shortestGap(spec: ScheduleSpec, from: Date): number | undefined {
  const cron = cronOf(spec.cron);
  const start = Math.floor(maxWallUpTo(from.getTime(), spec.tz) / SECOND) * SECOND;
  const end = start + GAP_HORIZON_MS;
  let shortest: number | undefined;
  let previous = nextWall(cron, start);
  for (let i = 1; i < GAP_MAX_SLOTS && previous <= end; i++) {
    const next = nextWall(cron, previous + SECOND);
    if (next > end) break;
    const gap = next - previous;
    if (shortest === undefined || gap < shortest) shortest = gap;
    previous = next;
  }
  return shortest;
}

/** Whether `spec` posts at most once per `floorMs` (every gap at least that long). */
export function respectsInterval(spec: ScheduleSpec, floorMs: number, from: Date): boolean {
  const gap = shortestGap(spec, from);
  return gap === undefined || gap >= floorMs;
}
