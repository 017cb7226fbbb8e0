import type {
  DatabaseUrl,
  Dialect,
  DialectProvision,
  Driver,
  DriverConnection,
  DriverOptions,
} from '@athanor/core/dialect';
import { postgresConnectOptions } from './postgres-connect-options.js';
import { PostgresDialectBase } from './postgres-dialect-base.js';
import { PostgresDriver } from './postgres-driver.js';

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

/**
 * PostgreSQL through pg (node-postgres): `postgresql://user:password@host:5432/db`, also
 * `postgres://` and `postgresql+pg://`. Query options go to pg as libpq reads them
 * (`?sslmode=require&application_name=app`).
 *
 * `bigint` columns (and `count(*)`) read as numbers when they fit exactly and as bigint when
 * they do not; `numeric` reads as a string, so no digit is lost.
 */
export class PostgresDialect extends PostgresDialectBase {
  readonly name = 'postgresql';
  readonly driverName = 'pg';
  readonly packageName = '@athanor/postgres';
  override readonly provision: DialectProvision = provision;

  protected withServerVersion(serverVersion: readonly number[]): Dialect {
    return new PostgresDialect(serverVersion);
  }

  createDriver(
    url: DatabaseUrl,
    connectArgs: Readonly<Record<string, unknown>>,
    options?: DriverOptions,
  ): Driver {
    return new PostgresDriver(postgresConnectOptions(url, connectArgs, options));
  }
}

/** The PostgreSQL dialect; `createEngine` loads it for `postgresql://` and `postgres://` URLs. */
export const postgresDialect = new PostgresDialect();
