import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Several connections to one PostgreSQL server: `npm run test:postgres` (vitest.postgres.config.ts).
    exclude: ['test/postgres/**', 'node_modules/**'],
    // Integration suites start real processes and HTTP servers; keep them honest but bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The app built once into dist/: child processes run it as `npm start` does (test/support/build-app.ts).
    globalSetup: ['test/support/build-app.ts'],
    // Each worker runs its files one after the other in one process instead of a fresh process per file: starting a
    // fork and importing Bolt, zod and the store again cost more than most files' tests. Tests therefore close what
    // they open (stores, fakes, apps: stopAllApps) and restore what they change (timers, cwd, env).
    isolate: false,
    // Four workers on two cores: the integration files spend most of their time waiting (the scheduler's one-second
    // ticks, Slack's backoffs), not computing.
    maxWorkers: 4,
  },
});
