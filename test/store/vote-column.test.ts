import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PackedVote, packVote } from '../../src/store/packed-vote.js';
import { UserDirectory } from '../../src/store/user-directory.js';
import { VoteColumn } from '../../src/store/vote-column.js';

describe('VoteColumn', () => {
  const vote = (i: number) => packVote(i % 2 === 0, `1764070000.${String(i).padStart(6, '0')}`);

  it('agrees with a plain map, in first-vote order, below and above the scan limit, before and after compact()', () => {
    fc.assert(
      fc.property(
        // size 'max': lengths up to 300, so columns cross the scan limit (fast-check keeps arrays short by default).
        fc.array(fc.tuple(fc.integer({ min: 0, max: 80 }), fc.nat(999_999), fc.boolean()), {
          maxLength: 300,
          size: 'max',
        }),
        fc.integer({ min: 0, max: 300 }),
        (writes, compactAt) => {
          const column = new VoteColumn(new UserDirectory());
          const model = new Map<string, PackedVote>();
          writes.forEach(([person, micro, odd], i) => {
            if (i === compactAt) column.compact();
            const user = `U${person}`;
            // A vote whose ts does not pack into a number is kept as a string in its own map.
            const v = odd ? packVote(true, `7.${micro}`) : vote(micro);
            column.set(user, v);
            model.set(user, v);
            expect(column.get(user)).toEqual(v);
          });
          expect(column.size).toBe(model.size);
          expect([...column]).toEqual([...model]);
          column.compact();
          expect([...column]).toEqual([...model]);
          for (const [user, v] of model) expect(column.get(user)).toEqual(v);
          expect(column.get('UNOBODY')).toBeUndefined();
        },
      ),
    );
  });

  it('a read does not number anyone; people are numbered once across columns', () => {
    const directory = new UserDirectory();
    const a = new VoteColumn(directory);
    const b = new VoteColumn(directory);
    expect(a.get('U1')).toBeUndefined();
    expect(directory.find('U1')).toBeUndefined();
    a.set('U1', vote(1));
    b.set('U1', vote(2));
    expect(directory.find('U1')).toBe(0);
    expect(directory.id(0)).toBe('U1');
    expect([a.get('U1'), b.get('U1')]).toEqual([vote(1), vote(2)]);
  });
});
