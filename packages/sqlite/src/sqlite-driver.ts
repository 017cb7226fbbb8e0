import {
  type Driver,
  type DriverConnection,
  type DriverCursor,
  type DriverResult,
  type ExecuteOptions,
  type IsolationLevel,
  NoSuchModuleError,
  utcTimestamp,
} from '@athanor/core';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteConnectOptions } from './sqlite-connect-options.js';

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

/** Opens better-sqlite3 databases for one URL. */
export class SqliteDriver implements Driver {
  constructor(private readonly options: SqliteConnectOptions) {}

  async connect(): Promise<DriverConnection> {
    const Database = await loadBetterSqlite3();
    const { filename, driverOptions, foreignKeys, journalMode } = this.options;
    const db = new Database(filename, driverOptions);
    try {
      db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
      if (journalMode) db.pragma(`journal_mode = ${journalMode.replace(/[^A-Za-z]/g, '')}`);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteDriverConnection(db);
  }
}

/**
 * One better-sqlite3 database. better-sqlite3 is synchronous, so each method does its work at
 * once and returns a settled promise: one microtask over the driver, no more.
 */
export class SqliteDriverConnection implements DriverConnection {
  readonly #statements = new Map<string, Statement>();
  readonly #columns = new WeakMap<Statement, readonly string[]>();
  /** better-sqlite3 runs each statement to its end before the call returns. */
  readonly synchronous = true;

  constructor(readonly db: Database) {}

  get alive(): boolean {
    return this.db.open;
  }

  async execute(
    sql: string,
    params: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<DriverResult> {
    const statement = this.#prepare(sql);
    const values = bindable(params);
    if (statement.reader) {
      let rows: unknown[][];
      if (options?.exactIntegers) {
        // Integers beyond 2^53 must not pass through a double on the way out.
        statement.safeIntegers(true);
        try {
          rows = statement.all(values) as unknown[][];
        } finally {
          statement.safeIntegers(false);
        }
      } else {
        rows = statement.all(values) as unknown[][];
      }
      return { columns: this.#columnsOf(statement), rows, rowcount: -1 };
    }
    const info = statement.run(values);
    return { columns: [], rows: [], rowcount: info.changes, lastRowId: info.lastInsertRowid };
  }

  async executeMany(
    sql: string,
    paramLists: readonly (readonly unknown[])[],
  ): Promise<DriverResult> {
    const statement = this.#prepare(sql);
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
    if (options?.exactIntegers) statement.safeIntegers(true);
    if (!statement.reader) {
      statement.run(bindable(params));
      return { columns: [], fetch: async () => [], close: async () => undefined };
    }
    statement.raw(true);
    const iterator = statement.iterate(bindable(params)) as IterableIterator<unknown[]>;
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
        return batch;
      },
      close: async () => {
        if (!done) {
          done = true;
          iterator.return?.();
        }
      },
    };
  }

  async begin(): Promise<void> {
    this.#prepare('BEGIN').run();
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
    this.#prepare('COMMIT').run();
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.#prepare('ROLLBACK').run();
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
    if (this.db.open) this.db.close();
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

  #columnsOf(statement: Statement): readonly string[] {
    let columns = this.#columns.get(statement);
    if (!columns) {
      columns = statement.columns().map((column) => column.name);
      this.#columns.set(statement, columns);
    }
    return columns;
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

function toSqlite(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value instanceof Date ? utcTimestamp(value) : value;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
