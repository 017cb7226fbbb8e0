/**
 * The driver adapter: the part of a dialect that talks to the database driver. Core calls only
 * these methods; it never imports a driver itself.
 */

/** What running one statement returned. */
export interface DriverResult {
  /**
   * Column names in order; empty when the statement returns no rows. Never changed once
   * returned: a driver may hand back the same array for each run of a statement (Core then
   * reuses what it made for those names).
   */
  readonly columns: readonly string[];
  /** The rows, each an array of values in column order. */
  readonly rows: unknown[][];
  /**
   * Rows matched by an UPDATE or DELETE (matched, not changed: an UPDATE that sets a column to
   * its current value still counts), inserted by an INSERT, or returned with RETURNING. -1 for
   * a plain SELECT.
   */
  readonly rowcount: number;
  /** The id the last INSERT generated, where the driver reports one (SQLite, MySQL). */
  readonly lastRowId?: number | bigint | undefined;
  /**
   * After an INSERT of several rows: the difference between the ids it generated, where the
   * driver reports one (MySQL's `auto_increment_increment` as the statement saw it). Core uses
   * it with `multiRowInsertIds`; a driver that leaves it out promises a step of 1 (SQLite).
   */
  readonly lastRowIdStep?: number | undefined;
}

/** Rows read a batch at a time, from a server-side cursor where the database has one. */
export interface DriverCursor {
  /** Column names in order. */
  readonly columns: readonly string[];
  /** The next batch of rows; an empty array once the rows are all read. */
  fetch(): Promise<unknown[][]>;
  /** Stops reading and frees the cursor; safe to call twice. */
  close(): Promise<void>;
}

/** Isolation levels every dialect names the same way; `AUTOCOMMIT` means no transaction. */
export type IsolationLevel =
  | 'SERIALIZABLE'
  | 'REPEATABLE READ'
  | 'READ COMMITTED'
  | 'READ UNCOMMITTED'
  | 'AUTOCOMMIT';

/** What the engine asks of every driver it creates, whatever the database. */
export interface DriverOptions {
  /**
   * How long (ms) opening a connection may take, handshake included, before the driver gives
   * up and drops its socket (the engine's `connectTimeout`). A timeout the URL or `connectArgs`
   * give in the driver's own terms wins over it.
   */
  readonly connectTimeout?: number | undefined;
}

/** Hints for running one statement. */
export interface ExecuteOptions {
  /**
   * A result column holds 64-bit integers that must come back exact: a BigInteger column, or an
   * untyped one (`text()`, a literal column). A driver that reads integers as doubles by default
   * (better-sqlite3) reads an integer outside ±(2^53 − 1) as a bigint for this statement, and
   * the others as numbers, as they read without it.
   */
  readonly exactIntegers?: boolean;
}

/** How a transaction is to begin (`engine.begin(options, work)`, `conn.begin(options)`). */
export interface TransactionOptions {
  /**
   * The transaction only reads: the database refuses writes in it, and a dialect may run it
   * without waiting for writers (SQLite skips its one-writer-at-a-time lock). Only dialects
   * whose capabilities include `readOnlyTransactions` accept it.
   */
  readonly readOnly?: boolean;
}

/** One open connection of the driver's. */
export interface DriverConnection {
  /** Runs one statement with positional parameters. */
  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<DriverResult>;
  /** Runs one statement once per parameter list (an INSERT of many rows); rowcount is the sum. */
  executeMany(sql: string, paramLists: readonly (readonly unknown[])[]): Promise<DriverResult>;
  /** Opens a cursor that reads `batchSize` rows per fetch. */
  openCursor(
    sql: string,
    params: readonly unknown[],
    batchSize: number,
    options?: ExecuteOptions,
  ): Promise<DriverCursor>;
  /** Starts a transaction (read-only when asked, if the dialect has `readOnlyTransactions`). */
  begin(options?: TransactionOptions): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /**
   * Sets the isolation level for the transactions that follow on this connection; `default`
   * restores the level the connection had when it was opened.
   */
  setIsolationLevel(level: Exclude<IsolationLevel, 'AUTOCOMMIT'> | 'default'): Promise<void>;
  savepoint(name: string): Promise<void>;
  releaseSavepoint(name: string): Promise<void>;
  rollbackToSavepoint(name: string): Promise<void>;
  /** Checks that the connection still works (the pool's pre-ping); rejects when it does not. */
  ping(): Promise<void>;
  /**
   * False once the driver has seen the connection die (the server closed it, the socket broke).
   * The pool never hands out a connection that reports false.
   */
  readonly alive: boolean;
  /**
   * True when every method does its work before it returns and hands back a settled promise
   * (better-sqlite3): no statement is ever still running once the pending promise callbacks
   * have run. A single-connection pool uses it to tell a holder that is busy from one that sits
   * idle (see `QueuePool`).
   */
  readonly synchronous?: boolean;
  /** Closes the connection; safe to call on a dead one. */
  close(): Promise<void>;
  /**
   * Drops the connection at once, without a word to the server (its socket destroyed), and makes
   * the statement under way fail. Core calls it when a statement or the pool's ping runs past
   * the engine's timeout: the peer may be half-open, and a polite close would wait for an
   * answer that never comes. A driver without it (an in-process database) is closed instead.
   */
  destroy?(): void;
}

/** Opens connections for one URL. */
export interface Driver {
  connect(): Promise<DriverConnection>;
}
