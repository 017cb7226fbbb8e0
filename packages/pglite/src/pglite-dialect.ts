import {
  type CompilerSettings,
  type DBAPIErrorClass,
  type DdlCompiler,
  DefaultDialect,
  type Dialect,
  type DialectCapabilities,
  type Driver,
  type DriverConnection,
  OperationalError,
  type ReflectionQueries,
  type SqlCompiler,
  type TypeCompiler,
  type TypeProcessorTable,
  type URL,
} from '@athanor/core/dialect';
import {
  isPostgresDisconnect,
  isPostgresRetryable,
  PostgresCompiler,
  PostgresDdlCompiler,
  PostgresTypeCompiler,
  postgresDialect,
  postgresErrorClass,
} from '@athanor/postgres';
import { pgliteConnectOptions } from './pglite-connect-options.js';
import { isWasmFailure } from './pglite-database.js';
import { PGliteDriver } from './pglite-driver.js';

/**
 * PostgreSQL compiled to WebAssembly and run inside this process, through PGlite
 * (`@electric-sql/pglite`): `pglite://` for a database in memory, `pglite:///relative/dir` or
 * `pglite:////absolute/dir` for one kept in a data directory.
 *
 * It is PostgreSQL, so the SQL, the DDL, the type names, reflection and the error translation
 * are @athanor/postgres's; values read as they do there. PGlite is one PostgreSQL backend, so an
 * engine keeps a single connection and hands it to one `Connection` at a time; engines on the
 * same data directory share its one instance and take turns, a transaction at a time.
 */
export class PGliteDialect extends DefaultDialect {
  readonly name = 'pglite';
  readonly driverName = 'pglite';
  readonly packageName = '@athanor/pglite';
  /**
   * PostgreSQL's, all of them: RETURNING, ON CONFLICT, savepoints, transactional DDL, schemas,
   * cursors (`DECLARE ... CURSOR`). The four isolation levels are accepted as PostgreSQL accepts
   * them; with one backend no two transactions ever overlap, so each behaves as SERIALIZABLE,
   * which the SQL standard allows for any level asked for.
   */
  override readonly capabilities: DialectCapabilities = { ...postgresDialect.capabilities };
  /** PostgreSQL's: the driver reads values as pg does (see `pglite-values.ts`). */
  override readonly typeProcessors: TypeProcessorTable = postgresDialect.typeProcessors;
  override readonly serverVersion: readonly number[] | undefined;

  constructor(serverVersion?: readonly number[]) {
    super();
    this.serverVersion = serverVersion;
  }

  protected override createCompiler(settings: CompilerSettings): SqlCompiler {
    return new PostgresCompiler(settings);
  }

  protected override createDdlCompiler(sql: SqlCompiler, types: TypeCompiler): DdlCompiler {
    return new PostgresDdlCompiler(sql, types);
  }

  protected override createTypeCompiler(name: string): TypeCompiler {
    return new PostgresTypeCompiler(name);
  }

  override get reflection(): ReflectionQueries {
    return postgresDialect.reflection;
  }

  createDriver(url: URL, connectArgs: Readonly<Record<string, unknown>>): Driver {
    return new PGliteDriver(pgliteConnectOptions(url, connectArgs));
  }

  override async initialize(connection: DriverConnection): Promise<Dialect> {
    const { rows } = await connection.execute('SHOW server_version_num', []);
    const number = Number(rows[0]?.[0]);
    return new PGliteDialect([Math.floor(number / 10000), number % 10000]);
  }

  override errorClassFor(error: unknown): DBAPIErrorClass {
    return this.isDisconnect(error) ? OperationalError : postgresErrorClass(error);
  }

  /** PostgreSQL's serialization failures and deadlocks (one connection rarely meets them). */
  override isRetryable(error: unknown): boolean {
    return isPostgresRetryable(error);
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
  override poolClassFor(_url: URL): 'queue' | 'static' {
    return 'static';
  }
}

/** The PGlite dialect; `createEngine` loads it for `pglite://` URLs. */
export const pgliteDialect = new PGliteDialect();
