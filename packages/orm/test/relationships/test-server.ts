import { randomBytes } from 'node:crypto';
import { createEngine, type Dialect, type Engine, makeUrl, text } from '@athanor/core';
import { mysqlDialect } from '@athanor/mysql';
import { postgresDialect } from '@athanor/postgres';
import { sqliteDialect } from '@athanor/sqlite';

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
  const admin = createEngine(serverUrl, { dialect, isolationLevel: 'AUTOCOMMIT' });
  try {
    await run(admin, 'SELECT 1');
  } catch (error) {
    await admin.dispose();
    if (process.env.CI === 'true') throw error;
    const unreachable =
      `cannot reach ${serverUrl}; set ${envVar} to point at a server, ` +
      'or run only SQLite with `vitest run --project sqlite`';
    console.warn(`SKIPPING the ORM's tests on ${kind}: ${unreachable}.`);
    return { unreachable };
  }
  const name = `athanor_orm_${randomBytes(6).toString('hex')}`;
  await run(admin, `CREATE DATABASE ${name}`);
  return {
    dialect,
    url: serverUrl.set({ database: name }).renderAsString({ hidePassword: false }),
    async drop() {
      // FORCE: a connection the pool has not closed yet must not keep the database alive.
      await run(admin, `DROP DATABASE ${name}${kind === 'postgresql' ? ' WITH (FORCE)' : ''}`);
      await admin.dispose();
    },
  };
}

/** Runs one statement outside a transaction: PostgreSQL refuses CREATE DATABASE inside one. */
async function run(admin: Engine, sql: string): Promise<void> {
  const connection = await admin.connect();
  try {
    await connection.execute(text(sql));
  } finally {
    await connection.close();
  }
}
