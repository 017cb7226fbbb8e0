import {
  bindOnly,
  type CompilerSettings,
  type DatabaseUrl,
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
  type ReflectionQueries,
  type SqlCompiler,
  type TypeCompiler,
  type TypeProcessorTable,
} from '@athanor/core/dialect';
import { MysqlCompiler } from './mysql-compiler.js';
import { MysqlDdlCompiler } from './mysql-ddl-compiler.js';
import { MysqlDriver, mysqlConnectOptions } from './mysql-driver.js';
import { isMysqlDisconnect, isMysqlRetryable, mysqlErrorClass } from './mysql-errors.js';
import { mysqlReflection } from './mysql-reflection.js';
import type { MysqlServerFlags } from './mysql-server-flags.js';
import { MysqlTypeCompiler } from './mysql-type-compiler.js';

const provision: DialectProvision = {
  connectionIdSql: 'SELECT CONNECTION_ID()',
  async terminateConnection(admin: DriverConnection, connectionId: unknown) {
    // KILL takes no placeholder; the id is checked to be an integer first.
    const id = Number(connectionId);
    if (!Number.isSafeInteger(id)) throw new RangeError(`Not a connection id: ${connectionId}`);
    await admin.execute(`KILL ${id}`, []);
    // KILL returns before the session is gone; wait until the process list no longer has it.
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await admin.execute(
        'SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?',
        [id],
      );
      if (Number(rows[0]?.[0]) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
  async countOpenConnections(admin: DriverConnection, connectionIds: readonly unknown[]) {
    if (connectionIds.length === 0) return 0;
    const { rows } = await admin.execute(
      `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID IN (${connectionIds.map(() => '?').join(', ')})`,
      connectionIds.map(Number),
    );
    return Number(rows[0]?.[0]);
  },
  // MariaDB closes a killed idle session without a word; mysql2 reports the closed socket.
  killedSessionCause: {
    code: 'PROTOCOL_CONNECTION_LOST',
    message: 'Connection lost: The server closed the connection.',
  },
};

const mysqlCapabilities: DialectCapabilities = {
  ...defaultCapabilities,
  upsertStyle: 'on-duplicate-key',
  maxParameters: 65535,
  serverSideCursors: true,
  transactionalDdl: false,
  maxIdentifierLength: 64,
  commentStyle: 'inline',
  alterColumnRestates: true,
  fullOuterJoin: false,
  // No FILTER (WHERE ...) on aggregates: core writes the condition as a CASE inside them.
  aggregateFilter: false,
  nullsOrdering: false,
};

/** What the server is, from `SELECT VERSION()`. */
export interface MysqlServerInfo {
  readonly version: readonly number[];
  readonly mariadb: boolean;
  /**
   * `@@innodb_autoinc_lock_mode`: 0 or 1 give the rows of a many-row INSERT ids at the step
   * `auto_increment_increment`, with no other session's ids between them.
   */
  readonly autoincLockMode?: number;
  /**
   * Galera sets each node's `auto_increment_increment` and offset itself and changes them when
   * nodes join or leave (`wsrep_on` and `wsrep_auto_increment_control` both ON): the step a
   * statement used cannot then be read back for certain.
   */
  readonly galeraAutoIncrement?: boolean;
}

/**
 * How Core learns the keys of a many-row INSERT without RETURNING, if it can (see
 * `DialectCapabilities.multiRowInsertIds`). Where the server has RETURNING (MariaDB 10.5+),
 * never: the server then says each key, in the same round trip, where working them out from the
 * first id would cost a read of the step afterwards, which a change of step (`SET SESSION
 * auto_increment_increment`, multi-primary replication, Galera) could make wrong. Elsewhere, lock
 * modes 0 and 1 give the rows ids at the step `auto_increment_increment` and report the first;
 * the driver reads the step after each such INSERT (`lastRowIdStep`). Mode 2 (MySQL 8's default)
 * may interleave the ids with other sessions' inserts, and under Galera's own control the step
 * may change between the INSERT and that read: then the ORM inserts row by row.
 */
function multiRowInsertIds(
  server: MysqlServerInfo | undefined,
  hasReturning: boolean,
): 'first' | null {
  if (hasReturning || server?.galeraAutoIncrement === true) return null;
  return (server?.autoincLockMode ?? 2) <= 1 ? 'first' : null;
}

/**
 * MySQL and MariaDB through mysql2: `mysql://user:password@host:3306/db`, also `mariadb://`
 * and `mysql+mysql2://`. Query options: `charset`, `connect_timeout`, `timezone`, `ssl`,
 * `unix_socket`.
 *
 * The server version is read on the first connection: MariaDB 10.5+ gains
 * `INSERT ... RETURNING` and `DELETE ... RETURNING`.
 */
export class MysqlDialect extends DefaultDialect {
  readonly name = 'mysql';
  readonly driverName = 'mysql2';
  readonly packageName = '@athanor/mysql';
  override readonly provision: DialectProvision = provision;
  override readonly capabilities: DialectCapabilities;
  override readonly serverVersion: readonly number[] | undefined;
  /** True when the server is MariaDB (known after the first connection). */
  readonly isMariaDB: boolean;

  constructor(server?: MysqlServerInfo) {
    super();
    this.serverVersion = server?.version;
    this.isMariaDB = server?.mariadb ?? false;
    const [major = 0, minor = 0] = server?.version ?? [];
    const mariadbReturning = this.isMariaDB && (major > 10 || (major === 10 && minor >= 5));
    // INTERSECT ALL and EXCEPT ALL came with MariaDB 10.5 and MySQL 8.0.31; before the first
    // connection, the current versions are assumed.
    const patch = server?.version[2] ?? 0;
    const compoundAll =
      server === undefined ||
      (this.isMariaDB
        ? major > 10 || (major === 10 && minor >= 5)
        : major > 8 || (major === 8 && (minor > 0 || patch >= 31)));
    this.capabilities = {
      ...mysqlCapabilities,
      insertReturning: mariadbReturning,
      deleteReturning: mariadbReturning,
      // MariaDB has no WITH before UPDATE or DELETE; MySQL 8 has.
      dmlCte: !this.isMariaDB,
      compoundAll,
      multiRowInsertIds: multiRowInsertIds(server, mariadbReturning),
    };
  }

  /**
   * mysql2 reads DATETIME as a Date in UTC (`timezone: 'Z'`), DATE as a string and DOUBLE as a
   * number, so those do no work per value on the way out. Integers and decimals still do: `SUM()`
   * of an INTEGER is a DECIMAL, `AVG()` of a DOUBLE a DOUBLE. TIME(6) comes with six decimals,
   * trimmed as PostgreSQL prints them.
   */
  override readonly typeProcessors: TypeProcessorTable = {
    float: bindOnly('float'),
    date: bindOnly('date'),
    datetime: bindOnly('datetime'),
    time: (type) => ({
      bind: defaultTypeProcessors.time?.(type).bind,
      result: (value) =>
        typeof value === 'string' && value.endsWith('0') && value.includes('.')
          ? value.replace(/\.?0+$/, '')
          : value,
    }),
  };

  protected override createCompiler(settings: CompilerSettings): SqlCompiler {
    return new MysqlCompiler(settings, this.#server());
  }

  protected override createDdlCompiler(sql: SqlCompiler, types: TypeCompiler): DdlCompiler {
    return new MysqlDdlCompiler(sql, types, this.#server());
  }

  protected override createTypeCompiler(name: string): TypeCompiler {
    return new MysqlTypeCompiler(name);
  }

  /** What the compilers are told: MariaDB or MySQL, and which version. */
  #server(): MysqlServerFlags {
    return { mariadb: this.isMariaDB, version: this.serverVersion };
  }

  override describe(): string {
    const version = this.serverVersion?.join('.');
    return version ? `${this.isMariaDB ? 'MariaDB' : 'MySQL'} ${version}` : 'mysql';
  }

  override get reflection(): ReflectionQueries {
    return mysqlReflection;
  }

  createDriver(
    url: DatabaseUrl,
    connectArgs: Readonly<Record<string, unknown>>,
    options?: DriverOptions,
  ): Driver {
    return new MysqlDriver(mysqlConnectOptions(url, connectArgs, options));
  }

  override async initialize(connection: DriverConnection): Promise<Dialect> {
    const { rows } = await connection.execute('SELECT VERSION(), @@innodb_autoinc_lock_mode', []);
    const text = String(rows[0]?.[0] ?? '');
    const version = (/^(\d+)\.(\d+)\.(\d+)/.exec(text) ?? []).slice(1).map(Number);
    const lockMode = Number(rows[0]?.[1] ?? 2);
    // Servers without Galera have no wsrep variables: no rows, so false.
    const wsrep = await connection.execute(
      "SHOW VARIABLES WHERE Variable_name IN ('wsrep_on', 'wsrep_auto_increment_control')",
      [],
    );
    const on = (name: string) =>
      wsrep.rows.some((row) => row[0] === name && /^(ON|1)$/i.test(String(row[1])));
    return new MysqlDialect({
      version,
      mariadb: /mariadb/i.test(text),
      autoincLockMode: lockMode,
      galeraAutoIncrement: on('wsrep_on') && on('wsrep_auto_increment_control'),
    });
  }

  override errorClassFor(error: unknown): DBAPIErrorClass {
    return mysqlErrorClass(error);
  }

  override isRetryable(error: unknown): boolean {
    return isMysqlRetryable(error);
  }

  override isDisconnect(error: unknown): boolean {
    return isMysqlDisconnect(error);
  }
}

/** The MySQL / MariaDB dialect; `createEngine` loads it for `mysql://` and `mariadb://` URLs. */
export const mysqlDialect = new MysqlDialect();
