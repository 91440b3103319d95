/** PROMPT_NOW_COOLDOWN: per channel, from the latest prompt, counted as soon as a `now` is let through. */
import { describe, expect, it } from 'vitest';
import { createNowCooldown } from '../../src/app/now-cooldown.js';
import { localCoordination } from '../../src/store/coordination.js';
import type { PostRecord } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';

const MINUTE = 60_000;

function storeWith(posts: Record<string, PostRecord[]>): Store {
  return {
    posts: async (_team: string, channel: string) => {
      await new Promise((r) => setImmediate(r)); // a read takes a turn of the event loop
      return posts[channel] ?? [];
    },
  } as unknown as Store;
}

const post = (channel: string, postedAt: string): PostRecord => ({
  team: 'T1',
  channel,
  ts: '1.000100',
  promptId: 'p',
  postedAt,
});

describe('the `now` cooldown', () => {
  it('waits from the latest prompt, scheduled ones included, and says until when', async () => {
    const clock = { now: new Date('2026-11-29T10:05:00Z') };
    const cooldown = createNowCooldown({
      store: storeWith({ C1: [post('C1', '2026-11-29T10:00:00.000Z')] }),
      claims: localCoordination(),
      cooldownMs: 10 * MINUTE,
      now: () => clock.now,
    });
    expect(await cooldown.claim('T1', 'C1')).toEqual({ ok: false, until: new Date('2026-11-29T10:10:00Z') });
    expect((await cooldown.claim('T1', 'C2')).ok).toBe(true);
    clock.now = new Date('2026-11-29T10:10:00Z');
    expect((await cooldown.claim('T1', 'C1')).ok).toBe(true);
  });

  it('lets one of two simultaneous `now`s through; a failed post gives the turn back', async () => {
    const cooldown = createNowCooldown({
      store: storeWith({}),
      claims: localCoordination(),
      cooldownMs: 10 * MINUTE,
      now: () => new Date(),
    });
    const [a, b] = await Promise.all([cooldown.claim('T1', 'C1'), cooldown.claim('T1', 'C1')]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const passed = a.ok ? a : b;
    if (passed.ok) await passed.release();
    expect((await cooldown.claim('T1', 'C1')).ok).toBe(true);
  });

  it('0 turns it off', async () => {
    const cooldown = createNowCooldown({
      store: storeWith({ C1: [post('C1', new Date().toISOString())] }),
      claims: localCoordination(),
      cooldownMs: 0,
      now: () => new Date(),
    });
    expect((await cooldown.claim('T1', 'C1')).ok).toBe(true);
    expect((await cooldown.claim('T1', 'C1')).ok).toBe(true);
  });
});
