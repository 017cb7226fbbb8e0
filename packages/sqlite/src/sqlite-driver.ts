import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Driver,
  type DriverConnection,
  type DriverCursor,
  type DriverResult,
  type ExecuteOptions,
  type IsolationLevel,
  NoSuchModuleError,
  type TransactionOptions,
  utcTimestamp,
} from '@athanor/core/dialect';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteConnectOptions } from './sqlite-connect-options.js';
import { acquireWriteLock, type ReleaseWriteLock } from './sqlite-write-lock.js';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** Prepared statements kept per connection; preparing is the costly part of a small query. */
const statementCacheSize = 200;

let driverModule: Promise<typeof BetterSqlite3> | undefined;

/** Loads better-sqlite3 on first use, so SQL compiles without it installed. */
function loadBetterSqlite3(): Promise<typeof BetterSqlite3> {
  driverModule ??= import('better-sqlite3').then(
    (module) => module.default,
    (error: unknown) => {
      driverModule = undefined;
      throw new NoSuchModuleError(
        'The SQLite dialect needs the better-sqlite3 package (version 12): npm install better-sqlite3@12',
        { cause: error },
      );
    },
  );
  return driverModule;
}

/** better-sqlite3's busy timeout when the URL and `connectArgs` set none. */
const defaultBusyTimeout = 5000;

/**
 * How a connection to a database file takes turns with the other connections of this process
 * on the same file (see sqlite-write-lock.ts).
 */
export interface SqliteFileLocking {
  /** The file's resolved path: the same for every spelling of it. */
  readonly path: string;
  /** How long to wait for the lock (ms): the busy timeout, as SQLite waits for its own. */
  readonly timeout: number;
  /**
   * The database is in WAL mode: readers never block the writer nor wait for it, so read-only
   * transactions skip the lock. In the other modes a reader still in a transaction would make a
   * writer's COMMIT wait synchronously, so every transaction takes the lock.
   */
  readonly wal: boolean;
}

/** Opens better-sqlite3 databases for one URL. */
export class SqliteDriver implements Driver {
  constructor(private readonly options: SqliteConnectOptions) {}

  async connect(): Promise<DriverConnection> {
    const Database = await loadBetterSqlite3();
    const { filename, driverOptions, foreignKeys, journalMode } = this.options;
    const db = new Database(filename, driverOptions);
    let locking: SqliteFileLocking | undefined;
    try {
      db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
      if (!db.memory) locking = fileLocking(db, filename, journalMode, driverOptions.timeout);
      else if (journalMode) setJournalMode(db, journalMode);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteDriverConnection(db, locking);
  }
}

/**
 * Sets the journal mode of a file database (WAL unless the URL names another) and says how its
 * connections take turns. A mode the URL names is kept, as the user chose it; WAL is not set on a
 * read-only connection, which cannot change the file.
 */
function fileLocking(
  db: Database,
  filename: string,
  journalMode: string | undefined,
  timeout: unknown,
): SqliteFileLocking {
  if (journalMode) setJournalMode(db, journalMode);
  else if (!db.readonly) setJournalMode(db, 'WAL');
  // The mode the file is really in: a file system without shared memory refuses WAL.
  const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  let path: string;
  try {
    path = realpathSync(filename);
  } catch {
    path = resolve(filename);
  }
  return {
    path,
    timeout: typeof timeout === 'number' ? timeout : defaultBusyTimeout,
    wal: mode === 'wal',
  };
}

function setJournalMode(db: Database, mode: string): void {
  db.pragma(`journal_mode = ${mode.replace(/[^A-Za-z]/g, '')}`);
}

/**
 * One better-sqlite3 database. better-sqlite3 is synchronous, so each method does its work at
 * once and returns a settled promise: one microtask over the driver, no more.
 */
export class SqliteDriverConnection implements DriverConnection {
  readonly #statements = new Map<string, Statement>();
  /** Each cached statement's column names, and the schema version they were read under. */
  readonly #columns = new WeakMap<Statement, { version: number; names: readonly string[] }>();
  #schemaVersionStatement: Statement | undefined;
  /** better-sqlite3 runs each statement to its end before the call returns. */
  readonly synchronous = true;
  /** Gives back this process's write lock on the file, while this connection holds it. */
  #release: ReleaseWriteLock | undefined;
  /** The transaction in progress was begun read-only (`PRAGMA query_only` is on). */
  #readOnly = false;

  constructor(
    readonly db: Database,
    /** For a database file: how this connection takes turns with the process's others. */
    private readonly locking?: SqliteFileLocking,
  ) {}

  get alive(): boolean {
    return this.db.open;
  }

