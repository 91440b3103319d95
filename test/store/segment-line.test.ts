import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VOTE_OPTIONS } from '../../src/domain/options.js';
import { tsNumber } from '../../src/store/packed-vote.js';
import { readLine } from '../../src/store/segment-line.js';

const EMOJI = VOTE_OPTIONS.map((o) => o.emoji);
const usualTs = fc
  .tuple(fc.integer({ min: 1_000_000_000, max: 8_999_999_999 }), fc.nat(999_999))
  .map(([s, us]) => `${s}.${String(us).padStart(6, '0')}`);
const anyTs = fc.oneof(usualTs, fc.constantFrom('1.5', '0999999999.000001', '1764070000.0001'));
const user = fc.oneof(fc.constantFrom('U01', 'U02ABC', ''), fc.string({ maxLength: 6 }));
const votes = fc.dictionary(
  fc.constantFrom(...EMOJI, 'tada'),
  fc.array(fc.tuple(user, fc.constantFrom(0, 1), anyTs), { maxLength: 4 }),
);
const answer = fc.oneof(
  fc.tuple(anyTs, user, fc.nat(99_999), fc.integer({ min: 0, max: 500 })),
  fc.tuple(anyTs, fc.constant(null), fc.nat(99), fc.nat(99), fc.constant(null), fc.constant('a'.repeat(64))),
  fc.tuple(anyTs, user, fc.nat(99), fc.nat(99), fc.constant('2026-01-01T00:00:00.000Z'), fc.constant(null)),
);
/** A posts line as SegmentWriter writes it (record, votes, maybe secondVotes, answers), with odd cases mixed in. */
const line = fc
  .record({
    record: fc.record({ team: fc.constant('T1'), channel: fc.string({ maxLength: 4 }), ts: usualTs }),
    votes,
    second: fc.option(votes),
    answers: fc.array(answer, { maxLength: 4 }),
  })
  .map(({ record, votes, second, answers }) =>
    JSON.stringify({ ...record, votes, ...(second ? { secondVotes: second } : {}), answers }),
  );

/** What readLine should give for `text`, worked out with JSON.parse. */
function expected(text: string) {
  const { votes, secondVotes, answers, ...head } = JSON.parse(text);
  const out = {
    head,
    voteKind: [] as number[],
    voteUser: [] as string[],
    voteOn: [] as number[],
    voteTs: [] as (number | undefined)[],
    answerTs: [] as (number | undefined)[],
    answerUser: [] as string[],
    answerOffset: [] as number[],
    answerLength: [] as number[],
  };
  for (const [columns, second] of [
    [votes, 0],
    [secondVotes ?? {}, 4],
  ] as const) {
    for (const [emoji, list] of Object.entries(columns as Record<string, [string, number, string][]>)) {
      for (const [u, on, ts] of list) {
        out.voteKind.push(EMOJI.indexOf(emoji as (typeof EMOJI)[number]) + second);
        out.voteUser.push(u);
        out.voteOn.push(on);
        out.voteTs.push(tsNumber(ts));
      }
    }
  }
  for (const [ts, u, offset, length] of answers as [string, string, number, number][]) {
    out.answerTs.push(tsNumber(ts));
    out.answerUser.push(u);
    out.answerOffset.push(offset);
    out.answerLength.push(length);
  }
  return out;
}

const read = (text: string) => readLine(text, 0, text.length);

describe('readLine (quick reader of a segment posts line)', () => {
  it('reads what JSON.parse reads whenever it reads a line at all', () => {
    fc.assert(
      fc.property(line, (text) => {
        const parts = readLine(`x\n${text}\ny`, 2, text.length + 2);
        if (parts) expect({ ...parts }).toEqual(expected(text));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the usual line: usual ts, named and plain answers, votes of both looks', () => {
    const text = JSON.stringify({
      team: 'T1',
      channel: 'C1',
      ts: '1764070000.000100',
      votes: { compass: [['U1', 1, '1764070001.000000']], clipboard: [] },
      secondVotes: { handshake: [['U2', 0, '1764070002.000002']] },
      answers: [['1764070003.000003', 'U3', 0, 12]],
    });
    expect({ ...readLine(text, 0, text.length) }).toEqual(expected(text));
  });

  it('leaves any other line to JSON.parse and the full checks', () => {
    const base = { team: 'T1', channel: 'C1', ts: '1764070000.000100', votes: {}, answers: [] as unknown[] };
    const odd = [
      { ...base, answers: [['1764070003.000003', null, 0, 12, null, 'a'.repeat(64)]] }, // anonymous
      { ...base, answers: [['1764070003.000003', 'U3', 0, 12, '2026-01-01T00:00:00.000Z', null]] }, // edited
      { ...base, answers: [['1.5', 'U3', 0, 12]] }, // a ts of another shape
      { ...base, answers: [['1764070003.000003', 'U"3', 0, 12]] }, // an escape
      { ...base, votes: { tada: [['U1', 1, '1764070001.000000']] } }, // not a vote emoji
      { ...base, answers: [['1764070003.000003', 'U3', 0, 1]] }, // no room for a JSON string
    ];
    for (const o of odd) expect(read(JSON.stringify(o))).toBeUndefined();
    expect(read(`${JSON.stringify(base).slice(0, -1)},"answers":[]}`)).toBeUndefined(); // a field twice
    expect(read(JSON.stringify(base).replace('"votes":', '"votes": '))).toBeUndefined();
  });
});
