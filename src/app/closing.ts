/**
 * Closing a week: the prompt gets a results summary in its thread, with what its source argued. The summary is
 * also sent to the channel (`reply_broadcast`, PROMPT_CLOSE_BROADCAST), where people look; it stays a reply of
 * the prompt's thread either way.
 * Happens when the channel's next prompt is posted, or PROMPT_CLOSE_AFTER after posting.
 *
 * The close is recorded before the summary is posted, so a prompt is summarised at most once: the record is a
 * commit with the close's own event id (`close:<team>:<channel>:<ts>`), which the store applies once, so of
 * several instances (or two calls in one) exactly one posts the summary. The summary goes out like a prompt
 * (src/slack/post-once.ts): after a 5xx or a timeout it is posted again only once a look-up in the thread
 * shows it is missing; when the look-ups fail too it is not posted again, and the log says so.
 *
 * The second look: the summary asks "After the discussion, where do you stand now?", its ts is recorded once it
 * is posted (so reactions on it count as second-look votes), then the bot adds the three vote reactions to it.
 */
import type { webApi } from '@slack/bolt';
import { VOTE_OPTIONS } from '../domain/options.js';
import { describe, slackError } from '../slack/errors.js';
import type { Logger } from '../slack/logger.js';
import { newAttempt, type PostOnceOptions, postOnce, UnconfirmedPost } from '../slack/post-once.js';
import type { PostRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { closingSummary } from '../views/results.js';
import { promptResult } from './archive.js';
import type { TeamLibraries } from './team-library.js';

/** The summary's message metadata names it, and carries the id post-once looks for. */
export const SUMMARY_EVENT_TYPE = 'lead_vs_manage_summary';

export interface ClosingDeps {
  /** Adds the second look's reactions to the summary. */
  client: webApi.WebClient;
  /** A client that does not retry by itself (see src/slack/post-once.ts). */
  postClient: webApi.WebClient;
  retry?: PostOnceOptions;
  store: Store;
  /** Each workspace's library: a team's own prompt is revealed from it too. */
  libraries: TeamLibraries;
  logger: Logger;
  now: () => Date;
  /** Also send the summary to the channel (default true). */
  broadcast?: boolean;
  /** Tallies of fewer voters are shown as "fewer than N voters" (TALLY_MIN_VOTERS). */
  minVoters?: number;
}

export type Closer = (post: PostRecord) => Promise<void>;

/** The event id that claims a prompt's close: the same in every instance. */
export const closeEventId = (post: Pick<PostRecord, 'team' | 'channel' | 'ts'>) =>
  `close:${post.team}:${post.channel}:${post.ts}`;

export function createCloser(deps: ClosingDeps): Closer {
  const { postClient, store, libraries, logger, now } = deps;
  return async (post) => {
    const current = await store.post(post.team, post.channel, post.ts);
    if (!current || current.closedAt) return;
    const claimed = await store.commit(
      [{ type: 'close', team: post.team, channel: post.channel, ts: post.ts, at: now().toISOString() }],
      { eventId: closeEventId(post) },
    );
    if (!claimed) return; // closed by another instance, or by another call of this one
    const library = await libraries.forTeam(post.team);
    const summary = closingSummary(await promptResult(store, library, current, deps.minVoters));
    const attempt = newAttempt(
      {
        channel: post.channel,
        thread_ts: post.ts,
        reply_broadcast: deps.broadcast ?? true,
        ...summary,
        metadata: { event_type: SUMMARY_EVENT_TYPE, event_payload: { prompt_ts: post.ts } },
      },
      now().getTime(),
    );
    let posted: { ts: string };
    try {
      posted = await postOnce(postClient, attempt, logger, deps.retry);
    } catch (error) {
      if (!(error instanceof UnconfirmedPost)) throw error;
      logger.error(
        `could not confirm whether the summary of prompt ${post.ts} in channel ${post.channel} went out ` +
          `(${describe(error)}); it is not posted again, check the thread`,
      );
      return;
    }
    logger.info(`closed prompt ${post.promptId} in ${post.channel} (ts ${post.ts})`);
    await openSecondLook(deps, post, posted.ts);
  };
}

/** Records the summary's ts (its reactions are the second look from then on), then adds the vote reactions. */
async function openSecondLook(deps: ClosingDeps, post: PostRecord, summaryTs: string): Promise<void> {
  const { team, channel, ts } = post;
  await deps.store.commit([{ type: 'summary', team, channel, ts, summaryTs }]);
  for (const option of VOTE_OPTIONS) {
    try {
      await deps.client.reactions.add({ channel, timestamp: summaryTs, name: option.emoji });
    } catch (error) {
      if (slackError(error) !== 'already_reacted') {
        deps.logger.warn(`could not add :${option.emoji}: to the summary ${summaryTs}: ${describe(error)}`);
      }
    }
  }
}

/** Prompts that have been open longer than `closeAfterMs`: only a channel's latest can still be open. */
export async function overdue(
  store: Store,
  team: string,
  closeAfterMs: number,
  now: Date,
): Promise<PostRecord[]> {
  return (await store.latestPosts(team)).filter(
    (p) => !p.closedAt && now.getTime() - Date.parse(p.postedAt) >= closeAfterMs,
  );
}
