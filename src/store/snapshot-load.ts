/**
 * Loads a snapshot written as one document (schema versions 1 and 2, before segments; the format is described
 * in snapshot.ts) into a new State, checking it first: a file the store cannot trust is refused with a
 * reason, never half loaded. Its checks of the snapshot file's fields serve segment-load.ts too.
 *
 * Any valid JSON of that shape loads (pretty-printed by hand, say); the line layout only makes loading
 * cheaper: each post line is parsed, loaded and dropped, instead of a million-element tree at once.
 */
import { isUtf8 } from 'node:buffer';
import { isVoteEmoji } from '../domain/options.js';
import { isSlackTs } from '../domain/slack-ts.js';
import {
  checkAnswer,
  checkChannelSettings,
  checkPost,
  checkRotation,
  checkSchedule,
  checkWorkspaceSettings,
  isObject,
} from './check.js';
import { checkTeamPromptRecord } from './check-team-prompts.js';
import { packVote, tsNumber } from './packed-vote.js';
import { SCHEMA_VERSION } from './schema.js';
import { FOOTER, HEADER_END } from './snapshot.js';
import { type PostEntry, State, type StateLimits } from './state.js';
import { isOlderEdit } from './state-helpers.js';
import type { StoredAnswer } from './stored-answer.js';

/** Thrown by `loadSnapshot`; the caller turns it into a StoreOpenError with recovery advice. */
export class SnapshotError extends Error {}

/** The fast line-by-line path met something it does not expect: parse the whole document instead. */
class NotOurLayout extends Error {}

export function bad(what: string): never {
  throw new SnapshotError(`it does not have the shape of a store snapshot: ${what}`);
}

function array(o: Record<string, unknown>, key: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) bad(`"${key}" is not an array`);
  return v;
}

/** An array that snapshots written by earlier versions of the app do not have. */
function laterArray(o: Record<string, unknown>, key: string): unknown[] {
  return o[key] === undefined ? [] : array(o, key);
}

function loadSettings(doc: Record<string, unknown>, state: State): void {
  laterArray(doc, 'channelSettings').forEach((row, i) => {
    const where = `channelSettings[${i}]`;
    if (!isObject(row) || typeof row.team !== 'string' || typeof row.channel !== 'string') {
      bad(`${where} is not {team, channel, set}`);
    }
    state.settings.mergeChannel(row.team, row.channel, checkChannelSettings(row.set, `${where}.set`));
  });
  laterArray(doc, 'workspaceSettings').forEach((row, i) => {
    const where = `workspaceSettings[${i}]`;
    if (!isObject(row) || typeof row.team !== 'string') bad(`${where} is not {team, set}`);
    state.settings.mergeWorkspace(row.team, checkWorkspaceSettings(row.set, `${where}.set`));
  });
  laterArray(doc, 'teamPrompts').forEach((row, i) => {
    state.teamPrompts.add(checkTeamPromptRecord(row, `teamPrompts[${i}]`));
  });
}

const NL = 10;

/**
 * Checks the raw bytes of a snapshot and loads them into a new State (its seq set to the snapshot's).
 * Throws SnapshotError for: empty file, BOM, invalid UTF-8 or JSON, non-object, wrong shape, newer version.
 */
export function loadSnapshot(raw: Buffer, limits: StateLimits): State {
  if (raw.length === 0) throw new SnapshotError('the file is empty (0 bytes)');
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
    throw new SnapshotError(
      'the file starts with a UTF-8 byte-order mark (BOM), so it was not written by the store',
    );
  }
  if (!isUtf8(raw)) throw new SnapshotError('the file is not valid UTF-8');
  try {
    return loadLines(raw, limits);
  } catch (e) {
    if (!(e instanceof NotOurLayout)) throw e;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new SnapshotError(`the file is not valid JSON (truncated or corrupt): ${(e as Error).message}`);
  }
  const state = new State(limits);
  loadHeader(doc, state);
  loadPosts(array(doc as Record<string, unknown>, 'posts'), state);
  return state;
}

/** The fast path for the layout `serializeSnapshot` writes. Throws NotOurLayout on anything else. */
function loadLines(raw: Buffer, limits: StateLimits): State {
  const firstNl = raw.indexOf(NL);
  if (firstNl < 0) throw new NotOurLayout();
  const headerText = raw.toString('utf8', 0, firstNl);
  if (!headerText.startsWith('{') || !headerText.endsWith(HEADER_END)) throw new NotOurLayout();
  let end = raw.length;
  if (raw[end - 1] === NL) end--;
  if (raw.toString('utf8', end - FOOTER.length, end) !== FOOTER || raw[end - FOOTER.length - 1] !== NL) {
    throw new NotOurLayout();
  }
  const bodyEnd = end - FOOTER.length - 1; // index of the newline before the footer
  const header = parseOrNot(`${headerText}]}`);
  const state = new State(limits);
  loadHeader(header, state); // a newer version is refused here, before any post is read
  let start = firstNl + 1;
  let index = 0;
  while (start < bodyEnd) {
    let nl = raw.indexOf(NL, start);
    if (nl < 0 || nl > bodyEnd) nl = bodyEnd;
    const last = nl === bodyEnd;
    let lineEnd = nl;
    if (!last) {
      if (raw[nl - 1] !== 0x2c) throw new NotOurLayout(); // ','
      lineEnd--;
    }
    loadPost(parseOrNot(raw.toString('utf8', start, lineEnd)), index++, state);
    start = nl + 1;
  }
  return state;
}

