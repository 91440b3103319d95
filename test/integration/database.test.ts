/**
 * DATABASE_URL chooses the PostgreSQL store. What needs no server runs here; the app on a real server,
 * alone and with a second instance, is in test/postgres/app.test.ts (`npm run test:postgres`).
 */
import { describe, expect, it } from 'vitest';
import { runAppToExit, tmpDir } from '../support/app-process.js';
import { appEnv } from './harness.js';

describe('DATABASE_URL', () => {
  it('with no database reachable, start-up stops naming the server, never the password', async () => {
    const password = 'never-log-this-pw-42';
    const dbFile = `${tmpDir()}/db.json`;
    const result = await runAppToExit({
      env: appEnv({ url: 'http://127.0.0.1:9/api/' }, dbFile, {
        DATABASE_URL: `postgres://lvm:${password}@127.0.0.1:1/lvm`,
      }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'cannot start: Cannot open PostgreSQL at 127.0.0.1:1/lvm: connect ECONNREFUSED',
    );
    expect(result.logs).not.toContain(password);
  });
});
