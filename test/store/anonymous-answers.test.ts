/**
 * The file store and anonymous answers (issue 13, point 2): a snapshot written before answers could be anonymous
 * still loads, an anonymous answer goes through the journal, a fold, `.bak` and a restart without ever gaining
 * a user, and `npm run migrate` carries it to PostgreSQL and back. (What every store does with them is in contract.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { moveToLowdb, moveToPostgres } from '../../src/store/transfer/move.js';
import { C, filesOf, open, removeTempDirs, T, tempFile } from './helpers.js';
import { freshDatabase } from './pg-databases.js';

afterAll(removeTempDirs);

/** Exactly what the app wrote before anonymous answers existed: one prompt, one named answer. */
const OLD_SNAPSHOT = [
  '{"version":1,"seq":2,"schedules":[],"rotations":[],"channelSettings":[],"workspaceSettings":[],"tombstones":[],"eventIds":["E1"],"posts":[',
  '{"team":"T0001","channel":"C0001","ts":"1.1","promptId":"p-1.1","postedAt":"2025-11-25T10:00:00.000Z","votes":{"compass":[["U1",1,"5.1"]]},"answers":[{"user":"U2","ts":"1.2","text":"named, from before"}]}',
  ']}',
  '',
].join('\n');

const HASH = '0123456789abcdef'.repeat(4);

describe('file store: anonymous answers', () => {
  it('loads a snapshot from before, then keeps an anonymous answer beside the old one through folds and restarts', async () => {
    const file = tempFile();
    writeFileSync(file, OLD_SNAPSHOT);
    let store = await open(file);
    expect(await store.answers(T, C, '1.1')).toEqual([{ user: 'U2', ts: '1.2', text: 'named, from before' }]);

    await store.commit([
      {
        type: 'answer',
        team: T,
        channel: C,
        threadTs: '1.1',
        answer: { ts: '1.3', text: 'no name', deleteHash: HASH },
      },
    ]);
    const line = readFileSync(`${file}.journal`, 'utf8').trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(line).ops[0].answer).toEqual({ ts: '1.3', text: 'no name', deleteHash: HASH });
    await store.close(); // folds: the snapshot now holds it, the old one is .bak

    // Its segment file holds it without a user: the record, then its text apart.
    const [listed] = JSON.parse(readFileSync(file, 'utf8')).segments;
    const segment = readFileSync(join(dirname(file), listed), 'utf8');
    expect(segment).toMatch(new RegExp(`\\["1\\.3",null,\\d+,\\d+,null,"${HASH}"\\]`));
    expect(segment).toContain('\n"no name"\n');
    expect([...filesOf(file).keys()]).toContain('db.json.bak');
    store = await open(file);
    expect(await store.answers(T, C, '1.1')).toEqual([
      { user: 'U2', ts: '1.2', text: 'named, from before' },
      { ts: '1.3', text: 'no name', deleteHash: HASH },
    ]);
    await store.close();
  });

  it('refuses a snapshot whose answer has neither a user nor a Delete hash, naming it', async () => {
    const file = tempFile();
    writeFileSync(file, OLD_SNAPSHOT.replace('"user":"U2",', ''));
    await expect(open(file)).rejects.toThrow(
      /answers\[0\] must be an answer with either a user or a deleteHash/,
    );
  });

  it('is carried to PostgreSQL and back by npm run migrate, still without a user', async () => {
    const file = tempFile();
    writeFileSync(file, OLD_SNAPSHOT);
    const store = await open(file);
    await store.commit([
      {
        type: 'answer',
        team: T,
        channel: C,
        threadTs: '1.1',
        answer: { ts: '1.3', text: 'no name', deleteHash: HASH },
      },
    ]);
    const expected = await store.answers(T, C, '1.1');
    await store.close();

    const db = await freshDatabase();
    const options = { dbFile: file, connect: () => db.connect(), out: () => undefined };
    expect((await moveToPostgres(options)).ok).toBe(true);
    const pg = await openPostgresStore(db.connect(), { log: () => undefined });
    expect(await pg.answers(T, C, '1.1')).toEqual(expected);
    await pg.close();

    const back = tempFile();
    expect((await moveToLowdb({ ...options, dbFile: back })).ok).toBe(true);
    const again = await open(back);
    expect(await again.answers(T, C, '1.1')).toEqual([
      { user: 'U2', ts: '1.2', text: 'named, from before' },
      { ts: '1.3', text: 'no name', deleteHash: HASH },
    ]);
    await again.close();
  });
});
