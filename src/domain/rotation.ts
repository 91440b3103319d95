/**
 * Which prompt a channel gets next. Each channel walks the whole library in a shuffled order before any
 * prompt repeats, and prompts that share a theme are kept at least `THEME_GAP` posts apart wherever the
 * library allows it (also across the seam between two passes). Everything follows from the stored state
 * (seed, cycle, the ids used in this pass, in order) and the library, so a restart changes nothing.
 */

export interface RotationState {
  seed: number;
  cycle: number;
  used: readonly string[];
}

/** What the rotation needs of a prompt. */
export interface RotationItem {
  id: string;
  themes: readonly string[];
}

/** Prompts sharing a theme are at least this many posts apart: never among the 3 posts before. */
export const THEME_GAP = 4;

/**
 * A 32-bit hash of `id` under `key` (FNV-1a over the UTF-16 units, then murmur3's finaliser): spreads ids
 * evenly, and a different key gives an unrelated order.
 */
function keyedHash(id: string, key: number): number {
  let h = (0x811c9dc5 ^ key) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The library's ids in the shuffled order of pass `cycle` for `seed`: each id sorted by a hash of itself
 * under (seed, cycle). Each id's place depends on that id alone, so a prompt added mid-pass (an approved
 * suggestion, an import) slots in among the others, which keep their order, and a removed one leaves the
 * others' order as it was: the pass is never reshuffled under a channel's feet.
 */
