/**
 * Properties of the slash-command parser: whatever Slack hands us as the command text, `parseCommand`
 * answers with one of the known kinds and never throws; valid commands survive being written out with any
 * spacing and keyword case and parsed again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Command,
  EXPORT_FORMATS,
  HISTORY_DEFAULT,
  HISTORY_MAX,
  parseCommand,
} from '../../src/domain/command.js';

const KINDS: ReadonlySet<Command['kind']> = new Set([
  'help',
  'now',
  'next',
  'suggest',
  'library',
  'results',
  'history',
  'schedule',
  'unschedule',
  'pause',
  'resume',
  'export',
  'stats',
  'unknown',
  'invalid',
]);

/** Every sub-command word the parser knows (lower case). */
const KEYWORDS = new Set([
  'help',
  '?',
  'now',
  'next',
  'suggest',
  'library',
  'post',
  'results',
  'result',
  'history',
  'schedule',
  'unschedule',
  'pause',
  'resume',
  'export',
  'stats',
]);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whitespace as `String.prototype.trim` and `/\s+/` both see it (ASCII and Unicode spaces, line breaks). */
const SPACE = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\r\n');
const gap = fc.array(SPACE, { minLength: 1, maxLength: 3 }).map((s) => s.join(''));
const edge = fc.array(SPACE, { maxLength: 3 }).map((s) => s.join(''));

/** The same word in any mix of upper and lower case. */
const anyCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

/** Any text: printable, Unicode (including astral characters and lone surrogates), and command-like text. */
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc
    .tuple(
      edge,
      fc.constantFrom(...KEYWORDS),
      fc.array(fc.tuple(gap, fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 4 }),
      edge,
    )
    .map(([a, head, rest, z]) => `${a}${head}${rest.map(([g, w]) => g + w).join('')}${z}`),
);

/** A word with no whitespace in it (what `/\s+/` splits on), as a `schedule` argument would be. */
const token = fc.stringMatching(/^[A-Za-z0-9:*/,_+\-.]{1,12}$/);

/** A valid command, and text a person might type for it (any spacing, any case of the keywords). */
const validCommand: fc.Arbitrary<{ command: Command; text: fc.Arbitrary<string> }> = fc.oneof(
  fc.constantFrom('help', '?', '').map((w) => ({ command: { kind: 'help' } as Command, text: anyCase(w) })),
  fc.constantFrom('now', 'post').map((w) => ({ command: { kind: 'now' } as Command, text: anyCase(w) })),
  fc
    .constantFrom('results', 'result')
    .map((w) => ({ command: { kind: 'results' } as Command, text: anyCase(w) })),
  fc.integer({ min: 1, max: HISTORY_MAX }).map((limit) => ({
    command: { kind: 'history', limit } as Command,
    text: fc
      .tuple(anyCase('history'), gap, fc.integer({ min: 0, max: 3 }))
      .map(([h, g, zeros]) => `${h}${g}${'0'.repeat(zeros)}${limit}`),
  })),
  fc.constant({ command: { kind: 'history', limit: HISTORY_DEFAULT } as Command, text: anyCase('history') }),
  fc
    .array(token, { minLength: 1, maxLength: 5 })
    .filter((words) => !['off', 'none'].includes(words.join(' ').toLowerCase()))
    .map((words) => ({
      command: { kind: 'schedule', when: words.join(' ') } as Command,
      text: fc
        .tuple(anyCase('schedule'), fc.array(gap, { minLength: words.length, maxLength: words.length }))
        .map(([s, gaps]) => s + words.map((w, i) => `${gaps[i]}${w}`).join('')),
    })),
  fc.constantFrom('unschedule', 'schedule off', 'schedule none').map((w) => ({
    command: { kind: 'unschedule' } as Command,
    text: anyCase(w),
  })),
  fc
    .constantFrom('pause', 'resume', 'stats')
    .map((w) => ({ command: { kind: w } as Command, text: anyCase(w) })),
  fc.constantFrom(...EXPORT_FORMATS).map((format) => ({
    command: { kind: 'export', format } as Command,
    text: fc.tuple(anyCase('export'), gap, anyCase(format)).map((parts) => parts.join('')),
  })),
  fc.constant({ command: { kind: 'export', format: 'csv' } as Command, text: anyCase('export') }),
  fc
    .constantFrom('next', 'suggest', 'library')
    .map((w) => ({ command: { kind: w } as Command, text: anyCase(w) })),
  fc.constantFrom('own', 'shipped', 'both').map((mode) => ({
    command: { kind: 'library', mode } as Command,
    text: fc.tuple(anyCase('library'), gap, anyCase(mode)).map((parts) => parts.join('')),
  })),
);

