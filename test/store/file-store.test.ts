import { readFileSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileStore } from '../../src/store/file-store.js';
import { type Op, SCHEMA_VERSION } from '../../src/store/schema.js';
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
  scheduleRecord,
  T,
  tempFile,
  voteOp,
} from './helpers.js';

afterAll(removeTempDirs);

const track = closeAfterEach();

const C2 = 'C0002';
const where = { channels: [C, C2], eventIds: ['E1', 'E2', 'E3', 'nope'], answerTs: ['1.2', '1.3', '1.4'] };

/** A little of everything, committed one op at a time. */
async function fill(store: FileStore): Promise<void> {
  const ops: [Op[], string?][] = [
    [[postOp('1.1'), postOp('2.1'), postOp('1.1', C2)]],
    [[voteOp('1.1', 'U1', 'compass', true, '1764070000.000100')], 'E1'],
    [[voteOp('1.1', 'U2', 'handshake', true, '1764070000.000200')], 'E2'],
    [[voteOp('1.1', 'U1', 'compass', false, '1764070000.000300')], 'E3'],
    [[answerOp('1.1', '1.2', 'first answer'), answerOp('1.1', '1.3', 'second answer', 'U2')]],
    [[{ type: 'unanswer', team: T, channel: C, ts: '1.4' }]],
    [[{ type: 'close', team: T, channel: C, ts: '1.1', at: '2025-11-26T10:00:00.000Z' }]],
    [[{ type: 'schedule', schedule: scheduleRecord() }]],
    [[{ type: 'slot', team: T, channel: C, slot: '2025-11-24T08:00:00.000Z' }]],
    [[{ type: 'rotation', rotation: { team: T, channel: C, seed: 7, cycle: 1, used: ['a', 'b'] } }]],
  ];
  for (const [batch, eventId] of ops) {
    expect(await store.commit(batch, eventId ? { eventId } : undefined)).toBe(true);
  }
}

describe('file store: durability and round trip', () => {
  it('reads back everything after close and reopen, from the journal alone, and after compact', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await fill(store);
    const expected = await dump(store, where);
    expect((await store.votes(T, C, '1.1')).sort((a, b) => a.user.localeCompare(b.user))).toEqual([
      { user: 'U1', emoji: 'compass', on: false, eventTs: '1764070000.000300' },
      { user: 'U2', emoji: 'handshake', on: true, eventTs: '1764070000.000200' },
    ]);
    expect((await store.answers(T, C, '1.1')).map((a) => a.text)).toEqual(['first answer', 'second answer']);
    expect((await store.post(T, C, '1.1'))?.closedAt).toBe('2025-11-26T10:00:00.000Z');
    expect((await store.schedule(T, C))?.lastSlot).toBe('2025-11-24T08:00:00.000Z');
    expect((await store.rotation(T, C))?.used).toEqual(['a', 'b']);
    expect(await store.isTombstoned(T, C, '1.4')).toBe(true);
    expect((await store.channels(T)).sort()).toEqual([C, C2]);

    const fromJournal = await track(open(crashCopy(file))); // as if killed: no fold happened
    expect(await dump(fromJournal, where)).toEqual(expected);

    await store.compact();
    const fromSnapshot = await track(open(crashCopy(file)));
    expect(await dump(fromSnapshot, where)).toEqual(expected);

    await store.close();
    const reopened = await track(open(file));
    expect(await dump(reopened, where)).toEqual(expected);
    expect(reopened.stats().seq).toBe(10);
  });

  it('creates missing parent folders and starts empty', async () => {
    const file = tempFile('a/b/c/db.json');
    const store = await track(open(file));
    expect(await store.channels(T)).toEqual([]);
    await store.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      version: SCHEMA_VERSION,
      seq: 0,
      segments: [],
    });
  });

  it('refuses malformed ops without writing anything', async () => {
    const file = tempFile();
    const store = await track(open(file));
    const bad = {
      type: 'vote',
      team: T,
      channel: C,
      ts: '1.1',
      vote: { user: 'U', emoji: 'tada', on: true, eventTs: '1.2' },
    };
    await expect(store.commit([bad as Op])).rejects.toThrow(/commit refused: ops\[0\]\.vote\.emoji/);
    expect(store.stats()).toMatchObject({ journalWrites: 0, seq: 0 });
  });

  it('rejects commits after close; close is idempotent and removes the lock', async () => {
    const file = tempFile();
    const store = await open(file);
    await store.commit([postOp('1.1')]);
    await Promise.all([store.close(), store.close()]);
    await store.close();
    expect(() => statSync(`${file}.lock`)).toThrow();
    await expect(store.commit([postOp('1.2')])).rejects.toThrow('is closed');
    expect(await store.post(T, C, '1.1')).toBeDefined(); // reads still answer from memory
  });
});

