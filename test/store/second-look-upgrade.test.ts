/**
 * A file store written before the second look (issue 13) still opens, with everything it held, and then keeps
 * second looks: a schema version 1 snapshot and journal. (PostgreSQL: postgres-migration-2.test.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { C, filesOf, open, removeTempDirs, T, tempFile } from './helpers.js';

afterAll(removeTempDirs);

/** A snapshot as version 1 of the app wrote it (no summaryTs, revisitOf or secondVotes), and a journal line. */
const V1_SNAPSHOT = [
  '{"version":1,"seq":2,"schedules":[],"rotations":[],"tombstones":[],"eventIds":["E1"],"posts":[',
  '{"team":"T0001","channel":"C0001","ts":"1.1","promptId":"p-1.1","postedAt":"2025-11-25T10:00:00.000Z","closedAt":"2025-11-26T10:00:00.000Z","votes":{"compass":[["U1",1,"5.1"]],"clipboard":[["U2",1,"5.2"]]},"answers":[{"user":"U1","ts":"1.2","text":"kept"}]}',
  ']}',
  '',
].join('\n');
const V1_JOURNAL = `${JSON.stringify({
  seq: 3,
  ops: [
    {
      type: 'vote',
      team: T,
      channel: C,
      ts: '1.1',
      vote: { user: 'U3', emoji: 'handshake', on: true, eventTs: '5.3' },
    },
  ],
})}\n`;

describe('file store: a snapshot of schema version 1', () => {
  it('loads as it was, then keeps a second look and writes the current version', async () => {
    const file = tempFile();
    writeFileSync(file, V1_SNAPSHOT);
    writeFileSync(`${file}.journal`, V1_JOURNAL);
    const store = await open(file);
    expect((await store.votes(T, C, '1.1')).map((v) => v.user)).toEqual(['U1', 'U2', 'U3']);
    expect(await store.secondVotes(T, C, '1.1')).toEqual([]);
    expect(await store.post(T, C, '1.1')).toEqual({
      team: T,
      channel: C,
      ts: '1.1',
      promptId: 'p-1.1',
      postedAt: '2025-11-25T10:00:00.000Z',
      closedAt: '2025-11-26T10:00:00.000Z',
    });
    expect(await store.seen('E1')).toBe(true);
    await store.commit([
      { type: 'summary', team: T, channel: C, ts: '1.1', summaryTs: '1.5' },
      {
        type: 'second-vote',
        team: T,
        channel: C,
        ts: '1.1',
        vote: { user: 'U2', emoji: 'handshake', on: true, eventTs: '6.1' },
      },
    ]);
    await store.close(); // folds
    expect(readFileSync(file, 'utf8').startsWith(`{"version":${SCHEMA_VERSION},`)).toBe(true);
    expect(SCHEMA_VERSION).toBe(3);
    // The posts are in the segment files now.
    const written = [...filesOf(file)]
      .filter(([name]) => /\.s\d+\.\d+$/.test(name))
      .map(([, bytes]) => bytes.toString('utf8'))
      .join('');
    expect(written).toContain('"summaryTs":"1.5"');
    expect(written).toContain('"secondVotes":{"handshake":[["U2",1,"6.1"]]}');
    const again = await open(file);
    expect((await again.summaryOf(T, C, '1.5'))?.ts).toBe('1.1');
    expect(await again.secondVotes(T, C, '1.1')).toEqual([
      { user: 'U2', emoji: 'handshake', on: true, eventTs: '6.1' },
    ]);
    expect(await again.answers(T, C, '1.1')).toEqual([{ user: 'U1', ts: '1.2', text: 'kept' }]);
    await again.close();
  });
});
