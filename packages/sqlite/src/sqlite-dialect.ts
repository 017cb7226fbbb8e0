import {
  type CompilerSettings,
  type DBAPIErrorClass,
  DefaultDialect,
  type DialectCapabilities,
  type Driver,
  defaultCapabilities,
  type ReflectionQueries,
  type SqlCompiler,
  type TypeProcessorTable,
  type URL,
  utcTimestamp,
} from '@athanor/core';
import { SqliteCompiler } from './sqlite-compiler.js';
import { isMemoryUrl, sqliteConnectOptions } from './sqlite-connect-options.js';
import { SqliteDriver } from './sqlite-driver.js';
import { sqliteErrorClass } from './sqlite-errors.js';
import { sqliteReflection } from './sqlite-reflection.js';

/**
 * SQLite through better-sqlite3 (version 12): `sqlite:///file.db`, `sqlite:////abs/path.db`,
 * `sqlite://` for a database in memory.
 *
 * An in-memory database lives inside its one connection, so an engine on one keeps exactly one
 * connection and hands it out to one `Connection` at a time. Foreign keys are enforced
 * (`PRAGMA foreign_keys = ON`) unless the URL says `?foreign_keys=off`.
 */
export class SqliteDialect extends DefaultDialect {
  readonly name = 'sqlite';
  readonly driverName = 'better-sqlite3';
  readonly packageName = '@athanor/sqlite';
  override readonly capabilities: DialectCapabilities = {
    ...defaultCapabilities,
    // better-sqlite3 12 bundles SQLite 3.4x; RETURNING arrived in 3.35.
    insertReturning: true,
    updateReturning: true,
    deleteReturning: true,
    upsertStyle: 'on-conflict',
    maxParameters: 32766,
    // better-sqlite3 steps the statement row by row, which holds no more rows than a cursor.
    serverSideCursors: true,
    transactionalDdl: true,
    maxIdentifierLength: 1024,
    isolationLevels: ['SERIALIZABLE', 'READ UNCOMMITTED'],
    // SQLite cannot ALTER TABLE ... ADD CONSTRAINT; it checks foreign keys only on DML, so
    // tables in a cycle are created with their foreign keys inline instead.
    alterForeignKeys: false,
    commentStyle: 'none',
    // NUMERIC columns hold doubles: 15 significant digits survive, more do not.
    exactDecimals: false,
    rowLocking: false,
  };

  /** SQLite has no boolean or date types: booleans are 1/0, dates and times ISO strings. */
  override readonly typeProcessors: TypeProcessorTable = {
    boolean: () => ({
      bind: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
      result: (value) => (value === null ? null : Number(value) !== 0),
    }),
    null: () => ({
      bind: (value) => (value instanceof Date ? utcTimestamp(value) : value),
    }),
  };

  protected override createCompiler(settings: CompilerSettings): SqlCompiler {
    return new SqliteCompiler(settings);
  }

  override get reflection(): ReflectionQueries {
    return sqliteReflection;
  }

  createDriver(url: URL, connectArgs: Readonly<Record<string, unknown>>): Driver {
    return new SqliteDriver(sqliteConnectOptions(url, connectArgs));
  }

  override errorClassFor(error: unknown): DBAPIErrorClass {
    return sqliteErrorClass(error);
  }

  override isDisconnect(error: unknown): boolean {
    // The only way to lose an embedded database: it was closed under us.
    return error instanceof TypeError && /database connection is not open/.test(error.message);
  }

  override poolClassFor(url: URL): 'queue' | 'static' {
    return isMemoryUrl(url) ? 'static' : 'queue';
  }
}

/** The SQLite dialect; `createEngine` loads it for `sqlite://` URLs. */
export const sqliteDialect = new SqliteDialect();
