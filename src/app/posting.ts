/**
 * Posting a prompt in a channel: pick the next prompt of the channel's rotation, post it, record it,
 * then add the three vote reactions. Shared by `/lead-vs-manage now` and the schedules. One post at a time
 * per channel, across instances too (`Coordination.exclusive`), so two never pick the same prompt.
 * In a channel with `revisit on`, a prompt discussed 12 months or more ago may come back instead (at most one
 * post in PROMPT_REVISIT_EVERY, src/domain/revisit.ts); the rotation then stays where it was.
 *
 * A post that failed (5xx, timeout) while every history look-up failed too is unconfirmed: it may be in the
 * channel. It is kept (Coordination.unsettled: in memory with the file store, in the database on PostgreSQL,
 * where any instance picks it up) and looked for again on later scheduler ticks, with backoff; it is recorded
 * if Slack's history shows it, and posted only once a look-up that succeeded shows it is missing. Until then
 * nothing new is posted in that channel.
 */
import type { webApi } from '@slack/bolt';
import type { PromptLibrary } from '../domain/library.js';
import { VOTE_OPTIONS } from '../domain/options.js';
import { chooseRevisit, DEFAULT_REVISIT_EVERY } from '../domain/revisit.js';
import { nextPrompt } from '../domain/rotation.js';
import { describe, slackError } from '../slack/errors.js';
import type { Logger } from '../slack/logger.js';
import { lookUp, newAttempt, type PostOnceOptions, postOnce, UnconfirmedPost } from '../slack/post-once.js';
import { type Coordination, locks } from '../store/coordination.js';
import type { PostRecord, RotationRecord } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { promptMessage } from '../views/prompt-message.js';
import { NOT_IN_CHANNEL, PROMPT_GONE, UNCONFIRMED_POST } from '../views/replies.js';
import { anonymousAllowed } from './anonymous.js';
import type { Closer } from './closing.js';
import { fromRecord, type Pending, toRecord, what } from './pending-post.js';
import { channelRotation, withUsed } from './rotation-state.js';
import type { TeamLibraries } from './team-library.js';

type PostResult =
  | { ok: true; ts: string; promptId: string }
  | { ok: false; reason: 'not_in_channel'; message: string }
  | { ok: false; reason: 'unconfirmed'; message: string }
  | { ok: false; reason: 'failed'; message: string };

export interface PosterDeps {
  client: webApi.WebClient;
  /** A client that does not retry by itself: posts go through postOnce, which retries without doubles. */
  postClient: webApi.WebClient;
  retry?: PostOnceOptions;
  /** First wait before an unconfirmed post is looked for again; doubles up to 10 min (default 5 s). */
  recheckMs?: number;
  store: Store;
  /** One post at a time per channel, and where unconfirmed posts are kept. */
  coordination: Coordination;
  /** Each workspace's library (its rotation, its own prompts). */
  libraries: TeamLibraries;
  logger: Logger;
  /** Summarises the channel's previous prompt once the new one is up. */
  close?: Closer;
  /** In channels with revisits on, at most one post in this many is a revisit (PROMPT_REVISIT_EVERY). */
  revisitEvery?: number;
  now?: () => Date;
}

/** `promptId`: post this prompt of the workspace's rotation (`now <id or words>`) instead of the next one. */
export type Poster = (
  team: string,
  channel: string,
  opts?: { slot?: string; promptId?: string },
) => Promise<PostResult>;

/** Posts whose fate is not known yet, one per channel at most. */
export interface UnsettledPosts {
  /** The channels (`team/channel`) that have one: nothing new is posted there until it is settled. */
  waiting(): Promise<Set<string>>;
  /**
   * Looks again for each one that is due (of workspace `team` only, when given: a poster posts with one
   * workspace's token): records it if it went out, posts it if it is missing.
   */
  settle(team?: string): Promise<void>;
  /** Logs each one left (shutdown; of `team` only, when given); with the file store it is not looked for again. */
  stop(team?: string): Promise<void>;
}

const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);
const MAX_RECHECK_MS = 10 * 60_000;

