import { describe, expect, it } from 'vitest';
import { nextPrompt, passOrder, type RotationState } from '../../src/domain/rotation.js';

const ids = Array.from({ length: 52 }, (_, i) => `p${String(i).padStart(2, '0')}`);

function walk(state: RotationState, n: number, library = ids) {
  const seen: string[] = [];
  let s = state;
  for (let i = 0; i < n; i++) {
    const r = nextPrompt(library, s);
    seen.push(r.promptId);
    s = r.state;
  }
  return { seen, state: s };
}

describe('rotation', () => {
  it('uses every prompt once before any repeats', () => {
    const { seen } = walk({ seed: 7, cycle: 0, used: [] }, 52);
    expect(new Set(seen).size).toBe(52);
  });

  it('is shuffled, and deterministic under a seed', () => {
    expect(passOrder(ids, 7, 0)).toEqual(passOrder(ids, 7, 0));
    expect(passOrder(ids, 7, 0)).not.toEqual([...ids].sort());
    expect(passOrder(ids, 7, 0)).not.toEqual(passOrder(ids, 8, 0));
    expect(passOrder(ids, 7, 0)).not.toEqual(passOrder(ids, 7, 1));
  });

  it('continues where it left off from stored state (a restart)', () => {
    const whole = walk({ seed: 3, cycle: 0, used: [] }, 30).seen;
    const first = walk({ seed: 3, cycle: 0, used: [] }, 12);
    const stored = JSON.parse(JSON.stringify(first.state)) as RotationState;
    expect([...first.seen, ...walk(stored, 18).seen]).toEqual(whole);
  });

  it('starts a new pass after the last prompt, never repeating across the seam', () => {
    for (let seed = 0; seed < 50; seed++) {
      const { seen, state } = walk({ seed, cycle: 0, used: [] }, 53);
      expect(state.cycle).toBe(1);
      expect(seen[52]).not.toBe(seen[51]);
    }
  });

  it('ignores removed ids and lets new ids join the current pass', () => {
    const first = walk({ seed: 1, cycle: 0, used: [] }, 10);
    const changed = [...ids.slice(5), 'new-a', 'new-b'];
    const rest = walk(
      first.state,
      changed.length - first.seen.filter((id) => changed.includes(id)).length,
      changed,
    );
    const pass = new Set([...first.seen.filter((id) => changed.includes(id)), ...rest.seen]);
    expect(pass).toEqual(new Set(changed));
  });

  it('refuses an empty library', () => {
    expect(() => nextPrompt([], { seed: 1, cycle: 0, used: [] })).toThrow(/empty/);
  });
});