  async execute(
    sql: string,
    params: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<DriverResult> {
    const statement = this.#prepare(sql);
    if (this.#mustTakeTurns(statement)) {
      return this.#inTurn(() => this.execute(sql, params, options));
    }
    const values = bindable(params);
    if (statement.reader) {
      const version = this.#schemaVersion();
      let rows: unknown[][];
      if (options?.exactIntegers) {
        // Integers beyond 2^53 must not pass through a double on the way out.
        statement.safeIntegers(true);
        try {
          rows = safeNumbers(statement.all(values) as unknown[][]);
        } finally {
          statement.safeIntegers(false);
        }
      } else {
        rows = statement.all(values) as unknown[][];
      }
      return { columns: this.#columnsOf(statement, version), rows, rowcount: -1 };
    }
    const info = statement.run(values);
    return { columns: [], rows: [], rowcount: info.changes, lastRowId: info.lastInsertRowid };
  }

  async executeMany(
    sql: string,
    paramLists: readonly (readonly unknown[])[],
  ): Promise<DriverResult> {
    const statement = this.#prepare(sql);
    if (this.#mustTakeTurns(statement)) {
      return this.#inTurn(() => this.executeMany(sql, paramLists));
    }
    let rowcount = 0;
    let lastRowId: number | bigint | undefined;
    for (const params of paramLists) {
      const info = statement.run(bindable(params));
      rowcount += info.changes;
      lastRowId = info.lastInsertRowid;
    }
    return { columns: [], rows: [], rowcount, lastRowId };
  }

  async openCursor(
    sql: string,
    params: readonly unknown[],
    batchSize: number,
    options?: ExecuteOptions,
  ): Promise<DriverCursor> {
    // A statement of its own: a cached one may be needed again while this one is stepping.
    const statement = this.db.prepare(sql) as Statement;
    const exact = options?.exactIntegers === true;
    if (exact) statement.safeIntegers(true);
    if (!statement.reader) {
      if (this.#mustTakeTurns(statement)) {
        await this.#inTurn(async () => statement.run(bindable(params)));
      } else {
        statement.run(bindable(params));
      }
      return { columns: [], fetch: async () => [], close: async () => undefined };
    }
    statement.raw(true);
    let iterator: Iterator<unknown[]>;
    if (this.#mustTakeTurns(statement)) {
      // A write that returns rows (RETURNING), outside a transaction: SQLite makes every change
      // at its first step, so it runs whole in its turn and its rows are read from memory.
      const rows = await this.#inTurn(async () => statement.all(bindable(params)) as unknown[][]);
      iterator = rows.values();
    } else {
      iterator = statement.iterate(bindable(params)) as IterableIterator<unknown[]>;
    }
    let done = false;
    return {
      columns: statement.columns().map((column) => column.name),
      fetch: async () => {
        const batch: unknown[][] = [];
        while (!done && batch.length < batchSize) {
          const next = iterator.next();
          if (next.done) done = true;
          else batch.push(next.value);
        }
        return exact ? safeNumbers(batch) : batch;
      },
      close: async () => {
        if (!done) {
          done = true;
          iterator.return?.();
        }
      },
    };
  }

  /**
   * On a database file, a transaction that may write waits for this process's write lock on
   * the file (asynchronously: the loop keeps turning) and then takes SQLite's with
   * `BEGIN IMMEDIATE`, so it never has to wait synchronously in the middle of its work; only
   * another process can still make it wait. A read-only transaction is a plain deferred
   * `BEGIN` with `PRAGMA query_only` on: it takes the lock only outside WAL mode.
   */
  async begin(options?: TransactionOptions): Promise<void> {
    const readOnly = options?.readOnly === true;
    const reads = readOnly || this.db.readonly;
    const locking = this.locking;
    if (locking && (!reads || !locking.wal)) {
      this.#release = await acquireWriteLock(locking.path, locking.timeout);
    }
    try {
      if (readOnly) {
        this.db.pragma('query_only = ON');
        this.#readOnly = true;
      }
      this.#prepare(locking && !reads ? 'BEGIN IMMEDIATE' : 'BEGIN').run();
    } catch (error) {
      this.#transactionEnded();
      throw error;
    }
  }

  async commit(): Promise<void> {
    if (!this.db.inTransaction) {
      // SQLite ends a transaction itself on some errors (RAISE(ROLLBACK), a disk-full write);
      // committing then would report success for work that is gone.
      throw Object.assign(
        new Error('The transaction was already rolled back by SQLite after an earlier error.'),
        { code: 'SQLITE_ABORT' },
      );
    }
    try {
      this.#prepare('COMMIT').run();
    } finally {
      // A COMMIT that failed (a deferred foreign key) leaves the transaction open, and the lock
      // held, until the ROLLBACK that follows.
      if (!this.db.inTransaction) this.#transactionEnded();
    }
  }

  async rollback(): Promise<void> {
    try {
      if (this.db.inTransaction) this.#prepare('ROLLBACK').run();
    } finally {
      this.#transactionEnded();
    }
  }

  async setIsolationLevel(level: Exclude<IsolationLevel, 'AUTOCOMMIT'> | 'default'): Promise<void> {
    // SQLite is serializable; only the shared-cache read_uncommitted pragma changes that.
    this.db.pragma(`read_uncommitted = ${level === 'READ UNCOMMITTED' ? 1 : 0}`);
  }

  async savepoint(name: string): Promise<void> {
    this.db.exec(`SAVEPOINT ${quote(name)}`);
  }

  async releaseSavepoint(name: string): Promise<void> {
    this.db.exec(`RELEASE SAVEPOINT ${quote(name)}`);
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    this.db.exec(`ROLLBACK TO SAVEPOINT ${quote(name)}`);
  }

  async ping(): Promise<void> {
    this.#prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.#statements.clear();
    try {
      if (this.db.open) this.db.close();
    } finally {
      this.#transactionEnded();
    }
  }

  /**
   * A statement outside a transaction (autocommit) that writes to a file takes its turn like a
   * transaction; one that only reads runs at once.
   */
  #mustTakeTurns(statement: Statement): boolean {
    return (
      this.locking !== undefined &&
      this.#release === undefined &&
      !statement.readonly &&
      !this.db.inTransaction
    );
  }

  /** Runs `work` holding the write lock, as a statement that is its own transaction. */
  async #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const locking = this.locking as SqliteFileLocking;
    this.#release = await acquireWriteLock(locking.path, locking.timeout);
    try {
      return await work();
    } finally {
      this.#transactionEnded();
    }
  }

