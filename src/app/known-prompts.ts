/**
 * Whether a message is one of our prompts, asked for every reaction before its vote is committed. A prompt
 * stays a prompt, so a yes is remembered (the latest 1,000 prompts, per process); a no is asked again,
 * since the prompt may be recorded a moment later (by this instance or another). A yes remembered for a
 * prompt that was since deleted (the workspace uninstalled the app) is harmless: the store applies a vote
 * only on a prompt it holds. On PostgreSQL this saves a read per vote.
 */
import type { Store } from '../store/store.js';

export interface KnownPrompts {
  has(team: string, channel: string, ts: string): Promise<boolean>;
}

export function knownPrompts(store: Pick<Store, 'post'>, max = 1000): KnownPrompts {
  const known = new Set<string>();
  return {
    async has(team, channel, ts) {
      const key = `${team}\u0000${channel}\u0000${ts}`;
      if (known.has(key)) return true;
      if (!(await store.post(team, channel, ts))) return false;
      known.add(key);
      // A Set iterates in insertion order: drop the oldest.
      if (known.size > max) known.delete(known.values().next().value as string);
      return true;
    },
  };
}
