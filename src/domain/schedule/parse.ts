/** What people type after `/lead-vs-manage schedule`: a cron or a day and a time, optionally a zone. */
import { abbreviationZones } from './abbreviations.js';
import { ascending, DAY_NAMES, validateCron, WEEKDAYS } from './cron.js';
import { describeSchedule } from './describe.js';
import type { ScheduleSpec } from './slots.js';
import { isValidTimeZone, zoneName } from './zone.js';

export type ParseResult =
  | { ok: true; spec: ScheduleSpec; description: string }
  | { ok: false; error: string };

const EXAMPLES = 'Try `mon 09:00`, `weekly friday 16:30 Europe/Paris` or a cron like `0 9 * * 1`.';
const MAX_INPUT = 200;

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

/** "every 5 minutes", "every hour", "every 30s": the unit, its cron field and how many make the next unit. */
const UNIT_WORDS = new Map<string, 'second' | 'minute' | 'hour'>([
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((w) => [w, 'second'] as const),
  ...['m', 'min', 'mins', 'minute', 'minutes'].map((w) => [w, 'minute'] as const),
  ...['h', 'hr', 'hrs', 'hour', 'hours'].map((w) => [w, 'hour'] as const),
]);
const UNIT_CYCLE = { second: 60, minute: 60, hour: 24 } as const;

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

/** "every 5 minutes", "every hour", "hourly", "every 30s" → a cron with that step (the interval check decides). */
function parseEvery(tokens: string[]): Parsed<string> | undefined {
  const words = tokens.map((t) => t.toLowerCase());
  if (words.length === 1 && words[0] === 'hourly') return { value: '0 * * * *' };
  if (words[0] === 'every') words.shift();
  const glued = words.length === 1 ? /^(\d+)([a-z]+)$/.exec(words[0] ?? '') : null;
  const [count, unitWord] = glued ? [glued[1], glued[2]] : words.length === 1 ? ['1', words[0]] : words;
  const unit = UNIT_WORDS.get(unitWord ?? '');
  if (!unit || words.length > 2 || !/^\d+$/.test(count ?? '')) return undefined;
  const n = Number(count);
  const cycle = UNIT_CYCLE[unit];
  if (n < 1 || n > cycle || cycle % n !== 0) {
    const fits = [...Array(cycle).keys()]
      .map((i) => i + 1)
      .filter((d) => cycle % d === 0 && d > 1 && d < cycle);
    return {
      reason: `every ${n} ${unit}s doesn't divide the ${unit === 'hour' ? 'day' : `${unit === 'second' ? 'minute' : 'hour'}`} evenly; use ${fits.join(', ')} or a cron`,
    };
  }
  const step = n === cycle ? '0' : n === 1 ? '*' : `*/${n}`;
  if (unit === 'second') return { value: n === cycle ? '0 * * * * *' : `${step} * * * * *` };
  if (unit === 'minute') return { value: n === cycle ? '0 * * * *' : `${step} * * * *` };
  return { value: n === cycle ? '0 0 * * *' : `0 ${step} * * *` };
}

function parseHuman(tokens: string[]): Parsed<string> {
  const at = tokens.findIndex((t) => /^\d/.test(t));
  if (at < 0) return { reason: "there's no time in it" };
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
  if (days.size === 0) return { reason: 'it needs a day (or `daily`) before the time' };
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
  const last = tokens.at(-1) ?? '';
  const abbreviated = abbreviationZones(last);
  if (abbreviated && tokens.length > 1) return refuseAbbreviation(tokens, abbreviated, shown);
  const isCron = /^[\d*]/.test(first) && !/:|[ap]m$/i.test(first) && !isUnitWord(tokens[1] ?? '', first);
  const named = /^[a-z][a-z0-9_+-]{3,}$/i.test(last) && isValidTimeZone(last);
  const lastIsZone = isCron
    ? ZONE_LIKE.test(last) || (tokens.length > 5 && named)
    : tokens.length > 1 &&
      !isTimeLike(last) &&
      !isDayWord(last) &&
      !UNIT_WORDS.has(last.toLowerCase()) &&
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
    const human = parseEvery(tokens) ?? parseHuman(tokens);
    if ('reason' in human) return fail(human.reason);
    cron = human.value;
  }
  const spec = { cron, tz: zoneName(tz) };
  return { ok: true, spec, description: describeSchedule(spec) };
}

/** `5 minutes`, `30s`: a count and a unit, not a cron (which would be all numbers, stars and names). */
function isUnitWord(second: string, first: string): boolean {
  return UNIT_WORDS.has(second.toLowerCase()) || /^\d+[a-z]+$/i.test(first);
}

/** "mon 09:00 EST": abbreviations are refused, with the zones they usually mean and the schedule rewritten. */
function refuseAbbreviation(tokens: string[], zones: readonly string[], shown: string): ParseResult {
  const abbreviation = tokens.at(-1) ?? '';
  const first = (zones[0] ?? 'Europe/Berlin').split(' ')[0];
  const example = [...tokens.slice(0, -1), first].join(' ');
  const names = zones.length === 1 ? zones[0] : `${zones.slice(0, -1).join(', ')} or ${zones.at(-1)}`;
  return {
    ok: false,
    error:
      `Couldn't read "${shown}": "${abbreviation}" is an abbreviation, which doesn't say which country's summer ` +
      `time to follow, so the schedule could be an hour off for half the year. Use a zone name: ${names}. ` +
      `For example \`schedule ${example}\`.`,
  };
}

/** Whether a token reads as a time (or its am/pm), so it is not taken for a day or a zone. */
function isTimeLike(token: string): boolean {
  return /^\d/.test(token) || /^(am|pm)$/i.test(token);
}

function isDayWord(token: string): boolean {
  const word = token.toLowerCase().replace(/,+$/, '');
  return DAY_WORDS.has(word) || FILLER.has(word);
}
