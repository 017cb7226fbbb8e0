import {
  type CompilerSettings,
  type DateTimeType,
  type DBAPIErrorClass,
  DefaultDialect,
  type Dialect,
  type DialectCapabilities,
  type DialectProvision,
  type Driver,
  type DriverConnection,
  defaultCapabilities,
  jsonNull,
  type ReflectionQueries,
  type SqlCompiler,
  type TypeProcessorTable,
  type URL,
  utcTimestamp,
} from '@athanor/core';
import { PostgresCompiler } from './postgres-compiler.js';
import { postgresConnectOptions } from './postgres-connect-options.js';
import { PostgresDriver } from './postgres-driver.js';
import { isPostgresDisconnect, postgresErrorClass } from './postgres-errors.js';
import { postgresReflection } from './postgres-reflection.js';

const provision: DialectProvision = {
  connectionIdSql: 'SELECT pg_backend_pid()',
  async terminateConnection(admin: DriverConnection, connectionId: unknown) {
    // With a timeout, pg_terminate_backend waits until the backend has exited.
    await admin.execute('SELECT pg_terminate_backend($1, 5000)', [connectionId]);
  },
};

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
  };

  /** pg parses JSON itself; timestamps with a time zone bind with theirs. */
  override readonly typeProcessors: TypeProcessorTable = {
    json: () => ({
      bind: (value) => (value === jsonNull ? 'null' : JSON.stringify(value)),
    }),
    datetime: (type) => ({
      bind: (value) =>
        value instanceof Date
          ? (type as DateTimeType).timezone
            ? value.toISOString()
            : utcTimestamp(value)
          : value,
    }),
  };

  protected override createCompiler(settings: CompilerSettings): SqlCompiler {
    return new PostgresCompiler(settings);
  }

  override get reflection(): ReflectionQueries {
    return postgresReflection;
  }
  override readonly serverVersion: readonly number[] | undefined;

  constructor(serverVersion?: readonly number[]) {
    super();
    this.serverVersion = serverVersion;
  }

  createDriver(url: URL, connectArgs: Readonly<Record<string, unknown>>): Driver {
    return new PostgresDriver(postgresConnectOptions(url, connectArgs));
  }

  override async initialize(connection: DriverConnection): Promise<Dialect> {
    const { rows } = await connection.execute('SHOW server_version_num', []);
    const number = Number(rows[0]?.[0]);
    return new PostgresDialect([Math.floor(number / 10000), number % 10000]);
  }

  override errorClassFor(error: unknown): DBAPIErrorClass {
    return postgresErrorClass(error);
  }

  override isDisconnect(error: unknown): boolean {
    return isPostgresDisconnect(error);
  }
}

/** The PostgreSQL dialect; `createEngine` loads it for `postgresql://` and `postgres://` URLs. */
export const postgresDialect = new PostgresDialect();
