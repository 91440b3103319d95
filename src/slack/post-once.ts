/**
 * Posting a message so that people see it once, whatever the network does. Slack can accept a message
 * and still answer 5xx or time out; the Web API client would then post it again. So the post goes
 * through a client that does not retry by itself, carries a unique id in its metadata, and before any
 * re-post we look in the channel's history (a reply: its thread's replies) for that id. The look-up is retried with backoff; when it keeps
 * failing the post is never made again: `UnconfirmedPost` is thrown, carrying what is needed to look again
 * later (`lookUp`) and, only if Slack's history then shows the message is missing, to post it (`postOnce`
 * with the same attempt).
 */
import { randomUUID } from 'node:crypto';
import type { types, webApi } from '@slack/bolt';
import { classify, describe, errorText } from './errors.js';
import type { Logger } from './logger.js';

export interface PostOnceOptions {
  /** Posts in all (default 5). */
  attempts?: number;
  /** First wait between attempts and between look-ups; doubles each time (default 1 s). */
  backoffMs?: number;
  /** History look-ups in a row before the post is called unconfirmed (default 3). */
  lookups?: number;
}

interface Message {
  channel: string;
  /** A reply in this thread: looked for among the thread's replies. */
  thread_ts?: string;
  reply_broadcast?: boolean;
  text: string;
  blocks?: types.KnownBlock[];
  metadata: { event_type: string; event_payload: Record<string, string> };
}

/** One message to post, tagged with its id; the same attempt is looked for and re-posted. */
export interface Attempt {
  readonly message: Message;
  readonly postId: string;
  /** Slack ts from which the channel's history is searched. */
  readonly since: string;
}

/** The post may or may not have gone out: it failed (5xx, timeout) and so did every look-up since. */
export class UnconfirmedPost extends Error {
  constructor(
    readonly attempt: Attempt,
    readonly postError: unknown,
    readonly lookupError: unknown,
  ) {
    super(
      `could not confirm whether the post in ${attempt.message.channel} went out ` +
        `(posting: ${describe(postError)}; history look-up: ${describe(lookupError)})`,
    );
  }
}

export function newAttempt(message: Message, nowMs = Date.now()): Attempt {
  const postId = randomUUID();
  return {
    message: {
      ...message,
      metadata: {
        ...message.metadata,
        event_payload: { ...message.metadata.event_payload, post_id: postId },
      },
    },
    postId,
    since: (nowMs / 1000 - 60).toFixed(6),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function postOnce(
  client: webApi.WebClient,
  attempt: Attempt,
  logger: Logger,
  opts: PostOnceOptions = {},
): Promise<{ ts: string }> {
  const attempts = opts.attempts ?? 5;
  const { channel } = attempt.message;
  let wait = opts.backoffMs ?? 1000;
  let lastError: unknown;
  for (let n = 1; n <= attempts; n++) {
    try {
      // A reply that is also sent to the channel (reply_broadcast) is one of the arguments' variants.
      const res = await client.chat.postMessage(attempt.message as webApi.ChatPostMessageArguments);
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return { ts: res.ts };
    } catch (error) {
      const failure = classify(error);
      // An answer from Slack itself ({ ok: false, error }): retrying would not change it.
      if (failure.kind === 'platform') throw error;
      lastError = error;
      // A 429 was never posted (the client already waited Retry-After): go again at once.
      if (failure.kind === 'rate-limited') continue;
      logger.warn(
        `posting in ${channel} failed (attempt ${n}: ${errorText(error)}); ` +
          `looking for it in the channel's history in ${wait} ms`,
      );
      await sleep(wait);
      wait *= 2;
      // Never post again without a look-up that succeeded.
      let found: string | undefined;
      try {
        found = await lookUp(client, attempt, logger, opts);
      } catch (lookupError) {
        throw new UnconfirmedPost(attempt, error, lookupError);
      }
      if (found) {
        logger.info(`the post in ${channel} had gone through after all (ts ${found}); not posting it again`);
        return { ts: found };
      }
    }
  }
  throw lastError;
}

/**
 * The ts of the attempt's message if the channel's history shows it, undefined if it does not. The look-up
 * is tried `lookups` times with backoff; the last error is thrown when none succeeds.
 */
export async function lookUp(
  client: webApi.WebClient,
  attempt: Attempt,
  logger: Logger,
  opts: PostOnceOptions = {},
): Promise<string | undefined> {
  const tries = opts.lookups ?? 3;
  let wait = opts.backoffMs ?? 1000;
  for (let n = 1; ; n++) {
    try {
      return await findPosted(client, attempt);
    } catch (error) {
      if (n >= tries) throw error;
      logger.warn(
        `looking for a post in ${attempt.message.channel}'s history failed (${describe(error)}); ` +
          `trying again in ${wait} ms`,
      );
      await sleep(wait);
      wait *= 2;
    }
  }
}

/** History pages searched at most (100 messages each). */
const MAX_PAGES = 10;

async function findPosted(client: webApi.WebClient, attempt: Attempt): Promise<string | undefined> {
  const { channel, thread_ts } = attempt.message;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = {
      channel,
      oldest: attempt.since,
      include_all_metadata: true,
      limit: 100,
      ...(cursor ? { cursor } : {}),
    };
    const history = thread_ts
      ? await client.conversations.replies({ ...query, ts: thread_ts })
      : await client.conversations.history(query);
    const hit = history.messages?.find(
      (m) => (m.metadata?.event_payload as Record<string, unknown> | undefined)?.post_id === attempt.postId,
    );
    if (hit?.ts) return hit.ts;
    cursor = history.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
