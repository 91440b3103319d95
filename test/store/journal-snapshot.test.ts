import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFiles } from '../../src/store/files.js';
import { encodeLine, type JournalEntry, JournalError, JournalScanner } from '../../src/store/journal.js';
import { packVote, voteOn, voteTs } from '../../src/store/packed-vote.js';
import { applyCommit } from '../../src/store/reducer.js';
import { serializeSnapshot } from '../../src/store/snapshot.js';
import { SnapshotFile } from '../../src/store/snapshot-file.js';
import { loadSnapshot } from '../../src/store/snapshot-load.js';
import { State } from '../../src/store/state.js';
import {
  answerOp,
  C,
  dump,
  open,
  postOp,
  removeTempDirs,
  T,
  tempFile,
  voteOp,
  withTexts,
} from './helpers.js';

afterAll(removeTempDirs);

const limits = { maxEventIds: 50_000, maxTombstones: 50_000 };

function journal(count: number): Buffer {
  let text = '';
  for (let seq = 1; seq <= count; seq++) {
    text += encodeLine(seq, seq % 2 ? `E${seq}` : undefined, JSON.stringify([postOp(`${seq}.000001`)]));
  }
  return Buffer.from(text);
}

function scan(raw: Buffer, snapshotSeq: number, chunkSize: number) {
  const entries: JournalEntry[] = [];
  const scanner = new JournalScanner(snapshotSeq, (e) => entries.push(e));
  for (let i = 0; i < raw.length; i += chunkSize) scanner.push(raw.subarray(i, i + chunkSize));
  return { entries, ...scanner.finish() };
}

describe('JournalScanner', () => {
  it.each([1, 7, 64, 1 << 20])('gives the same result for any chunk size (%i)', (chunkSize) => {
    const raw = journal(6);
    const lineEnds = [...raw.entries()].filter(([, b]) => b === 10).map(([i]) => i + 1);
    const result = scan(raw, 2, chunkSize);
    expect(result.entries.map((e) => [e.seq, e.eventId, e.line, e.end])).toEqual([
      [3, 'E3', 3, lineEnds[2]],
      [4, undefined, 4, lineEnds[3]],
      [5, 'E5', 5, lineEnds[4]],
      [6, undefined, 6, lineEnds[5]],
    ]);
    expect(result.snapOffset).toBe(lineEnds[1]);
    expect(result.goodLength).toBe(raw.length);
  });

  it('leaves out a torn last line, with or without its newline', () => {
    const raw = journal(3);
    for (const tail of ['{"seq":4,"ops":[{"ty', '{"seq":4,"ops":[]}', 'not json\n', '\u0000\u0000']) {
      const result = scan(Buffer.concat([raw, Buffer.from(tail)]), 0, 5);
      expect(result.entries).toHaveLength(3);
      expect(result.goodLength).toBe(raw.length);
    }
  });

  it('refuses a bad line that has anything after it', () => {
    const lines = journal(3).toString().split('\n');
    lines[1] = '{"seq":2,"ops":[{"type":"post"}]}';
    expect(() => scan(Buffer.from(lines.join('\n')), 0, 3)).toThrow(
      new JournalError(
        'line 2 is not a valid journal entry (ops[0].post must be an object) and more lines follow it',
      ),
    );
    expect(() => scan(Buffer.from(`${lines.slice(0, 2).join('\n')}\n{"se`), 0, 3)).toThrow(/line 2/);
  });
});

