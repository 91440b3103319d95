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
  },
});
