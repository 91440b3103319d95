/**
 * How often a schedule posts (MIN_SCHEDULE_INTERVAL): the shortest gap between consecutive slots, on the schedule's
 * own clock, so daylight saving neither refuses a daily schedule nor lets a twice-daily one through.
 */
import { describe, expect, it } from 'vitest';
import { everyText, onceEvery } from '../../src/domain/schedule/describe.js';
import { GAP_MAX_SLOTS, respectsInterval, shortestGap } from '../../src/domain/schedule/interval.js';
import { nextSlot } from '../../src/domain/schedule/slots.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);

describe('shortestGap', () => {
  it.each([
    ['* * * * * *', 'UTC', SECOND],
    ['*/5 * * * *', 'UTC', 5 * 60 * SECOND],
    ['0 * * * *', 'UTC', HOUR],
    ['0 9,21 * * *', 'Europe/Berlin', 12 * HOUR],
    ['0 0,23 * * 1', 'UTC', 23 * HOUR],
    ['0 9 * * 1,2', 'America/New_York', DAY],
    ['30 8 * * 1-5', 'Asia/Kolkata', DAY],
    ['0 9 * * 1', 'Europe/Berlin', 7 * DAY],
    ['0 9 1 * *', 'UTC', 28 * DAY],
  ])('%s in %s', (cron, tz, gap) => {
    expect(shortestGap({ cron, tz }, at('2026-11-29T12:00:00Z'))).toBe(gap);
  });

  it('a Monday at 00:00 and 23:00 is twice within a day, however long the week between', () => {
    const spec = { cron: '0 0,23 * * 1', tz: 'UTC' };
    expect(respectsInterval(spec, DAY, at('2026-11-29T12:00:00Z'))).toBe(false);
    expect(respectsInterval({ cron: '0 0 * * 1,2', tz: 'UTC' }, DAY, at('2026-11-29T12:00:00Z'))).toBe(true);
  });

  it('daily is daily across daylight saving, though the posts are 23 hours apart that day', () => {
    const spec = { cron: '0 9 * * *', tz: 'Europe/Berlin' };
    const saturday = nextSlot(spec, at('2026-03-28T00:00:00Z'));
    const sunday = nextSlot(spec, saturday);
    expect(sunday.getTime() - saturday.getTime()).toBe(23 * HOUR); // the real gap on 29 March 2026
    expect(shortestGap(spec, at('2026-03-20T00:00:00Z'))).toBe(DAY);
    expect(respectsInterval(spec, DAY, at('2026-03-20T00:00:00Z'))).toBe(true);
  });

  it('a time inside the spring-forward gap does not make the next day "sooner than a day"', () => {
    // 02:30 does not exist on 29 March 2026 in Berlin: posted at 03:00 CEST, then 02:30 CEST the next day.
    const spec = { cron: '30 2 * * *', tz: 'Europe/Berlin' };
    const moved = nextSlot(spec, at('2026-03-28T12:00:00Z'));
    const next = nextSlot(spec, moved);
    expect(next.getTime() - moved.getTime()).toBe(23.5 * HOUR);
    expect(respectsInterval(spec, DAY, at('2026-03-20T00:00:00Z'))).toBe(true);
  });

  it('is the same for a cron whatever its zone and whatever the date it is set on', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'];
    const dates = [
      '2026-01-01T00:00:00Z',
      '2026-03-28T23:59:59Z',
      '2026-10-25T00:30:00Z',
      '2027-02-28T12:00:00Z',
    ];
    for (const cron of ['0 9 * * *', '0 9,21 * * *', '30 2 * * 1-5', '0 9 29 2 *']) {
      const gaps = zones.flatMap((tz) => dates.map((d) => shortestGap({ cron, tz }, at(d))));
      expect(new Set(gaps).size, cron).toBe(1);
    }
  });

  it('a cron that fires at most once in a year has no gap to hold against it', () => {
    expect(shortestGap({ cron: '0 9 29 2 *', tz: 'UTC' }, at('2026-03-01T00:00:00Z'))).toBeUndefined();
    expect(respectsInterval({ cron: '0 9 29 2 *', tz: 'UTC' }, DAY, at('2026-03-01T00:00:00Z'))).toBe(true);
  });

  it(`looks at no more than ${GAP_MAX_SLOTS} slots, so an every-second cron is judged at once`, () => {
    const started = performance.now();
    expect(shortestGap({ cron: '* * * * * *', tz: 'Europe/Berlin' }, at('2026-11-29T12:00:00Z'))).toBe(
      SECOND,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('durations in words', () => {
  it.each([
    [SECOND, 'every second', 'once a second'],
    [5 * 60 * SECOND, 'every 5 minutes', 'once every 5 minutes'],
    [HOUR, 'every hour', 'once an hour'],
    [90 * 60 * SECOND, 'every 1 hour 30 minutes', 'once every 1 hour 30 minutes'],
    [DAY, 'every day', 'once a day'],
    [7 * DAY, 'every 7 days', 'once every 7 days'],
  ])('%d ms', (ms, every, once) => {
    expect(everyText(ms)).toBe(every);
    expect(onceEvery(ms)).toBe(once);
  });
});
