/**
 * Is this user a bot? Reactions do not say, so the answer comes from users.info, asked once per user
 * and remembered. Asked after the vote is stored and acknowledged, never on the ack path, with the bot token of the
 * workspace the vote came from; answers are kept per workspace.
 *
 * Look-ups are queued and paced (at most LOOKUPS_PER_SECOND, a few at a time): Slack allows users.info
 * about 100 calls a minute (Tier 4) and answers 429 beyond that, and each call costs the process far
 * more than the vote it checks. A burst of new voters therefore waits its turn; several votes of one
 * person waiting for the same look-up share it. Until the answer comes a bot's vote counts; it is withdrawn
 * once the look-up says the voter is a bot.
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
  known(team: string, user: string): boolean | undefined;
  /** Asks Slack (once per user, paced) and remembers. */
  isBot(team: string, user: string): Promise<boolean>;
  /**
   * Queues a look-up of `user` of `team` (unless known); `ifBot` runs once it turns out to be a bot (at once when
   * already known to be one). Returns at once.
   */
  checkLater(team: string, user: string, ifBot: () => Promise<void>): void;
  /** Drops queued look-ups that have not started and waits for those in flight and their `ifBot`. */
  stop(): Promise<void>;
}

interface Waiting {
  resolve(bot: boolean): void;
  reject(error: unknown): void;
}

/** A person of a workspace, as one key. */
const keyOf = (team: string, user: string) => `${team}/${user}`;

/**
 * `clientOf(team)`: a Web API client with that workspace's bot token. `bots`: users already known to be bots (the
 * app's own bot user, per workspace).
 */
export function botDirectory(
  clientOf: (team: string) => webApi.WebClient,
  logger?: Pick<Logger, 'warn' | 'error' | 'info'>,
  bots: readonly { team: string; user: string }[] = [],
): BotDirectory {
  /** team/user → the answer. */
  const answers = new Map<string, boolean>(bots.map((b) => [keyOf(b.team, b.user), true]));
  /** team/user → who waits for the answer; insertion order is the queue order. */
  const queued = new Map<string, { team: string; user: string; waiting: Waiting[] }>();
  /** team/user → in-flight look-up. */
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
      const [key, { team, user, waiting }] = queued.entries().next().value as [
        string,
        { team: string; user: string; waiting: Waiting[] },
      ];
      queued.delete(key);
      tokens -= 1;
      const lookup = Promise.resolve()
        .then(() => clientOf(team).users.info({ user }))
        .then((r) => {
          const bot = r.user?.is_bot === true || r.user?.id === 'USLACKBOT';
          answers.set(key, bot);
          return bot;
        });
      asking.set(key, lookup);
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
          asking.delete(key);
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
  const enqueue = (team: string, user: string, w: Waiting): void => {
    const key = keyOf(team, user);
    const inFlight = asking.get(key);
    if (inFlight) {
      inFlight.then(w.resolve, w.reject);
      return;
    }
    if (stopped) {
      w.reject(new Error('the bot directory is stopped'));
      return;
    }
    let entry = queued.get(key);
    if (!entry) {
      if (queued.size >= MAX_QUEUED) {
        if (!warnedFull) {
          warnedFull = true;
          logger?.warn(`${MAX_QUEUED} people wait for a users.info look-up: not checking more for now`);
        }
        w.reject(new Error('too many users.info look-ups waiting'));
        return;
      }
      entry = { team, user, waiting: [] };
      queued.set(key, entry);
    }
    entry.waiting.push(w);
    pump();
  };

  const isBot = (team: string, user: string): Promise<boolean> => {
    const known = answers.get(keyOf(team, user));
    if (known !== undefined) return Promise.resolve(known);
    return new Promise<boolean>((resolve, reject) => enqueue(team, user, { resolve, reject }));
  };

  return {
    known: (team, user) => answers.get(keyOf(team, user)),
    isBot,
    checkLater(team, user, ifBot) {
      const known = answers.get(keyOf(team, user));
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
      enqueue(team, user, {
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
      for (const { waiting } of queued.values()) for (const w of waiting) w.reject(error);
      queued.clear();
      if (dropped > 0) logger?.info(`stopping: ${dropped} users.info look-ups not made`);
      await Promise.allSettled([...asking.values()]);
      while (followUps.size > 0) await Promise.allSettled([...followUps]);
    },
  };
}
