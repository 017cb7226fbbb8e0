import type { DialectCapabilities } from '../compiler/capabilities.js';
import type { SqlCompiler } from '../compiler/sql-compiler.js';
import type { DatabaseUrl } from '../engine/url.js';
import type { DBAPIErrorClass } from '../errors.js';
import type { ReflectionQueries } from '../schema/reflected.js';
import type { Driver, DriverConnection, DriverOptions } from './driver.js';

/**
 * The version of the dialect interface this core speaks. A dialect carries the version it was
 * written against, and core refuses one it does not understand with a clear error, so the
 * interface can change without silent breakage.
 */
export const dialectSpecVersion = 'v1';

/**
 * The one place a database plugs into Athanor. A dialect package exports one object of this
 * type (usually a subclass of `DefaultDialect`, which fills in defaults).
 *
 * @example
 * import { createEngine } from '@athanor/core';
 * import { postgresDialect } from '@athanor/postgres';
 * const engine = createEngine('postgresql://localhost/test', { dialect: postgresDialect });
 */
export interface Dialect {
  /** The interface version this dialect implements: {@link dialectSpecVersion}. */
  readonly specVersion: typeof dialectSpecVersion;
  /** The backend name in URLs: `sqlite`, `postgresql`, `mysql`. */
  readonly name: string;
  /** The driver it uses, as a URL may name it after `+`: `better-sqlite3`, `pg`, `mysql2`. */
  readonly driverName: string;
  /** The npm package this dialect ships in, for error messages. */
  readonly packageName: string;
  /** What the database can do. */
  readonly capabilities: DialectCapabilities;
  /** The server's version, once {@link Dialect.initialize} has seen a connection. */
  readonly serverVersion: readonly number[] | undefined;
  /**
   * The statement compiler that writes this dialect's SQL; it hands DDL to the dialect's DDL
   * compiler and CAST types to its type compiler, which the dialect gave it.
   */
  readonly compiler: SqlCompiler;
  /** How the schema is read back from the database (`inspect()`, `metadata.reflect()`). */
  readonly reflection: ReflectionQueries;

  /**
   * A driver that opens connections to `url`; `connectArgs` go to the driver as they are, and
   * `options` say what the engine asks of any driver (a connect timeout).
   */
  createDriver(
    url: DatabaseUrl,
    connectArgs: Readonly<Record<string, unknown>>,
    options?: DriverOptions,
  ): Driver;
  /**
   * Called with the first connection an engine opens; returns the dialect to use from then on
   * (a copy that knows the server version and what that version can do, or `this`).
   */
  initialize(connection: DriverConnection): Promise<Dialect>;
  /** The Athanor error class for a driver error (`IntegrityError` for a unique violation...). */
  errorClassFor(error: unknown): DBAPIErrorClass;
  /** True when the error means the connection is gone, so the pool must discard it. */
  isDisconnect(error: unknown): boolean;
  /**
   * True when the driver error means the database rolled the transaction back to resolve a
   * conflict, so running it again may succeed (a serialization failure, a deadlock); it becomes
   * the translated error's `isRetryable`. Optional: a dialect without it has none.
   */
  isRetryable?(error: unknown): boolean;
  /**
   * `queue`: a pool of connections. `static`: one connection, shared in turn and never replaced
   * (an in-memory SQLite database exists only inside its one connection).
   */
  poolClassFor(url: DatabaseUrl): 'queue' | 'static';
  /** Hooks the conformance suite uses to provoke what it tests; optional. */
  readonly provision?: DialectProvision | undefined;
}

/** Test-only hooks a dialect may provide to `@athanor/testing`. */
export interface DialectProvision {
  /** SQL returning one row, one column: this connection's id on the server. */
  readonly connectionIdSql: string;
  /** Ends the server session `connectionId` from `admin`, as a crash or an administrator would. */
  terminateConnection(admin: DriverConnection, connectionId: unknown): Promise<void>;
  /**
   * How many of the server sessions `connectionIds` are still open, asked from `admin`: the
   * fault tests count what a pool left open on the server. Optional; those checks skip without it.
   */
  countOpenConnections?(
    admin: DriverConnection,
    connectionIds: readonly unknown[],
  ): Promise<number>;
  /**
   * What the server says when it ends a session (`terminateConnection`, or an administrator),
   * as the driver error it sends: the OperationalError of the next call on that session keeps
   * it as its `cause`. PostgreSQL: `{ code: '57P01', message: 'terminating connection due to
   * administrator command' }`. Optional; the fault tests check it where given.
   */
  readonly killedSessionCause?: { readonly code: string; readonly message: string };
}