function parseOrNot(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NotOurLayout();
  }
}

export function loadHeader(doc: unknown, state: State): void {
  if (!isObject(doc)) {
    const kind = doc === null ? 'null' : Array.isArray(doc) ? 'an array' : `a ${typeof doc}`;
    throw new SnapshotError(`the file holds ${kind}, not a store snapshot object`);
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    bad('"version" is missing or not a positive integer');
  }
  if (version > SCHEMA_VERSION) {
    throw new SnapshotError(
      `it was written by a newer version of the app (schema version ${version}; this app reads up to ${SCHEMA_VERSION}): run the newer app`,
    );
  }
  const seq = doc.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
    bad('"seq" is not a non-negative integer');
  if (doc.segments === undefined) array(doc, 'posts'); // a snapshot in segments lists no posts itself
  guard(() => {
    array(doc, 'schedules').forEach((s, i) => {
      state.putSchedule(checkSchedule(s, `schedules[${i}]`));
    });
    array(doc, 'rotations').forEach((r, i) => {
      state.putRotation(checkRotation(r, `rotations[${i}]`));
    });
    loadSettings(doc, state);
    array(doc, 'tombstones').forEach((t, i) => {
      if (!Array.isArray(t) || t.length !== 3 || !t.every((x) => typeof x === 'string')) {
        bad(`tombstones[${i}] is not [team, channel, ts]`);
      }
      const [team, channel, ts] = t as [string, string, string];
      state.addTombstone(team, channel, ts);
    });
    array(doc, 'eventIds').forEach((id, i) => {
      if (typeof id !== 'string') bad(`eventIds[${i}] is not a string`);
      state.addEventId(id);
    });
  });
  state.seq = seq;
}

/** Runs `fn`, turning a record check's Error into a SnapshotError. */
export function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    bad((e as Error).message);
  }
}

function loadPosts(posts: unknown[], state: State): void {
  posts.forEach((p, i) => {
    loadPost(p, i, state);
  });
}

export function loadVotes(
  votes: unknown,
  where: string,
  state: State,
  entry: PostEntry,
  second: boolean,
): void {
  if (!isObject(votes)) bad(`${where} is not an object`);
  for (const emoji of Object.keys(votes)) {
    if (!isVoteEmoji(emoji)) bad(`${where} has an unknown emoji "${emoji}"`);
    const list = votes[emoji];
    if (!Array.isArray(list)) bad(`${where}.${emoji} is not an array`);
    for (let j = 0; j < list.length; j++) {
      const t: unknown = list[j];
      if (
        !Array.isArray(t) ||
        t.length !== 3 ||
        typeof t[0] !== 'string' ||
        (t[1] !== 0 && t[1] !== 1) ||
        !isSlackTs(t[2])
      ) {
        bad(`${where}.${emoji}[${j}] is not [user, 0 | 1, eventTs]`);
      }
      state.putVote(entry, emoji, t[0], packVote(t[1] === 1, t[2]), second);
    }
  }
}

/**
 * An answer of a post being loaded from a snapshot: as `State.putAnswer`, without looking for it in other posts
 * (a snapshot holds each answer once, and looking would take a scan per answer).
 */
export function loadAnswer(state: State, entry: PostEntry, answer: StoredAnswer): void {
  const { team, channel } = entry.record;
  if (state.isTombstoned(team, channel, answer.ts)) return;
  const n = tsNumber(answer.ts);
  const cur = entry.answers.size > 0 ? entry.answers.get(answer.ts, n) : undefined;
  if (!cur || !isOlderEdit(answer, cur)) entry.answers.set(Object.freeze(answer), n);
}

function loadPost(p: unknown, i: number, state: State): void {
  const where = `posts[${i}]`;
  guard(() => {
    const entry = state.putPost(checkPost(p, where));
    const o = p as Record<string, unknown>;
    loadVotes(o.votes, `${where}.votes`, state, entry, false);
    // Snapshots of schema version 1 have no second look.
    if (o.secondVotes !== undefined) loadVotes(o.secondVotes, `${where}.secondVotes`, state, entry, true);
    if (entry.record.closedAt !== undefined) state.compactVotes(entry);
    const answers = o.answers;
    if (!Array.isArray(answers)) bad(`${where}.answers is not an array`);
    answers.forEach((a, j) => {
      loadAnswer(state, entry, checkAnswer(a, `${where}.answers[${j}]`));
    });
  });
}
