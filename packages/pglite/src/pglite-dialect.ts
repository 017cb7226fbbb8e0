import {
  type DatabaseUrl,
  type DBAPIErrorClass,
  type Dialect,
  type Driver,
  OperationalError,
} from '@athanor/core/dialect';
import { isPostgresDisconnect, PostgresDialectBase } from '@athanor/postgres';
import { pgliteConnectOptions } from './pglite-connect-options.js';
import { isWasmFailure } from './pglite-database.js';
import { PGliteDriver } from './pglite-driver.js';

/**
 * PostgreSQL compiled to WebAssembly and run inside this process, through PGlite
 * (`@electric-sql/pglite`): `pglite://` for a database in memory, `pglite:///relative/dir` or
 * `pglite:////absolute/dir` for one kept in a data directory.
 *
 * It is PostgreSQL, so it extends @athanor/postgres's base: the SQL, the DDL, the type names,
 * the capabilities, reflection and the error translation are PostgreSQL's, and values read as
 * they do through pg (see `pglite-values.ts`). What differs is the driver, the pool and how a
 * lost instance shows. PGlite is one PostgreSQL backend, so an engine keeps a single connection
 * and hands it to one `Connection` at a time; engines on the same data directory share its one
 * instance and take turns, a transaction at a time.
 *
 * The four isolation levels are accepted as PostgreSQL accepts them; with one backend no two
 * transactions ever overlap, so each behaves as SERIALIZABLE, which the SQL standard allows for
 * any level asked for.
 */
export class PGliteDialect extends PostgresDialectBase {
  readonly name = 'pglite';
  readonly driverName = 'pglite';
  readonly packageName = '@athanor/pglite';

  protected withServerVersion(serverVersion: readonly number[]): Dialect {
    return new PGliteDialect(serverVersion);
  }

  createDriver(url: DatabaseUrl, connectArgs: Readonly<Record<string, unknown>>): Driver {
    return new PGliteDriver(pgliteConnectOptions(url, connectArgs));
  }

  /** A closed or failed instance is an OperationalError; the rest is PostgreSQL's SQLSTATE. */
  override errorClassFor(error: unknown): DBAPIErrorClass {
    return this.isDisconnect(error) ? OperationalError : super.errorClassFor(error);
  }

  /** The instance was closed, or its WebAssembly module failed. */
  override isDisconnect(error: unknown): boolean {
    if (isWasmFailure(error)) return true;
    const message = (error as { message?: unknown } | null)?.message;
    return (
      isPostgresDisconnect(error) ||
      (typeof message === 'string' && /^PGlite is clos(ed|ing)/.test(message))
    );
  }

  /** One PostgreSQL backend: one connection per engine, shared in turn. */
  override poolClassFor(_url: DatabaseUrl): 'queue' | 'static' {
    return 'static';
  }
}

/** The PGlite dialect; `createEngine` loads it for `pglite://` URLs. */
export const pgliteDialect = new PGliteDialect();
