/**
 * Then and now: a prompt a channel discussed 12 months or more ago may come back, so the team sees how its
 * view moved. Which one, and whether now, follows from the channel's posts alone (no clock but `now`):
 *
 * - at most one post in `every` is a revisit: none when any of the channel's last `every - 1` posts was one;
 * - a prompt may come back when its latest discussion in the channel (a revisit counts as one) is at least
 *   REVISIT_AFTER_MONTHS old and it is still in the library;
 * - of those, the one discussed longest ago comes back (the older post first on a tie), compared with that
 *   latest discussion.
 */
import { compareTs } from './slack-ts.js';

/** A post of the channel as the choice sees it. */
export interface PastPost {
  ts: string;
  promptId: string;
  /** ISO instant it was posted. */
  postedAt: string;
  /** Set when the post was itself a revisit. */
  revisitOf?: string;
}

/** A prompt comes back at the earliest this many months after it was last discussed. */
const REVISIT_AFTER_MONTHS = 12;
/** At most one post in this many is a revisit (PROMPT_REVISIT_EVERY's default). */
export const DEFAULT_REVISIT_EVERY = 4;

/** `now` minus `months` calendar months, in UTC. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * The earlier post whose prompt should come back now, or undefined (a revisit was among the last `every - 1`
 * posts, or no prompt was discussed long enough ago). `posts`: the channel's posts, in any order.
 */
export function chooseRevisit(
  posts: readonly PastPost[],
  now: Date,
  opts: { every: number; available: (promptId: string) => boolean; afterMonths?: number },
): PastPost | undefined {
  const newest = [...posts].sort((a, b) => compareTs(b.ts, a.ts));
  if (newest.slice(0, Math.max(0, opts.every - 1)).some((p) => p.revisitOf !== undefined)) return undefined;
  const latest = new Map<string, PastPost>();
  for (const p of newest) if (!latest.has(p.promptId)) latest.set(p.promptId, p);
  const cutoff = monthsBefore(now, opts.afterMonths ?? REVISIT_AFTER_MONTHS).getTime();
  let chosen: PastPost | undefined;
  for (const p of latest.values()) {
    const at = Date.parse(p.postedAt);
    if (!(at <= cutoff) || !opts.available(p.promptId)) continue;
    const best = chosen && Date.parse(chosen.postedAt);
    if (!chosen || at < (best as number) || (at === best && compareTs(p.ts, chosen.ts) < 0)) chosen = p;
  }
  return chosen;
}