describe('snapshot format', () => {
  async function sample(): Promise<{ file: string; expected: unknown }> {
    const file = tempFile();
    const store = await open(file);
    await store.commit([postOp('1.1'), postOp('2.1'), answerOp('1.1', '1.2', 'line one\nline two')]);
    await store.commit(
      [voteOp('1.1', 'U1', 'compass', true, '5.1'), voteOp('1.1', 'U2', 'handshake', false, '5.2')],
      {
        eventId: 'E1',
      },
    );
    await store.commit([{ type: 'unanswer', team: T, channel: C, ts: '9.9' }]);
    const expected = await dump(store, { channels: [C], eventIds: ['E1'], answerTs: ['1.2', '9.9'] });
    await store.close();
    return { file, expected };
  }

  it('is a snapshot file listing its segments; a segment is a head, one line per post, then the texts', async () => {
    const { file } = await sample();
    const manifest = readFileSync(file, 'utf8');
    expect(manifest).toBe(
      '{"version":3,"seq":3,"schedules":[],"rotations":[],"channelSettings":[],"workspaceSettings":[],"teamPrompts":[],"tombstones":[["T0001","C0001","9.9"]],"eventIds":["E1"],"gen":1,"segments":["db.json.s1.1"]}\n',
    );
    const lines = readFileSync(`${file}.s1.1`, 'utf8').split('\n');
    expect(lines).toHaveLength(5); // head, 2 posts, 1 text, final newline
    const head = JSON.parse(lines[0] ?? '');
    expect(head).toEqual({ segment: 1, postsBytes: Buffer.byteLength(`${lines[1]}\n${lines[2]}\n`) });
    const posts = [lines[1], lines[2]].map((l) => JSON.parse(l ?? ''));
    expect(posts.find((p) => p.ts === '1.1')).toMatchObject({
      votes: { compass: [['U1', 1, '5.1']], handshake: [['U2', 0, '5.2']] },
      answers: [['1.2', 'U1', 0, Buffer.byteLength('"line one\\nline two"')]],
    });
    expect(lines[3]).toBe('"line one\\nline two"');
  });

  it('also loads the same data laid out differently (pretty-printed by hand)', async () => {
    const { file, expected } = await sample();
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const store = await open(file);
    expect(await dump(store, { channels: [C], eventIds: ['E1'], answerTs: ['1.2', '9.9'] })).toEqual(
      expected,
    );
    await store.close();
  });

  it('serialises and loads back to the same state', () => {
    const s = new State(limits);
    applyCommit(s, 1, 'E1', [postOp('1.1'), voteOp('1.1', 'U1', 'clipboard', true, '3.000001')]);
    const text = serializeSnapshot(s);
    const back = loadSnapshot(Buffer.from(text), limits);
    expect(serializeSnapshot(back)).toBe(text);
    expect(back.votes(T, C, '1.1')).toEqual(s.votes(T, C, '1.1'));
  });

  it('keeps every event ts exactly, packed or not', () => {
    for (const ts of [
      '1764070000.000100',
      '8999999999.999999',
      '1000000000.000000',
      '1.1',
      '9.5',
      '123',
      '1764070000.0001001',
      '9999999999.000001',
      '0764070000.000100',
    ]) {
      for (const on of [true, false]) {
        const v = packVote(on, ts);
        expect([voteOn(v), voteTs(v)]).toEqual([on, ts]);
      }
    }
    const s = new State(limits);
    applyCommit(s, 1, undefined, [
      postOp('1.1'),
      voteOp('1.1', 'U1', 'compass', true, '1764070000.000100'),
      // A later ts written differently wins; an equal or older one does not.
      voteOp('1.1', 'U1', 'compass', false, '1764070000.0001001'),
      voteOp('1.1', 'U1', 'compass', true, '1764070000.000100'),
      voteOp('1.1', 'U2', 'compass', true, '1764070000.000200'),
      voteOp('1.1', 'U2', 'compass', false, '1764070000.00020'),
      voteOp('1.1', 'U2', 'compass', false, '1764070000.000199'),
    ]);
    expect(s.votes(T, C, '1.1')).toEqual([
      { user: 'U1', emoji: 'compass', on: false, eventTs: '1764070000.0001001' },
      { user: 'U2', emoji: 'compass', on: true, eventTs: '1764070000.000200' },
    ]);
  });

  it('written a post at a time, holds the state as it was when the fold began', async () => {
    const file = tempFile();
    const s = new State(limits);
    const ops = [];
    for (let p = 1; p <= 30; p++) {
      ops.push(postOp(`${p}.1`), answerOp(`${p}.1`, `${p}.2`, `answer ${p}`));
      for (let u = 0; u < 50; u++)
        ops.push(voteOp(`${p}.1`, `U${u}`, 'compass', true, `1764070000.${1000 + u}`));
    }
    applyCommit(s, 1, 'E1', ops);
    const expected = serializeSnapshot(s);
    let turn = 0;
    const adapter = new SnapshotFile(
      nodeFiles,
      file,
      limits,
      undefined,
      async () => {
        // Between posts, commits change posts already written, posts not written yet, and add new ones.
        turn++;
        applyCommit(s, 1 + turn, `E${1 + turn}`, [
          voteOp('1.1', 'U1', 'handshake', true, `1764070001.${1000 + turn}`),
          voteOp('30.1', `UNEW${turn}`, 'compass', true, `1764070001.${1000 + turn}`),
          answerOp('29.1', '29.2', `edited ${turn}`),
          { type: 'unanswer', team: T, channel: C, ts: '28.2' },
          postOp(`${100 + turn}.1`),
        ]);
      },
      0,
    );
    let seq = 0;
    adapter.onCapture = (captured) => {
      seq = captured;
    };
    await adapter.write(s);
    expect(seq).toBe(1);
    expect(turn).toBeGreaterThan(0);
    const back = await new SnapshotFile(nodeFiles, file, limits).read();
    if (!back) throw new Error('no snapshot');
    expect(serializeSnapshot(await withTexts(back, file))).toBe(expected);
    expect(s.onPostChange).toBeUndefined();
    // The live state kept its changes, and the segment they are in is written by the next fold.
    expect((await withTexts(s, file)).answers(T, C, '29.1').map((a) => a.text)).toEqual([`edited ${turn}`]);
    expect(s.segments.dirty.has(1)).toBe(true);
  });
});
