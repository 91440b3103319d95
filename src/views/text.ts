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

/** "25 Nov 2026" in UTC from a Slack ts or an ISO date. */
export function shortDate(when: string | Date): string {
  const d =
    when instanceof Date ? when : /^\d+(\.\d+)?$/.test(when) ? new Date(Number(when) * 1000) : new Date(when);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  contextElements: 10,
} as const;
