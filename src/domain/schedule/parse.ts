/** What people type after `/lead-vs-manage schedule`: a cron or a day and a time, optionally a zone. */
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
