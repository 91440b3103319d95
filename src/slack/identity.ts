/**
 * Who the bot is, asked of Slack at start-up (auth.test). While Slack's API cannot be reached (a network
 * error, a timeout, a 5xx, a rate limit) the question is asked again with backoff, and each failure is
 * reported at once with the URL and the error. A token Slack refuses stops start-up with a message naming
 * SLACK_BOT_TOKEN: asking again would not change Slack's answer.
 */
import type { webApi } from '@slack/bolt';
import type { Identity } from '../app/deps.js';
import { classify, errorText } from './errors.js';
import type { Logger } from './logger.js';

export class StartupError extends Error {}

/** Start-up was cancelled (SIGTERM) while waiting for Slack. */
export class StartupCancelled extends Error {}

export const DEFAULT_API_URL = 'https://slack.com/api/';

/** Slack's answers meaning the token itself is no good. */
const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);
/** Slack's own answers meaning "not now": asked again like a network failure. */
const TRY_AGAIN = new Set(['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

export interface WhoAmIOptions {
  /** Slack's Web API base URL, for the messages. */
  apiUrl: string;
  logger: Logger;
  /** Aborted: stop waiting and throw StartupCancelled. */
  signal?: AbortSignal;
  /** Told why Slack cannot be reached yet, on each failure (for /healthz). */
  onWaiting?: (reason: string) => void;
  /** First wait between attempts (default 1 s); doubles up to maxDelayMs (default 60 s). */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * auth.test until Slack answers. `client` must not retry by itself (retries: 0, rejectRateLimitedCalls) and
 * should time out within seconds, so each failure is reported when it happens.
 */
export async function whoAmI(client: webApi.WebClient, opts: WhoAmIOptions): Promise<Identity> {
  const { apiUrl, logger, signal } = opts;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  let delay = opts.firstDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    let wait = delay;
    try {
      const me = await untilAborted(client.auth.test(), signal);
      if (!me.user_id || !me.team_id) throw new StartupError("Slack's auth.test returned no user_id/team_id");
      if (attempt > 1) logger.info(`Slack's API at ${apiUrl} answered (attempt ${attempt})`);
      return { teamId: me.team_id, botUserId: me.user_id, botId: me.bot_id ?? '', teamUrl: me.url };
    } catch (error) {
      if (error instanceof StartupError || error instanceof StartupCancelled) throw error;
      const failure = classify(error);
      let why: string;
      switch (failure.kind) {
        case 'platform':
          if (BAD_TOKEN.has(failure.code)) {
            throw new StartupError(
              `Slack refused SLACK_BOT_TOKEN (auth.test answered ${failure.code}). Set SLACK_BOT_TOKEN to ` +
                "the Bot User OAuth Token (xoxb-…) on your app's OAuth & Permissions page, reinstalling the " +
                'app if the token was revoked, then start again.',
            );
          }
          if (!TRY_AGAIN.has(failure.code)) {
            throw new StartupError(`Slack's auth.test answered ${failure.code} for SLACK_BOT_TOKEN`);
          }
          why = `Slack answered ${failure.code}`;
          break;
        case 'rate-limited':
          why = `rate limited, Retry-After ${failure.retryAfterSeconds} s`;
          wait = Math.max(wait, failure.retryAfterSeconds * 1000);
          break;
        case 'http':
          why = `HTTP ${failure.status}`;
          break;
        case 'request':
          why = failure.cause;
          break;
        default:
          throw new StartupError(`asking Slack who the bot is failed: ${errorText(error)}`);
      }
      const reason =
        failure.kind === 'rate-limited'
          ? `Slack's API at ${apiUrl} asks the app to wait (${why})`
          : `Slack's API at ${apiUrl} cannot be reached (${why})`;
      opts.onWaiting?.(reason);
      logger.error(`${reason}; trying again in ${Math.round(wait / 100) / 10} s (attempt ${attempt})`);
      await pause(wait, signal);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

function cancelled(): StartupCancelled {
  return new StartupCancelled('start-up cancelled while waiting for Slack');
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return untilAborted(
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
    }),
    signal,
  );
}
