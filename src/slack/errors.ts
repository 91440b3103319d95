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
  if (error instanceof webApi.WebAPIRequestError) return { kind: 'request', cause: error.original.message };
  return { kind: 'other' };
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
