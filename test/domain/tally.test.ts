import { describe, expect, it } from 'vitest';
import { agreesWithSource, bar, percent, tally, teamLean, voteOutcome } from '../../src/domain/tally.js';

describe('tally', () => {
  it('counts each live vote once per option and each person once as a voter', () => {
    const t = tally([
      { user: 'U1', emoji: 'compass', on: true },
      { user: 'U1', emoji: 'handshake', on: true },
      { user: 'U2', emoji: 'compass', on: true },
      { user: 'U3', emoji: 'clipboard', on: false },
    ]);
    expect(t).toEqual({ counts: { compass: 2, clipboard: 0, handshake: 1 }, votes: 3, voters: 2 });
  });

  it('leans where most votes went; a tie at the top is both; nothing without votes', () => {
    expect(teamLean(tally([{ user: 'U1', emoji: 'clipboard', on: true }]))).toBe('management');
    expect(
      teamLean(
        tally([
          { user: 'U1', emoji: 'clipboard', on: true },
          { user: 'U2', emoji: 'compass', on: true },
        ]),
      ),
    ).toBe('both');
    expect(teamLean(tally([]))).toBeUndefined();
  });

  it('tells a clear lean from a split at the top and from no votes', () => {
    const v = (emoji: 'compass' | 'clipboard' | 'handshake', user: string) => ({ user, emoji, on: true });
    expect(voteOutcome(tally([v('clipboard', 'U1')]))).toEqual({ kind: 'lean', lean: 'management' });
    expect(voteOutcome(tally([v('clipboard', 'U1'), v('compass', 'U2')]))).toEqual({
      kind: 'split',
      between: ['leadership', 'management'],
    });
    expect(voteOutcome(tally([v('clipboard', 'U1'), v('compass', 'U2'), v('handshake', 'U3')]))).toEqual({
      kind: 'split',
      between: ['leadership', 'management', 'both'],
    });
    expect(voteOutcome(tally([]))).toEqual({ kind: 'no-votes' });
  });

  it('compares with the source only when both sides have a lean and the source said one', () => {
    expect(agreesWithSource('both', 'both')).toBe(true);
    expect(agreesWithSource('leadership', 'both')).toBe(false);
    expect(agreesWithSource('leadership', 'none')).toBeUndefined();
    expect(agreesWithSource(undefined, 'leadership')).toBeUndefined();
    expect(agreesWithSource('leadership', undefined)).toBeUndefined();
  });

  it('draws shares and bars', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
    expect(bar(1, 2, 4)).toBe('██░░');
    expect(bar(0, 0, 3)).toBe('░░░');
  });
});
