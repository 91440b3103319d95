/**
 * `npm run migrate` as a user runs it: its own process, DB_FILE and DATABASE_URL from the environment,
 * against the PostgreSQL server. (The copying itself is tested in test/store/transfer.test.ts.)
 * Run by `npm run test:postgres`; with no server these tests fail, they do not skip.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { launchProcess, useSlackFake } from '../integration/harness.js';
import { C, open, postOp, removeTempDirs, T, tempFile, voteOp } from '../store/helpers.js';
import { freshDatabase, SERVER_URL } from '../store/pg-databases.js';
import { runAppToExit } from '../support/app-process.js';
import type { SlackFake } from '../support/slack-fake.js';

if (!SERVER_URL)
  throw new Error('these tests need a PostgreSQL server: set TEST_DATABASE_URL (npm run test:postgres does)');

afterAll(removeTempDirs);

let fake: SlackFake;
useSlackFake((f) => {
  fake = f;
});

async function database() {
  const db = await freshDatabase();
  const url = new URL(SERVER_URL as string);
  url.password = 'cli-secret-pw'; // trust auth ignores it; the output must not show it
  url.searchParams.set('options', `-c search_path=${db.schema}`);
  return { db, url: url.toString() };
}

const migrate = (to: string, env: Record<string, string>) =>
  runAppToExit({ entry: 'src/cli/migrate.ts', args: ['--to', to], env, timeoutMs: 60_000 });

describe('npm run migrate', () => {
  it('copies DB_FILE into PostgreSQL and back, printing the checked counts, twice over', async () => {
    const file = tempFile();
    const store = await open(file);
    await store.commit([postOp('1.1'), voteOp('1.1', 'U1', 'compass', true, '5.1')], { eventId: 'Ev1' });
    await store.close();
    const { db, url } = await database();

    for (let run = 0; run < 2; run++) {
      const result = await migrate('postgres', { DB_FILE: file, DATABASE_URL: url });
      expect(result.code, result.logs).toBe(0);
      expect(result.stdout).toContain(`${T}  1  1  0`);
      expect(result.stdout).toMatch(
        /Done: 1 workspace copied to PostgreSQL at 127\.0\.0\.1:5432\/\w+ and checked/,
      );
      expect(result.logs).not.toContain('cli-secret-pw');
    }
    const pg = await openPostgresStore(db.connect(), { log: () => undefined });
    expect(await pg.votes(T, C, '1.1')).toHaveLength(1);
    expect(await pg.seen('Ev1')).toBe(true);
    await pg.close();

    const back = tempFile();
    const result = await migrate('lowdb', { DB_FILE: back, DATABASE_URL: url });
    expect(result.code, result.logs).toBe(0);
    expect(result.stdout).toContain(`Done: 1 workspace copied to ${back} and checked`);
    const copy = await open(back);
    expect(await copy.votes(T, C, '1.1')).toHaveLength(1);
    await copy.close();
  });

  it('refuses while the app runs on DB_FILE, and explains its arguments', async () => {
    const { url } = await database();
    const app = await launchProcess(fake); // the lock names another process
    const refused = await migrate('postgres', { DB_FILE: app.dbFile, DATABASE_URL: url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`The copy stopped: Cannot open .*in use by process ${app.proc.pid}`),
    );
    const file = app.dbFile;

    const usage = await migrate('mysql', { DB_FILE: file, DATABASE_URL: url });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run migrate -- --to postgres');
  });
});
