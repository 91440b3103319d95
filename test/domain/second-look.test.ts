/** src/domain/second-look.ts: who moved from what to what between the first vote and the second look. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VoteEmoji } from '../../src/domain/options.js';
import { addMovements, movement, NO_MOVEMENT, stances } from '../../src/domain/second-look.js';
import type { VoteLike } from '../../src/domain/tally.js';

/** Votes from "who picked what": { U1: ['compass'], U2: ['clipboard', 'handshake'] }. */
function picked(byUser: Record<string, VoteEmoji[]>): VoteLike[] {
  return Object.entries(byUser).flatMap(([user, emojis]) =>
    emojis.map((emoji) => ({ user, emoji, on: true })),
  );
}

describe('stances', () => {
  it('is the set of options each person has on, in the options’ order', () => {
    const s = stances([
      { user: 'U1', emoji: 'handshake', on: true },
      { user: 'U1', emoji: 'compass', on: true },
      { user: 'U2', emoji: 'clipboard', on: false },
      { user: 'U3', emoji: 'clipboard', on: true },
      { user: 'U3', emoji: 'handshake', on: false },
    ]);
    expect([...s]).toEqual([
      ['U1', ['compass', 'handshake']],
      ['U3', ['clipboard']],
    ]);
  });
});

describe('movement', () => {
  it('counts movers from and to each stance, people who kept their vote, and newcomers apart', () => {
    const first = picked({
      U1: ['clipboard'],
      U2: ['clipboard'],
      U3: ['clipboard'],
      U4: ['compass'],
      U5: ['compass'],
      U6: ['handshake'],
      U7: ['handshake'], // only in the first vote: not in the second look
    });
    const second = picked({
      U1: ['handshake'],
      U2: ['handshake'],
      U3: ['handshake'],
      U4: ['handshake'],
      U5: ['compass'],
      U6: ['handshake'],
      U8: ['clipboard'], // did not vote the first time: new, not a mover
    });
    expect(movement(first, second)).toEqual({
      moved: 4,
      kept: 2,
      newcomers: 1,
      moves: [
        { from: ['clipboard'], to: ['handshake'], people: 3 },
        { from: ['compass'], to: ['handshake'], people: 1 },
      ],
    });
  });

  it('compares the whole set of options of someone who picked several', () => {
    const first = picked({ U1: ['compass', 'clipboard'], U2: ['clipboard', 'compass'], U3: ['compass'] });
    const second = picked({ U1: ['handshake'], U2: ['compass', 'clipboard'], U3: ['compass', 'handshake'] });
    expect(movement(first, second)).toEqual({
      moved: 2,
      kept: 1,
      newcomers: 0,
      moves: [
        { from: ['compass'], to: ['compass', 'handshake'], people: 1 },
        { from: ['compass', 'clipboard'], to: ['handshake'], people: 1 },
      ],
    });
  });

  it('treats a removed first vote as no vote: that person is new in the second look', () => {
    const first: VoteLike[] = [{ user: 'U1', emoji: 'compass', on: false }];
    expect(movement(first, picked({ U1: ['clipboard'] }))).toEqual({ ...NO_MOVEMENT, newcomers: 1 });
    expect(movement(picked({ U1: ['compass'] }), [])).toEqual(NO_MOVEMENT);
  });

  it('always splits the second look into movers, keepers and newcomers, and moves add up to movers', () => {
    const emoji = fc.constantFrom<VoteEmoji>('compass', 'clipboard', 'handshake');
    const votes = fc.array(
      fc.record({ user: fc.constantFrom('U1', 'U2', 'U3', 'U4', 'U5'), emoji, on: fc.boolean() }),
    );
    fc.assert(
      fc.property(votes, votes, (first, second) => {
        const m = movement(first, second);
        expect(m.moved + m.kept + m.newcomers).toBe(stances(second).size);
        expect(m.moves.reduce((n, move) => n + move.people, 0)).toBe(m.moved);
        for (const move of m.moves) expect(move.from).not.toEqual(move.to);
      }),
    );
  });
});

describe('addMovements', () => {
  it('adds several prompts up, merging the same moves', () => {
    const a = movement(
      picked({ U1: ['clipboard'], U2: ['compass'] }),
      picked({ U1: ['handshake'], U2: ['compass'] }),
    );
    const b = movement(
      picked({ U1: ['clipboard'], U2: ['compass'], U3: ['clipboard'] }),
      picked({ U1: ['handshake'], U2: ['handshake'], U3: ['handshake'], U4: ['compass'] }),
    );
    expect(addMovements([a, b, NO_MOVEMENT])).toEqual({
      moved: 4,
      kept: 1,
      newcomers: 1,
      moves: [
        { from: ['clipboard'], to: ['handshake'], people: 3 },
        { from: ['compass'], to: ['handshake'], people: 1 },
      ],
    });
  });
});
