import { defineConfig } from 'vitest/config';

/**
 * `npm run test:postgres`: the tests that need a real PostgreSQL server (several connections at once),
 * and the store suites that otherwise run in process, against TEST_DATABASE_URL (default: the local
 * server). No server, no pass: they fail, never skip.
 */
export default defineConfig({
  test: {
    include: ['test/postgres/**/*.test.ts', 'test/store/postgres*.test.ts', 'test/store/transfer.test.ts'],
    env: { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The app built once into dist/: child processes run it as `npm start` does (test/support/build-app.ts).
    globalSetup: ['test/support/build-app.ts'],
  },
});
