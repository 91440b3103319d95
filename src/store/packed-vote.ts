import { compareTs } from '../domain/slack-ts.js';

/**
 * One person's latest vote with one emoji, packed to keep a million votes light (no object, no string):
 * a number when the event ts has Slack's usual shape ("1764070000.000100", seconds not above 8999999999):
 * ±(seconds × 10^6 + microseconds + 1), positive for `on`; otherwise the string `"1" | "0"` + eventTs.
 */
export type PackedVote = number | string;

const CANONICAL_TS = /^[1-8]\d{9}\.\d{6}$/;

export function packVote(on: boolean, eventTs: string): PackedVote {
  if (eventTs.length === 17 && CANONICAL_TS.test(eventTs)) {
    const n = Number(eventTs.slice(0, 10)) * 1_000_000 + Number(eventTs.slice(11)) + 1;
    return on ? n : -n;
  }
  return (on ? '1' : '0') + eventTs;
}

export function voteOn(v: PackedVote): boolean {
  return typeof v === 'number' ? v > 0 : v.charCodeAt(0) === 49;
}

export function voteTs(v: PackedVote): string {
  if (typeof v !== 'number') return v.slice(1);
  const n = Math.abs(v) - 1;
  const micro = n % 1_000_000;
  return `${(n - micro) / 1_000_000}.${String(micro).padStart(6, '0')}`;
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
