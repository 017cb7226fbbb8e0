import { configDefaults, defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

// Limits that end a hung run, never a slow one: see vitest.shared.ts.
// Two projects, so each private server starts only when a file that needs it runs: vitest runs
// a project's globalSetup only when some of its files are selected.
export default defineConfig({
  test: {
    ...hangLimits,
    projects: [
      {
        extends: true,
        test: {
          name: 'mysql',
          exclude: [
            ...configDefaults.exclude,
            'test/galera*.test.ts',
            'test/mariadb-replica*.test.ts',
          ],
          // A private MariaDB numbering rows at a step of 3, for test/auto-increment-step.test.ts.
          globalSetup: ['test/step-server-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'galera',
          include: ['test/galera*.test.ts'],
          // A private three-node MariaDB Galera cluster.
          globalSetup: ['test/galera-setup.ts'],
          // One file at a time: DDL on a Galera node runs on every node at once (total order
          // isolation) and aborts the other file's transactions on the tables it touches, so
          // two files at once fail with deadlocks neither caused.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'mariadb-replicas',
          include: ['test/mariadb-replica*.test.ts'],
          // A private MariaDB primary and a replica replicating from it.
          globalSetup: ['test/mariadb-replica-setup.ts'],
        },
      },
    ],
  },
});
