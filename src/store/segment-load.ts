/**
 * Loads a snapshot in segments (see snapshot.ts and segment-file.ts): the snapshot file's fields, then each
 * segment's posts part (never its texts, which stay on disk until a thread is read). Checked like the
 * single-document snapshot: a file the store cannot trust is refused with a reason, never half loaded.
 */
import { join } from 'node:path';
import { VOTE_OPTIONS } from '../domain/options.js';
import { isSlackTs } from '../domain/slack-ts.js';
import { checkPost, isObject } from './check.js';
import { type FileHandleLike, readAt, type StoreFiles } from './files.js';
import { tsText } from './packed-vote.js';
import { parseHead } from './segment-file.js';
import { type LineParts, readLine } from './segment-line.js';
import { bad, guard, loadAnswer, loadHeader, loadVotes, SnapshotError } from './snapshot-load.js';
import { State, type StateLimits } from './state.js';
import { type OnDiskAnswer, onDiskAnswer } from './stored-answer.js';

/** The segment files a snapshot file lists, or undefined when it is not a snapshot in segments. */
export function segmentList(doc: unknown): string[] | undefined {
  if (!isObject(doc) || doc.segments === undefined) return undefined;
  const list = doc.segments;
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string' && /^[^/\\]+\.s\d+\.\d+$/.test(f))) {
    bad('"segments" is not a list of segment file names');
  }
  return list as string[];
}

/** The generation of the fold that wrote the snapshot file (0 for one in a single document). */
export function generation(doc: unknown): number {
  const gen = isObject(doc) ? doc.gen : undefined;
  return typeof gen === 'number' && Number.isSafeInteger(gen) && gen >= 0 ? gen : 0;
}

/** Loads the snapshot file's fields (`doc`) and every segment it lists into a new State. */
export async function loadSegments(
  files: StoreFiles,
  dir: string,
  doc: unknown,
  list: string[],
  limits: StateLimits,
): Promise<State> {
  const state = new State(limits);
  loadHeader(doc, state);
  const users = new Map<string, string>();
  // Without tombstones (the usual case) no loaded answer can be one: answers skip the check.
  const tombstoned = state.tombstones().length > 0;
  for (const file of list) {
    let handle: FileHandleLike;
    try {
      handle = await files.open(join(dir, file), 'r');
    } catch (e) {
      throw new SnapshotError(`its segment file ${file} cannot be opened (${(e as Error).message})`);
    }
    try {
      const first = await readUpTo(handle, 256);
      const head = parseHead(first);
      if (!head) bad(`${file} does not start with a segment head`);
      const posts = await readAt(handle, head.headBytes, head.postsBytes).catch((e: Error) =>
        bad(`${file} is shorter than its head says (${e.message})`),
      );
      const at: Where = {
        segment: head.segment,
        file,
        base: head.headBytes + head.postsBytes,
        state,
        users,
        tombstoned,
      };
      const text = posts.toString('utf8');
      let start = 0;
      let line = 0;
      while (start < text.length) {
        let nl = text.indexOf('\n', start);
        if (nl < 0) nl = text.length;
        loadPost(text, start, nl, `${file} line ${++line + 1}`, at);
        start = nl + 1;
      }
    } finally {
      await handle.close();
    }
  }
  state.segments.dirty.clear();
  return state;
}

async function readUpTo(handle: FileHandleLike, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, 0);
  return buf.subarray(0, bytesRead);
}

/** The segment being loaded, and what its posts are loaded into. */
interface Where {
  segment: number;
  file: string;
  /** Where the texts part starts. */
  base: number;
  state: State;
  /** Each person's id once (a loaded answer's user is the same string as the other answers'). */
  users: Map<string, string>;
  /** Whether the state has tombstones. */
  tombstoned: boolean;
}

