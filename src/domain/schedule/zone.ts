/**
 * Time zones for the slot maths: offsets at an instant, the instant of a wall time (DST gaps move to the end
 * of the gap), and zone names as IANA spells them. Wall times are UTC-epoch milliseconds of the local calendar.
 */

const SECOND = 1000;
const DAY = 86_400_000;

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(tz: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormatters.set(tz, f);
  }
  return f;
}

/** IANA names (any case) and `UTC`; offsets such as `+05:30` are not zones. */
export function isValidTimeZone(tz: string): boolean {
  if (!/^[A-Za-z]/.test(tz)) return false;
  try {
    zoneFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

let knownZones: Map<string, string> | undefined;

/**
 * The zone as IANA spells it: Intl's list fixes the case (`europe/berlin` → `Europe/Berlin`); a name missing
 * from that list is kept as typed, or, typed all in lower case, replaced by Intl's canonical name.
 */
export function zoneName(tz: string): string {
  knownZones ??= new Map(
    ['UTC', 'GMT', ...Intl.supportedValuesOf('timeZone')].map((z) => [z.toLowerCase(), z]),
  );
  const listed = knownZones.get(tz.toLowerCase());
  if (listed) return listed;
  return tz === tz.toLowerCase() ? zoneFormatter(tz).resolvedOptions().timeZone : tz;
}

// en-US with h23 formats as "11/29/2026, 17:42:03": six numbers, month first. `format` and a regular
// expression take about a quarter of the time `formatToParts` does, and this is the slot maths' hot path.
const SIX_NUMBERS = /(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)/;

/** Milliseconds to add to UTC to get the wall clock in `tz` at instant `t`. */
function offsetAt(t: number, tz: string): number {
  const whole = Math.floor(t / SECOND) * SECOND;
  const f = zoneFormatter(tz);
  const m = SIX_NUMBERS.exec(f.format(whole));
  if (m) {
    const [, month, day, year, hour, minute, second] = m.map(Number) as number[];
    return Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0) - whole;
  }
  const p: Record<string, number> = {};
  for (const { type, value } of f.formatToParts(whole)) p[type] = Number(value);
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - whole;
}

/** The first instant in (lo, hi] whose offset differs from the offset at lo (one change assumed). */
function offsetChange(lo: number, hi: number, tz: string): number {
  const before = offsetAt(lo, tz);
  let a = Math.floor(lo / SECOND);
  let b = Math.ceil(hi / SECOND);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(mid * SECOND, tz) === before) a = mid;
    else b = mid;
  }
  return b * SECOND;
}

/** The latest wall time the clock has shown up to instant t (after a fall-back it is ahead of the clock). */
export function maxWallUpTo(t: number, tz: string): number {
  const now = offsetAt(t, tz);
  const dayAgo = offsetAt(t - DAY, tz);
  if (dayAgo <= now) return t + now;
  return Math.max(t + now, offsetChange(t - DAY, t, tz) - 1 + dayAgo);
}

/** The first instant at which the clock in tz shows wall time `wall` (as UTC-epoch ms) or later. */
export function instantOfWall(wall: number, tz: string): number {
  const before = offsetAt(wall - DAY, tz);
  const after = offsetAt(wall + DAY, tz);
  const early = wall - before;
  if (offsetAt(early, tz) === before) return early;
  const late = wall - after;
  if (offsetAt(late, tz) === after) return late;
  return offsetChange(late, early, tz); // inside a spring-forward gap: the end of the gap
}