export function passOrder(ids: readonly string[], seed: number, cycle: number): string[] {
  const key = (seed ^ Math.imul(cycle + 1, 0x9e3779b1)) >>> 0;
  return [...new Set(ids)]
    .map((id) => ({ id, h: keyedHash(id, key) }))
    .sort((a, b) => a.h - b.h || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((x) => x.id);
}

type Themes = ReadonlyMap<string, readonly string[]>;

/** Past this many clashes after the swaps, the library has no room to spare: moving prompts would not help. */
const MAX_MOVES = 6;

const themeMaps = new WeakMap<readonly RotationItem[], Themes>();

/** Each prompt's themes by id, made once per library. */
function themesOf(items: readonly RotationItem[]): Themes {
  let themes = themeMaps.get(items);
  if (!themes) {
    themes = new Map(items.map((p) => [p.id, p.themes]));
    themeMaps.set(items, themes);
  }
  return themes;
}

/** Two prompts clash when they are the same prompt or share a theme. */
function clash(themes: Themes, a: string, b: string): boolean {
  if (a === b) return true;
  const ta = themes.get(a);
  const tb = themes.get(b);
  return ta !== undefined && tb !== undefined && ta.some((t) => tb.includes(t));
}

/**
 * How badly `id` would sit right after `recent` (oldest first): 0 when it clashes with none of the last
 * `THEME_GAP - 1`, else higher the closer its nearest clash.
 */
function strain(themes: Themes, recent: readonly string[], id: string): number {
  for (let d = 1; d < THEME_GAP && d <= recent.length; d++) {
    if (clash(themes, recent[recent.length - d] as string, id)) return THEME_GAP - d;
  }
  return 0;
}

/** The clashes of position `i` of `all`: other positions fewer than `THEME_GAP` away holding a clashing prompt. */
function clashesAt(themes: Themes, all: readonly string[], i: number): number {
  let n = 0;
  for (let d = 1; d < THEME_GAP; d++) {
    const a = all[i - d];
    const b = all[i + d];
    if (a !== undefined && clash(themes, a, all[i] as string)) n++;
    if (b !== undefined && clash(themes, b, all[i] as string)) n++;
  }
  return n;
}

/**
 * Spreads `order` so that clashing prompts are `THEME_GAP` apart after `before` (the end of the previous
 * pass), keeping the shuffled order wherever it can: each step takes the first prompt in shuffled order that
 * clashes with none of the last posts, unless a theme is running out of room (its prompts left need almost
 * every remaining slot, `THEME_GAP` apart), when the prompt of the tightest theme goes first. Swaps then
 * remove what clashes are left. Deterministic.
 */
function spread(themes: Themes, order: readonly string[], before: readonly string[]): string[] {
  const pool = [...order];
  const all = [...before];
  const left = new Map<string, number>();
  for (const id of pool) for (const t of themes.get(id) ?? []) left.set(t, (left.get(t) ?? 0) + 1);
  while (pool.length > 0) {
    const recent = all.slice(-(THEME_GAP - 1));
    // Themes whose prompts left need nearly every remaining slot: one of them goes first if it can.
    const tight = new Set<string>();
    for (const [t, n] of left) if (n > 0 && pool.length - (n - 1) * THEME_GAP - 1 < THEME_GAP) tight.add(t);
    let best = -1;
    let bestStrain = Number.POSITIVE_INFINITY;
    for (let k = 0; k < pool.length; k++) {
      const id = pool[k] as string;
      const s = strain(themes, recent, id);
      const urgent = tight.size > 0 && (themes.get(id) ?? []).some((t) => tight.has(t));
      if (s < bestStrain || (s === bestStrain && urgent && s === 0)) {
        [best, bestStrain] = [k, s];
        if (s === 0 && (tight.size === 0 || urgent)) break;
      }
    }
    const [id] = pool.splice(Math.max(best, 0), 1) as [string];
    for (const t of themes.get(id) ?? []) left.set(t, (left.get(t) ?? 1) - 1);
    all.push(id);
  }
  // Repair: swap a clashing prompt with any other of this pass when that lowers the clashes around both.
  const swap = (i: number, j: number) => {
    [all[i], all[j]] = [all[j] as string, all[i] as string];
  };
  for (let round = 0; round < 10; round++) {
    let fixed = false;
    for (let i = before.length; i < all.length; i++) {
      if (clashesAt(themes, all, i) === 0) continue;
      for (let j = before.length; j < all.length; j++) {
        if (j === i) continue;
        const was = clashesAt(themes, all, i) + clashesAt(themes, all, j);
        swap(i, j);
        if (clashesAt(themes, all, i) + clashesAt(themes, all, j) < was) {
          fixed = true;
          break;
        }
        swap(i, j);
      }
    }
    if (!fixed) break;
  }
  // A few clashes left (a library with little room): try moving one prompt elsewhere in the pass.
  const total = () => {
    let n = 0;
    for (let i = before.length; i < all.length; i++)
      n += strain(themes, all.slice(Math.max(0, i - 3), i), all[i] as string) > 0 ? 1 : 0;
    return n;
  };
  let clashes = total();
  for (let i = before.length; clashes > 0 && clashes <= MAX_MOVES && i < all.length; i++) {
    if (clashesAt(themes, all, i) === 0) continue;
    const [id] = all.splice(i, 1) as [string];
    let placed = false;
    for (let k = before.length; k <= all.length && !placed; k++) {
      all.splice(k, 0, id);
      const now = total();
      if (now < clashes) {
        clashes = now;
        placed = true;
        i = before.length - 1;
      } else {
        all.splice(k, 1);
      }
    }
    if (!placed) all.splice(i, 0, id);
  }
  return all.slice(before.length);
}

/** Plans already made, per library (the same array object) and (seed, cycle): walking a pass reuses them. */
const plans = new WeakMap<readonly RotationItem[], Map<string, string[]>>();
const MAX_PLANS = 256;

/**
 * The planned order of pass `cycle`: the shuffled order, spread out after the end of the previous pass's plan
 * (pass 0 has nothing before it). Each plan needs only the end of the one before, so earlier plans are made
 * forwards from the latest one already known.
 */
function passPlan(items: readonly RotationItem[], seed: number, cycle: number): string[] {
  let cache = plans.get(items);
  if (!cache) {
    cache = new Map();
    plans.set(items, cache);
  }
  let from = cycle;
  while (from >= 0 && !cache.has(`${seed}:${from}`)) from--;
  let plan = from >= 0 ? (cache.get(`${seed}:${from}`) as string[]) : [];
  if (from === cycle) return plan;
  const themes = themesOf(items);
  const ids = [...themes.keys()];
  for (let c = from + 1; c <= cycle; c++) {
    plan = spread(themes, passOrder(ids, seed, c), plan.slice(-(THEME_GAP - 1)));
    if (cache.size >= MAX_PLANS) cache.delete(cache.keys().next().value as string);
    cache.set(`${seed}:${c}`, plan);
  }
  return plan;
}

/**
 * The next prompt for a channel and the rotation state after using it.
 * Ids no longer in the library are ignored; new ids join the current pass, at the place their hash gives
 * them among the prompts not used yet (see passOrder), so they go up within this pass and the rest keep
 * their order (theme spacing aside). The pick is the first prompt of
 * the pass's plan not yet used that clashes with none of the last posts (the least-clashing one when every
 * one left clashes), so a new pass never starts with the prompt that ended the previous one.
 */
export function nextPrompt(
  items: readonly RotationItem[],
  state: RotationState,
): { promptId: string; state: RotationState } {
  if (items.length === 0) throw new Error('the prompt library is empty');
  const themes = themesOf(items);
  const used = new Set(state.used);
  let cycle = state.cycle;
  let recent = state.used.slice(-(THEME_GAP - 1));
  let remaining = passPlan(items, state.seed, cycle).filter((id) => !used.has(id));
  if (remaining.length === 0) {
    cycle += 1;
    used.clear();
    remaining = passPlan(items, state.seed, cycle);
  } else if (recent.length < THEME_GAP - 1 && cycle > 0) {
    // Early in a pass: the posts before it are the end of the previous pass.
    recent = [...passPlan(items, state.seed, cycle - 1), ...recent].slice(-(THEME_GAP - 1));
  }
  let promptId = remaining[0] as string;
  let least = Number.POSITIVE_INFINITY;
  for (const id of remaining) {
    const s = strain(themes, recent, id);
    if (s < least) [promptId, least] = [id, s];
    if (s === 0) break;
  }
  const nextUsed = cycle === state.cycle ? [...state.used, promptId] : [promptId];
  return { promptId, state: { ...state, cycle, used: nextUsed } };
}
