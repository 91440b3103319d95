/**
 * Moving data between the file store and PostgreSQL (what `npm run migrate` does), both ways: everything
 * arrives, a second run changes nothing, the counts are checked, and a store held by a running app is
 * refused. PostgreSQL in process (PGlite) under `npm test`, the server under `npm run test:postgres`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/store/postgres/db.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Op } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { formatReport, MoveError, moveToLowdb, moveToPostgres } from '../../src/store/transfer/move.js';
import {
  answerOp,
  C,
  dump,
  open,
  postOp,
  removeTempDirs,
  scheduleRecord,
  T,
  teamPromptRecord,
  tempFile,
  voteOp,
} from './helpers.js';
import { freshDatabase } from './pg-databases.js';

afterAll(removeTempDirs);

const T2 = 'T0002';
const C2 = 'C0002';
const quiet = { log: () => undefined };

/** Two workspaces with a little of everything. */
function contents(team: string): Op[] {
  return [
    postOp('1764070000.000100', C, team),
    postOp('1764070100.000100', C, team),
    postOp('1764070000.000100', C2, team),
    { type: 'close', team, channel: C, ts: '1764070000.000100', at: '2025-11-26T10:00:00.000Z' },
    voteOp('1764070000.000100', 'U2', 'handshake', true, '1764070001.000001', C, team),
    voteOp('1764070000.000100', 'U1', 'compass', true, '1764070001.000002', C, team),
    voteOp('1764070000.000100', 'U1', 'compass', false, '1764070001.000003', C, team),
    voteOp('1764070100.000100', 'U3', 'clipboard', true, '1764070101.000001', C, team),
    voteOp('1764070000.000100', 'U4', 'compass', true, '1764070001.000004', C2, team),
    answerOp('1764070000.000100', '1764070002.000001', `an answer in ${team}`, 'U1', C, team),
    {
      type: 'answer',
      team,
      channel: C,
      threadTs: '1764070000.000100',
      answer: { user: 'U2', ts: '1764070002.000002', text: 'edited', editedAt: '2025-11-25T11:00:00.000Z' },
    },
    { type: 'unanswer', team, channel: C, ts: '1764070002.000009' },
    { type: 'schedule', schedule: { ...scheduleRecord(C, team), lastSlot: '2025-11-24T08:00:00.000Z' } },
    { type: 'rotation', rotation: { team, channel: C, seed: 42, cycle: 3, used: ['b', 'a'] } },
    { type: 'schedule', schedule: { ...scheduleRecord(C2, team), setBy: 'U5', removed: true, paused: true } },
    { type: 'channel-settings', team, channel: C2, set: { anonymous: false } },
    { type: 'workspace-settings', team, set: { library: 'both' } },
    { type: 'team-prompt-add', prompt: teamPromptRecord('own-z', { team }) },
    {
      type: 'team-prompt-add',
      prompt: teamPromptRecord('own-a', { team, status: 'approved', via: 'import' }),
    },
  ];
}

async function fillFile(file: string): Promise<void> {
  const store = await open(file);
  await store.commit(contents(T), { eventId: 'Ev-1' });
  await store.commit(contents(T2), { eventId: `slot:${T2}:${C}:2025-11-24T08:00:00.000Z` });
  await store.close();
}

/** Everything readable of both workspaces. */
async function everything(store: Store) {
  const where = {
    channels: [C, C2],
    eventIds: ['Ev-1', `slot:${T2}:${C}:2025-11-24T08:00:00.000Z`, 'Ev-none'],
    answerTs: ['1764070002.000001', '1764070002.000002', '1764070002.000009'],
  };
  return [await dump(store, where), await dump(store, { ...where, team: T2 })];
}

async function fileContents(file: string) {
  const store = await open(file);
  try {
    return await everything(store);
  } finally {
    await store.close();
  }
}

async function pgContents(db: Awaited<ReturnType<typeof freshDatabase>>) {
  const store = await openPostgresStore(db.connect(), quiet);
  try {
    return await everything(store);
  } finally {
    await store.close();
  }
}

