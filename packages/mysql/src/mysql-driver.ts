import type { Readable } from 'node:stream';
import {
  ArgumentError,
  type DatabaseUrl,
  type Driver,
  type DriverConnection,
  type DriverCursor,
  type DriverOptions,
  type DriverResult,
  type IsolationLevel,
  NoSuchModuleError,
} from '@athanor/core/dialect';
import type * as Mysql2 from 'mysql2';
import { isMysqlDisconnect } from './mysql-errors.js';
import { readingAnyColumnName } from './mysql-field-names.js';

type MysqlModule = typeof Mysql2;
type RawConnection = Mysql2.Connection;
type Fields = Mysql2.FieldPacket[] | undefined;

let driverModule: Promise<MysqlModule> | undefined;

/** Loads mysql2 on first use, so SQL compiles without it installed. */
function loadMysql2(): Promise<MysqlModule> {
  driverModule ??= import('mysql2').then(
    (module) => ((module as unknown as { default?: MysqlModule }).default ?? module) as MysqlModule,
    (error: unknown) => {
      driverModule = undefined;
      throw new NoSuchModuleError(
        'The MySQL dialect needs the mysql2 package: npm install mysql2',
        {
          cause: error,
        },
      );
    },
  );
  return driverModule;
}

// URL query options we pass on, and how to read each from its string.
const numberOption = (value: string) => Number(value);
const booleanOption = (value: string) => /^(1|true|yes|on)$/i.test(value);
const urlOptions: Readonly<Record<string, [string, (value: string) => unknown]>> = {
  charset: ['charset', String],
  connect_timeout: ['connectTimeout', numberOption],
  connectTimeout: ['connectTimeout', numberOption],
  timezone: ['timezone', String],
  ssl: ['ssl', (value: string) => (booleanOption(value) ? {} : undefined)],
  socketPath: ['socketPath', String],
  unix_socket: ['socketPath', String],
};

/** mysql2 connection options for a URL: `mysql://user:password@host:3306/db?charset=utf8mb4`. */
export function mysqlConnectOptions(
  url: DatabaseUrl,
  connectArgs: Readonly<Record<string, unknown>>,
  driverOptions: DriverOptions = {},
): Mysql2.ConnectionOptions {
  const options: Record<string, unknown> = {
    host: url.host ?? 'localhost',
    port: url.port ?? 3306,
    user: url.username ?? undefined,
    password: url.password ?? undefined,
    database: url.database || undefined,
    charset: 'utf8mb4',
    // Affected rows count rows matched, not rows changed, as the ORM's stale-row check needs.
    flags: ['FOUND_ROWS'],
    // Exact big integers: a number when it fits, else a string (we turn those into bigint).
    supportBigNumbers: true,
    bigNumberStrings: false,
    multipleStatements: false,
    // The server caps prepared statements across all connections (16,382 by default).
    maxPreparedStatements: 256,
    timezone: 'Z',
    // DATE as 'YYYY-MM-DD' (no time zone to shift it), JSON as text (parsed once, by type).
    dateStrings: ['DATE'],
    jsonStrings: true,
  };
  // The engine's connectTimeout; the URL's connect_timeout and connectArgs win over it.
  if (driverOptions.connectTimeout !== undefined)
    options.connectTimeout = driverOptions.connectTimeout;
  for (const key of Object.keys(url.query)) {
    const option = urlOptions[key];
    if (!option) {
      throw new ArgumentError(
        `Unknown MySQL URL option '${key}' in ${url}. Supported: ${Object.keys(urlOptions).join(', ')}; ` +
          'pass other mysql2 options as createEngine(url, { connectArgs }).',
      );
    }
    options[option[0]] = option[1](url.queryValue(key) as string);
  }
  return { ...options, ...connectArgs } as Mysql2.ConnectionOptions;
}

/** Opens mysql2 connections for one URL. */
export class MysqlDriver implements Driver {
  constructor(private readonly options: Mysql2.ConnectionOptions) {}

  async connect(): Promise<DriverConnection> {
    const mysql = await loadMysql2();
    const raw = mysql.createConnection(this.options);
    const connection = new MysqlDriverConnection(raw);
    await new Promise<void>((resolve, reject) => {
      raw.connect((error) => (error ? reject(error) : resolve()));
    }).catch((error: unknown) => {
      raw.destroy();
      throw error;
    });
    return connection;
  }
}

/** One mysql2 connection. */
export class MysqlDriverConnection implements DriverConnection {
  #alive = true;
  #originalIsolation: string | undefined;
  /** Why the connection ended, as first heard (see {@link #explainLost}). */
  #lostBecause: unknown;

