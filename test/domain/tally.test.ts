import { describe, expect, it } from 'vitest';
import { bar, percent, tally, teamLean } from '../../src/domain/tally.js';

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

  it('draws shares and bars', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
    expect(bar(1, 2, 4)).toBe('██░░');
    expect(bar(0, 0, 3)).toBe('░░░');
  });
});
