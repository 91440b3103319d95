import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/app/prompt-files.js';
import {
  nextPrompt,
  passOrder,
  type RotationItem,
  type RotationState,
  THEME_GAP,
} from '../../src/domain/rotation.js';

const plain = (n: number, themes: (i: number) => string[] = () => []): RotationItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `p${String(i).padStart(3, '0')}`, themes: themes(i) }));

const items = plain(52);
const ids = items.map((p) => p.id);

function walk(state: RotationState, n: number, library: readonly RotationItem[] = items) {
  const seen: string[] = [];
  let s = state;
  for (let i = 0; i < n; i++) {
    const r = nextPrompt(library, s);
    seen.push(r.promptId);
    s = r.state;
  }
  return { seen, state: s };
}

/** Share of posts (after the first) that share a theme with one of the `THEME_GAP - 1` posts before them. */
function clashRate(seq: readonly string[], library: readonly RotationItem[]): number {
  const themes = new Map(library.map((p) => [p.id, p.themes]));
  const share = (a: string, b: string) =>
    a === b || (themes.get(a) ?? []).some((t) => (themes.get(b) ?? []).includes(t));
  let clashes = 0;
  for (let i = 1; i < seq.length; i++) {
    for (let d = 1; d < THEME_GAP && d <= i; d++) {
      if (share(seq[i - d] as string, seq[i] as string)) {
        clashes++;
        break;
      }
    }
  }
  return clashes / (seq.length - 1);
}

/** The rotation before themes were spaced: each pass in plain shuffled order, never repeating across the seam. */
function shuffledOnly(library: readonly RotationItem[], seed: number, n: number): string[] {
  const out: string[] = [];
  for (let cycle = 0; out.length < n; cycle++) {
    const order = passOrder(
      library.map((p) => p.id),
      seed,
      cycle,
    );
    if (order[0] === out.at(-1)) [order[0], order[1]] = [order[1] as string, order[0] as string];
    out.push(...order);
  }
  return out.slice(0, n);
}

/** Every pass of a walk (as sets), to check each one covers the library once. */
function passes(seq: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i + size <= seq.length; i += size) out.push(seq.slice(i, i + size));
  return out;
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
    expect(walk({ seed: 7, cycle: 0, used: [] }, 52).seen).not.toEqual(
      walk({ seed: 8, cycle: 0, used: [] }, 52).seen,
    );
  });

  it('continues where it left off from stored state (a restart), also across the seam between passes', () => {
    const library = plain(52, (i) => [`t${i % 9}`]);
    for (const cut of [12, 50, 52, 53, 54]) {
      const whole = walk({ seed: 3, cycle: 0, used: [] }, 110, library).seen;
      const first = walk({ seed: 3, cycle: 0, used: [] }, cut, library);
      const stored = JSON.parse(JSON.stringify(first.state)) as RotationState;
      // A fresh copy of the library, as after a restart (no plan made before is reused).
      const reloaded = library.map((p) => ({ ...p }));
      expect([...first.seen, ...walk(stored, 110 - cut, reloaded).seen], `cut at ${cut}`).toEqual(whole);
    }
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
    const changed = [...items.slice(5), { id: 'new-a', themes: [] }, { id: 'new-b', themes: [] }];
    const changedIds = changed.map((p) => p.id);
    const rest = walk(
      first.state,
      changed.length - first.seen.filter((id) => changedIds.includes(id)).length,
      changed,
    );
    const pass = new Set([...first.seen.filter((id) => changedIds.includes(id)), ...rest.seen]);
    expect(pass).toEqual(new Set(changedIds));
  });

  it('refuses an empty library', () => {
    expect(() => nextPrompt([], { seed: 1, cycle: 0, used: [] })).toThrow(/empty/);
  });
});

describe('themes spaced out', () => {
  it(`keeps prompts that share a theme ${THEME_GAP} posts apart when the library leaves room, across passes`, () => {
    // 52 prompts with two themes each: 17 themes of about 3 prompts, and 6 themes of about 9 prompts each.
    const library = plain(52, (i) => [`a${i % 17}`, `b${i % 6}`]);
    let before = 0;
    let after = 0;
    let clean = 0;
    for (let seed = 0; seed < 300; seed++) {
      const { seen } = walk({ seed, cycle: 0, used: [] }, 52 * 3, library);
      for (const pass of passes(seen, 52)) expect(new Set(pass).size).toBe(52);
      const rate = clashRate(seen, library);
      after += rate;
      if (rate === 0) clean++;
      before += clashRate(shuffledOnly(library, seed, 52 * 3), library);
    }
    expect(before / 300).toBeGreaterThan(0.3); // what a plain shuffle does with these themes
    expect(after / 300).toBeLessThan(0.001); // fewer than 1 post in 1,000 (a greedy plan can miss a tight end)
    expect(clean).toBeGreaterThanOrEqual(295);
  });

  it('still walks the whole library before any repeat when spacing is impossible, with fewer clashes', () => {
    // Half the library shares one theme: no order can keep them 4 apart.
    const library = plain(40, (i) => (i % 2 === 0 ? ['crowded'] : [`own-${i}`]));
    let after = 0;
    let before = 0;
    for (let seed = 0; seed < 200; seed++) {
      const { seen } = walk({ seed, cycle: 0, used: [] }, 120, library);
      for (const pass of passes(seen, 40)) expect(new Set(pass).size).toBe(40);
      after += clashRate(seen, library);
      before += clashRate(shuffledOnly(library, seed, 120), library);
    }
    expect(after).toBeLessThan(before * 0.8);
  });

  it('spaces the real library: theme-sharing prompts within 4 posts, before and after, over 2,000 shuffles', () => {
    const library = loadPrompts(fileURLToPath(new URL('../../prompts', import.meta.url)));
    const posts = library.length + Math.ceil(library.length / 3); // every walk crosses a seam between passes
    let before = 0;
    let after = 0;
    const seeds = 2000;
    for (let seed = 0; seed < seeds; seed++) {
      const { seen } = walk({ seed, cycle: 0, used: [] }, posts, library);
      expect(new Set(seen.slice(0, library.length)).size).toBe(library.length);
      after += clashRate(seen, library);
      before += clashRate(shuffledOnly(library, seed, posts), library);
    }
    const pct = (x: number) => `${((100 * x) / seeds).toFixed(3)} %`;
    console.log(
      `${path.basename(path.resolve('prompts'))}/: ${library.length} prompts, ${seeds} seeds × ${posts} posts: ` +
        `posts sharing a theme with one of the ${THEME_GAP - 1} before: ${pct(before)} with a plain shuffle, ${pct(after)} spaced`,
    );
    expect(after / seeds).toBeLessThan(0.01);
    expect(after).toBeLessThan(before / 20);
  });
});
