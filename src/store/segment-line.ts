/**
 * A quick reader of a segment's posts line (segment-file.ts) as the store writes it, for start-up: the post's
 * own fields go through JSON.parse, its votes and answers are read a character at a time into reused arrays,
 * without the two strings and one array per vote and per answer that JSON.parse makes. It accepts only the
 * usual shapes: Slack ts of the usual shape, strings without escapes, answers by a named person, neither
 * edited nor anonymous. On anything else it gives up (undefined) before any of it is used, and the caller
 * reads the line with JSON.parse and its full checks.
 */
import { VOTE_OPTIONS, type VoteEmoji } from '../domain/options.js';

const EMOJI: readonly VoteEmoji[] = VOTE_OPTIONS.map((o) => o.emoji);

/** What `readLine` read, valid until its next call. */
export interface LineParts {
  /** The post's own fields (to be checked by checkPost). */
  head: unknown;
  /** Per vote: its emoji's index in EMOJI, +4 for the second look; its person; on (1) or off (0); its ts as a number. */
  readonly voteKind: number[];
  readonly voteUser: string[];
  readonly voteOn: number[];
  readonly voteTs: number[];
  /** Per answer: its ts as a number (see tsNumber), person, and where its text is (from the texts part). */
  readonly answerTs: number[];
  readonly answerUser: string[];
  readonly answerOffset: number[];
  readonly answerLength: number[];
}

const parts: LineParts = {
  head: undefined,
  voteKind: [],
  voteUser: [],
  voteOn: [],
  voteTs: [],
  answerTs: [],
  answerUser: [],
  answerOffset: [],
  answerLength: [],
};

const LISTS = [
  parts.voteKind,
  parts.voteUser,
  parts.voteOn,
  parts.voteTs,
  parts.answerTs,
  parts.answerUser,
  parts.answerOffset,
  parts.answerLength,
];

/** Thrown inside the reader when the line is not of the usual shape. */
const GIVE_UP = new Error('not the usual shape');

let text = '';
let i = 0;

const OPEN_LIST = 91; // [
const CLOSE_LIST = 93; // ]
const COMMA = 44;
const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }

/** The character `code` (a quicker `expect` of one character). */
function char(code: number): void {
  if (text.charCodeAt(i) !== code) throw GIVE_UP;
  i++;
}

function expect(s: string): void {
  if (!text.startsWith(s, i)) throw GIVE_UP;
  i += s.length;
}

/** A string without escapes or control characters. */
function str(): string {
  if (text.charCodeAt(i) !== 34) throw GIVE_UP;
  const start = ++i;
  let hash = 0;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34) break;
    if (c < 32 || c === 92 || Number.isNaN(c)) throw GIVE_UP;
    hash = (Math.imul(hash, 31) + c) | 0;
    i++;
  }
  // The same few thousand people's ids come back on every line: the string seen last with this hash, if it is
  // the same, instead of a new one (fewer strings to make, hash and collect).
  const slot = hash & (SEEN_SIZE - 1);
  const seen = SEEN[slot];
  const length = i++ - start;
  if (seen !== undefined && seen.length === length && text.startsWith(seen, start)) return seen;
  const fresh = copy(start, start + length);
  SEEN[slot] = fresh;
  return fresh;
}

/**
 * The text at [start, end) as a string of its own: V8 makes a longer slice a view that keeps the whole posts
 * part alive for as long as the slice is (the directory of people keeps their ids).
 */
function copy(start: number, end: number): string {
  if (end - start < 13) return text.slice(start, end);
  const chars: string[] = [];
  for (let k = start; k < end; k++) chars.push(text.charAt(k));
  return chars.join('');
}

const SEEN_SIZE = 4096;
const SEEN: (string | undefined)[] = new Array(SEEN_SIZE).fill(undefined);

