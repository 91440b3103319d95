/**
 * Schedules: parsing what people type, and the slot maths.
 *
 * A slot is the UTC instant a post is due. A cron describes wall-clock times in a zone; the slot for a wall
 * time W is the first instant at which the zone's clock shows W or later. That one rule gives the DST
 * behaviour we want: a wall time inside a spring-forward gap moves to the end of the gap (02:30 → 03:00),
 * a wall time that occurs twice at fall-back is due once, at its first occurrence. node-cron skips gap
 * times, and cron-parser moves them by the gap's length (02:30 → 03:30), so neither decides slots here.
 *
 * Cron semantics: 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, as node-cron
 * reads them. Numbers, `*`, ranges, lists, steps on `*` or a range, and JAN–DEC / SUN–SAT names. Anything
 * node-cron would reject is rejected too; a day of month and a day of week together are refused, because
 * node-cron ANDs them while classic cron ORs them.
 */

export const DEFAULT_CRON = '0 9 * * 1';

/** `cron` is normalised: single spaces, 5 fields or 6 with seconds first, names upper-case. */
export interface ScheduleSpec {
  cron: string;
  tz: string;
}

export type ParseResult =
  | { ok: true; spec: ScheduleSpec; description: string }
  | { ok: false; error: string };

const SECOND = 1000;
const DAY = 86_400_000;
const EXAMPLES = 'Try `mon 09:00`, `weekly friday 16:30 Europe/Paris` or a cron like `0 9 * * 1`.';
const MAX_INPUT = 200;

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** Longest day in each month (February 29), as node-cron checks "impossible" dates. */
const MAX_MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function nameTable(names: readonly string[], first: number): Map<string, number> {
  const table = new Map<string, number>();
  names.forEach((name, i) => {
    table.set(name.toLowerCase(), i + first);
    table.set(name.slice(0, 3).toLowerCase(), i + first);
  });
  return table;
}
const MONTHS = nameTable(
  'january february march april may june july august september october november december'.split(' '),
  1,
);
const WEEKDAYS = nameTable(DAY_NAMES, 0);

// ---------------------------------------------------------------------------------------------------------
// Time zones

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
function zoneName(tz: string): string {
  knownZones ??= new Map(
    ['UTC', 'GMT', ...Intl.supportedValuesOf('timeZone')].map((z) => [z.toLowerCase(), z]),
  );
  const listed = knownZones.get(tz.toLowerCase());
  if (listed) return listed;
  return tz === tz.toLowerCase() ? zoneFormatter(tz).resolvedOptions().timeZone : tz;
}

/** Milliseconds to add to UTC to get the wall clock in `tz` at instant `t`. */
function offsetAt(t: number, tz: string): number {
  const whole = Math.floor(t / SECOND) * SECOND;
  const p: Record<string, number> = {};
  for (const { type, value } of zoneFormatter(tz).formatToParts(whole)) p[type] = Number(value);
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
function maxWallUpTo(t: number, tz: string): number {
  const now = offsetAt(t, tz);
  const dayAgo = offsetAt(t - DAY, tz);
  if (dayAgo <= now) return t + now;
  return Math.max(t + now, offsetChange(t - DAY, t, tz) - 1 + dayAgo);
}

/** The first instant at which the clock in tz shows wall time `wall` (as UTC-epoch ms) or later. */
function instantOfWall(wall: number, tz: string): number {
  const before = offsetAt(wall - DAY, tz);
  const after = offsetAt(wall + DAY, tz);
  const early = wall - before;
  if (offsetAt(early, tz) === before) return early;
  const late = wall - after;
  if (offsetAt(late, tz) === after) return late;
  return offsetChange(late, early, tz); // inside a spring-forward gap: the end of the gap
}

// ---------------------------------------------------------------------------------------------------------
// Cron

interface Cron {
  /** Ascending, and descending copies for searching backwards. */
  seconds: readonly number[];
  minutes: readonly number[];
  hours: readonly number[];
  secondsDesc: readonly number[];
  minutesDesc: readonly number[];
  hoursDesc: readonly number[];
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
}

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: ReadonlyMap<string, number>;
}

