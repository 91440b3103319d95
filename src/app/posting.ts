/**
 * Posting a prompt in a channel: pick the next prompt of the channel's rotation, post it, record it,
 * then add the three vote reactions. Shared by `/lead-vs-manage now` and the schedules.
 */
import { randomInt } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { PromptLibrary } from '../domain/library.js';
import { VOTE_OPTIONS } from '../domain/options.js';
import { nextPrompt } from '../domain/rotation.js';
import { describe, slackError } from '../slack/errors.js';
import type { Logger } from '../slack/logger.js';
import { type PostOnceOptions, postOnce } from '../slack/post-once.js';
import type { Store } from '../store/store.js';
import { promptMessage } from '../views/prompt-message.js';
import type { Closer } from './closing.js';

export type PostResult =
  | { ok: true; ts: string; promptId: string }
  | { ok: false; reason: 'not_in_channel'; message: string }
  | { ok: false; reason: 'failed'; message: string };

export interface PosterDeps {
  client: webApi.WebClient;
  /** A client that does not retry by itself: posts go through postOnce, which retries without doubles. */
  postClient: webApi.WebClient;
  retry?: PostOnceOptions;
  store: Store;
  library: PromptLibrary;
  logger: Logger;
  /** Summarises the channel's previous prompt once the new one is up. */
  close?: Closer;
  now?: () => Date;
}

export type Poster = (team: string, channel: string, opts?: { slot?: string }) => Promise<PostResult>;

const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

const NOT_IN_CHANNEL =
  "I'm not in this channel yet, and I can't join it by myself (private channels need an invitation). " +
  'Invite me with `/invite @lead-vs-manage`, then try again.';

export function createPoster(deps: PosterDeps): Poster {
  const { client, store, library, logger } = deps;
  const now = deps.now ?? (() => new Date());
  // One post at a time per channel, so two quick `now`s never pick the same prompt.
  const queues = new Map<string, Promise<unknown>>();

  async function postInChannel(team: string, channel: string, slot: string | undefined): Promise<PostResult> {
    const rotation = (await store.rotation(team, channel)) ?? {
      team,
      channel,
      seed: randomInt(2 ** 31),
      cycle: 0,
      used: [],
    };
    const { promptId, state } = nextPrompt(library.all, rotation);
    const prompt = library.byId(promptId);
    const previous = (await store.posts(team, channel))[0];
    const message = promptMessage(prompt, { slot });

    const send = () => postOnce(deps.postClient, { channel, ...message }, logger, deps.retry);
    let posted: Awaited<ReturnType<typeof send>>;
    try {
      posted = await send();
    } catch (error) {
      // A private channel the bot is not in looks like it does not exist (channel_not_found).
      if (!NOT_A_MEMBER.has(slackError(error) ?? '')) throw error;
      try {
        await client.conversations.join({ channel });
        logger.info(`joined channel ${channel} to post a prompt`);
      } catch (joinError) {
        logger.warn(`cannot post in ${channel}: not a member and cannot join (${describe(joinError)})`);
        return { ok: false, reason: 'not_in_channel', message: NOT_IN_CHANNEL };
      }
      posted = await send();
    }
    const ts = posted.ts;
    if (!ts) throw new Error(`chat.postMessage in ${channel} returned no ts`);

    await store.commit([
      { type: 'rotation', rotation: { team, channel, ...state, used: [...state.used] } },
      {
        type: 'post',
        post: { team, channel, ts, promptId, postedAt: now().toISOString(), ...(slot ? { slot } : {}) },
      },
    ]);
    logger.info(`posted prompt ${promptId} in ${channel} (ts ${ts}${slot ? `, slot ${slot}` : ''})`);

    for (const option of VOTE_OPTIONS) {
      try {
        await client.reactions.add({ channel, timestamp: ts, name: option.emoji });
      } catch (error) {
        // Already there (a retry) is fine; anything else leaves the vote to people's own clicks.
        if (slackError(error) !== 'already_reacted')
          logger.warn(`could not add :${option.emoji}: to ${ts}: ${describe(error)}`);
      }
    }
    if (previous && !previous.closedAt && deps.close) {
      await deps
        .close(previous)
        .catch((error) =>
          logger.warn(`could not close the previous prompt in ${channel}: ${describe(error)}`),
        );
    }
    return { ok: true, ts, promptId };
  }

  return async (team, channel, opts = {}) => {
    const key = `${team}/${channel}`;
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => postInChannel(team, channel, opts.slot));
    queues.set(key, run);
    try {
      return await run;
    } catch (error) {
      logger.error(`posting a prompt in ${channel} failed: ${describe(error)}`);
      return {
        ok: false,
        reason: 'failed',
        message: `Sorry, I couldn't post the prompt (${describe(error)}).`,
      };
    } finally {
      if (queues.get(key) === run) queues.delete(key);
    }
  };
}
