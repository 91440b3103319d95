import { describe, expect, it } from 'vitest';
import type { VoteEmoji } from '../../src/domain/options.js';
import {
  leadershipShare,
  leanBar,
  shiftDirection,
  type TrendInput,
  trend,
  trendRow,
} from '../../src/domain/stats.js';
import { tally } from '../../src/domain/tally.js';

/** A tally from "who voted what": { U1: ['compass'], U2: ['clipboard', 'handshake'] }. */
function votes(byUser: Record<string, VoteEmoji[]>) {
  return tally(
    Object.entries(byUser).flatMap(([user, emojis]) => emojis.map((emoji) => ({ user, emoji, on: true }))),
  );
}

const day = (d: number) => new Date(Date.UTC(2026, 0, d, 9));

describe('leadershipShare and leanBar', () => {
  it('puts all-leadership at 1, all-management at 0 and a Both vote half way', () => {
    expect(leadershipShare(votes({ U1: ['compass'], U2: ['compass'] }))).toBe(1);
    expect(leadershipShare(votes({ U1: ['clipboard'] }))).toBe(0);
    expect(leadershipShare(votes({ U1: ['handshake'] }))).toBe(0.5);
    expect(
      leadershipShare(votes({ U1: ['compass'], U2: ['clipboard'], U3: ['handshake'], U4: ['compass'] })),
    ).toBe(0.625);
    expect(leadershipShare(votes({}))).toBeUndefined();
  });

  it('draws five cells, filled for leadership', () => {
    expect(leanBar(1)).toBe('L ▮▮▮▮▮ M');
    expect(leanBar(0)).toBe('L ▯▯▯▯▯ M');
    expect(leanBar(0.625)).toBe('L ▮▮▮▯▯ M');
    expect(leanBar(0.5, 4)).toBe('L ▮▮▯▯ M');
  });
});

describe('trendRow', () => {
  it('compares the team lean with the source', () => {
    const agreed = trendRow({
      at: day(1),
      tally: votes({ U1: ['clipboard'], U2: ['clipboard'] }),
      answers: 2,
      sourceLeans: 'management',
    });
    expect(agreed).toMatchObject({
      voters: 2,
      votes: 2,
      answers: 2,
      leadership: 0,
      teamLean: 'management',
      agreed: true,
    });
    const differed = trendRow({
      at: day(1),
      tally: votes({ U1: ['compass'] }),
      answers: 0,
      sourceLeans: 'both',
    });
    expect(differed.agreed).toBe(false);
    // A tie at the top counts as both.
    const tie = trendRow({
      at: day(1),
      tally: votes({ U1: ['compass'], U2: ['clipboard'] }),
      answers: 0,
      sourceLeans: 'both',
    });
    expect(tie).toMatchObject({ teamLean: 'both', agreed: true });
  });

  it('has nothing to compare without votes or without a source', () => {
    expect(
      trendRow({ at: day(1), tally: votes({}), answers: 3, sourceLeans: 'leadership' }).agreed,
    ).toBeUndefined();
    expect(
      trendRow({ at: day(1), tally: votes({ U1: ['compass'] }), answers: 0, sourceLeans: undefined }).agreed,
    ).toBeUndefined();
  });

  it('compares nothing with a source that did not say which it is, and leaves it out of the agreement count', () => {
    const row = trendRow({ at: day(1), tally: votes({ U1: ['compass'] }), answers: 0, sourceLeans: 'none' });
    expect(row).toMatchObject({ teamLean: 'leadership', sourceLeans: 'none', agreed: undefined });
    const t = trend([
      { at: day(1), tally: votes({ U1: ['compass'] }), answers: 0, sourceLeans: 'none' },
      { at: day(2), tally: votes({ U1: ['compass'] }), answers: 0, sourceLeans: 'leadership' },
    ]);
    expect({ compared: t.compared, agreed: t.agreed }).toEqual({ compared: 1, agreed: 1 });
  });
});

describe('trend', () => {
  // Ten weekly prompts: the team starts on the management side and moves toward leadership.
  const leans: [VoteEmoji[], 'leadership' | 'management' | 'both'][] = [
    [['clipboard', 'clipboard', 'clipboard'], 'management'],
    [['clipboard', 'clipboard', 'handshake'], 'management'],
    [['clipboard', 'compass', 'clipboard'], 'leadership'],
    [['clipboard', 'handshake', 'handshake'], 'both'],
    [['handshake', 'handshake', 'compass'], 'both'],
    [['compass', 'handshake', 'compass'], 'leadership'],
    [['compass', 'compass', 'clipboard'], 'management'],
    [['compass', 'compass', 'compass'], 'leadership'],
    [['compass', 'compass', 'handshake'], 'leadership'],
    [['compass', 'compass', 'compass'], 'both'],
  ];
  const inputs: TrendInput[] = leans.map(([emojis, source], i) => ({
    at: day(1 + 7 * i),
    tally: votes(Object.fromEntries(emojis.map((e, j) => [`U${j}`, [e]]))),
    answers: i,
    sourceLeans: source,
  }));

  it('lists the latest prompts newest first, at most 12 by default', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...inputs[0], at: day(1 + i) }) as TrendInput);
    const t = trend(many);
    expect(t.rows).toHaveLength(12);
    expect(t.prompts).toBe(30);
    expect(t.rows[0]?.at).toEqual(day(30));
    expect(t.rows[11]?.at).toEqual(day(19));
    expect(trend(inputs, { max: 3 }).rows.map((r) => r.answers)).toEqual([9, 8, 7]);
  });

  it('sorts by date whatever order the prompts come in', () => {
    const t = trend([...inputs].reverse());
    expect(t.rows.map((r) => r.answers)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('counts agreement with the source', () => {
    const t = trend(inputs);
    // Agreed in weeks 1, 2, 4, 5, 6, 8 and 9; weeks 3, 7 and 10 leaned away from the source.
    expect({ compared: t.compared, agreed: t.agreed }).toEqual({ compared: 10, agreed: 7 });
  });

  it('averages participation over every prompt', () => {
    const t = trend(inputs);
    expect(t.averageVoters).toBe(3);
    expect(t.averageAnswers).toBe(4.5);
  });

  it('measures the shift from the older half to the newer half', () => {
    const t = trend(inputs);
    // older five: 0, 1/6, 1/3, 1/3, 2/3 → mean 0.3; newer five: 5/6, 2/3, 1, 5/6, 1 → mean 0.8667
    expect(t.shift?.from).toBeCloseTo(0.3, 5);
    expect(t.shift?.to).toBeCloseTo(0.8667, 3);
    expect(shiftDirection(t.shift ?? { from: 0, to: 0 })).toBe('toward leadership');
    expect(shiftDirection({ from: 0.6, to: 0.62 })).toBe('steady');
    expect(shiftDirection({ from: 0.6, to: 0.3 })).toBe('toward management');
  });

  it('leaves prompts without votes out of the shift and the comparison', () => {
    const t = trend([
      { at: day(1), tally: votes({}), answers: 0, sourceLeans: 'leadership' },
      { at: day(2), tally: votes({ U1: ['compass'] }), answers: 1, sourceLeans: 'leadership' },
    ]);
    expect(t.shift).toBeUndefined();
    expect({ compared: t.compared, agreed: t.agreed }).toEqual({ compared: 1, agreed: 1 });
    expect(trend([])).toMatchObject({
      rows: [],
      prompts: 0,
      compared: 0,
      agreed: 0,
      averageVoters: 0,
      shift: undefined,
    });
  });
});
