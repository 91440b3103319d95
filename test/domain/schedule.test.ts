import { describe, expect, it } from 'vitest';
import { cronOf, validateCron } from '../../src/domain/schedule/cron.js';
import { describeSchedule, formatInZone } from '../../src/domain/schedule/describe.js';
import { parseWhen } from '../../src/domain/schedule/parse.js';
import { DEFAULT_CRON, dueSlot, nextSlot, type ScheduleSpec } from '../../src/domain/schedule/slots.js';
import { isValidTimeZone } from '../../src/domain/schedule/zone.js';

const TRY = 'Try `mon 09:00`, `weekly friday 16:30 Europe/Paris` or a cron like `0 9 * * 1`.';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The next `n` slots after `from`, as ISO strings. */
function slots(spec: ScheduleSpec, from: string, n: number): string[] {
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < n; i++) {
    t = nextSlot(spec, t);
    out.push(t.toISOString());
  }
  return out;
}

/** Every slot in [from, to). */
function slotsBetween(spec: ScheduleSpec, from: string, to: string): Date[] {
  const out: Date[] = [];
  const end = new Date(to).getTime();
  for (
    let t = nextSlot(spec, new Date(new Date(from).getTime() - 1));
    t.getTime() < end;
    t = nextSlot(spec, t)
  ) {
    out.push(t);
  }
  return out;
}

