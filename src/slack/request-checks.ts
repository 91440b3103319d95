/**
 * The checks the front door (src/slack/front-door.ts) makes on a request before Bolt sees it: the shape of its
 * body, and Slack's signature. Pure functions of the request's bytes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What to do with a body before Bolt sees it: `pass` it on, refuse it (`bad`: 400), or `rate-limited`
 * (Slack's app_rate_limited notice, which Bolt has no listener for: answered 200 here).
 * Bolt only ever gets a JSON object with a known envelope type, or a form carrying our command, a JSON
 * `payload` object, or `ssl_check`.
 */
export function classifyBody(
  contentType: string | undefined,
  body: Buffer,
  command: string,
): 'pass' | 'bad' | 'rate-limited' {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('ssl_check') === '1') return 'pass';
    const payload = form.get('payload');
    if (payload !== null) {
      const value = parseObject(payload);
      return typeof value?.type === 'string' ? 'pass' : 'bad';
    }
    const fields = ['team_id', 'channel_id', 'user_id'].every((f) => (form.get(f) ?? '') !== '');
    return form.get('command') === command && fields ? 'pass' : 'bad';
  }
  if (type !== 'application/json') return 'bad';
  const value = parseObject(body.toString('utf8'));
  if (value?.type === 'url_verification') return 'pass';
  if (value?.type === 'app_rate_limited') return 'rate-limited';
  if (value?.type !== 'event_callback') return 'bad';
  const event = value.event as Record<string, unknown> | null | undefined;
  const ok =
    typeof value.team_id === 'string' &&
    typeof value.event_id === 'string' &&
    typeof event === 'object' &&
    event !== null &&
    !Array.isArray(event) &&
    typeof event.type === 'string' &&
    // Bolt's own routing reads these with `in`, which throws on a primitive or null.
    (!('item' in event) || isObject(event.item)) &&
    (!('channel' in event) || typeof event.channel === 'string' || isObject(event.channel));
  return ok ? 'pass' : 'bad';
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const MAX_PAST_SECONDS = 5 * 60;

/**
 * Slack's v0 signature over `v0:<timestamp>:<body>`, with a timestamp at most 5 minutes old: the same rule
 * as Bolt's `isValidSlackRequest` (Bolt checks again, and its verdict is the one that answers 401), but
 * without its per-request random bytes (tsscmp): `timingSafeEqual` on the two digests is constant-time too.
 */
export function hasValidSignature(
  secret: string,
  signature: string | string[] | undefined,
  timestamp: string | string[] | undefined,
  body: Buffer,
): boolean {
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !signature.startsWith('v0=')) {
    return false;
  }
  const stamp = Number(timestamp);
  if (!Number.isInteger(stamp) || Math.floor(Date.now() / 1000) - MAX_PAST_SECONDS > stamp) return false;
  const given = Buffer.from(signature.slice(3), 'hex');
  if (given.length !== 32) return false;
  const expected = createHmac('sha256', secret).update(`v0:${stamp}:`).update(body).digest();
  return timingSafeEqual(given, expected);
}
