/**
 * Crash simulation: during a fold, copy the store's files before every file call the store makes (what a
 * process killed at that point leaves behind), then open each copy and compare with the live state.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileStore } from '../../src/store/file-store.js';
import {
  answerOp,
  C,
  crashCopy,
  dump,
  type Faults,
  faultyFiles,
  fsError,
  open,
  postOp,
  removeTempDirs,
  T,
  tempFile,
  voteOp,
} from './helpers.js';

afterAll(removeTempDirs);

const where = { channels: [C], eventIds: ['E1', 'E2', 'E3', 'E4'], answerTs: ['1.2', '1.3'] };

async function busyStore(file: string, faults: Faults): Promise<FileStore> {
  // Every fold cuts the journal here (by default a small one is left as it is), so a crash may meet each step.
  const store = await open(file, { files: faultyFiles(faults), journalCutBytes: 0 });
  await store.commit([postOp('1.1'), answerOp('1.1', '1.2', 'an answer'), answerOp('1.1', '1.3', 'another')]);
  await store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'E1' });
  await store.compact(); // first snapshot
  await store.commit([voteOp('1.1', 'U2', 'clipboard', true, '5.2')], { eventId: 'E2' });
  await store.compact(); // second: now there is a .bak
  await store.commit([voteOp('1.1', 'U3', 'handshake', true, '5.3')], { eventId: 'E3' });
  return store;
}

async function expectEveryCopy(copies: string[], expected: unknown): Promise<void> {
  for (const copy of copies) {
    const store = await open(copy);
    try {
      expect(await dump(store, where), copy).toEqual(expected);
    } finally {
      await store.close();
    }
  }
}

describe('crash at any point of a fold', () => {
  it.each([
    ['a plain fold', [] as const],
    ['a fold after a deletion', [{ type: 'unanswer', team: T, channel: C, ts: '1.3' }] as const],
  ])('%s reopens to the same state from every intermediate copy', async (_name, extraOps) => {
    const file = tempFile();
    const copies: string[] = [];
    let recording = false;
    const faults: Faults = {
      spy: () => {
        if (recording) copies.push(crashCopy(file));
      },
    };
    const store = await busyStore(file, faults);
    if (extraOps.length > 0) await store.commit([...extraOps], { eventId: 'E4' });
    await store.flush();
    const expected = await dump(store, where);
    recording = true;
    await store.compact();
    recording = false;
    copies.push(crashCopy(file));
    expect(copies.length).toBeGreaterThanOrEqual(6);
    await expectEveryCopy(copies, expected);
    await store.close();
  });

  it('a fold failing between the snapshot rename and the journal cut loses nothing; a later fold works', async () => {
    const file = tempFile();
    const faults: Faults = {};
    const store = await busyStore(file, faults);
    faults.spy = (call, path) => {
      if (call === 'rename' && path === `${file}.journal`) throw fsError('EIO', 'rename');
    };
    await expect(store.compact()).rejects.toThrow(`fold of ${file} failed: EIO`);
    await store.commit([voteOp('1.1', 'U4', 'compass', true, '5.4')], { eventId: 'E4' });
    const expected = await dump(store, where);
    await expectEveryCopy([crashCopy(file)], expected);

    faults.spy = undefined;
    await store.compact();
    await expectEveryCopy([crashCopy(file)], expected);
    await store.close();
  });

  it('a failed snapshot fsync leaves the journal whole', async () => {
    const file = tempFile();
    const faults: Faults = {};
    const store = await busyStore(file, faults);
    faults.snapshotSync = 'EIO';
    const expected = await dump(store, where);
    await expect(store.compact()).rejects.toThrow('EIO');
    await expectEveryCopy([crashCopy(file)], expected);
    expect(readdirSync(dirname(file))).not.toContain(`.${basename(file)}.tmp`); // the half-made snapshot is gone
    faults.snapshotSync = undefined;
    await store.close();
  });
});
