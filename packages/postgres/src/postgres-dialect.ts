import {
  bindFloatOrNonFinite,
  bindUntypedOrNonFinite,
  type CompilerSettings,
  type DateTimeType,
  type DBAPIErrorClass,
  type DdlCompiler,
  DefaultDialect,
  type Dialect,
  type DialectCapabilities,
  type DialectProvision,
  type Driver,
  type DriverConnection,
  type DriverOptions,
  defaultCapabilities,
  defaultTypeProcessors,
  type Processor,
  type ReflectionQueries,
  type SqlCompiler,
  type TypeCompiler,
  type TypeEngine,
  type TypeName,
  type TypeProcessor,
  type TypeProcessorTable,
  type URL,
  utcTimestamp,
} from '@athanor/core/dialect';
import { PostgresCompiler } from './postgres-compiler.js';
import { postgresConnectOptions } from './postgres-connect-options.js';
import { PostgresDdlCompiler } from './postgres-ddl-compiler.js';
import { PostgresDriver } from './postgres-driver.js';
import {
  isPostgresDisconnect,
  isPostgresRetryable,
  postgresErrorClass,
} from './postgres-errors.js';
import { postgresReflection } from './postgres-reflection.js';
import { PostgresTypeCompiler } from './postgres-type-compiler.js';

const provision: DialectProvision = {
  connectionIdSql: 'SELECT pg_backend_pid()',
  async terminateConnection(admin: DriverConnection, connectionId: unknown) {
    // With a timeout, pg_terminate_backend waits until the backend has exited.
    await admin.execute('SELECT pg_terminate_backend($1, 5000)', [connectionId]);
  },
  async countOpenConnections(admin: DriverConnection, connectionIds: readonly unknown[]) {
    const { rows } = await admin.execute(
      'SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ANY($1::integer[])',
      [connectionIds.map(Number)],
    );
    return Number(rows[0]?.[0]);
  },
  killedSessionCause: {
    code: '57P01',
    message: 'terminating connection due to administrator command',
  },
};

/** The core's checks and conversions on the way in; the value as pg reads it on the way out. */
function bindOnly(name: TypeName): (type: TypeEngine) => TypeProcessor {
  return (type) => ({ bind: defaultTypeProcessors[name]?.(type).bind });
}

/**
 * PostgreSQL through pg (node-postgres): `postgresql://user:password@host:5432/db`, also
 * `postgres://` and `postgresql+pg://`. Query options go to pg as libpq reads them
 * (`?sslmode=require&application_name=app`).
 *
 * `bigint` columns (and `count(*)`) read as numbers when they fit exactly and as bigint when
 * they do not; `numeric` reads as a string, so no digit is lost.
 */
export class PostgresDialect extends DefaultDialect {
  readonly name = 'postgresql';
  readonly driverName = 'pg';
  readonly packageName = '@athanor/postgres';
  override readonly provision: DialectProvision = provision;
  override readonly capabilities: DialectCapabilities = {
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
  override readonly typeProcessors: TypeProcessorTable = {
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
  override readonly serverVersion: readonly number[] | undefined;

  constructor(serverVersion?: readonly number[]) {
    super();
    this.serverVersion = serverVersion;
  }

  createDriver(
    url: URL,
    connectArgs: Readonly<Record<string, unknown>>,
    options?: DriverOptions,
  ): Driver {
    return new PostgresDriver(postgresConnectOptions(url, connectArgs, options));
  }

  override async initialize(connection: DriverConnection): Promise<Dialect> {
    const { rows } = await connection.execute('SHOW server_version_num', []);
    const number = Number(rows[0]?.[0]);
    return new PostgresDialect([Math.floor(number / 10000), number % 10000]);
  }

  override errorClassFor(error: unknown): DBAPIErrorClass {
    return postgresErrorClass(error);
  }

  override isRetryable(error: unknown): boolean {
    return isPostgresRetryable(error);
  }

  override isDisconnect(error: unknown): boolean {
    return isPostgresDisconnect(error);
  }
}

/** The PostgreSQL dialect; `createEngine` loads it for `postgresql://` and `postgres://` URLs. */
export const postgresDialect = new PostgresDialect();