/** The local calendar date of `d` in `tz`, as YYYY-MM-DD. */
function localDate(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** The local wall time of `d` in `tz`, as HH:MM. */
function localTime(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** ISO 8601 week of a YYYY-MM-DD date, e.g. "2026-W01". */
function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

describe('parseWhen', () => {
  it.each([
    ['0 9 * * 1', '0 9 * * 1', 'UTC', 'every Monday at 09:00 (UTC)'],
    ['0 9 * * 1 Europe/Berlin', '0 9 * * 1', 'Europe/Berlin', 'every Monday at 09:00 (Europe/Berlin)'],
    ['  0   9 *  * 1   ', '0 9 * * 1', 'UTC', 'every Monday at 09:00 (UTC)'],
    ['*/10 * * * * *', '*/10 * * * * *', 'UTC', 'on the cron schedule `*/10 * * * * *` (UTC)'],
    ['0 0 9 * * 1 Europe/Berlin', '0 0 9 * * 1', 'Europe/Berlin', 'every Monday at 09:00 (Europe/Berlin)'],
    ['30 0 9 * * 1', '30 0 9 * * 1', 'UTC', 'every Monday at 09:00:30 (UTC)'],
    ['0 9 * * mon-fri utc', '0 9 * * MON-FRI', 'UTC', 'every weekday at 09:00 (UTC)'],
    ['0 9 1 jan *', '0 9 1 JAN *', 'UTC', 'on the cron schedule `0 9 1 JAN *` (UTC)'],
    ['0 9 * * 1 Japan', '0 9 * * 1', 'Japan', 'every Monday at 09:00 (Japan)'],
    ['mon 09:00', '0 9 * * 1', 'UTC', 'every Monday at 09:00 (UTC)'],
    ['monday 9:00', '0 9 * * 1', 'UTC', 'every Monday at 09:00 (UTC)'],
    ['MONDAY 9:00', '0 9 * * 1', 'UTC', 'every Monday at 09:00 (UTC)'],
    ['weekly friday 16:30', '30 16 * * 5', 'UTC', 'every Friday at 16:30 (UTC)'],
    ['fri 4:30pm', '30 16 * * 5', 'UTC', 'every Friday at 16:30 (UTC)'],
    ['fri 4:30 PM', '30 16 * * 5', 'UTC', 'every Friday at 16:30 (UTC)'],
    ['sun 12am', '0 0 * * 0', 'UTC', 'every Sunday at 00:00 (UTC)'],
    ['sun 12pm', '0 12 * * 0', 'UTC', 'every Sunday at 12:00 (UTC)'],
    ['daily 08:15', '15 8 * * *', 'UTC', 'every day at 08:15 (UTC)'],
    ['every day at 7:05', '5 7 * * *', 'UTC', 'every day at 07:05 (UTC)'],
    ['weekdays 09:00', '0 9 * * 1-5', 'UTC', 'every weekday at 09:00 (UTC)'],
    ['weekends 10:00', '0 10 * * 0,6', 'UTC', 'every Saturday and Sunday at 10:00 (UTC)'],
    ['tue,thu 10:00', '0 10 * * 2,4', 'UTC', 'every Tuesday and Thursday at 10:00 (UTC)'],
    ['mon, wed , fri 10:00', '0 10 * * 1,3,5', 'UTC', 'every Monday, Wednesday and Friday at 10:00 (UTC)'],
    ['9:00 mon', '0 9 * * 1', 'UTC', 'every Monday at 09:00 (UTC)'],
    [
      'mon 09:00 America/New_York',
      '0 9 * * 1',
      'America/New_York',
      'every Monday at 09:00 (America/New_York)',
    ],
    ['mon 09:00 europe/berlin', '0 9 * * 1', 'Europe/Berlin', 'every Monday at 09:00 (Europe/Berlin)'],
    ['mon 09:00 Asia/Kolkata', '0 9 * * 1', 'Asia/Kolkata', 'every Monday at 09:00 (Asia/Kolkata)'],
  ])('reads %j', (input, cron, tz, description) => {
    expect(parseWhen(input, 'UTC')).toEqual({ ok: true, spec: { cron, tz }, description });
  });

  it('uses the default zone when none is given', () => {
    expect(parseWhen('mon 09:00', 'Europe/Berlin')).toMatchObject({ spec: { tz: 'Europe/Berlin' } });
    expect(parseWhen('0 9 * * 1', 'Australia/Sydney')).toMatchObject({ spec: { tz: 'Australia/Sydney' } });
  });

  it.each([
    ['mon 25:00', 'hours go from 00 to 23'],
    ['mon 09:60', 'minutes go from 00 to 59'],
    ['mon 9:5', 'minutes need two digits, like 09:05'],
    ['mon 13:00pm', 'with am/pm, hours go from 1 to 12'],
    ['mon 9', '"9" isn\'t a time; write it as HH:MM, like 09:00 or 4:30pm'],
    ['mon', "there's no time in it"],
    ['09:00', 'it needs a day (or `daily`) before the time'],
    ['funday 09:00', '"funday" isn\'t a day; use mon…sun, daily or weekdays'],
    ['mon 09:00 Mars/Base', '"Mars/Base" isn\'t a time zone I know; use an IANA name like Europe/Berlin'],
    ['mon 09:00 Berlin', '"Berlin" isn\'t a time zone I know; use an IANA name like Europe/Berlin'],
    ['0 9 * * 1 Mars/Base', '"Mars/Base" isn\'t a time zone I know; use an IANA name like Europe/Berlin'],
    ['0 9 * *', 'a cron needs 5 fields (or 6 with seconds first), got 4'],
    ['0 9 * * Europe/Berlin', 'a cron needs 5 fields (or 6 with seconds first), got 4'],
    ['0 0 9 * * * 1', 'a cron needs 5 fields (or 6 with seconds first), got 7'],
    ['0 24 * * 1', 'hour 24 is out of range (0-23)'],
    ['60 9 * * 1', 'minute 60 is out of range (0-59)'],
    ['0 9 0 * *', 'day of month 0 is out of range (1-31)'],
    ['0 9 * 13 *', 'month 13 is out of range (1-12)'],
    ['0 9 * * 8', 'day of week 8 is out of range (0-7)'],
    ['0 9 * * L', 'day of week "L" isn\'t a number or a name'],
    ['0 9 * * 1#2', 'day of week "1#2" isn\'t a number, range (1-5), list (1,3) or step (*/15)'],
    ['0 9 * * 5-1', 'day of week range 5-1 runs backwards; write the smaller value first'],
    ['5/10 * * * *', 'minute step 5/10 needs * or a range before the /, like */15 or 0-30/15'],
    ['*/0 * * * *', 'minute step /0 is out of range (1-59)'],
    ['0 9 1,,2 * *', 'day of month "1,,2" isn\'t a number, range (1-5), list (1,3) or step (*/15)'],
    ['0 9 30 2 *', 'day of month 30 never happens in month 2'],
    ['0 9 1 * 1', 'give a day of month or a day of week, not both (put * in one of them)'],
  ])('rejects %j', (input, reason) => {
    expect(parseWhen(input, 'UTC')).toEqual({
      ok: false,
      error: `Couldn't read "${input.trim()}": ${reason}. ${TRY}`,
    });
  });

  it('rejects empty and overlong input without echoing all of it', () => {
    expect(parseWhen('   ', 'UTC')).toEqual({ ok: false, error: `Say when. ${TRY}` });
    const long = parseWhen(`mon ${'x'.repeat(300)}`, 'UTC');
    expect(long).toEqual({
      ok: false,
      error: `Couldn't read "mon ${'x'.repeat(56)}…": that is too long for a schedule. ${TRY}`,
    });
  });

  it('rejects an invalid default zone rather than storing it', () => {
    expect(parseWhen('mon 09:00', 'Mars/Base')).toMatchObject({ ok: false });
    expect(parseWhen('mon 09:00 UTC', 'Mars/Base')).toMatchObject({ ok: true, spec: { tz: 'UTC' } });
  });
});

describe('validateCron', () => {
  it.each([
    DEFAULT_CRON,
    '*/10 * * * * *',
    '0-30/10 9-17 * * 1-5',
    '0 9 * * MON-FRI',
    '0 9 * * sun,sat',
    '0 9 * * 0,7',
    '0 0 1 JAN,jul *',
    '0 0 29 2 *',
    '0 9 31 * *',
    '00 09 * * 01',
  ])('accepts %j', (expr) => {
    expect(validateCron(expr)).toBeUndefined();
  });

  it.each([
    ['', 'a cron needs 5 fields (or 6 with seconds first), got 0'],
    ['@weekly', 'a cron needs 5 fields (or 6 with seconds first), got 1'],
    ['0 9 * * 1 2 3', 'a cron needs 5 fields (or 6 with seconds first), got 7'],
    ['0 9 31 4,6 *', 'day of month 31 never happens in month 4,6'],
    ['0 9 ? * 1', 'day of month "?" isn\'t a number, range (1-5), list (1,3) or step (*/15)'],
    ['0 9 * * mon/2', 'day of week step mon/2 needs * or a range before the /, like */15 or 0-30/15'],
    ['0 9 * * funday', 'day of week "funday" isn\'t a number or a name'],
    ['0 9 * JAN-DEC/12 *', 'month step /12 is out of range (1-11)'],
    ['0\t9 * * 1', 'a cron needs 5 fields (or 6 with seconds first), got 4'],
  ])('rejects %j: %s', (expr, reason) => {
    expect(validateCron(expr)).toBe(reason);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Berlin', true],
    ['europe/berlin', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Etc/GMT+5', true],
    ['Mars/Base', false],
    ['', false],
    ['+05:30', false],
    ['Berlin', false],
  ])('%j → %s', (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid);
  });
});

describe('nextSlot', () => {
  it.each([
    // weekly, UTC, Berlin winter (+01) and summer (+02), Kolkata (+05:30), Sydney summer (+11) and winter (+10)
    ['0 9 * * 1', 'UTC', '2026-11-25T12:00:00Z', ['2026-11-30T09:00:00.000Z', '2026-12-07T09:00:00.000Z']],
    [
      '0 9 * * 1',
      'Europe/Berlin',
      '2026-11-25T12:00:00Z',
      ['2026-11-30T08:00:00.000Z', '2026-12-07T08:00:00.000Z'],
    ],
    [
      '0 9 * * 1',
      'Europe/Berlin',
      '2026-07-01T00:00:00Z',
      ['2026-07-06T07:00:00.000Z', '2026-07-13T07:00:00.000Z'],
    ],
    [
      '0 9 * * 1',
      'Asia/Kolkata',
      '2026-11-25T00:00:00Z',
      ['2026-11-30T03:30:00.000Z', '2026-12-07T03:30:00.000Z'],
    ],
    [
      '0 9 * * 1',
      'Australia/Sydney',
      '2026-01-01T00:00:00Z',
      ['2026-01-04T22:00:00.000Z', '2026-01-11T22:00:00.000Z'],
    ],
    [
      '0 9 * * 1',
      'Australia/Sydney',
      '2026-07-01T00:00:00Z',
      ['2026-07-05T23:00:00.000Z', '2026-07-12T23:00:00.000Z'],
    ],
    // daily, New York summer (-04) and winter (-05)
    [
      '15 8 * * *',
      'America/New_York',
      '2026-07-01T00:00:00Z',
      ['2026-07-01T12:15:00.000Z', '2026-07-02T12:15:00.000Z'],
    ],
    [
      '15 8 * * *',
      'America/New_York',
      '2026-01-15T00:00:00Z',
      ['2026-01-15T13:15:00.000Z', '2026-01-16T13:15:00.000Z'],
    ],
    // weekdays: Friday 10:00 → Monday, then Tuesday
    [
      '0 9 * * 1-5',
      'America/New_York',
      '2026-07-03T14:00:00Z',
      ['2026-07-06T13:00:00.000Z', '2026-07-07T13:00:00.000Z'],
    ],
    // seconds
    [
      '*/10 * * * * *',
      'UTC',
      '2026-11-30T09:00:05Z',
      ['2026-11-30T09:00:10.000Z', '2026-11-30T09:00:20.000Z'],
    ],
    [
      '*/10 * * * * *',
      'UTC',
      '2026-11-30T09:00:55.500Z',
      ['2026-11-30T09:01:00.000Z', '2026-11-30T09:01:10.000Z'],
    ],
    [
      '*/10 * * * * *',
      'Asia/Kolkata',
      '2026-11-30T09:00:05Z',
      ['2026-11-30T09:00:10.000Z', '2026-11-30T09:00:20.000Z'],
    ],
    // 29 February only happens in leap years
    ['0 0 29 2 *', 'UTC', '2026-01-01T00:00:00Z', ['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']],
  ])('%s in %s after %s', (cron, tz, from, expected) => {
    expect(slots({ cron, tz }, from, 2)).toEqual(expected);
  });

  it('is strictly after its argument, to the millisecond', () => {
    const spec = { cron: '0 9 * * 1', tz: 'UTC' };
    expect(nextSlot(spec, new Date('2026-11-30T08:59:59.999Z')).toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
    expect(nextSlot(spec, new Date('2026-11-30T09:00:00.000Z')).toISOString()).toBe(
      '2026-12-07T09:00:00.000Z',
    );
  });

  it('throws on a cron that was never valid', () => {
    expect(() => nextSlot({ cron: '0 25 * * *', tz: 'UTC' }, new Date('2026-01-01T00:00:00Z'))).toThrow(
      /hour/,
    );
  });
});

describe('DST', () => {
  describe('spring forward: a wall time in the gap moves to the end of the gap', () => {
    it('America/New_York, Sunday 02:30 on 2026-03-08 → 03:00 EDT, then 02:30 again', () => {
      expect(slots({ cron: '30 2 * * 0', tz: 'America/New_York' }, '2026-02-25T00:00:00Z', 3)).toEqual([
        '2026-03-01T07:30:00.000Z', // 02:30 EST
        '2026-03-08T07:00:00.000Z', // 03:00 EDT (02:30 does not exist)
        '2026-03-15T06:30:00.000Z', // 02:30 EDT
      ]);
    });

    it('Europe/Berlin, Sunday 02:30 on 2026-03-29 → 03:00 CEST, then 02:30 again', () => {
      expect(slots({ cron: '30 2 * * 0', tz: 'Europe/Berlin' }, '2026-03-20T00:00:00Z', 3)).toEqual([
        '2026-03-22T01:30:00.000Z', // 02:30 CET
        '2026-03-29T01:00:00.000Z', // 03:00 CEST
        '2026-04-05T00:30:00.000Z', // 02:30 CEST
      ]);
    });

    it('Australia/Sydney, Sunday 02:30 on 2026-10-04 → 03:00 AEDT', () => {
      expect(slots({ cron: '30 2 * * 0', tz: 'Australia/Sydney' }, '2026-09-20T00:00:00Z', 3)).toEqual([
        '2026-09-26T16:30:00.000Z', // 02:30 AEST
        '2026-10-03T16:00:00.000Z', // 03:00 AEDT
        '2026-10-10T15:30:00.000Z', // 02:30 AEDT
      ]);
    });

    it('a sub-hour cron gives one slot at 03:00 for the whole gap', () => {
      expect(slots({ cron: '*/20 * * * *', tz: 'America/New_York' }, '2026-03-08T06:30:00Z', 3)).toEqual([
        '2026-03-08T06:40:00.000Z', // 01:40 EST
        '2026-03-08T07:00:00.000Z', // 03:00 EDT stands for 02:00, 02:20, 02:40 and 03:00
        '2026-03-08T07:20:00.000Z', // 03:20 EDT
      ]);
    });
  });

  describe('fall back: a repeated wall time is due once, at its first occurrence', () => {
    it('America/New_York, Sunday 01:30 on 2026-11-01 → 01:30 EDT only', () => {
      const spec = { cron: '30 1 * * 0', tz: 'America/New_York' };
      expect(slots(spec, '2026-10-20T00:00:00Z', 3)).toEqual([
        '2026-10-25T05:30:00.000Z', // 01:30 EDT
        '2026-11-01T05:30:00.000Z', // 01:30 EDT, not 01:30 EST (06:30Z)
        '2026-11-08T06:30:00.000Z', // 01:30 EST
      ]);
      // Asked from inside the repeated hour, the second 01:30 is not a slot either.
      expect(nextSlot(spec, new Date('2026-11-01T06:10:00Z')).toISOString()).toBe('2026-11-08T06:30:00.000Z');
    });

    it('Europe/Berlin, Sunday 02:30 on 2026-10-25 → 02:30 CEST only', () => {
      expect(slots({ cron: '30 2 * * 0', tz: 'Europe/Berlin' }, '2026-10-20T00:00:00Z', 2)).toEqual([
        '2026-10-25T00:30:00.000Z', // 02:30 CEST
        '2026-11-01T01:30:00.000Z', // 02:30 CET
      ]);
    });

    it('Australia/Sydney, Sunday 02:30 on 2026-04-05 → 02:30 AEDT only', () => {
      expect(slots({ cron: '30 2 * * 0', tz: 'Australia/Sydney' }, '2026-03-30T00:00:00Z', 2)).toEqual([
        '2026-04-04T15:30:00.000Z', // 02:30 AEDT
        '2026-04-11T16:30:00.000Z', // 02:30 AEST
      ]);
    });

    it('a sub-hour cron fires for the first 01:xx only, then from 02:00 EST', () => {
      expect(slots({ cron: '*/20 * * * *', tz: 'America/New_York' }, '2026-11-01T05:30:00Z', 3)).toEqual([
        '2026-11-01T05:40:00.000Z', // 01:40 EDT
        '2026-11-01T07:00:00.000Z', // 02:00 EST; 01:00–01:40 EST were already shown once
        '2026-11-01T07:20:00.000Z',
      ]);
    });
  });

  it.each([
    ['30 2 * * 0', 52], // Sundays at 02:30: meets the March gap
    ['30 1 * * 0', 52], // Sundays at 01:30: meets the November repeat
    ['0 9 * * 4', 53], // Thursdays: 2026 starts and ends on one
  ])('a year of %s in America/New_York: one slot per ISO week', (cron, count) => {
    const tz = 'America/New_York';
    const all = slotsBetween({ cron, tz }, '2026-01-01T05:00:00Z', '2027-01-01T05:00:00Z');
    expect(all).toHaveLength(count);
    expect(new Set(all.map((d) => isoWeek(localDate(d, tz)))).size).toBe(count);
    for (const [i, d] of all.entries()) {
      const previous = all[i - 1];
      if (previous) expect(d.getTime() - previous.getTime()).toBeGreaterThan(6 * DAY);
    }
  });

  it('a year of daily 02:30 in America/New_York: every local date exactly once', () => {
    const tz = 'America/New_York';
    const all = slotsBetween({ cron: '30 2 * * *', tz }, '2026-01-01T05:00:00Z', '2027-01-01T05:00:00Z');
    expect(all).toHaveLength(365);
    expect(new Set(all.map((d) => localDate(d, tz))).size).toBe(365);
    const moved = all.filter((d) => localTime(d, tz) !== '02:30');
    expect(moved.map((d) => [d.toISOString(), localTime(d, tz)])).toEqual([
      ['2026-03-08T07:00:00.000Z', '03:00'],
    ]);
  });
});

describe('dueSlot', () => {
  const spec = { cron: '0 9 * * 1', tz: 'Europe/Berlin' };
  const slot = new Date('2026-11-30T08:00:00Z'); // Monday 09:00 CET
  const since = new Date('2026-11-01T00:00:00Z');
  const catchupMs = 6 * HOUR;
  const at = (iso: string) => new Date(iso);

  it('is null before the first slot', () => {
    expect(
      dueSlot(spec, {
        now: at('2026-11-30T07:59:59.999Z'),
        since,
        lastSlot: at('2026-11-23T08:00:00Z'),
        catchupMs,
      }),
    ).toBeNull();
  });

  it('gives the slot on time, and late once more than 1.5 s have passed', () => {
    expect(dueSlot(spec, { now: at('2026-11-30T08:00:00.200Z'), since, catchupMs })).toEqual({
      slot,
      late: false,
    });
    expect(dueSlot(spec, { now: at('2026-11-30T08:00:01.500Z'), since, catchupMs })).toEqual({
      slot,
      late: false,
    });
    expect(dueSlot(spec, { now: at('2026-11-30T08:00:01.501Z'), since, catchupMs })).toEqual({
      slot,
      late: true,
    });
  });

  it('catches up within the window, and skips older slots', () => {
    expect(dueSlot(spec, { now: at('2026-11-30T14:00:00Z'), since, catchupMs })).toEqual({
      slot,
      late: true,
    });
    expect(dueSlot(spec, { now: at('2026-11-30T14:00:00.001Z'), since, catchupMs })).toEqual({
      skipped: slot,
    });
  });

  it('never gives a claimed slot again', () => {
    const lastSlot = slot;
    for (const now of ['2026-11-30T08:00:00.200Z', '2026-11-30T14:00:00Z', '2026-12-07T07:59:59.999Z']) {
      expect(dueSlot(spec, { now: at(now), since, lastSlot, catchupMs })).toBeNull();
    }
    expect(dueSlot(spec, { now: at('2026-12-07T08:00:00Z'), since, lastSlot, catchupMs })).toEqual({
      slot: at('2026-12-07T08:00:00Z'),
      late: false,
    });
  });

  it('respects since: a slot at or before it is never due', () => {
    const now = at('2026-11-30T08:00:10Z');
    expect(dueSlot(spec, { now, since: slot, catchupMs })).toBeNull();
    expect(dueSlot(spec, { now, since: at('2026-11-30T08:00:05Z'), catchupMs })).toBeNull();
    expect(dueSlot(spec, { now, since: at('2026-11-30T07:59:59Z'), catchupMs })).toEqual({
      slot,
      late: true,
    });
    // since after lastSlot wins (a schedule set again after it last posted)
    expect(dueSlot(spec, { now, since: slot, lastSlot: at('2026-11-23T08:00:00Z'), catchupMs })).toBeNull();
  });

  it('after a restart gives only the latest missed slot, then nothing', () => {
    const lastSlot = at('2026-11-30T08:00:00Z');
    const now = at('2026-12-14T08:00:30Z'); // down over 7 and 14 December
    const due = dueSlot(spec, { now, since, lastSlot, catchupMs });
    expect(due).toEqual({ slot: at('2026-12-14T08:00:00Z'), late: true });
    expect(dueSlot(spec, { now, since, lastSlot: at('2026-12-14T08:00:00Z'), catchupMs })).toBeNull();
    // a restart after the slot was skipped does not bring it back either
    const later = at('2026-12-14T20:00:00Z');
    expect(dueSlot(spec, { now: later, since, lastSlot, catchupMs })).toEqual({
      skipped: at('2026-12-14T08:00:00Z'),
    });
    expect(dueSlot(spec, { now: later, since, lastSlot: at('2026-12-14T08:00:00Z'), catchupMs })).toBeNull();
  });

  it('is due once at a spring-forward gap and once at a fall-back repeat', () => {
    const gap = { cron: '30 2 * * 0', tz: 'America/New_York' };
    const march = at('2026-03-01T00:00:00Z');
    const before = at('2026-03-01T07:30:00Z'); // the Sunday before, 02:30 EST, claimed
    const moved = at('2026-03-08T07:00:00Z'); // 03:00 EDT
    expect(
      dueSlot(gap, { now: at('2026-03-08T06:59:59.999Z'), since: march, lastSlot: before, catchupMs }),
    ).toBeNull();
    expect(
      dueSlot(gap, { now: at('2026-03-08T07:00:00.400Z'), since: march, lastSlot: before, catchupMs }),
    ).toEqual({
      slot: moved,
      late: false,
    });
    expect(
      dueSlot(gap, { now: at('2026-03-08T07:30:00Z'), since: march, lastSlot: moved, catchupMs }),
    ).toBeNull();

    const repeat = { cron: '30 1 * * 0', tz: 'America/New_York' };
    const first = at('2026-11-01T05:30:00Z'); // 01:30 EDT
    expect(dueSlot(repeat, { now: at('2026-11-01T05:30:00.100Z'), since, catchupMs })).toEqual({
      slot: first,
      late: false,
    });
    // 01:30 EST (06:30Z): the wall clock shows 01:30 again, but it is not a new slot
    expect(
      dueSlot(repeat, { now: at('2026-11-01T06:30:00.100Z'), since, lastSlot: first, catchupMs }),
    ).toBeNull();
  });

  it('is quick after a long downtime, for a seconds cron and for a weekly one', () => {
    const seconds = { cron: '* * * * * *', tz: 'Europe/Berlin' };
    const weekly = { cron: '0 9 * * 1', tz: 'America/New_York' };
    const now = at('2026-11-30T08:00:00.500Z');
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      expect(dueSlot(seconds, { now, since, lastSlot: at('2026-11-20T00:00:00Z'), catchupMs })).toEqual({
        slot: at('2026-11-30T08:00:00Z'),
        late: false,
      });
      expect(
        dueSlot(weekly, {
          now,
          since: at('2025-01-01T00:00:00Z'),
          lastSlot: at('2025-11-24T14:00:00Z'),
          catchupMs,
        }),
      ).toEqual({
        skipped: at('2026-11-23T14:00:00Z'),
      });
    }
    expect((performance.now() - started) / 100).toBeLessThan(5);
  });
});

describe('describeSchedule and formatInZone', () => {
  it('describes', () => {
    expect(describeSchedule({ cron: '0 9 * * 1', tz: 'Europe/Berlin' })).toBe(
      'every Monday at 09:00 (Europe/Berlin)',
    );
    expect(describeSchedule({ cron: '0 9 * * 1,3,5', tz: 'UTC' })).toBe(
      'every Monday, Wednesday and Friday at 09:00 (UTC)',
    );
    expect(describeSchedule({ cron: '0 9 * * SUN', tz: 'UTC' })).toBe('every Sunday at 09:00 (UTC)');
    expect(describeSchedule({ cron: '0 9-17 * * *', tz: 'UTC' })).toBe(
      'on the cron schedule `0 9-17 * * *` (UTC)',
    );
  });

  it('formats in the zone', () => {
    expect(formatInZone(new Date('2026-11-30T08:00:00Z'), 'Europe/Berlin')).toBe(
      'Mon 30 Nov 2026, 09:00 Europe/Berlin',
    );
    expect(formatInZone(new Date('2026-09-26T16:30:00Z'), 'Australia/Sydney')).toBe(
      'Sun 27 Sep 2026, 02:30 Australia/Sydney',
    );
    expect(formatInZone(new Date('2026-11-30T09:00:10Z'), 'Asia/Kolkata')).toBe(
      'Mon 30 Nov 2026, 14:30:10 Asia/Kolkata',
    );
    expect(formatInZone(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('Thu 1 Jan 2026, 00:00 UTC');
  });
});

describe('compiled crons', () => {
  it('keeps 10,000 distinct crons compiled: the first is still the same compiled value after the rest', () => {
    const crons = Array.from(
      { length: 10_000 },
      (_, i) => `${i % 60} ${Math.floor(i / 60) % 24} * * ${Math.floor(i / 1440) % 7}`,
    );
    const first = cronOf(crons[0] as string);
    for (const c of crons) cronOf(c);
    expect(cronOf(crons[0] as string)).toBe(first);
  });
});

describe('offsets in zones with odd offsets and far dates', () => {
  it('finds the slot in a zone 5:45 ahead, and in one 9:30 behind, and in the year 2100', () => {
    expect(
      nextSlot({ cron: '0 9 * * *', tz: 'Asia/Kathmandu' }, new Date('2026-11-29T00:00:00Z')).toISOString(),
    ).toBe('2026-11-29T03:15:00.000Z');
    expect(
      nextSlot(
        { cron: '0 9 * * *', tz: 'Pacific/Marquesas' },
        new Date('2026-11-29T00:00:00Z'),
      ).toISOString(),
    ).toBe('2026-11-29T18:30:00.000Z');
    expect(
      nextSlot({ cron: '0 9 1 1 *', tz: 'Europe/Berlin' }, new Date('2099-12-31T00:00:00Z')).toISOString(),
    ).toBe('2100-01-01T08:00:00.000Z');
  });
});
