/**
 * Web API failures, classified by the Web API client's own error classes (never by message text): Slack
 * answered `{ ok: false }` (platform), asked us to wait (rate limited), answered an HTTP error, or could not
 * be reached at all (request). Everything else is not a Web API failure.
 */
import { webApi } from '@slack/bolt';

export type WebApiFailure =
  | { kind: 'platform'; code: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'http'; status: number }
  | { kind: 'request'; cause: string }
  | { kind: 'other' };

export function classify(error: unknown): WebApiFailure {
  if (error instanceof webApi.WebAPIPlatformError) return { kind: 'platform', code: error.data.error };
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { kind: 'rate-limited', retryAfterSeconds: error.retryAfter };
  }
  if (error instanceof webApi.WebAPIHTTPError) return { kind: 'http', status: error.statusCode };
  if (error instanceof webApi.WebAPIRequestError)
    return { kind: 'request', cause: causeChain(error.original) };
  return { kind: 'other' };
}

/**
 * "fetch failed: connect ECONNREFUSED 127.0.0.1:443": a network error's message with the causes under it
 * (fetch hides what went wrong in `cause`; a failed connection to several addresses is an AggregateError).
 */
function causeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    const text = current.message || (typeof code === 'string' ? code : '');
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    const inner: unknown = current instanceof AggregateError ? current.errors[0] : current.cause;
    current = inner;
  }
  return parts.join(': ') || errorText(error);
}

/** Slack's error code (`not_in_channel`, `channel_not_found`…) when Slack answered `{ ok: false }`. */
export function slackError(error: unknown): string | undefined {
  const failure = classify(error);
  return failure.kind === 'platform' ? failure.code : undefined;
}

/** The message of any thrown value, without its stack. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A short description for a log line or a reply: Slack's code, the HTTP status, or the message. */
export function describe(error: unknown): string {
  const failure = classify(error);
  switch (failure.kind) {
    case 'platform':
      return failure.code;
    case 'rate-limited':
      return `rate limited by Slack (retry after ${failure.retryAfterSeconds} s)`;
    case 'http':
      return `Slack answered HTTP ${failure.status}`;
    case 'request':
      return `Slack could not be reached (${failure.cause})`;
    default:
      return errorText(error);
  }
}
