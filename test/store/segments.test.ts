/**
 * The snapshot in segments (issue 14, target 4): an edit or a deletion rewrites only the segment holding the
 * answer, so the other segment files stay exactly as they were while the old text leaves every file; a store
 * written before segments opens and is rewritten in segments by its first fold; a crash or a failed write
 * while a segment is rewritten loses nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeLine } from '../../src/store/journal.js';
import { applyCommit } from '../../src/store/reducer.js';
import type { Op } from '../../src/store/schema.js';
import { SEGMENT_POSTS } from '../../src/store/segment-map.js';
import { serializeSnapshot } from '../../src/store/snapshot.js';
import { State } from '../../src/store/state.js';
import {
  answerOp,
  C,
  closeAfterEach,
  crashCopy,
  dump,
  type Faults,
  faultyFiles,
  filesOf,
  open,
  postOp,
  removeTempDirs,
  T,
  tempFile,
  voteOp,
} from './helpers.js';

afterAll(removeTempDirs);
const track = closeAfterEach();

/** Names of the files holding `text`. */
function mentions(file: string, text: string): string[] {
  return [...filesOf(file)].filter(([, bytes]) => bytes.includes(text)).map(([name]) => name);
}

/** The segment files: name → inode and modification time (what a rewrite would change). */
function segmentFiles(file: string): Record<string, { ino: number; mtimeMs: number }> {
  const out: Record<string, { ino: number; mtimeMs: number }> = {};
  for (const name of readdirSync(dirname(file)).sort()) {
    if (!/\.s\d+\.\d+$/.test(name)) continue;
    const { ino, mtimeMs } = statSync(join(dirname(file), name));
    out[name] = { ino, mtimeMs };
  }
  return out;
}

const text = (p: number) => `words of answer number ${p}.`;

describe('segments: an edit or a deletion rewrites one segment', () => {
  it.each([
    [
      'an edit',
      {
        type: 'answer',
        team: T,
        channel: C,
        threadTs: '1500.1',
        answer: { user: 'U1', ts: '1500.2', text: 'taken back', editedAt: '2025-11-26T10:00:00Z' },
      } satisfies Op,
      [{ user: 'U1', ts: '1500.2', text: 'taken back', editedAt: '2025-11-26T10:00:00Z' }],
    ],
    ['a deletion', { type: 'unanswer', team: T, channel: C, ts: '1500.2' } satisfies Op, []],
  ])(
    'after %s the old text is in no file, and the other segments are the same files as before',
    async (_name, op, answers) => {
      const file = tempFile();
      const store = await track(open(file));
      const ops: Op[] = [];
      const posts = 2 * SEGMENT_POSTS + 10; // three segments: 1–1000, 1001–2000, 2001–2010
      for (let p = 1; p <= posts; p++) ops.push(postOp(`${p}.1`), answerOp(`${p}.1`, `${p}.2`, text(p)));
      await store.commit(ops);
      await store.compact();
      const before = segmentFiles(file);
      expect(Object.keys(before)).toEqual(['db.json.s1.1', 'db.json.s2.1', 'db.json.s3.1']);
      expect(mentions(file, text(1500))).toEqual(['db.json.s2.1']);

      await store.commit([op]); // no compact: the store folds promptly by itself
      await expect.poll(() => mentions(file, text(1500)), { timeout: 5000 }).toEqual([]);
      const after = segmentFiles(file);
      expect(Object.keys(after)).toEqual(['db.json.s1.1', 'db.json.s2.2', 'db.json.s3.1']);
      expect(after['db.json.s1.1']).toEqual(before['db.json.s1.1']);
      expect(after['db.json.s3.1']).toEqual(before['db.json.s3.1']);
      expect(await store.answers(T, C, '1500.1')).toEqual(answers);
      expect((await store.answers(T, C, '1499.1'))[0]?.text).toBe(text(1499));

      const reopened = await track(open(crashCopy(file)));
      expect(await reopened.answers(T, C, '1500.1')).toEqual(answers);
      expect((await reopened.answers(T, C, '2010.1'))[0]?.text).toBe(text(2010));
      expect((await reopened.answers(T, C, '1.1'))[0]?.text).toBe(text(1));
    },
  );
});