describe('file store: exactly once', () => {
  it('applies an event id once, also across reopen', async () => {
    const file = tempFile();
    const store = await open(file);
    await store.commit([postOp('1.1')]);
    expect(await store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'Ev1' })).toBe(true);
    expect(await store.commit([voteOp('1.1', 'U9', 'compass', true, '5.2')], { eventId: 'Ev1' })).toBe(false);
    expect(await store.seen('Ev1')).toBe(true);
    await store.close();

    const again = await track(open(file));
    expect(await again.seen('Ev1')).toBe(true);
    expect(await again.commit([voteOp('1.1', 'U9', 'compass', true, '5.2')], { eventId: 'Ev1' })).toBe(false);
    expect((await again.votes(T, C, '1.1')).map((v) => v.user)).toEqual(['U1']);
    const fromJournal = await track(open(crashCopy(file)));
    expect(await fromJournal.seen('Ev1')).toBe(true);
  });

  it('runs concurrent duplicates once: the others resolve false after the first is durable', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await store.commit([postOp('1.1')]);
    const before = store.stats().seq;
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.commit([voteOp('1.1', `U${i}`, 'compass', true, '5.1')], { eventId: 'dup' }),
      ),
    );
    expect(results.sort()).toEqual([false, false, false, false, true]);
    expect(store.stats().seq).toBe(before + 1);
    expect(await store.votes(T, C, '1.1')).toHaveLength(1);
    expect(readFileSync(`${file}.journal`, 'utf8').match(/"eventId":"dup"/g)).toHaveLength(1);
  });

  it('lets a duplicate retry when the first copy failed, instead of dropping it', async () => {
    const file = tempFile();
    const faults: Faults = {};
    const store = await track(open(file, { files: faultyFiles(faults) }));
    await store.commit([postOp('1.1')]);
    faults.write = 'EIO';
    faults.times = 1; // only the first group fails
    const first = store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'retry' });
    const second = store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'retry' });
    expect(await store.seen('retry')).toBe(true);
    await expect(first).rejects.toThrow('EIO');
    await expect(second).resolves.toBe(true);
    expect(await store.votes(T, C, '1.1')).toHaveLength(1);
    expect(await store.seen('retry')).toBe(true);
  });

  it('remembers at most maxEventIds, forgetting the oldest, also after reopen', async () => {
    const file = tempFile();
    const store = await open(file, { maxEventIds: 3 });
    for (let i = 1; i <= 5; i++) await store.commit([], { eventId: `E${i}` });
    const seen = (s: FileStore) => Promise.all([1, 2, 3, 4, 5].map((i) => s.seen(`E${i}`)));
    expect(await seen(store)).toEqual([false, false, true, true, true]);
    const fromJournal = await track(open(crashCopy(file), { maxEventIds: 3 }));
    expect(await seen(fromJournal)).toEqual([false, false, true, true, true]);
    await store.close();
    const reopened = await track(open(file, { maxEventIds: 3 }));
    expect(await seen(reopened)).toEqual([false, false, true, true, true]);
    expect(await reopened.commit([], { eventId: 'E1' })).toBe(true); // forgotten, so applied again
  });
});

