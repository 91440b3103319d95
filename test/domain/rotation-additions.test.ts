/**
 * A prompt approved or imported mid-pass: it joins the current pass without resetting it. The prompts already
 * planned keep their order, the new one takes a place among those not yet used (fixed by its id, so a
 * preview and a restart agree), nothing used comes back, and the pass still ends before any repeat.
 */
import { describe, expect, it } from 'vitest';
import { nextPrompt, passOrder, type RotationItem, type RotationState } from '../../src/domain/rotation.js';

const plain = (n: number): RotationItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `p${String(i).padStart(3, '0')}`, themes: [] }));

function walk(library: readonly RotationItem[], state: RotationState, n: number) {
  const seen: string[] = [];
  let s = state;
  for (let i = 0; i < n; i++) {
    const r = nextPrompt(library, s);
    seen.push(r.promptId);
    s = r.state;
  }
  return { seen, state: s };
}

describe('a prompt added mid-pass', () => {
  it('slots in among the prompts not used yet; the others keep their order', () => {
    const library = plain(40);
    for (let seed = 0; seed < 200; seed++) {
      const start = walk(library, { seed, cycle: 0, used: [] }, 15);
      const before = walk(library, start.state, 25).seen; // the rest of the pass as planned
      const grown = [...library, { id: 'own-new', themes: [] }];
      const after = walk(grown, start.state, 26);
      expect(after.state.cycle, `seed ${seed}`).toBe(0); // still the same pass
      expect(
        after.seen.filter((id) => id !== 'own-new'),
        `seed ${seed}`,
      ).toEqual(before);
      expect(after.seen).toContain('own-new');
      expect(new Set([...start.seen, ...after.seen]).size).toBe(41);
      // The pass then ends, and the next one starts with every prompt again.
      expect(nextPrompt(grown, after.state).state.cycle).toBe(1);
    }
  });

  it('goes up at a place spread over the rest of the pass, not always first or last', () => {
    const library = plain(30);
    const places: number[] = [];
    for (let seed = 0; seed < 400; seed++) {
      const start = walk(library, { seed, cycle: 0, used: [] }, 10);
      const after = walk([...library, { id: 'own-new', themes: [] }], start.state, 21).seen;
      places.push(after.indexOf('own-new'));
    }
    const early = places.filter((p) => p < 7).length;
    const late = places.filter((p) => p >= 14).length;
    expect(early).toBeGreaterThan(60);
    expect(late).toBeGreaterThan(60);
  });

  it("removing a prompt leaves the others' order as it was", () => {
    const ids = plain(50).map((p) => p.id);
    const order = passOrder(ids, 9, 2);
    expect(
      passOrder(
        ids.filter((id) => id !== 'p017'),
        9,
        2,
      ),
    ).toEqual(order.filter((id) => id !== 'p017'));
  });
});