describe('segments: a store written before them', () => {
  it('opens as it was, and its first fold rewrites it in segments, keeping the old snapshot as .bak', async () => {
    const file = tempFile();
    const before = new State({ maxEventIds: 100, maxTombstones: 100 });
    applyCommit(before, 1, 'E1', [
      postOp('1.1'),
      answerOp('1.1', '1.2', 'written before segments'),
      voteOp('1.1', 'U2', 'compass', true, '5.1'),
    ]);
    const old = serializeSnapshot(before); // exactly what the app before wrote (schema version 2)
    expect(old.startsWith('{"version":2,')).toBe(true);
    writeFileSync(file, old);
    writeFileSync(
      `${file}.journal`,
      encodeLine(2, 'E2', JSON.stringify([answerOp('1.1', '1.3', 'in its journal')])),
    );

    const store = await track(open(file));
    const expected = [
      { user: 'U1', ts: '1.2', text: 'written before segments' },
      { user: 'U1', ts: '1.3', text: 'in its journal' },
    ];
    expect(await store.answers(T, C, '1.1')).toEqual(expected);
    // Nobody asked for a fold: the store migrates by itself.
    await expect.poll(() => JSON.parse(readFileSync(file, 'utf8')).segments).toEqual(['db.json.s1.1']);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(old);
    expect(await store.answers(T, C, '1.1')).toEqual(expected);
    await store.close();

    const again = await track(open(file));
    expect(await again.answers(T, C, '1.1')).toEqual(expected);
    expect(await again.votes(T, C, '1.1')).toHaveLength(1);
    expect(await again.seen('E2')).toBe(true);
  });
});

describe('segments: a crash or a failure while one is rewritten', () => {
  const where = { channels: [C], eventIds: ['E1', 'E2'], answerTs: ['1.2', '1.3'] };

  async function storeWithTwoFolds(file: string, faults: Faults) {
    const store = await track(open(file, { files: faultyFiles(faults), log: () => undefined }));
    await store.commit([postOp('1.1'), answerOp('1.1', '1.2', 'the first answer')], { eventId: 'E1' });
    await store.compact();
    await store.commit([answerOp('1.1', '1.3', 'the second'), voteOp('1.1', 'U2', 'compass', true, '5.1')], {
      eventId: 'E2',
    });
    return store;
  }

  it('a crash after the new segment file was written but before the snapshot listed it loses nothing', async () => {
    const file = tempFile();
    const faults: Faults = {};
    const store = await storeWithTwoFolds(file, faults);
    const expected = await dump(store, where);
    let copy = '';
    faults.spy = (_call, path) => {
      if (!copy && path.endsWith('.db.json.tmp')) copy = crashCopy(file); // segment written, snapshot file not yet
    };
    await store.compact();
    faults.spy = undefined;
    // The process died before the operating system wrote the new segment out: a torn file nothing lists.
    const torn = join(dirname(copy), 'db.json.s1.2');
    expect(existsSync(torn)).toBe(true);
    truncateSync(torn, 20);
    const reopened = await track(open(copy));
    expect(await dump(reopened, where)).toEqual(expected);
    expect(existsSync(torn)).toBe(false); // removed at start-up
    await reopened.compact();
    expect(await dump(reopened, where)).toEqual(expected);
  });

  it("a failed segment write during a deletion's fold loses nothing, and the text leaves once the disk recovers", async () => {
    const file = tempFile();
    const faults: Faults = {};
    const store = await storeWithTwoFolds(file, faults);
    await store.compact();
    faults.snapshotSync = 'EIO';
    faults.times = 1; // the next fsync of a snapshot file fails once
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
    await expect.poll(() => faults.times).toBe(0); // the scrubbing fold met the failure
    const expected = await dump(store, where);
    const reopened = await track(open(crashCopy(file)));
    expect(await dump(reopened, where)).toEqual(expected);
    await expect.poll(() => mentions(file, 'the first answer'), { timeout: 5000 }).toEqual([]);
    expect(await store.answers(T, C, '1.1')).toEqual([{ user: 'U1', ts: '1.3', text: 'the second' }]);
  });
});

describe('segments: the journal', () => {
  it('a fold leaves a small journal as it is (commits are not held back by a rewrite); a deletion cuts it', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await store.commit([postOp('1.1'), answerOp('1.1', '1.2', 'the first answer')]);
    await store.compact();
    await store.commit([voteOp('1.1', 'U2', 'compass', true, '5.1')]);
    await store.compact();
    const journal = statSync(`${file}.journal`);
    await store.commit([voteOp('1.1', 'U3', 'compass', true, '5.2')]);
    await store.compact();
    expect(statSync(`${file}.journal`).ino).toBe(journal.ino); // appended to, never rewritten
    const reopened = await track(open(crashCopy(file)));
    expect(await reopened.votes(T, C, '1.1')).toHaveLength(2);

    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
    await store.compact();
    expect(statSync(`${file}.journal`).size).toBe(0);
    expect(mentions(file, 'the first answer')).toEqual([]);
  });
});
