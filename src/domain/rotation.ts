/**
 * Which prompt a channel gets next. Each channel walks the whole library in a shuffled order before any
 * prompt repeats; the order depends only on (seed, cycle), so it is the same after a restart.
 */

export interface RotationState {
  seed: number;
  cycle: number;
  used: readonly string[];
}

/** mulberry32: a tiny, well-known seeded PRNG. Good enough to shuffle a few hundred ids. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The library's ids in the order of pass `cycle` for `seed` (Fisher–Yates over the sorted ids). */
export function passOrder(ids: readonly string[], seed: number, cycle: number): string[] {
  const order = [...new Set(ids)].sort();
  const next = random((seed ^ Math.imul(cycle + 1, 0x9e3779b1)) >>> 0);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return order;
}

/**
 * The next prompt for a channel and the rotation state after using it.
 * Ids no longer in the library are ignored; new ids join the current pass.
 * A new pass never starts with the prompt that ended the previous one.
 */
export function nextPrompt(
  ids: readonly string[],
  state: RotationState,
): { promptId: string; state: RotationState } {
  if (ids.length === 0) throw new Error('the prompt library is empty');
  const used = new Set(state.used);
  const remaining = passOrder(ids, state.seed, state.cycle).filter((id) => !used.has(id));
  if (remaining.length > 0) {
    const promptId = remaining[0] as string;
    return { promptId, state: { ...state, used: [...state.used, promptId] } };
  }
  const cycle = state.cycle + 1;
  const last = state.used.at(-1);
  const order = passOrder(ids, state.seed, cycle);
  const promptId = (order[0] === last && order.length > 1 ? order[1] : order[0]) as string;
  return { promptId, state: { seed: state.seed, cycle, used: [promptId] } };
}
