/** The snapshot as a lowdb adapter: lowdb holds the State as its data, and reads and writes it through SnapshotFile. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFiles, type StoreFiles } from '../../src/store/files.js';
import { applyCommit } from '../../src/store/reducer.js';
import { serializeSnapshot } from '../../src/store/snapshot.js';
import { SnapshotFile } from '../../src/store/snapshot-file.js';
import { State } from '../../src/store/state.js';
import {
  answerOp,
  C,
  filesOf,
  fsError,
  postOp,
  removeTempDirs,
  T,
  tempFile,
  voteOp,
  withTexts,
} from './helpers.js';

afterAll(removeTempDirs);

const limits = { maxEventIds: 100, maxTombstones: 100 };
const tmpOf = (file: string) => join(dirname(file), `.${basename(file)}.tmp`);

function filled(): State {
  const s = new State(limits);
  applyCommit(s, 1, 'E1', [postOp('1.1'), answerOp('1.1', '1.2', 'an answer')]);
  applyCommit(s, 2, 'E2', [voteOp('1.1', 'U1', 'compass', true, '1764070000.000100')]);
  return s;
}

describe('SnapshotFile (a lowdb Adapter<State>)', () => {
  it('writes the state through Low.write() and reads it back through Low.read()', async () => {
    const file = tempFile();
    const state = filled();
    const expected = serializeSnapshot(state);
    const adapter = new SnapshotFile(nodeFiles, file, limits);
    const captured: number[] = [];
    adapter.onCapture = (seq) => captured.push(seq);
    const db = new Low(adapter, state);
    await db.write();
    expect(captured).toEqual([2]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ seq: 2, segments: ['db.json.s1.1'] });
    expect(existsSync(tmpOf(file))).toBe(false);
    // The answer's text went to the segment file; the state now reads it from there.
    expect(state.answers(T, C, '1.1')).toEqual([
      { user: 'U1', ts: '1.2', file: 'db.json.s1.1', offset: expect.any(Number), length: 11 },
    ]);
    expect(serializeSnapshot(await withTexts(state, file))).toBe(expected);

    const again = new Low(new SnapshotFile(nodeFiles, file, limits), new State(limits));
    await again.read();
    expect(again.data.seq).toBe(2);
    expect(serializeSnapshot(await withTexts(again.data, file))).toBe(expected);
    expect(again.data.hasEventId('E2')).toBe(true);
  });

  it('reads null when there is no file, so lowdb keeps its default data', async () => {
    const empty = new State(limits);
    const db = new Low(new SnapshotFile(nodeFiles, tempFile(), limits), empty);
    await db.read();
    expect(db.data).toBe(empty);
  });

  it('a failed write leaves the snapshot as it was, removes its temporary file and lets the next write run', async () => {
    const file = tempFile();
    writeFileSync(file, serializeSnapshot(new State(limits)));
    const before = readFileSync(file);
    let fail = true;
    const files: StoreFiles = {
      ...nodeFiles,
      open: async (path, flags, mode) => {
        const h = await nodeFiles.open(path, flags, mode);
        return {
          ...h,
          read: (b, o, l, p) => h.read(b, o, l, p),
          write: (b, o, l, p) => (fail ? Promise.reject(fsError('ENOSPC', 'write')) : h.write(b, o, l, p)),
          datasync: () => h.datasync(),
          sync: () => h.sync(),
          truncate: (n) => h.truncate(n),
          close: () => h.close(),
        };
      },
    };
    const state = filled();
    const db = new Low(new SnapshotFile(files, file, limits), state);
    await expect(db.write()).rejects.toThrow('ENOSPC');
    expect(readFileSync(file)).toEqual(before);
    expect([...filesOf(file).keys()]).toEqual(['db.json']); // no temporary or half-written segment file
    expect(state.onPostChange).toBeUndefined(); // the capture was released
    fail = false;
    applyCommit(state, 3, undefined, [voteOp('1.1', 'U2', 'clipboard', true, '1764070000.000200')]);
    const expected = serializeSnapshot(state);
    await db.write();
    expect(serializeSnapshot(await withTexts(state, file))).toBe(expected);
    expect((await new SnapshotFile(nodeFiles, file, limits).read())?.votes(T, C, '1.1')).toHaveLength(2);
  });
});
