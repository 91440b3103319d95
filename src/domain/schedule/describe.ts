/** Schedules in words: "every Monday at 09:00 (Europe/Berlin)", and instants shown in a zone. */
import { compileCron, cronFields, DAY_NAMES } from './cron.js';
import type { ScheduleSpec } from './slots.js';

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

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const;

/** "1 day", "12 hours", "1 hour 30 minutes", "5 seconds" (at most two units, whole seconds). */
export function durationText(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n === 0) continue;
    parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join(' ') || '0 seconds';
}

/** "every day", "every hour", "every 5 minutes", "every 1 hour 30 minutes". */
export function everyText(ms: number): string {
  const text = durationText(ms);
  return /^1 [a-z]+$/.test(text) ? `every ${text.slice(2)}` : `every ${text}`;
}

/** "once a day", "once an hour", "once every 2 days", "once every 30 minutes". */
export function onceEvery(ms: number): string {
  const text = durationText(ms);
  if (/^1 [a-z]+$/.test(text)) return `once ${text === '1 hour' ? 'an' : 'a'} ${text.slice(2)}`;
  return `once every ${text}`;
}
