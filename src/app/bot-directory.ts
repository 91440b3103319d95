/**
 * Is this user a bot? Reactions do not say, so the answer comes from users.info, asked once per user
 * and remembered. Asked after the vote is stored and acknowledged, never on the ack path.
 *
 * Look-ups are queued and paced (at most LOOKUPS_PER_SECOND, a few at a time): Slack allows users.info
 * about 100 calls a minute (Tier 4) and answers 429 beyond that, and each call costs the process far
 * more than the vote it checks. A burst of new voters therefore waits its turn; several votes of one
 * person waiting for the same look-up share it. Until the answer comes a bot's vote counts, as before.
 */
import type { webApi } from '@slack/bolt';
import { describe } from '../slack/errors.js';
import type { Logger } from '../slack/logger.js';

/** Paced look-ups: a burst of this many goes at once, then this many per second. */
export const LOOKUPS_PER_SECOND = 20;
const MAX_IN_FLIGHT = 4;
/** People waiting for a look-up; beyond this a new one is not queued (a warning is logged). */
const MAX_QUEUED = 100_000;

export interface BotDirectory {
  /** true/false once known; undefined when not asked yet. */
  known(user: string): boolean | undefined;
  /** Asks Slack (once per user, paced) and remembers. */
  isBot(user: string): Promise<boolean>;
  /**
   * Queues a look-up of `user` (unless known); `ifBot` runs once it turns out to be a bot (at once when
   * already known to be one). Returns at once.
   */
  checkLater(user: string, ifBot: () => Promise<void>): void;
  /** Drops queued look-ups that have not started and waits for those in flight and their `ifBot`. */
  stop(): Promise<void>;
}

interface Waiting {
  resolve(bot: boolean): void;
  reject(error: unknown): void;
}

export function botDirectory(
  client: webApi.WebClient,
  botUserId: string,
  logger?: Pick<Logger, 'warn' | 'error' | 'info'>,
): BotDirectory {
  const answers = new Map<string, boolean>([[botUserId, true]]);
  /** user → who waits for the answer; insertion order is the queue order. */
  const queued = new Map<string, Waiting[]>();
  /** user → in-flight look-up. */
  const asking = new Map<string, Promise<boolean>>();
  const followUps = new Set<Promise<unknown>>();
  let tokens = LOOKUPS_PER_SECOND;
  let refilledAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let warnedFull = false;

  const refill = () => {
    const now = Date.now();
    tokens = Math.min(LOOKUPS_PER_SECOND, tokens + ((now - refilledAt) / 1000) * LOOKUPS_PER_SECOND);
    refilledAt = now;
  };

  const pump = () => {
    if (stopped) return;
    refill();
    while (queued.size > 0 && asking.size < MAX_IN_FLIGHT && tokens >= 1) {
      const [user, waiting] = queued.entries().next().value as [string, Waiting[]];
      queued.delete(user);
      tokens -= 1;
      const lookup = client.users.info({ user }).then((r) => {
        const bot = r.user?.is_bot === true || r.user?.id === 'USLACKBOT';
        answers.set(user, bot);
        return bot;
      });
      asking.set(user, lookup);
      lookup.then(
        (bot) => {
          for (const w of waiting) w.resolve(bot);
        },
        (error: unknown) => {
          for (const w of waiting) w.reject(error);
        },
      );
      lookup
        .catch(() => undefined)
        .finally(() => {
          asking.delete(user);
          pump();
        });
    }
    if (queued.size > 0 && asking.size < MAX_IN_FLIGHT && !timer) {
      const wait = Math.ceil(((1 - tokens) / LOOKUPS_PER_SECOND) * 1000);
      timer = setTimeout(
        () => {
          timer = undefined;
          pump();
        },
        Math.max(1, wait),
      );
      timer.unref();
    }
  };

  /** Adds `w` to those waiting for `user`'s answer (or for the look-up in flight). */
  const enqueue = (user: string, w: Waiting): void => {
    const inFlight = asking.get(user);
    if (inFlight) {
      inFlight.then(w.resolve, w.reject);
      return;
    }
    if (stopped) {
      w.reject(new Error('the bot directory is stopped'));
      return;
    }
    let waiting = queued.get(user);
    if (!waiting) {
      if (queued.size >= MAX_QUEUED) {
        if (!warnedFull) {
          warnedFull = true;
          logger?.warn(`${MAX_QUEUED} people wait for a users.info look-up: not checking more for now`);
        }
        w.reject(new Error('too many users.info look-ups waiting'));
        return;
      }
      waiting = [];
      queued.set(user, waiting);
    }
    waiting.push(w);
    pump();
  };

  const isBot = (user: string): Promise<boolean> => {
    const known = answers.get(user);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise<boolean>((resolve, reject) => enqueue(user, { resolve, reject }));
  };

  return {
    known: (user) => answers.get(user),
    isBot,
    checkLater(user, ifBot) {
      const known = answers.get(user);
      if (known === false || stopped) return;
      const follow = () => {
        const p: Promise<unknown> = ifBot()
          .catch((error: unknown) => {
            logger?.error(`withdrawing a vote of bot ${user} failed: ${describe(error)}`);
          })
          .finally(() => followUps.delete(p));
        followUps.add(p);
      };
      if (known === true) {
        follow();
        return;
      }
      // No promise per vote: a queued person holds only these two callbacks (a burst queues thousands).
      enqueue(user, {
        resolve: (bot) => {
          if (bot) follow();
        },
        reject: (error) => {
          if (!stopped) logger?.error(`checking whether ${user} is a bot failed: ${describe(error)}`);
        },
      });
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      const dropped = queued.size;
      const error = new Error('the bot directory is stopped');
      for (const waiting of queued.values()) for (const w of waiting) w.reject(error);
      queued.clear();
      if (dropped > 0) logger?.info(`stopping: ${dropped} users.info look-ups not made`);
      await Promise.allSettled([...asking.values()]);
      while (followUps.size > 0) await Promise.allSettled([...followUps]);
    },
  };
}
