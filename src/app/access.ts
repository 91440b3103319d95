/**
 * Who may see what: a viewer sees a channel's prompts and answers only while they are a member of it.
 * Membership comes from Slack (users.conversations, every page), remembered briefly per workspace and user
 * so a burst of clicks costs one lookup. A failed lookup is never remembered and never grants anything.
 */
import type { webApi } from '@slack/bolt';

export interface Access {
  /** The public and private channels `user` is in (id → name), as far as the bot can see them. */
  channelsOf(client: webApi.WebClient, team: string, user: string): Promise<ReadonlyMap<string, string>>;
  /** Whether `user` is a member of `channel`. */
  isMember(client: webApi.WebClient, team: string, user: string, channel: string): Promise<boolean>;
}

export interface AccessOptions {
  /** How long an answer is reused. Default 60 s. */
  ttlMs?: number;
  /** Milliseconds clock (tests). */
  now?: () => number;
  /** Cached viewers at most; the oldest are forgotten first. Default 10,000. */
  maxEntries?: number;
  /** users.conversations pages at most per lookup (200 channels each). Default 50. */
  maxPages?: number;
}

const ACCESS_TTL_MS = 60_000;
const PAGE_LIMIT = 200;

export function createAccess(opts: AccessOptions = {}): Access {
  const ttl = opts.ttlMs ?? ACCESS_TTL_MS;
  const now = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 10_000;
  const maxPages = opts.maxPages ?? 50;
  const cache = new Map<string, { at: number; channels: ReadonlyMap<string, string> }>();
  const asking = new Map<string, Promise<ReadonlyMap<string, string>>>();

  async function lookup(client: webApi.WebClient, user: string): Promise<ReadonlyMap<string, string>> {
    const channels = new Map<string, string>();
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await client.users.conversations({
        user,
        types: 'public_channel,private_channel',
        limit: PAGE_LIMIT,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of res.channels ?? []) if (c.id) channels.set(c.id, c.name ?? c.id);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return channels;
  }

  function channelsOf(
    client: webApi.WebClient,
    team: string,
    user: string,
  ): Promise<ReadonlyMap<string, string>> {
    const key = `${team}\u0000${user}`;
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttl) return Promise.resolve(hit.channels);
    let pending = asking.get(key);
    if (!pending) {
      pending = lookup(client, user)
        .then((channels) => {
          cache.delete(key);
          cache.set(key, { at: now(), channels });
          while (cache.size > maxEntries) {
            const oldest = cache.keys().next().value;
            if (oldest === undefined) break;
            cache.delete(oldest);
          }
          return channels;
        })
        .finally(() => asking.delete(key));
      asking.set(key, pending);
    }
    return pending;
  }

  return {
    channelsOf,
    async isMember(client, team, user, channel) {
      return (await channelsOf(client, team, user)).has(channel);
    },
  };
}
