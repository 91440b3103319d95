/**
 * Loads a snapshot in segments (see snapshot.ts and segment-file.ts): the snapshot file's fields, then each
 * segment's posts part (never its texts, which stay on disk until a thread is read). Checked like the
 * single-document snapshot: a file the store cannot trust is refused with a reason, never half loaded.
 */
import { join } from 'node:path';
import { checkAnswer, checkPost, isObject } from './check.js';
import { type FileHandleLike, readAt, type StoreFiles } from './files.js';
import { parseHead } from './segment-file.js';
import { bad, guard, loadHeader, loadVotes, SnapshotError } from './snapshot-load.js';
import { State, type StateLimits } from './state.js';
import { onDiskAnswer } from './stored-answer.js';

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
      const base = head.headBytes + head.postsBytes;
      let start = 0;
      let line = 0;
      while (start < posts.length) {
        let nl = posts.indexOf(10, start);
        if (nl < 0) nl = posts.length;
        loadPost(
          posts.toString('utf8', start, nl),
          `${file} line ${++line + 1}`,
          head.segment,
          file,
          base,
          state,
          users,
        );
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

function loadPost(
  text: string,
  where: string,
  segment: number,
  file: string,
  base: number,
  state: State,
  users: Map<string, string>,
): void {
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
      const at = isObject(a) ? a.at : undefined;
      if (
        !Array.isArray(at) ||
        at.length !== 2 ||
        !at.every((n) => Number.isSafeInteger(n) && n >= 0) ||
        !isObject(a)
      ) {
        bad(`${where}.answers[${j}].at is not [offset, length]`);
      }
      a.text = ''; // checked like any answer; its text is on disk
      const meta = checkAnswer(a, `${where}.answers[${j}]`);
      const user = meta.user === undefined ? undefined : (users.get(meta.user) ?? meta.user);
      if (user !== undefined) {
        users.set(user, user);
        meta.user = user;
      }
      const stored = onDiskAnswer(meta, file, base + (at[0] as number), at[1] as number);
      state.putAnswer(entry.record.team, entry.record.channel, entry.record.ts, stored);
    });
  });
}
