import { ArgumentError, type DatabaseUrl, type DriverOptions } from '@athanor/core/dialect';
import type Pg from 'pg';
import { type PoolerMode, poolerModes } from './connection-pooler.js';

/**
 * pg's client options, and Athanor's own: `prepare: false` runs every statement unnamed, for a
 * pooler such as PgBouncer in transaction mode, where a named prepared statement cannot last
 * from one transaction to the next.
 */
export interface PostgresConnectOptions extends Pg.ClientConfig {
  /** Run queries and DML as named server-side prepared statements (default true). */
  prepare?: boolean;
  /**
   * The server is behind a connection pooler in this mode (PgBouncer's `pool_mode`): named
   * prepared statements are off, statements that keep state in the server session (`LISTEN`,
   * session `SET`, `pg_advisory_lock()`, ...) are refused before they are sent, and with
   * `statement`, so are transactions.
   */
  pooler?: PoolerMode;
}

// URL query options we read, as libpq names them, and how each becomes a pg client option.
const readers: Readonly<Record<string, (value: string, config: Record<string, unknown>) => void>> =
  {
    host: (value, config) => {
      config.host = value; // a socket folder such as /var/run/postgresql
    },
    application_name: (value, config) => {
      config.application_name = value;
    },
    options: (value, config) => {
      config.options = value;
    },
    connect_timeout: (value, config) => {
      config.connectionTimeoutMillis = seconds(value, 'connect_timeout') * 1000;
    },
    statement_timeout: (value, config) => {
      config.statement_timeout = Number(value);
    },
    prepare: (value, config) => {
      if (value !== 'true' && value !== 'false') {
        throw new ArgumentError(
          `prepare must be true or false; got '${value}'. Use prepare=false behind PgBouncer in transaction mode.`,
        );
      }
      config.prepare = value === 'true';
    },
    pooler: (value, config) => {
      config.pooler = checkPooler(value, `pooler must be ${poolerList}; got '${value}'.`);
    },
    sslmode: (value, config) => {
      if (value === 'disable') config.ssl = false;
      else if (['allow', 'prefer', 'require'].includes(value))
        config.ssl = { rejectUnauthorized: false };
      else if (['verify-ca', 'verify-full'].includes(value)) config.ssl = true;
      else
        throw new ArgumentError(
          `sslmode must be disable, allow, prefer, require, verify-ca or verify-full; got '${value}'.`,
        );
    },
  };

const poolerList = poolerModes.map((mode) => `'${mode}'`).join(' or ');

function checkPooler(value: unknown, message: string): PoolerMode {
  const mode = poolerModes.find((m) => m === value);
  if (mode === undefined) {
    throw new ArgumentError(
      `${message} It names the pool_mode of the pooler (PgBouncer) in front of the server; ` +
        'leave it out for a direct connection or pool_mode = session.',
    );
  }
  return mode;
}

function seconds(value: string, name: string): number {
  if (!/^\d+$/.test(value))
    throw new ArgumentError(`${name} is a number of seconds; got '${value}'.`);
  return Number(value);
}

/**
 * pg client options for a URL. The user, password, host, port and database are passed as they
 * were decoded from the URL (never re-encoded into a connection string); query options follow
 * libpq: `sslmode`, `application_name`, `options`, `connect_timeout`, `statement_timeout`, and
 * `host` for a Unix socket folder; and Athanor's `prepare` and `pooler` (also `connectArgs`
 * options). The
 * engine's `connectTimeout` (in `options`) becomes `connectionTimeoutMillis`, unless the URL's
 * `connect_timeout` or `connectArgs` set that.
 */
export function postgresConnectOptions(
  url: DatabaseUrl,
  connectArgs: Readonly<Record<string, unknown>>,
  options: DriverOptions = {},
): PostgresConnectOptions {
  const config: Record<string, unknown> = {};
  if (options.connectTimeout !== undefined) config.connectionTimeoutMillis = options.connectTimeout;
  if (url.host !== null) config.host = url.host;
  if (url.port !== null) config.port = url.port;
  if (url.username !== null) config.user = url.username;
  if (url.password !== null) config.password = url.password;
  if (url.database) config.database = url.database;
  for (const key of Object.keys(url.query)) {
    const read = readers[key];
    if (!read) {
      throw new ArgumentError(
        `Unknown PostgreSQL URL option '${key}' in ${url}. Supported: ${Object.keys(readers).join(', ')}; ` +
          'pass other pg options as createEngine(url, { connectArgs }).',
      );
    }
    read(url.queryValue(key) as string, config);
  }
  const { prepare } = connectArgs;
  if (prepare !== undefined && typeof prepare !== 'boolean') {
    const got = typeof prepare === 'string' ? `the string '${prepare}'` : String(prepare);
    throw new ArgumentError(
      `connectArgs.prepare must be true or false; got ${got}. ` +
        'Use { prepare: false } behind PgBouncer in transaction mode.',
    );
  }
  if (connectArgs.pooler !== undefined) {
    checkPooler(
      connectArgs.pooler,
      `connectArgs.pooler must be ${poolerList}; got ${String(connectArgs.pooler)}.`,
    );
  }
  const result = { ...config, ...connectArgs } as PostgresConnectOptions;
  if (result.pooler !== undefined) {
    // Named statements cannot last from one transaction to the next behind such a pooler.
    if (result.prepare === true) {
      throw new ArgumentError(
        `prepare=true cannot work with pooler=${result.pooler}: a named prepared statement ` +
          'stays in one server session. Leave prepare out (the pooler option turns it off).',
      );
    }
    result.prepare = false;
  }
  return result;
}