export function createPoster(deps: PosterDeps): Poster & { unsettled: UnsettledPosts } {
  const { client, store, logger, coordination } = deps;
  const kept = coordination.unsettled;
  const now = deps.now ?? (() => new Date());
  const recheckMs = deps.recheckMs ?? 5000;

  async function keep(p: Pending): Promise<void> {
    await kept.put(toRecord(p));
    p.kept = true;
  }

  /** Posts (joining a public channel if need be); an UnconfirmedPost keeps `p` for later ticks. */
  async function send(p: Pending): Promise<PostResult> {
    const post = () => postOnce(deps.postClient, p.attempt, logger, deps.retry);
    let ts: string;
    try {
      try {
        ts = (await post()).ts;
      } catch (error) {
        // A private channel the bot is not in looks like it does not exist (channel_not_found).
        if (!NOT_A_MEMBER.has(slackError(error) ?? '')) throw error;
        try {
          await client.conversations.join({ channel: p.channel });
          logger.info(`joined channel ${p.channel} to post a prompt`);
        } catch (joinError) {
          logger.warn(`cannot post in ${p.channel}: not a member and cannot join (${describe(joinError)})`);
          return { ok: false, reason: 'not_in_channel', message: NOT_IN_CHANNEL };
        }
        ts = (await post()).ts;
      }
    } catch (error) {
      if (!(error instanceof UnconfirmedPost)) throw error;
      p.checks = 0;
      p.nextCheckAt = now().getTime() + recheckMs;
      await keep(p);
      logger.error(
        `could not confirm whether ${what(p)} went out (posting: ${describe(error.postError)}; history ` +
          `look-up: ${describe(error.lookupError)}). It is not posted again unless Slack's history shows it ` +
          `is missing; looking again in ${recheckMs / 1000} s`,
      );
      return { ok: false, reason: 'unconfirmed', message: UNCONFIRMED_POST };
    }
    return record(p, ts);
  }

  /** Stores the post (with its slot), adds the vote reactions and closes the channel's previous prompt. */
  async function record(p: Pending, ts: string): Promise<PostResult> {
    const { team, channel, slot, promptId, previous, revisitOf } = p;
    const post: PostRecord = { team, channel, ts, promptId, postedAt: now().toISOString() };
    if (slot) post.slot = slot;
    if (revisitOf) post.revisitOf = revisitOf;
    await store.commit([
      ...(p.rotation ? [{ type: 'rotation' as const, rotation: p.rotation }] : []),
      { type: 'post', post },
    ]);
    if (p.kept) await kept.delete(team, channel, p.attempt.postId);
    const why = [slot ? `slot ${slot}` : '', revisitOf ? `revisiting ${revisitOf}` : ''].filter(Boolean);
    logger.info(`posted prompt ${promptId} in ${channel} (ts ${ts}${why.map((w) => `, ${w}`).join('')})`);

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

  /** Looks for an unconfirmed post again; undefined while it still cannot be told. */
  async function settleOne(p: Pending): Promise<PostResult | undefined> {
    let found: string | undefined;
    try {
      found = await lookUp(deps.postClient, p.attempt, logger, deps.retry);
    } catch (error) {
      p.checks += 1;
      const wait = Math.min(recheckMs * 2 ** p.checks, MAX_RECHECK_MS);
      p.nextCheckAt = now().getTime() + wait;
      await keep(p);
      logger.error(
        `still cannot tell whether ${what(p)} went out (history look-up: ${describe(error)}); ` +
          `looking again in ${wait / 1000} s`,
      );
      return undefined;
    }
    if (found) {
      logger.info(`${what(p)} had gone out after all (ts ${found}); recording it, not posting it again`);
      return record(p, found); // forgets it once the post is stored
    }
    logger.info(`${what(p)} is not in the channel's history; posting it now`);
    try {
      return await send(p);
    } catch (error) {
      await kept.delete(p.team, p.channel, p.attempt.postId);
      throw error;
    }
  }

  async function postInChannel(
    team: string,
    channel: string,
    slot: string | undefined,
    chosen: string | undefined,
  ): Promise<PostResult> {
    const waiting = await kept.get(team, channel);
    if (waiting) {
      // The channel's unconfirmed prompt is settled first, and stands for the one asked for.
      return (
        (await settleOne(fromRecord(waiting))) ?? {
          ok: false,
          reason: 'unconfirmed',
          message: UNCONFIRMED_POST,
        }
      );
    }
    const library = await deps.libraries.forTeam(team);
    if (chosen !== undefined && !library.rotation.some((p) => p.id === chosen)) {
      return { ok: false, reason: 'failed', message: PROMPT_GONE };
    }
    const posts = await store.posts(team, channel);
    // A revisit comes in place of the rotation's pick, never instead of a prompt someone chose.
    const then = chosen === undefined ? await revisitDue(team, channel, posts, library) : undefined;
    let promptId: string;
    let rotation: RotationRecord | undefined;
    if (then) {
      promptId = then.promptId;
    } else {
      const current = await channelRotation(store, team, channel);
      // A chosen prompt counts as used in this pass, so the rotation does not bring it back soon.
      const next = chosen === undefined ? nextPrompt(library.rotation, current) : withUsed(current, chosen);
      promptId = next.promptId;
      rotation = { team, channel, ...next.state, used: [...next.state.used] };
    }
    const anonymous = await anonymousAllowed(store, team, channel);
    const message = promptMessage(library.byId(promptId), { slot, revisitOf: then?.ts, anonymous });
    return send({
      team,
      channel,
      slot,
      promptId,
      rotation,
      revisitOf: then?.ts,
      previous: posts[0],
      attempt: newAttempt({ channel, ...message }, now().getTime()),
      checks: 0,
      nextCheckAt: 0,
      kept: false,
    });
  }

  /** The earlier post whose prompt comes back now, in a channel with revisits on (src/domain/revisit.ts). */
  async function revisitDue(team: string, channel: string, posts: PostRecord[], library: PromptLibrary) {
    if ((await store.channelSettings(team, channel))?.revisit !== true) return undefined;
    return chooseRevisit(posts, now(), {
      every: deps.revisitEvery ?? DEFAULT_REVISIT_EVERY,
      available: (id) => library.find(id) !== undefined,
    });
  }

  const post: Poster = async (team, channel, opts = {}) => {
    try {
      return await coordination.exclusive(locks.post(team, channel), () =>
        postInChannel(team, channel, opts.slot, opts.promptId),
      );
    } catch (error) {
      logger.error(`posting a prompt in ${channel} failed: ${describe(error)}`);
      return {
        ok: false,
        reason: 'failed',
        message: `Sorry, I couldn't post the prompt (${describe(error)}).`,
      };
    }
  };

  const unsettled: UnsettledPosts = {
    waiting: async () => new Set((await kept.list()).map((r) => `${r.team}/${r.channel}`)),
    async settle(team) {
      const due = (await kept.list()).filter(
        (r) => r.nextCheckAt <= now().getTime() && (team === undefined || r.team === team),
      );
      await Promise.all(
        due.map((r) =>
          coordination
            .exclusive(locks.post(r.team, r.channel), async () => {
              // A `now` in the channel, or another instance, may have settled it or looked again meanwhile.
              const current = await kept.get(r.team, r.channel);
              if (current?.postId === r.postId && current.nextCheckAt <= now().getTime())
                await settleOne(fromRecord(current));
            })
            .catch((error) => logger.error(`settling ${what(fromRecord(r))} failed: ${describe(error)}`)),
        ),
      );
    },
    async stop(team) {
      if (coordination.shared) return; // kept in the database: another instance or the next start settles it
      for (const r of await kept.list()) {
        if (team !== undefined && r.team !== team) continue;
        logger.error(
          `shutting down while ${what(fromRecord(r))} is unconfirmed: it is not looked for or posted again after a ` +
            'restart; check the channel',
        );
      }
    },
  };
  return Object.assign(post, { unsettled });
}
