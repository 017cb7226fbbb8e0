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
import { afterAll, afterEach, beforeAll, type TestContext } from 'vitest';
import { uniqueSuffix } from './migration-project.js';

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
    const name = `athanor_mig_${uniqueSuffix()}${uniqueSuffix()}`;
    // Outside a transaction: PostgreSQL refuses CREATE DATABASE inside one.
    const run = async (sql: string) => {
      const connection = await admin.connect();
      try {
        await connection.execute(text(sql));
      } finally {
        await connection.close();
      }
    };
    try {
      await run('SELECT 1');
    } catch (error) {
      await admin.dispose();
      if (process.env.CI === 'true') throw error;
      unreachable = `cannot reach ${serverUrl}; set ${envVar} to point at a server`;
      console.warn(`SKIPPING ${kind} migration tests: ${unreachable}.`);
      return;
    }
    await run(`CREATE DATABASE ${name}`);
    url = serverUrl.set({ database: name }).renderAsString({ hidePassword: false });
    cleanup = async () => {
      const force = kind === 'postgresql' ? ' WITH (FORCE)' : '';
      await run(`DROP DATABASE ${name}${force}`);
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
