/**
 * Installed through OAuth, Bolt looks each request's workspace up in the installation store before any middleware
 * runs; when there is no installation it runs no middleware or listener, hands the error to the app's error handler
 * and acknowledges with an empty 200. This handler gives such a request the workspace gate's answer
 * (src/listeners/gate.ts): a slash command, or a click in a message, is told "This app isn't installed for your
 * workspace" through its response_url (which needs no token); an event just gets its quiet 200.
 *
 * Any other error goes on as Bolt would have it: a failed look-up (the database down) becomes a 500, so Slack sends
 * the request again, instead of a 401 or a "not installed" that is not true.
 */
import type { Background } from '../app/deps.js';
import { describe } from '../slack/errors.js';
import type { Logger } from '../slack/logger.js';
import { teamsNamed } from '../slack/request-team.js';
import { NotInstalledError } from '../store/postgres/installations.js';
import { NOT_INSTALLED } from '../views/replies.js';

interface ErrorArgs {
  error: Error;
  body: unknown;
}

/** The error an error stands for: Bolt and @slack/oauth wrap the installation store's in AuthorizationErrors. */
function rootCause(error: unknown): unknown {
  let e = error;
  for (let i = 0; i < 5 && typeof e === 'object' && e !== null && 'original' in e && e.original; i++) {
    e = e.original;
  }
  return e;
}

function responseUrlOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('response_url' in body)) return undefined;
  return typeof body.response_url === 'string' ? body.response_url : undefined;
}

export function notInstalledHandler(logger: Logger, background: Background) {
  return async ({ error, body }: ErrorArgs): Promise<void> => {
    const cause = rootCause(error);
    if (!(cause instanceof NotInstalledError)) {
      logger.error(`a request failed: ${describe(cause)}`);
      throw cause;
    }
    logger.warn(
      `ignored a signed request from a workspace this app is not installed in (${teamsNamed(body).join(', ') || 'none named'})`,
    );
    const url = responseUrlOf(body);
    if (!url) return;
    background.run('telling a workspace the app is not installed there', async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: NOT_INSTALLED }),
      });
      if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    });
  };
}