const FIELDS: readonly FieldDef[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];

const ITEM = /^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/i;

function parseField(text: string, def: FieldDef): Set<number> | string {
  const values = new Set<number>();
  const weekday = def.max === 7;
  const value = (token: string): number | string => {
    const n = /^\d+$/.test(token) ? Number(token) : def.names?.get(token.toLowerCase());
    if (n === undefined) return `${def.name} "${token}" isn't a number${def.names ? ' or a name' : ''}`;
    if (n < def.min || n > def.max) return `${def.name} ${token} is out of range (${def.min}-${def.max})`;
    return n;
  };
  for (const item of text.split(',')) {
    const m = ITEM.exec(item);
    if (!m) return `${def.name} "${text}" isn't a number, range (1-5), list (1,3) or step (*/15)`;
    const [, star, from, to, stepText] = m;
    let lo = def.min;
    let hi = weekday ? 6 : def.max;
    if (!star && from !== undefined) {
      const a = value(from);
      if (typeof a === 'string') return a;
      const b = to === undefined ? a : value(to);
      if (typeof b === 'string') return b;
      if (a > b) return `${def.name} range ${item} runs backwards; write the smaller value first`;
      if (stepText !== undefined && to === undefined) {
        return `${def.name} step ${item} needs * or a range before the /, like */15 or 0-30/15`;
      }
      lo = a;
      hi = b;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1 || step > def.max - def.min) {
      return `${def.name} step /${stepText} is out of range (1-${def.max - def.min})`;
    }
    for (let v = lo; v <= hi; v += step) values.add(weekday && v === 7 ? 0 : v);
  }
  return values;
}

const ascending = (s: ReadonlySet<number>): number[] => [...s].sort((a, b) => a - b);

/** A cron's fields. Only spaces separate them: node-cron refuses tabs and newlines. */
const cronFields = (expr: string): string[] => expr.replace(/^ +| +$/g, '').split(/ +/);

