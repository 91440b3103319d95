/**
 * `/lead-vs-manage now` waits PROMPT_NOW_COOLDOWN after a channel's latest prompt (posted by hand or on
 * schedule), so one person cannot fill a channel with prompts, or close each one minutes after it went up.
 * The latest prompt comes from the store (so a restart does not reset the wait); a `now` that was let through
 * counts at once, before its post is made, through a claim every instance sees (Coordination.claimNow: in
 * memory with the file store, a row in the database on PostgreSQL), so two quick ones cannot both pass, also
 * when they reach two instances.
 */
import type { Coordination } from '../store/coordination.js';
import type { Store } from '../store/store.js';

type CooldownVerdict = { ok: true; release(): Promise<void> } | { ok: false; until: Date };

export interface NowCooldown {
  /** Lets a manual prompt through (and counts it) or says when the next one is possible. */
  claim(team: string, channel: string): Promise<CooldownVerdict>;
}

export function createNowCooldown(opts: {
  store: Store;
  claims: Pick<Coordination, 'claimNow'>;
  cooldownMs: number;
  now: () => Date;
}): NowCooldown {
  const { cooldownMs } = opts;
  return {
    async claim(team, channel) {
      if (cooldownMs <= 0) return { ok: true, release: async () => {} };
      const [latest] = await opts.store.posts(team, channel, { limit: 1 });
      const at = opts.now().getTime();
      const posted = latest ? Date.parse(latest.postedAt) : Number.NEGATIVE_INFINITY;
      if (at - posted < cooldownMs) return { ok: false, until: new Date(posted + cooldownMs) };
      // The post did not go out: `release` lets the channel try again at once.
      const claim = await opts.claims.claimNow(team, channel, at, cooldownMs);
      return claim.ok
        ? { ok: true, release: claim.release }
        : { ok: false, until: new Date(claim.lastAt + cooldownMs) };
    },
  };
}