describe('file store: group commit', () => {
  it('writes a burst of 200 concurrent commits in far fewer than 200 appends', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await store.commit([postOp('1.1')]);
    const start = store.stats();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.commit([voteOp('1.1', `U${i}`, 'compass', true, `1764070000.${String(i).padStart(6, '0')}`)], {
          eventId: `burst-${i}`,
        }),
      ),
    );
    const writes = store.stats().journalWrites - start.journalWrites;
    console.log(
      `burst of 200 commits in one tick: ${writes} journal writes, ${store.stats().fsyncs - start.fsyncs} fsyncs`,
    );
    expect(results.every(Boolean)).toBe(true);
    expect(await store.votes(T, C, '1.1')).toHaveLength(200);
    expect(writes).toBeLessThan(50);
    const reopened = await track(open(crashCopy(file)));
    expect(await reopened.votes(T, C, '1.1')).toHaveLength(200);
  });

  it('groups commits that trickle in while a write is in flight', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await store.commit([postOp('1.1')]);
    const start = store.stats().journalWrites;
    const pending: Promise<boolean>[] = [];
    for (let i = 0; i < 200; i++) {
      pending.push(store.commit([voteOp('1.1', `U${i}`, 'clipboard', true, `1764070001.${i}`)]));
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(pending);
    const writes = store.stats().journalWrites - start;
    console.log(`200 commits over 20 event-loop turns: ${writes} journal writes`);
    expect(await store.votes(T, C, '1.1')).toHaveLength(200);
    expect(writes).toBeLessThan(50);
  });
});

describe('file store: failed writes', () => {
  it.each(['ENOSPC', 'EACCES', 'EIO'])(
    'a failed append (%s) rejects naming the file, changes nothing, and a retry succeeds later',
    async (code) => {
      const file = tempFile();
      const faults: Faults = {};
      const store = await track(open(file, { files: faultyFiles(faults) }));
      await store.commit([postOp('1.1')]);
      await store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'ok' });
      const journalBefore = readFileSync(`${file}.journal`);
      const before = await dump(store, where);

      faults.write = code;
      const failing = [
        store.commit([voteOp('1.1', 'U2', 'compass', true, '5.2')], { eventId: 'E-fail' }),
        store.commit([answerOp('1.1', '1.2', 'lost answer')]),
      ];
      for (const p of failing) {
        await expect(p).rejects.toThrow(`journal write to ${file}.journal failed: ${code}`);
      }
      expect(await dump(store, where)).toEqual(before);
      expect(await store.seen('E-fail')).toBe(false);
      expect(readFileSync(`${file}.journal`)).toEqual(journalBefore); // the half-written line is gone

      const afterCrash = await track(open(crashCopy(file)));
      expect(await dump(afterCrash, where)).toEqual(before);

      faults.write = undefined; // the disk recovers
      expect(await store.commit([voteOp('1.1', 'U2', 'compass', true, '5.2')], { eventId: 'E-fail' })).toBe(
        true,
      );
      expect(await store.votes(T, C, '1.1')).toHaveLength(2);
      const afterRetry = await track(open(crashCopy(file)));
      expect(await afterRetry.votes(T, C, '1.1')).toHaveLength(2);
      expect(await afterRetry.seen('E-fail')).toBe(true);
    },
  );

  it('a failed fdatasync also rejects and leaves nothing behind', async () => {
    const file = tempFile();
    const faults: Faults = {};
    const store = await track(open(file, { files: faultyFiles(faults) }));
    await store.commit([postOp('1.1')]);
    const journalBefore = readFileSync(`${file}.journal`);
    faults.datasync = 'EIO';
    faults.times = 1;
    await expect(store.commit([voteOp('1.1', 'U2', 'compass', true, '5.2')])).rejects.toThrow(
      `journal write to ${file}.journal failed: EIO`,
    );
    expect(readFileSync(`${file}.journal`)).toEqual(journalBefore);
    expect(await store.votes(T, C, '1.1')).toEqual([]);
    await store.commit([voteOp('1.1', 'U2', 'compass', true, '5.2')]);
    const reopened = await track(open(crashCopy(file)));
    expect(await reopened.votes(T, C, '1.1')).toHaveLength(1);
  });
});

