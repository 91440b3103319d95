/**
 * What app instances agree on besides the data: one post at a time per channel, the `now` cooldown's claims,
 * and posts whose fate is unknown (see src/app/posting.ts). With the file store there is one process, so this
 * lives in its memory (`localCoordination`); on PostgreSQL it lives in the database (postgres/coordination.ts),
 * so every instance sees it and it outlives a restart.
 */

/** A post that failed (5xx, timeout) while every history look-up failed too: it may be in the channel. */
export interface UnsettledRecord {
  team: string;
  channel: string;
  /** The id in the message's metadata that the history look-up searches for. */
  postId: string;
  /** Look-ups that failed since it was kept. */
  checks: number;
  /** When to look for it again (ms since the epoch). */
  nextCheckAt: number;
  /** What the poster needs to record or post it, as JSON (opaque to the store). */
  body: string;
}

export type NowClaim = { ok: true; release(): Promise<void> } | { ok: false; lastAt: number };

export interface Coordination {
  /** Whether what it keeps outlives this process (and is shared with other instances). */
  readonly shared: boolean;
  /** Runs `work` when no other call, of this instance or another, holds the same lock (see `locks`). */
  exclusive<T>(lock: string, work: () => Promise<T>): Promise<T>;
  /**
   * Counts a `now` at `at` (ms) unless one was counted in the channel within `cooldownMs` before it; then
   * says when that one was. `release` gives the turn back (the post did not go out).
   */
  claimNow(team: string, channel: string, at: number, cooldownMs: number): Promise<NowClaim>;
  /** One unsettled post per channel at most. */
  unsettled: {
    get(team: string, channel: string): Promise<UnsettledRecord | undefined>;
    /** Keeps it as the channel's one (posts are made under `exclusive`, which asks for it first). */
    put(record: UnsettledRecord): Promise<void>;
    /** Forgets it, if it is still the channel's one. */
    delete(team: string, channel: string, postId: string): Promise<void>;
    /** Every one kept, oldest check first. */
    list(): Promise<UnsettledRecord[]>;
  };
  close(): Promise<void>;
}

/** Runs work one at a time per key, in the order asked. */
export function keyedQueue(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const queues = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    queues.set(key, run);
    return run.finally(() => {
      if (queues.get(key) === run) queues.delete(key);
    });
  };
}

/** The locks `exclusive` takes. */
export const locks = {
  /** Posting in a channel: read its rotation, post, record the post. Held as long as Slack takes. */
  post: (team: string, channel: string) => `post/${team}/${channel}`,
  /** Reading and writing a channel's schedule (a slot claim, the default schedule): a moment. */
  schedule: (team: string, channel: string) => `schedule/${team}/${channel}`,
};

const channelKey = (team: string, channel: string) => `${team}\u0000${channel}`;

/** Coordination for one process: kept in memory, gone at restart. */
export function localCoordination(): Coordination {
  const queue = keyedQueue();
  const claims = new Map<string, number>();
  const unsettled = new Map<string, UnsettledRecord>();
  return {
    shared: false,
    exclusive: queue,
    async claimNow(team, channel, at, cooldownMs) {
      const key = channelKey(team, channel);
      const last = claims.get(key);
      if (last !== undefined && at - last < cooldownMs) return { ok: false, lastAt: last };
      claims.set(key, at);
      for (const [k, t] of claims) if (at - t >= cooldownMs) claims.delete(k);
      return {
        ok: true,
        async release() {
          if (claims.get(key) === at) claims.delete(key);
        },
      };
    },
    unsettled: {
      async get(team, channel) {
        const r = unsettled.get(channelKey(team, channel));
        return r && { ...r };
      },
      async put(record) {
        unsettled.set(channelKey(record.team, record.channel), { ...record });
      },
      async delete(team, channel, postId) {
        const key = channelKey(team, channel);
        if (unsettled.get(key)?.postId === postId) unsettled.delete(key);
      },
      async list() {
        return [...unsettled.values()].map((r) => ({ ...r })).sort((a, b) => a.nextCheckAt - b.nextCheckAt);
      },
    },
    async close() {},
  };
}