describe('parseCommand (properties)', () => {
  it('never throws and always returns a known kind', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseCommand(text);
        expect(KINDS.has(parsed.kind)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps `history` limits within 1..HISTORY_MAX, whatever number is asked for', () => {
    const historyText = fc
      .tuple(
        anyCase('history'),
        gap,
        fc.oneof(
          fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
          fc.integer({ min: -50, max: 50 }).map(String),
          fc.constantFrom('1e3', '0x10', '2.5', '-1', '+3', '１２', 'Infinity', 'NaN', '5 6', '٣'),
          fc.string({ maxLength: 8 }),
        ),
      )
      .map(([h, g, n]) => `${h}${g}${n}`);
    fc.assert(
      fc.property(fc.oneof(historyText, anyText), (text) => {
        const parsed = parseCommand(text);
        if (parsed.kind === 'history') {
          expect(Number.isSafeInteger(parsed.limit)).toBe(true);
          expect(parsed.limit).toBeGreaterThanOrEqual(1);
          expect(parsed.limit).toBeLessThanOrEqual(HISTORY_MAX);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('`history n` asks for n prompts, capped at HISTORY_MAX (saying what was asked); 0 is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
        const parsed = parseCommand(`history ${n}`);
        if (n === 0) expect(parsed.kind).toBe('invalid');
        else if (n > HISTORY_MAX) expect(parsed).toEqual({ kind: 'history', limit: HISTORY_MAX, asked: n });
        else expect(parsed).toEqual({ kind: 'history', limit: n });
      }),
    );
  });

  it('round-trips valid commands typed with any spacing and keyword case', () => {
    fc.assert(
      fc.property(
        validCommand.chain(({ command, text }) => fc.tuple(fc.constant(command), edge, text, edge)),
        ([command, before, text, after]) => {
          expect(parseCommand(`${before}${text}${after}`)).toEqual(command);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the case of a schedule argument (time zones such as Europe/Berlin)', () => {
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 4 }), (words) => {
        const when = words.join(' ');
        fc.pre(!['off', 'none'].includes(when.toLowerCase()));
        expect(parseCommand(`schedule ${when}`)).toEqual({ kind: 'schedule', when });
      }),
    );
  });

  it('names an unknown first word back, cut to 40 characters without halving a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc
          .oneof(
            fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
            // Long words mixing one- and two-unit characters, so the cut at 40 lands on every kind of boundary.
            fc
              .array(fc.constantFrom('a', 'Z', '7', 'é', '中', '😀', '𝔸', '🧭'), {
                minLength: 30,
                maxLength: 60,
              })
              .map((chars) => chars.join('')),
          )
          .filter((w) => !/\s/.test(w)),
        fc.string({ maxLength: 20 }),
        (head, rest) => {
          fc.pre(!KEYWORDS.has(head.toLowerCase()));
          const parsed = parseCommand(`${head} ${rest}`);
          expect(parsed.kind).toBe('unknown');
          if (parsed.kind !== 'unknown') return;
          expect(head.startsWith(parsed.word)).toBe(true);
          expect(parsed.word.length).toBeLessThanOrEqual(40);
          expect(parsed.word.length).toBeGreaterThan(0);
          // A cut in the middle of a surrogate pair leaves a lone surrogate, which the reply would echo.
          expect(LONE_SURROGATE.test(parsed.word)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
