/**
 * Posting a message so that people see it once, whatever the network does. Slack can accept a message
 * and still answer 5xx or time out; the Web API client would then post it again. So the post goes
 * through a client that does not retry by itself, carries a unique id in its metadata, and before any
 * re-post we look in the channel's history for that id.
 */
import { randomUUID } from 'node:crypto';
import type { types, webApi } from '@slack/bolt';
import { classify, errorText } from './errors.js';
import type { Logger } from './logger.js';

export interface PostOnceOptions {
  /** Attempts in all (default 5). */
  attempts?: number;
  /** First wait between attempts; doubles each time (default 1 s). */
  backoffMs?: number;
}

interface Message {
  channel: string;
  text: string;
  blocks: types.KnownBlock[];
  metadata: { event_type: string; event_payload: Record<string, string> };
}

export async function postOnce(
  client: webApi.WebClient,
  message: Message,
  logger: Logger,
  opts: PostOnceOptions = {},
): Promise<{ ts: string }> {
  const attempts = opts.attempts ?? 5;
  const postId = randomUUID();
  const tagged = {
    ...message,
    metadata: { ...message.metadata, event_payload: { ...message.metadata.event_payload, post_id: postId } },
  };
  const since = (Date.now() / 1000 - 60).toFixed(6);
  let wait = opts.backoffMs ?? 1000;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await client.chat.postMessage(tagged);
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return { ts: res.ts };
    } catch (error) {
      const failure = classify(error);
      // An answer from Slack itself ({ ok: false, error }): retrying would not change it.
      if (failure.kind === 'platform') throw error;
      lastError = error;
      if (attempt === attempts) break;
      // A 429 was never posted (the client already waited Retry-After): go again at once.
      if (failure.kind === 'rate-limited') continue;
      logger.warn(
        `posting in ${message.channel} failed (attempt ${attempt}: ${errorText(error)}); retrying in ${wait} ms`,
      );
      await new Promise((r) => setTimeout(r, wait));
      wait *= 2;
      const found = await findPosted(client, message.channel, postId, since).catch(() => undefined);
      if (found) {
        logger.info(
          `the post in ${message.channel} had gone through after all (ts ${found}); not posting it again`,
        );
        return { ts: found };
      }
    }
  }
  throw lastError;
}

async function findPosted(
  client: webApi.WebClient,
  channel: string,
  postId: string,
  oldest: string,
): Promise<string | undefined> {
  const history = await client.conversations.history({
    channel,
    oldest,
    include_all_metadata: true,
    limit: 100,
  });
  const hit = history.messages?.find(
    (m) => (m.metadata?.event_payload as Record<string, unknown> | undefined)?.post_id === postId,
  );
  return hit?.ts;
}