  constructor(readonly raw: RawConnection) {
    // A connection the server drops while idle emits 'error'; unheard, it would crash the
    // process. Heard, it marks the connection dead so the pool never hands it out again.
    raw.on('error', (error) => {
      this.#alive = false;
      this.#lostBecause ??= error;
    });
    raw.on('end', () => {
      this.#alive = false;
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  async execute(sql: string, params: readonly unknown[]): Promise<DriverResult> {
    const [rows, fields] = await this.#run(sql, params);
    const result = toDriverResult(rows, fields);
    if (result.rowcount > 1 && result.lastRowId !== undefined) {
      return { ...result, lastRowIdStep: await this.#autoIncrementStep() };
    }
    return result;
  }

  async executeMany(
    sql: string,
    paramLists: readonly (readonly unknown[])[],
  ): Promise<DriverResult> {
    let rowcount = 0;
    let lastRowId: number | undefined;
    for (const params of paramLists) {
      const result = toDriverResult(...(await this.#run(sql, params)));
      rowcount += result.rowcount;
      lastRowId = result.lastRowId as number | undefined;
    }
    return { columns: [], rows: [], rowcount, lastRowId };
  }

  async openCursor(
    sql: string,
    params: readonly unknown[],
    batchSize: number,
  ): Promise<DriverCursor> {
    const command = readingAnyColumnName(
      params.length > 0
        ? this.raw.execute({ sql, rowsAsArray: true }, params as Mysql2.ExecuteValues[])
        : this.raw.query(this.#textQuery(sql)),
    );
    // mysql2 pauses the socket while the stream's buffer is full, so rows wait on the server.
    const stream = (command as unknown as { stream(o: object): Readable }).stream({
      highWaterMark: batchSize,
    });
    const bigints: number[] = [];
    const columns = await new Promise<readonly string[]>((resolve, reject) => {
      stream.once('fields', (fields: Fields) => {
        bigints.push(...bigintColumns(fields));
        resolve((fields ?? []).map((f) => f.name));
      });
      stream.once('error', (error: unknown) => reject(this.#explainLost(error)));
      stream.once('end', () => resolve([]));
    });
    const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<unknown[]>;
    let done = false;
    return {
      columns,
      fetch: async () => {
        const batch: unknown[][] = [];
        while (!done && batch.length < batchSize) {
          const next = await iterator.next();
          if (next.done) done = true;
          else batch.push(bigints.length > 0 ? toBigints(next.value, bigints) : next.value);
        }
        return batch;
      },
      close: async () => {
        if (done) return;
        done = true;
        // The rest of the result must be read off the wire before the connection is reusable.
        while (!(await iterator.next()).done) {
          // discard
        }
      },
    };
  }

  async begin(): Promise<void> {
    await this.#query('BEGIN');
  }

  async commit(): Promise<void> {
    await this.#query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.#query('ROLLBACK');
  }

  async setIsolationLevel(level: Exclude<IsolationLevel, 'AUTOCOMMIT'> | 'default'): Promise<void> {
    if (this.#originalIsolation === undefined) {
      // MySQL 8 and MariaDB 11.1+ name it transaction_isolation; older servers tx_isolation.
      const [rows] = await this.#query('SELECT @@SESSION.transaction_isolation').catch(() =>
        this.#query('SELECT @@SESSION.tx_isolation'),
      );
      this.#originalIsolation = String((rows as unknown[][])[0]?.[0]).replace('-', ' ');
    }
    const target = level === 'default' ? this.#originalIsolation : level;
    if (!isolationLevels.includes(target))
      throw new RangeError(`Unknown isolation level ${target}`);
    await this.#query(`SET SESSION TRANSACTION ISOLATION LEVEL ${target}`);
  }

  async savepoint(name: string): Promise<void> {
    await this.#query(`SAVEPOINT ${quote(name)}`);
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.#query(`RELEASE SAVEPOINT ${quote(name)}`);
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.#query(`ROLLBACK TO SAVEPOINT ${quote(name)}`);
  }

  async ping(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.raw.ping((error) => (error ? reject(error) : resolve()));
    });
  }

  /** Destroys the socket without a goodbye to the server (a half-open peer never answers one). */
  destroy(): void {
    this.#alive = false;
    this.raw.destroy();
  }

  async close(): Promise<void> {
    if (!this.#alive) {
      this.raw.destroy();
      return;
    }
    this.#alive = false;
    await new Promise<void>((resolve) => {
      this.raw.end(() => resolve());
    }).catch(() => this.raw.destroy());
  }

  /**
   * The step between the ids of the INSERT just run. `auto_increment_increment` is a session
   * variable (3 on a server of a three-way multi-primary setup) that `SET SESSION` can change on
   * a live connection, so it is read right after the statement, on its connection, rather than
   * once when the connection starts. The offset is not needed: the server reports the first id,
   * and the rest follow it at this step.
   */
  async #autoIncrementStep(): Promise<number> {
    const [rows] = await this.#query('SELECT @@SESSION.auto_increment_increment');
    const step = Number((rows as unknown[][])[0]?.[0]);
    if (!(Number.isSafeInteger(step) && step > 0)) {
      throw new RangeError(`The server reported auto_increment_increment ${step}`);
    }
    return step;
  }

  /**
   * Once the connection is gone mysql2 refuses every command with "Can't add new command when
   * connection is in closed state", which does not say why. Why came first, as the connection's
   * 'error' event ("Connection lost: The server closed the connection." after a KILL, a
   * shutdown or a network failure): calls after that fail with it, so it becomes the cause of
   * the OperationalError a caller sees.
   */
  #explainLost(error: unknown): unknown {
    if (!isMysqlDisconnect(error)) return error;
    const closed = /connection is in closed state/i.test((error as Error).message);
    if (!closed) this.#lostBecause ??= error;
    return closed ? (this.#lostBecause ?? error) : error;
  }

  /**
   * A statement without parameters, for the text protocol: its doubles are read exactly (see
   * {@link exactTextFloats}), unless the user gave mysql2 a typeCast of their own.
   */
  #textQuery(sql: string): Mysql2.QueryOptions {
    const own = (this.raw.config as { typeCast?: unknown }).typeCast;
    return typeof own === 'function'
      ? { sql, rowsAsArray: true }
      : { sql, rowsAsArray: true, typeCast: exactTextFloats };
  }

  /** Statements with parameters go through the binary protocol (server-side prepared). */
  #run(sql: string, params: readonly unknown[]): Promise<[unknown, Fields]> {
    if (params.length === 0) return this.#query(sql);
    return new Promise((resolve, reject) => {
      readingAnyColumnName(
        this.raw.execute(
          { sql, rowsAsArray: true },
          params as Mysql2.ExecuteValues[],
          (error, rows, fields) =>
            error ? reject(this.#explainLost(error)) : resolve([rows, fields]),
        ),
      );
    });
  }

  #query(sql: string): Promise<[unknown, Fields]> {
    return new Promise((resolve, reject) => {
      readingAnyColumnName(
        this.raw.query(this.#textQuery(sql), (error, rows, fields) =>
          error ? reject(this.#explainLost(error)) : resolve([rows, fields as Fields]),
        ),
      );
    });
  }
}

const isolationLevels = ['SERIALIZABLE', 'REPEATABLE READ', 'READ COMMITTED', 'READ UNCOMMITTED'];

function toDriverResult(rows: unknown, fields: Fields): DriverResult {
  if (Array.isArray(rows)) {
    const columns = (fields ?? []).map((field) => field.name);
    const bigints = bigintColumns(fields);
    const values = rows as unknown[][];
    if (bigints.length > 0) for (const row of values) toBigints(row, bigints);
    return { columns, rows: values, rowcount: -1 };
  }
  const header = rows as { affectedRows?: number; insertId?: number };
  return {
    columns: [],
    rows: [],
    rowcount: header.affectedRows ?? -1,
    lastRowId: header.insertId || undefined,
  };
}

const longlongType = 8;

/** The positions of BIGINT columns. */
function bigintColumns(fields: Fields): number[] {
  const positions: number[] = [];
  fields?.forEach((field, index) => {
    if (field.columnType === longlongType) positions.push(index);
  });
  return positions;
}

/**
 * mysql2 (with supportBigNumbers) gives a BIGINT as a number when it fits exactly and as a
 * string when it does not; the string becomes a bigint, as on the other dialects.
 */
function toBigints(row: unknown[], positions: readonly number[]): unknown[] {
  for (const index of positions) {
    const value = row[index];
    if (typeof value === 'string') row[index] = BigInt(value);
  }
  return row;
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * Reads a DOUBLE or FLOAT sent as text with `Number()`. mysql2 parses such text of up to 17
 * characters with a digit-by-digit loop that can be a unit in the last place off
 * (`90.77279022388613` read as `90.77279022388612`); `Number()` gives the double the server
 * wrote. The binary protocol sends the double itself and needs nothing.
 */
const exactTextFloats: Mysql2.TypeCast = (field, next) => {
  if (field.type !== 'DOUBLE' && field.type !== 'FLOAT') return next();
  const text = field.string('ascii');
  return text === null ? null : Number(text);
};