describe('moving the data', () => {
  it('copies a file store into PostgreSQL and back, the same data each way, and again without change', async () => {
    const file = tempFile();
    await fillFile(file);
    const expected = await fileContents(file);
    const db = await freshDatabase();
    const lines: string[] = [];
    const options = { dbFile: file, connect: () => db.connect(), out: (l: string) => lines.push(l) };

    const report = await moveToPostgres(options);
    expect(report.ok).toBe(true);
    expect(report.eventIds).toBe(2);
    const counts = { prompts: 3, votes: 4, answers: 2 };
    expect(report.checks).toEqual([
      { team: T, source: counts, target: counts },
      { team: T2, source: counts, target: counts },
    ]);
    expect(formatReport(report, 'PostgreSQL at db/x')).toEqual([
      'workspace  prompts  votes  answers',
      `${T}  3  4  2`,
      `${T2}  3  4  2`,
      'Done: 2 workspaces copied to PostgreSQL at db/x and checked (same prompts, votes and answers); 2 event ids kept.',
    ]);
    expect(await pgContents(db)).toEqual(expected);

    // Again: the same data, nothing doubled.
    expect((await moveToPostgres(options)).ok).toBe(true);
    expect(await pgContents(db)).toEqual(expected);

    // A workspace only in PostgreSQL is left alone; one in both is replaced by the file's.
    const pg = await openPostgresStore(db.connect(), quiet);
    await pg.commit([
      postOp('9.1', C, 'TONLYPG'),
      voteOp('1764070000.000100', 'U9', 'compass', true, '1764079999.000001'),
    ]);
    await pg.close();
    await moveToPostgres(options);
    const after = await openPostgresStore(db.connect(), quiet);
    expect(await after.post('TONLYPG', C, '9.1')).toBeDefined();
    expect((await after.votes(T, C, '1764070000.000100')).map((v) => v.user)).not.toContain('U9');
    await after.close();

    // And back into a new file: the same as the original.
    const back = tempFile();
    const toFile = await moveToLowdb({ ...options, dbFile: back });
    expect(toFile.ok).toBe(true);
    expect(toFile.checks.map((c) => c.team)).toEqual([T, T2, 'TONLYPG']);
    expect(await fileContents(back)).toEqual(expected);
    expect((await moveToLowdb({ ...options, dbFile: back })).ok).toBe(true);
    expect(await fileContents(back)).toEqual(expected);
  });

  it('reports counts that differ instead of claiming success', async () => {
    const file = tempFile();
    await fillFile(file);
    const db = await freshDatabase();
    // A target that silently loses votes.
    const losing = (inner: Db): Db => ({
      ...inner,
      query: inner.query.bind(inner),
      exec: inner.exec.bind(inner),
      close: inner.close.bind(inner),
      transaction: (fn) =>
        inner.transaction((tx) =>
          fn({
            query: async (text, values) => (text.includes('INSERT INTO votes') ? [] : tx.query(text, values)),
            exec: (text) => tx.exec(text),
          } as Queryable),
        ),
    });
    const report = await moveToPostgres({
      dbFile: file,
      connect: () => losing(db.connect()),
      out: () => undefined,
    });
    expect(report.ok).toBe(false);
    const lines = formatReport(report, 'PostgreSQL');
    expect(lines[1]).toBe(`${T}  3  0 (source 4)  2`);
    expect(lines.at(-1)).toBe(
      'Counts differ in PostgreSQL for the workspaces marked above: do not start the app on it; run the command again.',
    );
  });

  it('refuses a missing DB_FILE', async () => {
    const db = await freshDatabase();
    const file = tempFile('none.json');
    await expect(
      moveToPostgres({ dbFile: file, connect: () => db.connect(), out: () => undefined }),
    ).rejects.toThrow(MoveError);
    expect(existsSync(file)).toBe(false);
  });

  describe('while the app holds the file', () => {
    let holder: ChildProcess | undefined;
    afterEach(async () => {
      if (holder && holder.exitCode === null) {
        holder.kill('SIGTERM');
        await once(holder, 'exit');
      }
    });

    it('refuses to run, either way, and touches neither store', async () => {
      const file = tempFile();
      await fillFile(file);
      holder = spawn(process.execPath, ['--import', 'tsx', 'test/support/hold-store.ts', file], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [first] = (await once(holder.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
      expect(first.toString()).toBe('holding\n');

      const db = await freshDatabase();
      const options = { dbFile: file, connect: () => db.connect(), out: () => undefined };
      const inUse = new RegExp(`in use by process ${holder.pid}`);
      await expect(moveToPostgres(options)).rejects.toThrow(inUse);
      await expect(moveToLowdb(options)).rejects.toThrow(inUse);
      const tables = await db.admin.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1', [
        db.schema,
      ]);
      expect(tables).toEqual([]); // PostgreSQL was not even migrated
    });
  });
});
