import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

// Limits that end a hung run, never a slow one: see vitest.shared.ts.
export default defineConfig({
  test: {
    ...hangLimits,
    // A private PgBouncer in front of the test PostgreSQL, for the tests behind one; a private
    // primary with a hot standby, for the read-replica tests.
    globalSetup: ['test/pgbouncer-setup.ts', 'test/replica-setup.ts'],
  },
});
