import { createEngine, type Dialect, makeUrl, text } from '@athanor/core';
import { mysqlDialect } from '@athanor/mysql';
import { postgresDialect } from '@athanor/postgres';
import { sqliteDialect } from '@athanor/sqlite';
import { createPrivateDatabases } from '../../../testing/src/private-databases.js';

/** The databases the ORM's behaviour tests run on: one vitest project each (vitest.config.ts). */
export type TestDatabaseKind = 'sqlite' | 'postgresql' | 'mariadb';

declare module 'vitest' {
  interface ProvidedContext {
    /** The database the project's test files run on, from `provide` in vitest.config.ts. */
    database: TestDatabaseKind;
  }
}

/** Where a test file's tables live: see {@link openTestDatabase}. */
export type OpenedDatabase =
  | {
      readonly dialect: Dialect;
      readonly url: string;
      /** Removes the database (after the file's engines are disposed). */
      drop(): Promise<void>;
    }
  | { readonly unreachable: string };

// The servers as the other packages' tests find them (shared/design/ENVIRONMENT.md): the
// variable that points the tests at another server, or the server every machine here runs.
const servers = {
  postgresql: {
    dialect: postgresDialect,
    envVar: 'ATHANOR_PG_URL',
    fallback: 'postgresql://postgres@127.0.0.1:5432/test',
  },
  mariadb: {
    dialect: mysqlDialect,
    envVar: 'ATHANOR_MYSQL_URL',
    fallback: 'mysql://root@127.0.0.1:3306/test',
  },
} as const;

/**
 * Makes one test file's database. SQLite: a database in memory, the file's own. A server: a
 * `CREATE DATABASE` with a unique name, so that files running in parallel (and other packages'
 * tests on the same server) never see each other's tables; `drop` removes it. A server that
 * cannot be reached gives `unreachable` (what to set to point the tests elsewhere), except
 * under CI=true, where it throws: CI has the servers, and a missing one fails the run.
 */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<OpenedDatabase> {
  if (kind === 'sqlite') return { dialect: sqliteDialect, url: 'sqlite://', drop: async () => {} };

  const { dialect, envVar, fallback } = servers[kind];
  const serverUrl = makeUrl(process.env[envVar] ?? fallback);
  const admin = createEngine(serverUrl, { dialect });
  try {
    await admin.execute(text('SELECT 1'));
  } catch (error) {
    await admin.dispose();
    if (process.env.CI === 'true') throw error;
    const unreachable =
      `cannot reach ${serverUrl}; set ${envVar} to point at a server, ` +
      'or run only SQLite with `vitest run --project sqlite`';
    console.warn(`SKIPPING the ORM's tests on ${kind}: ${unreachable}.`);
    return { unreachable };
  }
  // The file's own database, created and dropped by the helper every package's tests use.
  const { urls, drop } = await createPrivateDatabases({
    server: { engine: admin },
    prefix: 'athanor_orm',
  });
  return {
    dialect,
    url: urls[0] as string,
    async drop() {
      await drop();
      await admin.dispose();
    },
  };
}