describe('file store: folds', () => {
  it('loses nothing when commits continue during a fold', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await store.commit([postOp('1.1')]);
    const commits: Promise<boolean>[] = [];
    const vote = (i: number) =>
      voteOp('1.1', `U${i}`, 'compass', true, `1764070000.${String(i).padStart(6, '0')}`);
    for (let i = 0; i < 300; i++) commits.push(store.commit([vote(i)]));
    const folding = store.compact();
    for (let i = 300; i < 600; i++) {
      commits.push(store.commit([vote(i)]));
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    const second = store.compact();
    for (let i = 600; i < 700; i++) commits.push(store.commit([vote(i)]));
    await Promise.all([folding, second, ...commits]);
    expect(await store.votes(T, C, '1.1')).toHaveLength(700);
    expect(store.stats().folds).toBeGreaterThanOrEqual(2);

    const crashed = await track(open(crashCopy(file)));
    expect(await crashed.votes(T, C, '1.1')).toHaveLength(700);
    await store.close();
    const reopened = await track(open(file));
    expect(await reopened.votes(T, C, '1.1')).toHaveLength(700);
    expect(reopened.stats().seq).toBe(701);
  });

  it('keeps .bak + journal a complete store: restoring .bak loses nothing', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await fill(store);
    await store.compact(); // snapshot A
    await store.commit([voteOp('2.1', 'U7', 'clipboard', true, '6.1')]);
    await store.compact(); // snapshot B; .bak = A
    await store.commit([voteOp('2.1', 'U8', 'clipboard', true, '6.2')]);
    const expected = await dump(store, where);
    const copy = crashCopy(file);
    const { copyFileSync } = await import('node:fs');
    copyFileSync(`${copy}.bak`, copy);
    const restored = await track(open(copy));
    expect(await dump(restored, where)).toEqual(expected);
  });

  it('folds on a timer and when the journal grows past foldBytes', async () => {
    const timed = await track(open(tempFile(), { foldEveryMs: 20 }));
    await timed.commit([postOp('1.1')]);
    await expect.poll(() => timed.stats().folds, { timeout: 2000 }).toBeGreaterThanOrEqual(1);

    const file = tempFile();
    const sized = await track(open(file, { foldBytes: 2000 }));
    await sized.commit([postOp('1.1')]);
    for (let i = 0; i < 40; i++) await sized.commit([voteOp('1.1', `U${i}`, 'compass', true, `5.${i + 1}`)]);
    await expect.poll(() => sized.stats().folds, { timeout: 2000 }).toBeGreaterThanOrEqual(1);
    await sized.flush();
    expect(sized.stats().journalBytes).toBeLessThan(statSync(file).size + 4000);
  });
});