/** Loads the posts line at [start, end) of `all`. */
function loadPost(all: string, start: number, end: number, where: string, at: Where): void {
  const line = readLine(all, start, end);
  if (line) {
    loadLine(line, where, at);
    return;
  }
  const text = all.slice(start, end);
  const { segment, file, base, state, users } = at;
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch (e) {
    bad(`${where} is not valid JSON (${(e as Error).message})`);
  }
  guard(() => {
    const entry = state.putPost(checkPost(p, where), segment);
    const o = p as Record<string, unknown>;
    loadVotes(o.votes, `${where}.votes`, state, entry, false);
    if (o.secondVotes !== undefined) loadVotes(o.secondVotes, `${where}.secondVotes`, state, entry, true);
    if (entry.record.closedAt !== undefined) state.compactVotes(entry);
    const answers = o.answers;
    if (!Array.isArray(answers)) bad(`${where}.answers is not an array`);
    answers.forEach((a: unknown, j) => {
      loadAnswer(state, entry, answerAt(a, `${where}.answers[${j}]`, file, base, users));
    });
  });
}

/** A line `readLine` read: the same checks and results as the full path, on what it read. */
function loadLine(line: LineParts, where: string, { segment, file, base, state, tombstoned }: Where): void {
  guard(() => {
    const entry = state.putPost(checkPost(line.head, where), segment);
    const { voteKind, voteUser, voteOn, voteTs } = line;
    for (let v = 0; v < voteKind.length; v++) {
      const kind = voteKind[v] as number;
      const n = (voteTs[v] as number) + 1;
      const emoji = VOTE_OPTIONS[kind & 3]?.emoji ?? bad(`${where} has an unknown emoji`);
      state.putVote(entry, emoji, voteUser[v] as string, voteOn[v] === 1 ? n : -n, kind >= 4);
    }
    if (entry.record.closedAt !== undefined) state.compactVotes(entry);
    const { answerTs, answerUser, answerOffset, answerLength } = line;
    for (let a = 0; a < answerTs.length; a++) {
      const n = answerTs[a] as number;
      const user = answerUser[a] as string;
      const offset = base + (answerOffset[a] as number);
      const length = answerLength[a] as number;
      if (tombstoned || !entry.answers.addPlain(n, user, file, offset, length)) {
        const ts = tsText(n);
        loadAnswer(state, entry, onDiskAnswer(user, ts, undefined, undefined, file, offset, length));
      }
    }
  });
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** An answer of a posts line, [ts, user | null, o, l, (editedAt | null, deleteHash | null)], checked. */
function answerAt(
  a: unknown,
  where: string,
  file: string,
  base: number,
  users: Map<string, string>,
): OnDiskAnswer {
  if (!Array.isArray(a) || (a.length !== 4 && a.length !== 6))
    bad(`${where} is not [ts, user, offset, length, …]`);
  const [ts, user, offset, length, editedAt = null, deleteHash = null] = a as unknown[];
  if (!isSlackTs(ts)) bad(`${where} has no Slack timestamp`);
  if (user !== null && (typeof user !== 'string' || user.length === 0))
    bad(`${where} has a user that is not a string`);
  if ((user === null) === (deleteHash === null))
    bad(`${where} must have either a user or a deleteHash (anonymous)`);
  if (deleteHash !== null && !(typeof deleteHash === 'string' && SHA256_HEX.test(deleteHash))) {
    bad(`${where} has a deleteHash that is not a SHA-256 in 64 lowercase hex digits`);
  }
  if (editedAt !== null && (typeof editedAt !== 'string' || Number.isNaN(Date.parse(editedAt)))) {
    bad(`${where} has an editedAt that is not an ISO 8601 instant`);
  }
  if (
    !Number.isSafeInteger(offset) ||
    !Number.isSafeInteger(length) ||
    (offset as number) < 0 ||
    (length as number) < 2
  ) {
    bad(`${where} does not say where its text is`);
  }
  let name: string | undefined;
  if (user !== null) {
    name = users.get(user) ?? user;
    users.set(name, name);
  }
  return onDiskAnswer(
    name,
    ts,
    editedAt ?? undefined,
    deleteHash ?? undefined,
    file,
    base + (offset as number),
    length as number,
  );
}
