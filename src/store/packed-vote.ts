import { compareTs } from '../domain/slack-ts.js';

/**
 * One person's latest vote with one emoji, packed to keep a million votes light (no object, no string):
 * a number when the event ts has Slack's usual shape ("1764070000.000100", seconds not above 8999999999):
 * ±(seconds × 10^6 + microseconds + 1), positive for `on`; otherwise the string `"1" | "0"` + eventTs.
 */
export type PackedVote = number | string;

/**
 * A ts of Slack's usual shape ("1764070000.000100", seconds from 1000000000 to 8999999999) as the number
 * seconds × 10^6 + microseconds (exact: below 2^53); undefined for any other string. `tsText` turns it back.
 */
export function tsNumber(ts: string): number | undefined {
  if (ts.length !== 17 || ts.charCodeAt(10) !== 46) return undefined;
  const first = ts.charCodeAt(0) - 48;
  if (first < 1 || first > 8) return undefined;
  let n = 0;
  for (let i = 0; i < 17; i++) {
    if (i === 10) continue;
    const d = ts.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

export function tsText(n: number): string {
  const micro = n % 1_000_000;
  return `${(n - micro) / 1_000_000}.${String(micro).padStart(6, '0')}`;
}

export function packVote(on: boolean, eventTs: string): PackedVote {
  const n = tsNumber(eventTs);
  if (n !== undefined) return on ? n + 1 : -(n + 1);
  return (on ? '1' : '0') + eventTs;
}

export function voteOn(v: PackedVote): boolean {
  return typeof v === 'number' ? v > 0 : v.charCodeAt(0) === 49;
}

export function voteTs(v: PackedVote): string {
  return typeof v === 'number' ? tsText(Math.abs(v) - 1) : v.slice(1);
}

/** Orders two packed votes by event ts, as compareTs does. */
export function compareVoteTs(a: PackedVote, b: PackedVote): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const x = Math.abs(a);
    const y = Math.abs(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareTs(voteTs(a), voteTs(b));
}
