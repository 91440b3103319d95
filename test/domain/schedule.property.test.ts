import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { validate as nodeCronValidate } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { validateCron } from '../../src/domain/schedule/cron.js';
import { parseWhen } from '../../src/domain/schedule/parse.js';
import { dueSlot, nextSlot } from '../../src/domain/schedule/slots.js';
import { isValidTimeZone } from '../../src/domain/schedule/zone.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Australia/Lord_Howe', // 30-minute DST
  'America/Santiago', // southern DST with midnight changes
];
const DAY_SHORT = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH_SHORT = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// --- cron text, valid and not -------------------------------------------------------------------

/** Mostly in-range values, some out of range, some syntax node-cron has and we refuse, some junk. */
const item = (min: number, max: number, names: readonly string[] = []) => {
  const inRange = fc.integer({ min, max }).map(String);
  const n = fc.oneof(
    { arbitrary: inRange, weight: 6 },
    { arbitrary: fc.integer({ min: 0, max: max + 3 }).map(String), weight: 1 },
  );
  const value = names.length
    ? fc.oneof({ arbitrary: n, weight: 3 }, { arbitrary: fc.constantFrom(...names), weight: 1 })
    : n;
  return fc.oneof(
    { arbitrary: fc.constant('*'), weight: 2 },
    { arbitrary: value, weight: 4 },
    { arbitrary: fc.tuple(value, value).map(([a, b]) => `${a}-${b}`), weight: 2 },
    {
      arbitrary: fc
        .tuple(value, value, fc.integer({ min: 0, max: max + 2 }))
        .map(([a, b, s]) => `${a}-${b}/${s}`),
      weight: 1,
    },
    { arbitrary: fc.integer({ min: 0, max: max + 2 }).map((s) => `*/${s}`), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        'L',
        '?',
        '5/10',
        '1#2',
        '2W',
        'L-2',
        '',
        '-',
        '*/',
        'x',
        '5L',
        '0x10',
        '１',
        '+1',
      ),
      weight: 1,
    },
  );
};
const field = (min: number, max: number, names?: readonly string[], maxItems = 3) =>
  fc.array(item(min, max, names), { minLength: 1, maxLength: maxItems }).map((parts) => parts.join(','));
/** Day of month and day of week are mostly `*`, so that enough generated crons are valid. */
const mostlyStar = (arb: fc.Arbitrary<string>) =>
  fc.oneof({ arbitrary: fc.constant('*'), weight: 3 }, { arbitrary: arb, weight: 1 });

const cronOf = (maxItems: number) =>
  fc
    .tuple(
      fc.option(field(0, 59, [], maxItems), { nil: undefined }),
      field(0, 59, [], maxItems),
      field(0, 23, [], maxItems),
      mostlyStar(field(1, 31, [], maxItems)),
      mostlyStar(field(1, 12, MONTH_SHORT, maxItems)),
      mostlyStar(field(0, 7, DAY_SHORT.concat(DAY_FULL), maxItems)),
    )
    .map(([s, ...rest]) => (s === undefined ? rest : [s, ...rest]).join(' '));
const cronText = cronOf(3);

const zoneToken = fc.constantFrom(
  '',
  ' UTC',
  ' utc',
  ' Europe/Berlin',
  ' asia/kolkata',
  ' Mars/Base',
  ' Berlin',
  ' +05:30',
);

// --- human forms ------------------------------------------------------------------------------------

const randomCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));

const dayWord = (d: number) =>
  fc.constantFrom(DAY_SHORT[d] ?? '', DAY_FULL[d] ?? '', `${DAY_FULL[d]}s`).chain(randomCase);

const human = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    twelveHour: fc.boolean(),
    padHour: fc.boolean(),
    prefix: fc.constantFrom('', 'weekly ', 'every ', 'on '),
    separator: fc.constantFrom(',', ', ', ' ', ' and ', ' , '),
    zone: fc.constantFrom(undefined, ...ZONES),
  })
  .chain((r) => fc.tuple(fc.constant(r), fc.tuple(...r.days.map(dayWord))));

type HumanForm = typeof human extends fc.Arbitrary<infer T> ? T : never;

function humanText([r, words]: HumanForm): string {
  const mm = String(r.minute).padStart(2, '0');
  let time: string;
  if (r.twelveHour) {
    const h = r.hour % 12 === 0 ? 12 : r.hour % 12;
    time = `${h}:${mm}${r.padHour ? ' ' : ''}${r.hour < 12 ? 'am' : 'PM'}`;
  } else {
    time = `${r.padHour ? String(r.hour).padStart(2, '0') : r.hour}:${mm}`;
  }
  return `${r.prefix}${words.join(r.separator)} ${time}${r.zone ? ` ${r.zone}` : ''}`;
}

function expectedDow(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return '*';
  return sorted.join() === '1,2,3,4,5' ? '1-5' : sorted.join(',');
}

// --- instants -----------------------------------------------------------------------------------

const anyInstant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
/** Instants within a few hours of a 2026 DST change in one of the zones. */
const nearChange = fc
  .tuple(
    fc.constantFrom(
      Date.UTC(2026, 2, 8, 7), // New York spring
      Date.UTC(2026, 10, 1, 6), // New York fall
      Date.UTC(2026, 2, 29, 1), // Berlin spring
      Date.UTC(2026, 9, 25, 1), // Berlin fall
      Date.UTC(2026, 3, 4, 16), // Sydney fall
      Date.UTC(2026, 9, 3, 16), // Sydney spring
      Date.UTC(2026, 3, 4, 15), // Lord Howe fall
      Date.UTC(2026, 9, 3, 15, 30), // Lord Howe spring
    ),
    fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
  )
  .map(([t, d]) => t + d);
