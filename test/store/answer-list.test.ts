import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswerList } from '../../src/store/answer-list.js';
import { onDiskAnswer, type StoredAnswer } from '../../src/store/stored-answer.js';
import { UserDirectory } from '../../src/store/user-directory.js';

/** An answer of each kind the list keeps: plain on disk (compact), anonymous, edited, odd ts, in memory, other file. */
function answer(kind: number, i: number): StoredAnswer {
  const ts = kind === 3 ? `17.${i}` : `1764070000.${String(i).padStart(6, '0')}`;
  const user = `U${i % 7}`;
  switch (kind) {
    case 1:
      return onDiskAnswer(undefined, ts, undefined, 'a'.repeat(64), 'db.json.s1.1', i * 10, 5);
    case 2:
      return onDiskAnswer(user, ts, '2026-01-01T00:00:00.000Z', undefined, 'db.json.s1.1', i * 10, 5);
    case 4:
      return { user, ts, text: `text ${i}` };
    case 5:
      return onDiskAnswer(user, ts, undefined, undefined, 'db.json.s2.1', i * 10, 5);
    default:
      return onDiskAnswer(user, ts, undefined, undefined, 'db.json.s1.1', i * 10 + kind, 5);
  }
}

describe('AnswerList', () => {
  it('agrees with a map of answer ts → answer through sets, replacements and deletions of every kind', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 30 })), {
          maxLength: 120,
        }),
        (steps) => {
          const list = new AnswerList(new UserDirectory());
          const map = new Map<string, StoredAnswer>();
          for (const [put, kind, i] of steps) {
            const a = answer(kind, i);
            if (put) {
              list.set(a);
              map.set(a.ts, a);
            } else {
              expect(list.delete(a.ts)).toBe(map.delete(a.ts));
            }
            expect(list.size).toBe(map.size);
          }
          const byTs = (x: StoredAnswer[]) => [...x].sort((a, b) => a.ts.localeCompare(b.ts));
          expect(byTs(list.values())).toEqual(byTs([...map.values()]));
          for (const [ts, a] of map) {
            expect(list.get(ts)).toEqual(a);
            expect(list.has(ts)).toBe(true);
          }
          expect(list.has('1764070000.999999')).toBe(false);
        },
      ),
    );
  });

  it('swaps an answer for its copy on disk only while it is still the one stored', () => {
    const list = new AnswerList(new UserDirectory());
    const inMemory = answer(4, 1);
    const written = onDiskAnswer('U1', inMemory.ts, undefined, undefined, 'db.json.s1.2', 100, 8);
    list.set(inMemory);
    list.swap(inMemory, written);
    expect(list.get(inMemory.ts)).toEqual(written);

    const moved = onDiskAnswer('U1', inMemory.ts, undefined, undefined, 'db.json.s1.3', 0, 8);
    const edited = { user: 'U1', ts: inMemory.ts, text: 'edited meanwhile' };
    list.set(edited);
    list.swap(written, moved); // the fold wrote the answer before its edit: the edit stays
    expect(list.get(inMemory.ts)).toEqual(edited);
  });
});

describe('AnswerList after a fold', () => {
  it('gives every answer of a thread at its new place once a fold has swapped them all, in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 3 }), (size, inMemory) => {
        const list = new AnswerList(new UserDirectory());
        const before: StoredAnswer[] = [];
        for (let i = 0; i < size; i++) {
          const a = i < inMemory ? answer(4, i) : answer(0, i);
          list.set(a);
          before.push(a);
        }
        const captured = list.values();
        const moved = captured.map((a, k) =>
          onDiskAnswer(a.user, a.ts, undefined, undefined, 'db.json.s1.2', k * 7, 5),
        );
        captured.forEach((a, k) => {
          list.swap(a, moved[k] as StoredAnswer);
        });
        const byTs = (x: StoredAnswer[]) => [...x].sort((a, b) => a.ts.localeCompare(b.ts));
        expect(byTs(list.values())).toEqual(byTs(moved));
        expect(list.size).toBe(size);
      }),
    );
  });
});