/** A ts of the usual shape, "1764070000.000100" (see tsNumber), as a number. */
function ts(): number {
  if (text.charCodeAt(i) !== 34 || text.charCodeAt(i + 11) !== 46 || text.charCodeAt(i + 18) !== 34)
    throw GIVE_UP;
  const first = text.charCodeAt(i + 1);
  if (first < 49 || first > 56) throw GIVE_UP;
  let n = 0;
  for (let k = i + 1; k < i + 18; k++) {
    if (k === i + 11) continue;
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) throw GIVE_UP;
    n = n * 10 + d;
  }
  i += 19;
  return n;
}

/** A non-negative integer as JSON writes it (no leading zero), of at most 15 digits. */
function int(): number {
  const start = i;
  let n = 0;
  for (;;) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) break;
    n = n * 10 + d;
    i++;
  }
  const digits = i - start;
  if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(start) === 48)) throw GIVE_UP;
  return n;
}

/** `{"<emoji>":[["<user>",0|1,"<ts>"],…],…}`, each emoji once. */
function votes(second: number): void {
  char(OPEN_OBJECT);
  let seen = 0;
  if (text.charCodeAt(i) === CLOSE_OBJECT) {
    i++;
    return;
  }
  for (;;) {
    const kind = EMOJI.indexOf(str() as VoteEmoji);
    if (kind < 0 || seen & (1 << kind)) throw GIVE_UP;
    seen |= 1 << kind;
    expect(':[');
    if (text.charCodeAt(i) !== CLOSE_LIST) {
      for (;;) {
        char(OPEN_LIST);
        parts.voteKind.push(kind + second);
        parts.voteUser.push(str());
        char(COMMA);
        const on = text.charCodeAt(i) - 48;
        if (on !== 0 && on !== 1) throw GIVE_UP;
        i++;
        parts.voteOn.push(on);
        char(COMMA);
        parts.voteTs.push(ts());
        char(CLOSE_LIST);
        if (text.charCodeAt(i) !== COMMA) break;
        i++;
      }
    }
    char(CLOSE_LIST);
    if (text.charCodeAt(i) !== COMMA) break;
    i++;
  }
  char(CLOSE_OBJECT);
}

/** `[["<ts>","<user>",offset,length],…]`: named, not edited, a text of at least 2 bytes (a JSON string). */
function answers(): void {
  char(OPEN_LIST);
  if (text.charCodeAt(i) === CLOSE_LIST) {
    i++;
    return;
  }
  for (;;) {
    char(OPEN_LIST);
    parts.answerTs.push(ts());
    char(COMMA);
    const user = str();
    if (user.length === 0) throw GIVE_UP;
    parts.answerUser.push(user);
    char(COMMA);
    parts.answerOffset.push(int());
    char(COMMA);
    const length = int();
    if (length < 2) throw GIVE_UP;
    parts.answerLength.push(length);
    char(CLOSE_LIST);
    if (text.charCodeAt(i) !== COMMA) break;
    i++;
  }
  char(CLOSE_LIST);
}

/**
 * Reads the posts line at [start, end) of `all` (a segment's posts part) if it has the usual shape; undefined
 * when it does not (the caller then parses it in full).
 */
export function readLine(all: string, start: number, end: number): LineParts | undefined {
  for (const list of LISTS) list.length = 0;
  const at = all.indexOf(',"votes":{', start);
  if (at < 0 || at >= end) return undefined;
  text = all;
  try {
    const head: unknown = JSON.parse(`${all.slice(start, at)}}`);
    // A field the line repeats after its own fields: JSON.parse would keep the later one, which is not read here.
    if (
      typeof head !== 'object' ||
      head === null ||
      'votes' in head ||
      'secondVotes' in head ||
      'answers' in head
    )
      return undefined;
    parts.head = head;
    i = at + ',"votes":'.length;
    votes(0);
    if (all.startsWith(',"secondVotes":', i)) {
      i += ',"secondVotes":'.length;
      votes(4);
    }
    expect(',"answers":');
    answers();
    char(CLOSE_OBJECT);
    return i === end ? parts : undefined;
  } catch {
    return undefined;
  } finally {
    text = '';
  }
}
