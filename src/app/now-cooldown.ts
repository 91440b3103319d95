/**
 * `/lead-vs-manage now` waits PROMPT_NOW_COOLDOWN after a channel's latest prompt (posted by hand or on
 * schedule), so one person cannot fill a channel with prompts, or close each one minutes after it went up.
 * The latest prompt comes from the store (so a restart does not reset the wait); a `now` that was let through
 * counts at once, before its post is made, so two quick ones cannot both pass.
 */
import type { Store } from '../store/store.js';

export type CooldownVerdict = { ok: true; release(): void } | { ok: false; until: Date };

export interface NowCooldown {
  /** Lets a manual prompt through (and counts it) or says when the next one is possible. */
  claim(team: string, channel: string): Promise<CooldownVerdict>;
}

export function createNowCooldown(opts: { store: Store; cooldownMs: number; now: () => Date }): NowCooldown {
  const claimed = new Map<string, number>();
  return {
    async claim(team, channel) {
      const key = `${team}\u0000${channel}`;
      if (opts.cooldownMs <= 0) return { ok: true, release() {} };
      const latest = (await opts.store.posts(team, channel))[0];
      // From here to the end nothing awaits: a second claim for the channel sees this one's mark.
      const at = opts.now().getTime();
      const last = Math.max(latest ? Date.parse(latest.postedAt) : -Infinity, claimed.get(key) ?? -Infinity);
      if (at - last < opts.cooldownMs) return { ok: false, until: new Date(last + opts.cooldownMs) };
      claimed.set(key, at);
      for (const [k, t] of claimed) if (at - t >= opts.cooldownMs) claimed.delete(k);
      return {
        ok: true,
        release() {
          // The post did not go out: the channel may try again at once.
          if (claimed.get(key) === at) claimed.delete(key);
        },
      };
    },
  };
}
