import { appendFileSync, copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  C,
  closeAfterEach,
  crashCopy,
  filesOf,
  open,
  openError,
  postOp,
  removeTempDirs,
  T,
  tempFile,
  voteOp,
} from './helpers.js';

afterAll(removeTempDirs);

const POST = { team: T, channel: C, ts: '1.1', promptId: 'p-1.1', postedAt: '2025-11-25T10:00:00.000Z' };

const track = closeAfterEach();

/** A closed store with a snapshot, a .bak and a journal; returns its path. */
async function storeWithHistory(): Promise<string> {
  const file = tempFile();
  const store = await open(file);
  await store.commit([postOp('1.1')]);
  await store.commit([voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'E1' });
  await store.compact();
  await store.commit([voteOp('1.1', 'U2', 'compass', true, '5.2')], { eventId: 'E2' });
  await store.close();
  // Each fold wrote segment 1 anew; the first one's file stays while `.bak` lists it.
  expect([...filesOf(file).keys()]).toEqual([
    'db.json',
    'db.json.bak',
    'db.json.journal',
    'db.json.s1.1',
    'db.json.s1.2',
  ]);
  return file;
}

/** A crash copy of a store that committed three posts (journal only), and its journal's lines. */
async function crashedWithThreePosts(): Promise<{ copy: string; lines: string[] }> {
  const file = tempFile();
  const store = await open(file);
  for (let i = 1; i <= 3; i++) await store.commit([postOp(`${i}.1`)]);
  const copy = crashCopy(file);
  await store.close();
  return { copy, lines: readFileSync(`${copy}.journal`, 'utf8').split('\n') };
}

describe('start-up refuses a snapshot it cannot trust, touching nothing', () => {
  const good = () => JSON.parse(readFileSync(tempFileWithSnapshot, 'utf8')) as Record<string, unknown>;
  let tempFileWithSnapshot = '';

  const kinds: [string, () => string | Buffer, RegExp][] = [
    ['empty', () => '', /empty \(0 bytes\)/],
    [
      'BOM-prefixed',
      () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(tempFileWithSnapshot)]),
      /byte-order mark/,
    ],
    ['truncated', () => readFileSync(tempFileWithSnapshot, 'utf8').slice(0, 40), /not valid JSON/],
    ['null', () => 'null', /holds null/],
    ['an array', () => '[]', /holds an array/],
    ['a number', () => '42', /holds a number/],
    ['a string', () => '"db"', /holds a string/],
    ['invalid UTF-8', () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8/],
    ['an object without a version', () => '{"posts":[]}', /"version" is missing/],
    [
      'an object missing its posts and segments',
      () => JSON.stringify({ ...good(), segments: undefined }),
      /"posts" is not an array/,
    ],
    [
      'a bad vote tuple',
      () =>
        JSON.stringify({
          ...good(),
          segments: undefined,
          posts: [{ ...POST, votes: { compass: [['U1', 'yes', '5.1']] }, answers: [] }],
        }),
      /posts\[0\]\.votes\.compass\[0\]/,
    ],
    [
      'a newer schema version',
      () => JSON.stringify({ ...good(), version: 4 }),
      /newer version of the app \(schema version 4/,
    ],
  ];

  it.each(kinds)('%s', async (_kind, content, reason) => {
    const file = await storeWithHistory();
    tempFileWithSnapshot = file;
    writeFileSync(file, content());
    const before = filesOf(file);
    const error = await openError(file);
    expect(error.message).toContain(`Cannot open ${file}:`);
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(`The previous good copy is ${file}.bak`);
    expect(error.message).toContain(`move ${file} and ${file}.journal away to start empty`);
    expect(error.file).toBe(file);
    expect(filesOf(file)).toEqual(before); // byte for byte, and no file added or removed
    expect(() => statSync(`${file}.lock`)).toThrow(); // the lock was given back

    // The advice works: the .bak plus the journal hold everything.
    copyFileSync(`${file}.bak`, file);
    const recovered = await track(open(file));
    expect(await recovered.votes(T, C, '1.1')).toHaveLength(2);
    expect(await recovered.seen('E2')).toBe(true);
  });

  it('says so when there is no .bak', async () => {
    const file = tempFile();
    writeFileSync(file, 'null');
    const error = await openError(file);
    expect(error.message).toContain(`no previous good copy (${file}.bak does not exist)`);
    expect(readFileSync(file, 'utf8')).toBe('null');
  });
});

describe('start-up replays the journal', () => {
  it('drops a torn last line and truncates the journal to the last good line', async () => {
    const file = await storeWithHistory();
    const good = readFileSync(`${file}.journal`);
    for (const torn of [
      '{"seq":4,"ops":[{"type":"vo',
      '{"seq":4,"ops":[]}',
      '\u0000\u0000\u0000',
      'garbage\n',
    ]) {
      const copy = crashCopy(file);
      appendFileSync(`${copy}.journal`, torn);
      const logged: string[] = [];
      const store = await track(open(copy, { log: (m) => logged.push(m) }));
      expect(await store.votes(T, C, '1.1')).toHaveLength(2);
      expect(store.stats().seq).toBe(3);
      expect(readFileSync(`${copy}.journal`)).toEqual(good);
      expect(logged.join()).toMatch(/dropped a torn last line/);
      expect(await store.commit([voteOp('1.1', 'U3', 'compass', true, '5.3')])).toBe(true);
    }
  });

  it('refuses a corrupt line in the middle, naming the journal and the line', async () => {
    const { copy, lines } = await crashedWithThreePosts();
    lines[1] = '{"seq":2,"ops":[{"type":"post"'; // cut short, but more lines follow
    writeFileSync(`${copy}.journal`, lines.join('\n'));
    const before = filesOf(copy);
    const error = await openError(copy);
    expect(error.file).toBe(`${copy}.journal`);
    expect(error.message).toContain(`Cannot open ${copy}.journal: line 2 is not a valid journal entry`);
    expect(filesOf(copy)).toEqual(before);
  });

  it('refuses a journal whose seqs skip, or that starts after the snapshot ends', async () => {
    const { copy, lines } = await crashedWithThreePosts();
    writeFileSync(`${copy}.journal`, [lines[0], lines[2], ''].join('\n'));
    expect((await openError(copy)).message).toMatch(/line 2 has seq 3 after seq 1/);
    writeFileSync(`${copy}.journal`, [lines[1], lines[2], ''].join('\n'));
    expect((await openError(copy)).message).toMatch(
      /line 1 has seq 2, but .* ends at seq 0: the commits in between are missing/,
    );
  });

  it('skips journal lines the snapshot already holds (crash between snapshot rename and journal cut)', async () => {
    const file = tempFile();
    const store = await open(file);
    for (let i = 1; i <= 3; i++) await store.commit([postOp(`${i}.1`)]);
    const uncut = readFileSync(`${file}.journal`, 'utf8');
    await store.compact();
    await store.commit([postOp('4.1')]);
    const copy = crashCopy(file);
    await store.close();
    expect(JSON.parse(readFileSync(copy, 'utf8')).seq).toBe(3);
    writeFileSync(`${copy}.journal`, uncut + readFileSync(`${copy}.journal`, 'utf8'));
    const reopened = await track(open(copy));
    expect((await reopened.posts(T, C)).map((p) => p.ts)).toEqual(['4.1', '3.1', '2.1', '1.1']);
    expect(reopened.stats().seq).toBe(4);
    await reopened.commit([postOp('5.1')]);
    await reopened.compact();
    await reopened.close();
    const again = await track(open(copy));
    expect(await again.posts(T, C)).toHaveLength(5);
  });
});
