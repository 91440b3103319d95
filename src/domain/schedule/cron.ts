/**
 * Cron expressions as node-cron reads them: 5 fields (minute hour day-of-month month day-of-week) or 6 with
 * seconds first. Numbers, `*`, ranges, lists, steps on `*` or a range, and JAN–DEC / SUN–SAT names. Anything
 * node-cron would reject is rejected too; a day of month and a day of week together are refused, because
 * node-cron ANDs them while classic cron ORs them.
 */

/** Longest day in each month (February 29), as node-cron checks "impossible" dates. */
const MAX_MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const DAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

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
export const WEEKDAYS = nameTable(DAY_NAMES, 0);

export interface Cron {
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

export const ascending = (s: ReadonlySet<number>): number[] => [...s].sort((a, b) => a - b);

/** A cron's fields. Only spaces separate them: node-cron refuses tabs and newlines. */
export const cronFields = (expr: string): string[] => expr.replace(/^ +| +$/g, '').split(/ +/);

export function compileCron(expr: string): Cron | string {
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

/** Compiled crons, least recently used first; room for every distinct cron of a large installation. */
const compiled = new Map<string, Cron>();
const CRON_CACHE_SIZE = 20_000;

export function cronOf(expr: string): Cron {
  const hit = compiled.get(expr);
  if (hit) {
    compiled.delete(expr);
    compiled.set(expr, hit);
    return hit;
  }
  const cron = compileCron(expr);
  if (typeof cron === 'string') throw new Error(`invalid cron "${expr}": ${cron}`);
  if (compiled.size >= CRON_CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
  compiled.set(expr, cron);
  return cron;
}

/** undefined when `expr` is a cron we (and node-cron) accept, else a readable reason. */
export function validateCron(expr: string): string | undefined {
  const cron = compileCron(expr);
  return typeof cron === 'string' ? cron : undefined;
}
