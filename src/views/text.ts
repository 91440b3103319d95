/** Text helpers for Slack mrkdwn and Block Kit limits. */

/** Slack's three control characters; everything else in mrkdwn is literal enough. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` characters, ending with "…" when it was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Never leave half of a surrogate pair (an emoji) at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** A link to a message, built from the workspace URL auth.test gave us (no API call per request). */
export function messageLink(teamUrl: string | undefined, channel: string, ts: string): string {
  const base = teamUrl ?? 'https://slack.com/';
  return `${base.endsWith('/') ? base : `${base}/`}archives/${channel}/p${ts.replace('.', '')}`;
}

const toDate = (when: string | Date): Date =>
  when instanceof Date ? when : /^\d+(\.\d+)?$/.test(when) ? new Date(Number(when) * 1000) : new Date(when);

/** One formatter for every date shown (`toLocaleDateString` makes a new one on each call). */
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "25 Nov 2026" in UTC from a Slack ts or an ISO date. */
function shortDate(when: string | Date): string {
  const d = toDate(when);
  return Number.isNaN(d.getTime()) ? 'Invalid Date' : SHORT_DATE.format(d);
}

/**
 * Slack's date formatting: each reader sees `tokens` (e.g. `{date_short}`, `{time}`) in their own time zone and
 * locale; `fallback` is shown where a client cannot. mrkdwn only (message text, section and context texts), never
 * in plain_text.
 */
export function slackDate(when: string | Date, tokens: string, fallback: string): string {
  const seconds = Math.floor(toDate(when).getTime() / 1000);
  return `<!date^${seconds}^${tokens}|${escapeMrkdwn(fallback).replace(/\|/g, '/')}>`;
}

/** The day of `when` in the reader's zone ("Nov 25, 2026"), "25 Nov 2026" (UTC) where dates are not rendered. */
export function readerDate(when: string | Date): string {
  return slackDate(when, '{date_short}', shortDate(when));
}

/** Day and time of `when` in the reader's zone, "25 Nov 2026, 14:03 UTC" where dates are not rendered. */
export function readerDateTime(when: string | Date): string {
  const d = toDate(when);
  return slackDate(d, '{date_short} {time}', `${shortDate(d)}, ${d.toISOString().slice(11, 16)} UTC`);
}

/** "1 prompt", "2 prompts", "0 answers". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  contextElements: 10,
} as const;