function compileCron(expr: string): Cron | string {
  const raw = cronFields(expr);
  if (raw.length !== 5 && raw.length !== 6) {
    return `a cron needs 5 fields (or 6 with seconds first), got ${raw[0] === '' ? 0 : raw.length}`;
  }
  const fields = raw.length === 5 ? ['0', ...raw] : raw;
  const sets: Set<number>[] = [];
  for (const [i, def] of FIELDS.entries()) {
    const set = parseField(fields[i] ?? '', def);
    if (typeof set === 'string') return set;
    sets.push(set);
  }
  const [seconds, minutes, hours, days, months, weekdays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (fields[3] !== '*' && fields[5] !== '*') {
    return 'give a day of month or a day of week, not both (put * in one of them)';
  }
  if (![...months].some((month) => [...days].some((day) => day <= (MAX_MONTH_DAYS[month] ?? 0)))) {
    return `day of month ${fields[3]} never happens in month ${fields[4]}`;
  }
  const s = ascending(seconds);
  const m = ascending(minutes);
  const h = ascending(hours);
  return {
    seconds: s,
    minutes: m,
    hours: h,
    secondsDesc: s.toReversed(),
    minutesDesc: m.toReversed(),
    hoursDesc: h.toReversed(),
    days,
    months,
    weekdays,
  };
}

const compiled = new Map<string, Cron>();

function cronOf(expr: string): Cron {
  const hit = compiled.get(expr);
  if (hit) return hit;
  const cron = compileCron(expr);
  if (typeof cron === 'string') throw new Error(`invalid cron "${expr}": ${cron}`);
  if (compiled.size >= 1000) compiled.clear();
  compiled.set(expr, cron);
  return cron;
}

/** undefined when `expr` is a cron we (and node-cron) accept, else a readable reason. */
export function validateCron(expr: string): string | undefined {
  const cron = compileCron(expr);
  return typeof cron === 'string' ? cron : undefined;
}

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
function nextWall(c: Cron, wall: number): number {
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

// ---------------------------------------------------------------------------------------------------------
// Words

const pad = (n: number): string => String(n).padStart(2, '0');

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function describeCron(expr: string): string {
  const cron = compileCron(expr);
  if (typeof cron === 'string') return `on the (invalid) cron schedule \`${expr}\``;
  const f = cronFields(expr);
  const [sec, min, hour, dom, month] = f.length === 5 ? ['0', ...f] : f;
  const fixed = [sec, min, hour].every((v) => v !== undefined && /^\d+$/.test(v));
  if (!fixed || dom !== '*' || month !== '*') return `on the cron schedule \`${expr}\``;
  const days = [1, 2, 3, 4, 5, 6, 0].filter((d) => cron.weekdays.has(d));
  const dayText =
    days.length === 7
      ? 'every day'
      : days.join() === '1,2,3,4,5'
        ? 'every weekday'
        : `every ${joinAnd(days.map((d) => DAY_NAMES[d] ?? ''))}`;
  const seconds = Number(sec) === 0 ? '' : `:${pad(Number(sec))}`;
  return `${dayText} at ${pad(Number(hour))}:${pad(Number(min))}${seconds}`;
}

/** E.g. "every Monday at 09:00 (Europe/Berlin)". */
export function describeSchedule(spec: ScheduleSpec): string {
  return `${describeCron(spec.cron)} (${spec.tz})`;
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** E.g. "Mon 30 Nov 2026, 09:00 Europe/Berlin" (seconds shown when not zero). */
export function formatInZone(d: Date, tz: string): string {
  let f = displayFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    displayFormatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(d)) p[type] = value;
  const seconds = p.second === '00' ? '' : `:${p.second}`;
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}${seconds} ${tz}`;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing what people type

/** A last token that can only mean a zone: `Area/Place` (a letter after each slash) or UTC/GMT. */
const ZONE_LIKE = /^(?:[a-z_]+(?:\/[a-z][a-z0-9_+-]*)+|utc|gmt)$/i;

const DAY_WORDS = new Map<string, readonly number[]>([
  ...[...WEEKDAYS].map(([name, n]) => [name, [n]] as const),
  ...DAY_NAMES.map((name, n) => [`${name.toLowerCase()}s`, [n]] as const),
  ['tues', [2]],
  ['weds', [3]],
  ['thur', [4]],
  ['thurs', [4]],
  ['daily', [0, 1, 2, 3, 4, 5, 6]],
  ['day', [0, 1, 2, 3, 4, 5, 6]],
  ['everyday', [0, 1, 2, 3, 4, 5, 6]],
  ['weekday', [1, 2, 3, 4, 5]],
  ['weekdays', [1, 2, 3, 4, 5]],
  ['weekend', [0, 6]],
  ['weekends', [0, 6]],
]);
const FILLER = new Set(['every', 'weekly', 'on', 'at', 'and']);

type Parsed<T> = { value: T } | { reason: string };

function parseTime(text: string): Parsed<{ hour: number; minute: number }> {
  const m = /^(\d{1,2})(?::(\d{1,2}))?(am|pm)?$/i.exec(text);
  const bad = { reason: `"${text}" isn't a time; write it as HH:MM, like 09:00 or 4:30pm` };
  if (!m || (m[2] === undefined && m[3] === undefined)) return bad;
  const [, h, mm = '00', half] = m;
  if (mm.length !== 2) return { reason: 'minutes need two digits, like 09:05' };
  let hour = Number(h);
  const minute = Number(mm);
  if (half) {
    if (hour < 1 || hour > 12) return { reason: 'with am/pm, hours go from 1 to 12' };
    hour = (hour % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
  } else if (hour > 23) return { reason: 'hours go from 00 to 23' };
  if (minute > 59) return { reason: 'minutes go from 00 to 59' };
  return { value: { hour, minute } };
}

function parseHuman(tokens: string[]): Parsed<string> {
  const at = tokens.findIndex((t) => /^\d/.test(t));
  if (at < 0) return { reason: 'add a time, like `mon 09:00`' };
  const half = tokens[at + 1];
  const withHalf = half !== undefined && /^(am|pm)$/i.test(half);
  const time = parseTime(`${tokens[at]}${withHalf ? half : ''}`);
  if ('reason' in time) return time;
  tokens.splice(at, withHalf ? 2 : 1);
  const days = new Set<number>();
  const words = tokens
    .join(' ')
    .toLowerCase()
    .split(/[\s,]+/);
  for (const word of words) {
    if (word === '' || FILLER.has(word)) continue;
    const found = DAY_WORDS.get(word);
    if (!found) return { reason: `"${word}" isn't a day; use mon…sun, daily or weekdays` };
    for (const d of found) days.add(d);
  }
  if (days.size === 0) return { reason: 'say which day, like `mon 09:00` or `daily 09:00`' };
  const dow =
    days.size === 7 ? '*' : ascending(days).join() === '1,2,3,4,5' ? '1-5' : ascending(days).join(',');
  return { value: `${time.value.minute} ${time.value.hour} * * ${dow}` };
}

/** The text after `/lead-vs-manage schedule`: a cron or a day and time, optionally followed by a zone. */
export function parseWhen(input: string, defaultTz: string): ParseResult {
  const text = input.trim().replace(/\s+/g, ' ');
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  const fail = (reason: string): ParseResult => ({
    ok: false,
    error: `Couldn't read "${shown}": ${reason}. ${EXAMPLES}`,
  });
  if (text === '') return { ok: false, error: `Say when. ${EXAMPLES}` };
  if (text.length > MAX_INPUT) return fail('that is too long for a schedule');

  const tokens = text.split(' ');
  const first = tokens[0] ?? '';
  const isCron = /^[\d*]/.test(first) && !/:|[ap]m$/i.test(first);
  const last = tokens.at(-1) ?? '';
  const named = /^[a-z][a-z0-9_+-]{3,}$/i.test(last) && isValidTimeZone(last);
  const lastIsZone = isCron
    ? ZONE_LIKE.test(last) || (tokens.length > 5 && named)
    : tokens.length > 1 &&
      !isTimeLike(last) &&
      !isDayWord(last) &&
      (ZONE_LIKE.test(last) || named || isTimeLike(tokens.at(-2) ?? ''));
  let tz = defaultTz;
  if (lastIsZone) {
    tokens.pop();
    if (!isValidTimeZone(last))
      return fail(`"${last}" isn't a time zone I know; use an IANA name like Europe/Berlin`);
    tz = last;
  } else if (!isValidTimeZone(tz)) {
    return fail(`the default time zone "${tz}" isn't valid; add a zone like Europe/Berlin`);
  }

  let cron: string;
  if (isCron) {
    const reason = validateCron(tokens.join(' '));
    if (reason) return fail(reason);
    cron = tokens.join(' ').toUpperCase();
  } else {
    const human = parseHuman(tokens);
    if ('reason' in human) return fail(human.reason);
    cron = human.value;
  }
  const spec = { cron, tz: zoneName(tz) };
  return { ok: true, spec, description: describeSchedule(spec) };
}

/** Whether a token reads as a time (or its am/pm), so it is not taken for a day or a zone. */
function isTimeLike(token: string): boolean {
  return /^\d/.test(token) || /^(am|pm)$/i.test(token);
}

function isDayWord(token: string): boolean {
  const word = token.toLowerCase().replace(/,+$/, '');
  return DAY_WORDS.has(word) || FILLER.has(word);
}
