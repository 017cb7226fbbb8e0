import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  type Dialect,
  type Engine,
  type EngineOptions,
  makeUrl,
  text,
} from '@athanor/core';
import { mysqlDialect } from '@athanor/mysql';
import { pgliteDialect } from '@athanor/pglite';
import { postgresDialect } from '@athanor/postgres';
import { sqliteDialect } from '@athanor/sqlite';
import { createPrivateDatabases } from '@athanor/testing';
import { afterAll, afterEach, beforeAll, type TestContext } from 'vitest';

export type DatabaseKind = 'sqlite' | 'postgresql' | 'mysql' | 'pglite';

/** A database of its own for one test file, and engines on it. */
export interface MigrationDatabase {
  readonly kind: DatabaseKind;
  readonly dialect: Dialect;
  /** The database's URL (once the file's beforeAll has run). */
  url(): string;
  /** A new engine on the database, disposed after the test. */
  engine(options?: EngineOptions): Engine;
  /** Skips the test when the server could not be reached (outside CI). */
  skipIfUnreachable(context: TestContext): void;
}

const dialects: Record<DatabaseKind, Dialect> = {
  sqlite: sqliteDialect,
  postgresql: postgresDialect,
  mysql: mysqlDialect,
  pglite: pgliteDialect,
};

const serverUrls = {
  postgresql: ['ATHANOR_PG_URL', 'postgresql://postgres@127.0.0.1:5432/test'],
  mysql: ['ATHANOR_MYSQL_URL', 'mysql://root@127.0.0.1:3306/test'],
} as const;

/**
 * Makes the file's database: a SQLite file or PGlite data directory in a temp folder, or on
 * PostgreSQL and MariaDB a `CREATE DATABASE` with a unique name, dropped after the file. A
 * server that cannot be reached skips the tests, except under CI=true, where it fails.
 */
export function useMigrationDatabase(kind: DatabaseKind): MigrationDatabase {
  const dialect = dialects[kind];
  let url = '';
  let unreachable: string | undefined;
  let cleanup: () => Promise<void> = async () => undefined;
  const open: Engine[] = [];

  beforeAll(async () => {
    if (kind === 'sqlite' || kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'athanor-migrate-'));
      url = kind === 'sqlite' ? `sqlite:///${dir}/test.db` : `pglite:///${dir}/pgdata`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
      return;
    }
    const [envVar, fallback] = serverUrls[kind];
    const serverUrl = makeUrl(process.env[envVar] ?? fallback);
    const admin = createEngine(serverUrl, { dialect, isolationLevel: 'AUTOCOMMIT' });
    // Probed first: an unreachable server skips the file, a database that cannot be made fails it.
    try {
      await admin.execute(text('SELECT 1'));
    } catch (error) {
      await admin.dispose();
      if (process.env.CI === 'true') throw error;
      unreachable = `cannot reach ${serverUrl}; set ${envVar} to point at a server`;
      console.warn(`SKIPPING ${kind} migration tests: ${unreachable}.`);
      return;
    }
    const database = await createPrivateDatabases({
      server: { engine: admin },
      prefix: 'athanor_mig',
    });
    // One database asked for, so one URL.
    url = database.urls[0] as string;
    cleanup = async () => {
      await database.drop();
      await admin.dispose();
    };
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((engine) => engine.dispose()));
  });

  afterAll(async () => {
    await cleanup();
  });

  return {
    kind,
    dialect,
    url: () => url,
    engine(options = {}) {
      const engine = createEngine(url, { dialect, ...options });
      open.push(engine);
      return engine;
    },
    skipIfUnreachable(context) {
      if (unreachable) context.skip(unreachable);
    },
  };
}
