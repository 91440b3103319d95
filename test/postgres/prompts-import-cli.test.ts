/**
 * `npm run prompts:import` into PostgreSQL (DATABASE_URL), as a user runs it: its own process, the fixture file,
 * the workspace's prompts written through the Store interface, never the password in the output.
 * Run by `npm run test:postgres`; with no server these tests fail, they do not skip.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { removeTempDirs } from '../store/helpers.js';
import { freshDatabase, SERVER_URL } from '../store/pg-databases.js';
import { runAppToExit } from '../support/app-process.js';

if (!SERVER_URL)
  throw new Error('these tests need a PostgreSQL server: set TEST_DATABASE_URL (npm run test:postgres does)');

afterAll(removeTempDirs);

describe('npm run prompts:import on PostgreSQL', () => {
  it("adds a team's file to its workspace in DATABASE_URL, and a second run adds nothing", async () => {
    const db = await freshDatabase();
    const url = new URL(SERVER_URL as string);
    url.password = 'import-secret-pw';
    url.searchParams.set('options', `-c search_path=${db.schema}`);
    const run = () =>
      runAppToExit({
        entry: 'src/cli/prompts-import.ts',
        args: ['test/fixtures/own-prompts/team.yml', '--team', 'T0PG', '--by', 'U0ADMIN'],
        env: { DATABASE_URL: url.toString() },
        timeoutMs: 60_000,
      });
    const first = await run();
    expect(first.code, first.logs).toBe(0);
    expect(first.stdout).toContain('Imported 2 prompts into the library of workspace T0PG');
    const again = await run();
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('4 problems: nothing was imported.');
    for (const r of [first, again]) expect(r.logs).not.toContain('import-secret-pw');

    const store = await openPostgresStore(db.connect(), { log: () => undefined });
    expect((await store.teamPrompts('T0PG')).map((p) => [p.id, p.status, p.author])).toEqual([
      ['allotment-watering-rota', 'approved', 'U0ADMIN'],
      ['night-shift-handover', 'approved', 'U0ADMIN'],
    ]);
    await store.close();
  });
});
