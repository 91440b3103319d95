/** src/domain/privacy.ts (the small-group rule) and src/domain/revisit.ts (which prompt comes back, and when). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_VOTERS, tooFewToShow } from '../../src/domain/privacy.js';
import { chooseRevisit, monthsBefore, type PastPost } from '../../src/domain/revisit.js';

describe('tooFewToShow', () => {
  it('hides a tally of 1 or 2 voters by default, never one with nobody or with enough voters', () => {
    expect(DEFAULT_MIN_VOTERS).toBe(3);
    expect([0, 1, 2, 3, 10].map((n) => tooFewToShow(n, DEFAULT_MIN_VOTERS))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(tooFewToShow(4, 5)).toBe(true);
    expect(tooFewToShow(1, 1)).toBe(false); // 1 turns the rule off
  });
});

describe('monthsBefore', () => {
  it('goes back calendar months in UTC', () => {
    expect(monthsBefore(new Date('2026-12-01T09:00:00Z'), 12).toISOString()).toBe('2025-12-01T09:00:00.000Z');
    expect(monthsBefore(new Date('2028-02-29T09:00:00Z'), 12).toISOString()).toBe('2027-03-01T09:00:00.000Z');
  });
});

const NOW = new Date('2026-12-01T09:00:00Z');
/** A post `daysAgo` days before NOW; its ts follows its date. */
function post(promptId: string, daysAgo: number, revisitOf?: string): PastPost {
  const at = new Date(NOW.getTime() - daysAgo * 86_400_000);
  return {
    ts: `${Math.floor(at.getTime() / 1000)}.000100`,
    promptId,
    postedAt: at.toISOString(),
    ...(revisitOf ? { revisitOf } : {}),
  };
}
const all = () => true;

describe('chooseRevisit', () => {
  it('brings back the prompt discussed longest ago, once it is at least 12 months old', () => {
    const posts = [post('a', 400), post('b', 500), post('c', 364), post('d', 7)];
    expect(chooseRevisit(posts, NOW, { every: 4, available: all })?.promptId).toBe('b');
    expect(chooseRevisit([post('c', 364), post('d', 7)], NOW, { every: 4, available: all })).toBeUndefined();
    // Exactly 12 calendar months: due.
    const year = { ...post('e', 0), postedAt: '2025-12-01T09:00:00.000Z', ts: '1764579600.000100' };
    expect(chooseRevisit([year], NOW, { every: 4, available: all })?.promptId).toBe('e');
  });

  it('counts a prompt’s latest discussion: one discussed again within the year stays away', () => {
    const posts = [post('a', 800), post('a', 100), post('b', 400)];
    expect(chooseRevisit(posts, NOW, { every: 4, available: all })).toEqual(post('b', 400));
    // A revisit is a discussion too: "then" is the latest one.
    const again = [post('a', 900), post('a', 450, post('a', 900).ts)];
    expect(chooseRevisit(again, NOW, { every: 1, available: all })).toEqual(again[1]);
  });

  it('skips prompts that have left the library', () => {
    const posts = [post('gone', 900), post('kept', 400)];
    expect(chooseRevisit(posts, NOW, { every: 4, available: (id) => id !== 'gone' })?.promptId).toBe('kept');
  });

  it('brings back at most one post in `every`: not while a revisit is among the last every − 1 posts', () => {
    const old = [post('a', 900), post('b', 800), post('c', 700)];
    const revisit = post('a', 30, old[0]?.ts);
    const newer = (n: number) => Array.from({ length: n }, (_, i) => post(`new-${i}`, 20 - i));
    const choose = (posts: PastPost[], every = 4) => chooseRevisit(posts, NOW, { every, available: all });
    expect(choose([...old, revisit])).toBeUndefined();
    expect(choose([...old, revisit, ...newer(1)])).toBeUndefined();
    expect(choose([...old, revisit, ...newer(2)])).toBeUndefined();
    expect(choose([...old, revisit, ...newer(3)])?.promptId).toBe('b'); // the 4th post since the last revisit
    expect(choose([...old, revisit, ...newer(1)], 2)?.promptId).toBe('b'); // PROMPT_REVISIT_EVERY=2
    expect(choose([...old, revisit], 1)?.promptId).toBe('b');
  });

  it('over a long run, never brings back more than one post in every window of `every`', () => {
    for (const every of [2, 3, 4, 6]) {
      const posts: PastPost[] = Array.from({ length: 60 }, (_, i) => post(`p${i}`, 2000 - i * 7));
      let now = new Date(NOW.getTime());
      const kinds: boolean[] = [];
      for (let week = 0; week < 80; week++) {
        now = new Date(now.getTime() + 7 * 86_400_000);
        const then = chooseRevisit(posts, now, { every, available: all });
        const at = now.toISOString();
        const ts = `${Math.floor(now.getTime() / 1000)}.000100`;
        posts.push(
          then
            ? { ts, promptId: then.promptId, postedAt: at, revisitOf: then.ts }
            : { ts, promptId: `n${week}`, postedAt: at },
        );
        kinds.push(then !== undefined);
      }
      for (let i = 0; i + every <= kinds.length; i++) {
        expect(kinds.slice(i, i + every).filter(Boolean).length).toBeLessThanOrEqual(1);
      }
      expect(kinds.filter(Boolean).length).toBe(Math.ceil(kinds.length / every));
    }
  });
});