describe('file store: deleted text leaves the disk', () => {
  const SECRET = 'SECRET-ANSWER-7f3a';

  function mentions(file: string, text: string): string[] {
    return [...filesOf(file)].filter(([, bytes]) => bytes.includes(text)).map(([name]) => name);
  }

  async function storeWithSecretEverywhere(file: string): Promise<FileStore> {
    const store = await track(open(file));
    await store.commit([postOp('1.1'), answerOp('1.1', '1.2', `${SECRET} in a thread`)]);
    await store.compact(); // in the snapshot
    await store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')]);
    await store.compact(); // in the .bak too
    await store.commit([answerOp('1.1', '1.2', `${SECRET} edited`)]); // and in the journal
    // The texts are in the segment files: s1.1 (which `.bak` lists) and s1.2 (the snapshot's).
    expect(mentions(file, SECRET).sort()).toEqual(['db.json.journal', 'db.json.s1.1', 'db.json.s1.2']);
    return store;
  }

  it('after unanswer and compact: not in the snapshot, the journal or the .bak', async () => {
    const file = tempFile();
    const store = await storeWithSecretEverywhere(file);
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
    await store.compact();
    expect(mentions(file, SECRET)).toEqual([]);
    expect(await store.answers(T, C, '1.1')).toEqual([]);
    const reopened = await track(open(crashCopy(file)));
    expect(await reopened.isTombstoned(T, C, '1.2')).toBe(true);
    expect(await reopened.votes(T, C, '1.1')).toHaveLength(1);
  });

  it('after unanswer, without compact: gone after a short wait', async () => {
    const file = tempFile();
    const store = await storeWithSecretEverywhere(file);
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
    await expect.poll(() => mentions(file, SECRET), { timeout: 2000 }).toEqual([]);
  });

  it('a late copy of a deleted answer is refused and scrubbed too', async () => {
    const file = tempFile();
    const store = await track(open(file));
    await store.commit([postOp('1.1'), { type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
    await store.compact();
    await store.commit([answerOp('1.1', '1.2', `${SECRET} late`)]);
    expect(await store.answers(T, C, '1.1')).toEqual([]);
    await expect.poll(() => mentions(file, SECRET), { timeout: 2000 }).toEqual([]);
  });

  it("an edit's old text is gone after the next fold", async () => {
    const file = tempFile();
    const store = await storeWithSecretEverywhere(file);
    await store.commit([
      {
        type: 'answer',
        team: T,
        channel: C,
        threadTs: '1.1',
        answer: { user: 'U1', ts: '1.2', text: 'rewritten', editedAt: '2025-11-25T11:00:00Z' },
      },
    ]);
    await store.compact();
    expect(mentions(file, SECRET)).toEqual([]);
    expect((await store.answers(T, C, '1.1')).map((a) => a.text)).toEqual(['rewritten']);
  });

  it('after purge: nothing of the team in any file', async () => {
    const file = tempFile();
    const gone = 'TPURGE42';
    const store = await track(open(file));
    await store.commit([
      postOp('1.1', C, gone),
      answerOp('1.1', '1.2', `${SECRET} purge me`, 'UPURGE', C, gone),
      voteOp('1.1', 'UPURGE', 'compass', true, '5.1', C, gone),
      { type: 'schedule', schedule: scheduleRecord(C, gone) },
      postOp('1.1'), // another team stays
    ]);
    await store.compact();
    await store.commit([voteOp('1.1', 'UKEEP', 'compass', true, '5.2')]);
    await store.compact();
    expect(mentions(file, gone).length).toBeGreaterThan(0);
    await store.commit([{ type: 'purge', team: gone }]);
    await store.compact();
    expect(mentions(file, gone)).toEqual([]);
    expect(mentions(file, SECRET)).toEqual([]);
    expect(mentions(file, 'UKEEP')).toEqual([expect.stringMatching(/^db\.json\.s1\.\d+$/)]);
    const reopened = await track(open(crashCopy(file)));
    expect(await reopened.post(gone, C, '1.1')).toBeUndefined();
    expect(await reopened.post(T, C, '1.1')).toBeDefined();
  });

  it('scrubs at start-up when a crash came between a deletion and its fold', async () => {
    const file = tempFile();
    const store = await storeWithSecretEverywhere(file);
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '1.2' }]);
    const copy = crashCopy(file); // taken before the scrub fold ran
    expect(mentions(copy, SECRET).length).toBeGreaterThan(0);
    const reopened = await track(open(copy));
    await expect.poll(() => mentions(copy, SECRET), { timeout: 2000 }).toEqual([]);
    expect(await reopened.answers(T, C, '1.1')).toEqual([]);
  });
});
