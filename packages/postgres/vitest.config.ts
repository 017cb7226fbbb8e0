import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A private PgBouncer in front of the test PostgreSQL, for the tests behind one.
    globalSetup: ['test/pgbouncer-setup.ts'],
  },
});
