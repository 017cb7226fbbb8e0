import {
  bindFloatOrNonFinite,
  bindOnly,
  bindUntypedOrNonFinite,
  type CompilerSettings,
  type DateTimeType,
  type DBAPIErrorClass,
  type DdlCompiler,
  DefaultDialect,
  type Dialect,
  type DialectCapabilities,
  type DriverConnection,
  defaultCapabilities,
  defaultTypeProcessors,
  type Processor,
  type ReflectionQueries,
  type SqlCompiler,
  type TypeCompiler,
  type TypeProcessorTable,
  utcTimestamp,
} from '@athanor/core/dialect';
import { PostgresCompiler } from './postgres-compiler.js';
import { PostgresDdlCompiler } from './postgres-ddl-compiler.js';
import {
  isPostgresDisconnect,
  isPostgresRetryable,
  postgresErrorClass,
} from './postgres-errors.js';
import { postgresReflection } from './postgres-reflection.js';
import { PostgresTypeCompiler } from './postgres-type-compiler.js';

const postgresCapabilities: DialectCapabilities = {
  ...defaultCapabilities,
  insertReturning: true,
  updateReturning: true,
  deleteReturning: true,
  upsertStyle: 'on-conflict',
  maxParameters: 65535,
  serverSideCursors: true,
  transactionalDdl: true,
  maxIdentifierLength: 63,
  schemas: true,
  commentStyle: 'statement',
  intervalType: true,
  distinctOn: true,
  // real and double precision hold NaN and ±Infinity, and pg reads them back.
  nonFiniteFloats: true,
};

/**
 * pg reads most values as they should be (see the driver's type parsers): integers and floats
 * as numbers, booleans, JSON parsed, `date` as a string, timestamps as Dates. Those types keep
 * the checks on the way in and do no work per value on the way out. (Numeric keeps its result
 * conversion: `avg()` of a float column is a float.) A timestamp with a time zone binds with
 * its offset; without one, PostgreSQL would read it in the session's zone.
 */
const postgresTypeProcessors: TypeProcessorTable = {
  integer: bindOnly('integer'),
  small_integer: bindOnly('small_integer'),
  float: () => ({ bind: bindFloatOrNonFinite }),
  boolean: bindOnly('boolean'),
  date: bindOnly('date'),
  json: bindOnly('json'),
  datetime: (type) => {
    const bind = defaultTypeProcessors.datetime?.(type).bind as Processor;
    return {
      bind: (type as DateTimeType).timezone ? (value) => `${bind(value)}+00` : bind,
    };
  },
  // pg writes a Date in the machine's zone, which a `timestamp` column would keep as its wall
  // time; in UTC with its offset it is right for `timestamp` and `timestamptz` alike.
  null: () => ({
    bind: (value) =>
      value instanceof Date ? `${utcTimestamp(value)}+00` : bindUntypedOrNonFinite(value),
  }),
};

/**
 * What every PostgreSQL dialect shares, whatever its driver: the SQL, DDL and type compilers,
 * the capabilities, the value conversions, reflection from `pg_catalog`, the server version
 * and the translation of SQLSTATE errors. A subclass names itself, makes its driver, and
 * overrides what its driver does differently (pooling, how a lost connection shows).
 *
 * This module loads no driver: @athanor/pglite extends it without pg being loaded.
 */
export abstract class PostgresDialectBase extends DefaultDialect {
  override readonly capabilities: DialectCapabilities = postgresCapabilities;
  /** Drivers of this base read values as pg does; a driver that does not converts them so. */
  override readonly typeProcessors: TypeProcessorTable = postgresTypeProcessors;
  override readonly serverVersion: readonly number[] | undefined;

  constructor(serverVersion?: readonly number[]) {
    super();
    this.serverVersion = serverVersion;
  }

  /** The same dialect knowing its server's version: what `initialize` returns. */
  protected abstract withServerVersion(serverVersion: readonly number[]): Dialect;

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
    return postgresReflection;
  }

  override async initialize(connection: DriverConnection): Promise<Dialect> {
    const { rows } = await connection.execute('SHOW server_version_num', []);
    const number = Number(rows[0]?.[0]);
    return this.withServerVersion([Math.floor(number / 10000), number % 10000]);
  }

  override errorClassFor(error: unknown): DBAPIErrorClass {
    return postgresErrorClass(error);
  }

  /** Serialization failures and deadlocks: PostgreSQL rolled the transaction back. */
  override isRetryable(error: unknown): boolean {
    return isPostgresRetryable(error);
  }

  override isDisconnect(error: unknown): boolean {
    return isPostgresDisconnect(error);
  }
}