  /** Gives back the write lock and leaves read-only mode, once a transaction has ended. */
  #transactionEnded(): void {
    if (this.#readOnly) {
      this.#readOnly = false;
      if (this.db.open) this.db.pragma('query_only = OFF');
    }
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      // Move to the back: the map's order is the least-recently-used order.
      this.#statements.delete(sql);
    } else {
      statement = this.db.prepare(sql) as Statement;
      if (statement.reader) statement.raw(true);
      if (this.#statements.size >= statementCacheSize) {
        this.#statements.delete(this.#statements.keys().next().value as string);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  /**
   * The statement's column names. Reading them costs more than a small query, so they are kept,
   * but only for the schema they were read under: SQLite re-prepares a statement whose tables
   * changed (a migration adding or renaming a column, on any connection), and `SELECT *` then
   * returns other columns.
   */
  #columnsOf(statement: Statement, version: number): readonly string[] {
    const cached = this.#columns.get(statement);
    if (cached?.version === version) return cached.names;
    const names = statement.columns().map((column) => column.name);
    this.#columns.set(statement, { version, names });
    return names;
  }

  /**
   * The database's schema cookie, read before a statement runs: if another connection changes
   * the schema in between, the names are kept under the older version and read again next time.
   */
  #schemaVersion(): number {
    this.#schemaVersionStatement ??= this.db.prepare('PRAGMA schema_version').pluck();
    return this.#schemaVersionStatement.get() as number;
  }
}

/**
 * SQLite has no boolean or date type, and better-sqlite3 binds neither. Typed parameters arrive
 * converted by the dialect's type processors; raw ones (from `text()`) are converted here, as
 * the processors would: true and false as 1 and 0 (as Python's sqlite3 does), a Date as
 * `YYYY-MM-DD HH:MM:SS.mmm` in UTC. Parameters without either pass as they are, uncopied.
 */
function bindable(params: readonly unknown[]): unknown[] {
  const values = params as unknown[];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'boolean' || value instanceof Date) return values.map(toSqlite);
  }
  return values;
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Rows read with `safeIntegers` (every INTEGER a bigint), with the integers a number holds
 * exactly turned back into numbers: only those outside ±(2^53 − 1) stay bigints, as the
 * PostgreSQL and MySQL drivers give an untyped value. A BigInteger column's processor makes a
 * bigint of the number again. The rows are changed in place (better-sqlite3 made them).
 */
function safeNumbers(rows: unknown[][]): unknown[][] {
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (typeof value === 'bigint' && value <= maxSafe && value >= -maxSafe)
        row[i] = Number(value);
    }
  }
  return rows;
}

function toSqlite(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value instanceof Date ? utcTimestamp(value) : value;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
