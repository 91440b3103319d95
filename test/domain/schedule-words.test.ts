/**
 * What people type after `schedule` that is not a plain day and time: time-zone abbreviations (refused, with the
 * zones they usually mean), "every 5 minutes" (read as an interval, which the command then holds to the floor),
 * and errors that show each example once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZONE_ABBREVIATIONS } from '../../src/domain/schedule/abbreviations.js';
import { DAY_NAMES } from '../../src/domain/schedule/cron.js';
import { parseWhen } from '../../src/domain/schedule/parse.js';
import { isValidTimeZone } from '../../src/domain/schedule/zone.js';

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

describe('time-zone abbreviations', () => {
  it.each([
    ['mon 09:00 EST', 'America/New_York'],
    ['mon 09:00 est', 'America/New_York'],
    ['weekdays 8:30am PST', 'America/Los_Angeles'],
    ['daily 07:00 CET', 'Europe/Berlin'],
    ['fri 16:00 BST', 'Europe/London'],
    ['tue 10:00 IST', 'Asia/Kolkata'],
    ['0 9 * * 1 EST', 'America/New_York'],
    ['0 0 9 * * 1 AEST', 'Australia/Sydney'],
    ['mon 09:00 GMT', 'Europe/London'],
  ])('%s is refused, pointing at %s', (input, zone) => {
    const r = parseWhen(input, 'UTC');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const abbreviation = input.split(' ').at(-1) ?? '';
    expect(r.error).toContain(`"${abbreviation}" is an abbreviation`);
    expect(r.error).toContain(`\`schedule ${input.replace(/ \S+$/, '')} ${zone}\``);
  });

  it('names only real IANA zones, each of which is accepted as a schedule zone', () => {
    for (const [abbreviation, zones] of ZONE_ABBREVIATIONS) {
      for (const zone of zones) {
        const name = zone.split(' ')[0] ?? '';
        expect(isValidTimeZone(name), `${abbreviation}: ${name}`).toBe(true);
        expect(parseWhen(`mon 09:00 ${name}`, 'UTC'), `${abbreviation}: ${name}`).toMatchObject({ ok: true });
      }
    }
  });

  it('holds no day or month name, so a cron with names is never mistaken for one', () => {
    const names = [...DAY_NAMES.map((d) => d.slice(0, 3).toLowerCase()), ...MONTHS];
    expect([...ZONE_ABBREVIATIONS.keys()].filter((a) => names.includes(a))).toEqual([]);
    expect(parseWhen('0 9 * * MON', 'UTC')).toMatchObject({ ok: true });
    expect(parseWhen('0 9 1 JAN *', 'UTC')).toMatchObject({ ok: true });
    expect(parseWhen('mon 09:00 UTC', 'UTC')).toMatchObject({ ok: true, spec: { tz: 'UTC' } });
  });
});

describe('intervals', () => {
  it.each([
    ['every 5 minutes', '*/5 * * * *'],
    ['every 5 min', '*/5 * * * *'],
    ['every minute', '* * * * *'],
    ['every 30 seconds', '*/30 * * * * *'],
    ['every 30s', '*/30 * * * * *'],
    ['every hour', '0 * * * *'],
    ['hourly', '0 * * * *'],
    ['every 2 hours', '0 */2 * * *'],
    ['every 60 minutes', '0 * * * *'],
    ['every 24 hours', '0 0 * * *'],
    ['every 5 minutes Europe/Berlin', '*/5 * * * *'],
  ])('%s → %s', (input, cron) => {
    expect(parseWhen(input, 'UTC')).toMatchObject({ ok: true, spec: { cron } });
  });

  it('says why an uneven interval cannot be a schedule, never that a unit is not a time zone', () => {
    const r = parseWhen('every 7 minutes', 'UTC');
    expect(r).toMatchObject({ ok: false });
    if (r.ok) return;
    expect(r.error).toContain(
      "every 7 minutes doesn't divide the hour evenly; use 2, 3, 4, 5, 6, 10, 12, 15, 20, 30",
    );
    for (const input of ['every 5 minutes', 'every 90 minutes', 'every 5 hours', '5 minutes']) {
      const p = parseWhen(input, 'UTC');
      expect(p.ok ? '' : p.error, input).not.toContain('time zone');
    }
  });

  it('leaves days and times alone', () => {
    expect(parseWhen('every day at 7:05', 'UTC')).toMatchObject({ ok: true, spec: { cron: '5 7 * * *' } });
    expect(parseWhen('every monday 9am', 'UTC')).toMatchObject({ ok: true, spec: { cron: '0 9 * * 1' } });
  });
});

describe('errors', () => {
  it('show each example once, whatever was typed', () => {
    const words = fc.constantFrom(
      'someday',
      'mon',
      'daily',
      '09:00',
      '25:00',
      'every',
      'x',
      '*',
      '0',
      'EST',
      'at',
    );
    fc.assert(
      fc.property(fc.array(words, { minLength: 1, maxLength: 5 }), (parts) => {
        const r = parseWhen(parts.join(' '), 'UTC');
        if (r.ok) return;
        const examples = [...r.error.matchAll(/`[^`]+`/g)].map((m) => m[0]);
        expect(new Set(examples).size, r.error).toBe(examples.length);
      }),
    );
  });
});