const instant = fc.oneof(anyInstant, nearChange);

const SPECS = [
  '0 9 * * 1',
  '30 2 * * 0',
  '30 1 * * 0',
  '0 2 * * *',
  '45 1 * * *',
  '*/20 * * * *',
  '*/10 * * * * *',
  '15 8 * * 1-5',
  '0 0 29 2 *',
  '0 30 2 * * *',
].flatMap((cron) => ZONES.map((tz) => ({ cron, tz })));

describe('parseWhen properties', () => {
  it('never throws on arbitrary text', () => {
    const words = fc.constantFrom(
      'mon',
      '09:00',
      '*',
      '0',
      '*/5',
      'pm',
      'Europe/Berlin',
      'weekly',
      ',',
      '25:99',
      'Mars/Base',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(words, { maxLength: 12 }).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const r = parseWhen(t, 'UTC');
        expect(typeof (r.ok ? r.description : r.error)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts only crons node-cron accepts, in zones Intl knows', () => {
    let accepted = 0;
    fc.assert(
      fc.property(cronText, zoneToken, (cron, zone) => {
        const r = parseWhen(`${cron}${zone}`, 'Europe/Berlin');
        if (!r.ok) {
          expect(r.error).toMatch(/^Couldn't read ".*": .+\. Try `mon 09:00`/s);
          return;
        }
        accepted++;
        expect(isValidTimeZone(r.spec.tz)).toBe(true);
        expect(nodeCronValidate(r.spec.cron)).toBe(true);
        expect(validateCron(r.spec.cron)).toBeUndefined();
        // the normalised spec reads back as itself
        expect(parseWhen(`${r.spec.cron} ${r.spec.tz}`, 'UTC')).toMatchObject({ ok: true, spec: r.spec });
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(200); // about 11% of the generated crons are valid
  });

  it('validateCron accepts only what node-cron validate accepts, whatever the spacing', () => {
    const spaced = fc
      .tuple(cronText, fc.constantFrom(' ', '  ', '\t', ' \n'), fc.constantFrom('', ' ', '\t'))
      .map(([c, sep, edge]) => `${edge}${c.replaceAll(' ', sep)}${edge}`);
    fc.assert(
      fc.property(spaced, (expr) => {
        if (validateCron(expr) === undefined) expect(nodeCronValidate(expr)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every spelling of day(s) and time as the expected cron', () => {
    fc.assert(
      fc.property(human, (h) => {
        const [r] = h;
        const text = humanText(h);
        expect(parseWhen(text, 'UTC')).toMatchObject({
          ok: true,
          spec: { cron: `${r.minute} ${r.hour} * * ${expectedDow(r.days)}`, tz: r.zone ?? 'UTC' },
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('reads daily, weekdays and weekends', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(['daily', '*'], ['every day', '*'], ['weekdays', '1-5'], ['weekends', '0,6']),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        ([words, dow], hour, minute) => {
          const text = `${words} ${hour}:${String(minute).padStart(2, '0')}`;
          expect(parseWhen(text, 'UTC')).toMatchObject({
            ok: true,
            spec: { cron: `${minute} ${hour} * * ${dow}` },
          });
        },
      ),
    );
  });
});

describe('slot properties', () => {
  it('nextSlot is strictly later, monotonic, and leaves no slot in between', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SPECS),
        instant,
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (spec, t, dt) => {
          const n = nextSlot(spec, new Date(t));
          expect(n.getTime()).toBeGreaterThan(t);
          expect(nextSlot(spec, new Date(t + dt)).getTime()).toBeGreaterThanOrEqual(n.getTime());
          // nothing due in (t, n), and n itself is the latest slot once it comes
          const o = { since: new Date(t), catchupMs: Number.POSITIVE_INFINITY };
          expect(dueSlot(spec, { ...o, now: new Date(n.getTime() - 1) })).toBeNull();
          expect(dueSlot(spec, { ...o, now: n })).toEqual({ slot: n, late: false });
          expect(nextSlot(spec, new Date(n.getTime() - 1))).toEqual(n);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with cron-parser where there is no DST (UTC, Asia/Kolkata)', () => {
    const valid = cronOf(2).filter((c) => validateCron(c) === undefined);
    let compared = 0;
    fc.assert(
      fc.property(valid, fc.constantFrom('UTC', 'Asia/Kolkata'), anyInstant, (cron, tz, t) => {
        let theirs: Date;
        try {
          // cron-parser knows only three-letter day names
          const short = cron.replace(/(sun|mon|tues|wednes|thurs|fri|satur)day/gi, (d) => d.slice(0, 3));
          theirs = CronExpressionParser.parse(short, { currentDate: new Date(t), tz })
            .next()
            .toDate();
        } catch {
          return; // cron-parser refuses lists with repeated values (*/23,3-24/21; 0,7) that node-cron takes
        }
        expect(nextSlot({ cron, tz }, new Date(t)).toISOString()).toBe(theirs.toISOString());
        compared++;
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(1000);
  });
});
