/**
 * Private data stays private on disk: every file the store creates (journal, snapshot, backup, lock, and
 * each temporary file before its rename) is owner-only (0600), and a data folder it creates is 0700.
 * The umask is set to the usual 022, under which a file created without a mode would be 0644.
 */
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFiles, type StoreFiles } from '../../src/store/files.js';
import { answerOp, C, fsError, open, postOp, removeTempDirs, T, tempFile, voteOp } from './helpers.js';

let umask = 0;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
  removeTempDirs();
});

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

const SEGMENTS = 'db.json.s<segment>.<gen>';

/** Every file in the store's folder → its mode (the segment files under one name, their modes listed once each). */
function modes(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dirname(file)).sort()) {
    const key = /\.s\d+\.\d+$/.test(name) ? SEGMENTS : name;
    const m = mode(join(dirname(file), name));
    out[key] = out[key] === undefined || out[key] === m ? m : `${out[key]},${m}`;
  }
  return out;
}

/** Files that records the mode of each file just before it is renamed or linked into place. */
function recording(seen: Map<string, string>, overrides: Partial<StoreFiles> = {}): Partial<StoreFiles> {
  return {
    rename: async (from, to) => {
      seen.set(basename(from), mode(from));
      return nodeFiles.rename(from, to);
    },
    link: async (from, to) => {
      if (!to.endsWith('.bak.tmp')) seen.set(basename(from), mode(from));
      return (overrides.link ?? nodeFiles.link)(from, to);
    },
  };
}

describe('private files', () => {
  it('creates the journal, snapshot, .bak, lock and every temporary file 0600, and missing folders 0700', async () => {
    const file = tempFile('data/store/db.json');
    const seen = new Map<string, string>();
    const store = await open(file, { files: recording(seen), journalCutBytes: 0 }); // every fold cuts the journal
    expect(mode(dirname(file))).toBe('700');
    expect(mode(dirname(dirname(file)))).toBe('700');
    expect(modes(file)).toEqual({ 'db.json.journal': '600', 'db.json.lock': '600' });

    await store.commit([postOp('1.1'), answerOp('1.1', '1.2', 'an answer')]);
    await store.compact(); // first snapshot
    await store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')]);
    await store.compact(); // .bak, and the journal rewritten through .journal.tmp
    await store.commit([voteOp('1.1', 'U2', 'compass', true, '5.2')]);
    await store.compact();
    const all = {
      'db.json': '600',
      'db.json.bak': '600',
      'db.json.journal': '600',
      'db.json.lock': '600',
      [SEGMENTS]: '600',
    };
    expect(modes(file)).toEqual(all);
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
    await store.compact(); // a scrubbing fold: .bak relinked, journal cut
    expect(modes(file)).toEqual(all);
    await store.close();

    const reopened = await open(file, { files: recording(seen) });
    expect(modes(file)).toEqual(all);
    await reopened.close();
    expect(modes(file)).toEqual({
      'db.json': '600',
      'db.json.bak': '600',
      'db.json.journal': '600',
      [SEGMENTS]: '600',
    });

    const tmps = Object.fromEntries([...seen].map(([name, m]) => [name.replace(/[0-9a-f-]{36}/, 'ID'), m]));
    expect(tmps).toEqual({
      '.db.json.tmp': '600', // the snapshot before its rename
      'db.json.bak.tmp': '600',
      'db.json.journal.tmp': '600',
      'db.json.lock.ID.tmp': '600', // the lock before it is linked into place
    });
  });

  it('copies the .bak 0600 where the file system has no hard links', async () => {
    const file = tempFile();
    const noLinks: Partial<StoreFiles> = {
      link: async (from, to) => {
        if (to.endsWith('.bak.tmp')) throw fsError('EXDEV', 'link');
        return nodeFiles.link(from, to);
      },
    };
    const store = await open(file, { files: recording(new Map(), noLinks) });
    await store.commit([postOp('1.1')]);
    await store.compact();
    await store.commit([postOp('2.1')]);
    await store.compact();
    await store.close();
    expect(modes(file)).toEqual({
      'db.json': '600',
      'db.json.bak': '600',
      'db.json.journal': '600',
      [SEGMENTS]: '600',
    });
  });

  it("leaves an existing folder's mode alone", async () => {
    const file = tempFile('shared/db.json');
    mkdirSync(dirname(file));
    chmodSync(dirname(file), 0o755);
    const store = await open(file);
    await store.close();
    expect(mode(dirname(file))).toBe('755');
    expect(mode(file)).toBe('600');
  });
});
