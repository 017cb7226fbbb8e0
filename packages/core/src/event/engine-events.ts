import type { DriverConnection } from '../dialect/driver.js';
import type { AsyncResult } from '../engine/async-result.js';
import type { Connection, ExecuteParams, ExecutionOptions } from '../engine/connection.js';
import type { Engine } from '../engine/engine.js';
import type { Result } from '../engine/result.js';
import type { Executable } from '../sql/executable.js';

/** A statement as `execute()` and `stream()` take it, as the execution events see it. */
export type AnyExecutable = Executable<object, readonly unknown[]>;

/** What a listener may return: it is awaited when it returns a promise. */
export type ListenerResult = void | Promise<void>;

/**
 * A connection of the pool as the pool events see it (SQLAlchemy's DBAPI connection and its
 * record): the driver's connection and when it was opened.
 */
export interface PoolConnectionInfo {
  readonly driver: DriverConnection;
  /** When it was opened (`Date.now()`). */
  readonly createdAt: number;
}

/**
 * The SQL and parameters the driver is about to get, for `beforeCursorExecute` and
 * `afterCursorExecute`. A `beforeCursorExecute` listener may change `sql`, say to append a
 * comment (sqlcommenter-style tags); the driver gets what `sql` holds when the listeners have
 * run. Put no user-supplied values into it: they belong in the parameters, never in SQL text.
 */
export type CursorContext =
  | {
      sql: string;
      /** One statement: its positional parameters. */
      readonly executemany: false;
      readonly params: readonly unknown[];
    }
  | {
      sql: string;
      /** One statement run once per parameter list (an INSERT of many rows). */
      readonly executemany: true;
      readonly params: readonly (readonly unknown[])[];
    };

/** What the driver answered, as `afterCursorExecute` sees it. */
export interface CursorResult {
  /** Column names; empty when the statement returns no rows. */
  readonly columns: readonly string[];
  /** Rows affected as the driver reports them; -1 when unknown (a SELECT, a stream). */
  readonly rowcount: number;
}

/**
 * A statement that failed, for `handleError` (SQLAlchemy's `ExceptionContext`). To replace the
 * error the caller gets, throw another from the listener: what a listener throws propagates
 * instead, and the listeners after it do not run. Returning leaves the error as it is.
 */
export interface ErrorContext {
  /** The Athanor error the caller gets (an IntegrityError, an OperationalError...). */
  readonly error: Error;
  /** What the driver threw. */
  readonly original: unknown;
  /** The SQL that failed (`BEGIN`, `COMMIT`... for those); undefined when not known. */
  readonly statement: string | undefined;
  /** Its parameters, if any. */
  readonly params: readonly unknown[] | undefined;
  /** The connection it ran on. */
  readonly connection: Connection;
  /** True when the error lost the connection (or timed out): it was discarded, not reused. */
  readonly isDisconnect: boolean;
}

/**
 * The events of an {@link Engine} (SQLAlchemy's `PoolEvents` and `ConnectionEvents`, named in
 * camelCase). Listen with `listen(engine, name, fn)`; each listener is awaited in turn.
 */
export type EngineEvents = {
  /**
   * A new driver connection was opened, before its first use. `connection` runs statements on
   * that very connection, without a transaction: the place for per-connection settings
   * (`SET TIME ZONE`, `PRAGMA`...). An error from a listener fails the checkout, and the
   * connection is closed, never used.
   */
  connect: (connection: Connection) => ListenerResult;
  /** As `connect`, once per engine: for the first connection it opens. */
  firstConnect: (connection: Connection) => ListenerResult;
  /** A connection is handed out by the pool (`engine.connect()`, and each reconnect). */
  checkout: (connection: PoolConnectionInfo) => ListenerResult;
  /** A connection goes back to the pool (`conn.close()`). */
  checkin: (connection: PoolConnectionInfo) => ListenerResult;
  /**
   * A connection was found dead, timed out, or invalidated with `conn.invalidate()`, and is
   * being closed. `error` is what found it dead, when something did.
   */
  invalidate: (connection: PoolConnectionInfo, error: unknown) => ListenerResult;
  /** A driver connection is being closed (after `invalidate`, on recycle, on dispose...). */
  close: (connection: PoolConnectionInfo) => ListenerResult;
  /** `engine.connect()` made a Connection (SQLAlchemy's `engine_connect`). */
  engineConnect: (connection: Connection) => ListenerResult;
  /** `engine.dispose()` closed the pool. */
  engineDisposed: (engine: Engine) => ListenerResult;
  /** `execute()` or `stream()` was called, before anything is compiled or sent. */
  beforeExecute: (
    connection: Connection,
    statement: AnyExecutable,
    params: ExecuteParams | readonly ExecuteParams[] | undefined,
    options: ExecutionOptions | undefined,
  ) => ListenerResult;
  /** `execute()` or `stream()` finished; `result` is what the caller gets. */
  afterExecute: (
    connection: Connection,
    statement: AnyExecutable,
    params: ExecuteParams | readonly ExecuteParams[] | undefined,
    options: ExecutionOptions | undefined,
    result: Result<object, readonly unknown[]> | AsyncResult<object, readonly unknown[]>,
  ) => ListenerResult;
  /**
   * The final SQL is about to go to the driver (once per statement sent: an `execute()` of many
   * rows may send several). A listener may change `context.sql`; see {@link CursorContext}.
   */
  beforeCursorExecute: (connection: Connection, context: CursorContext) => ListenerResult;
  /** The driver answered the statement of `context`. */
  afterCursorExecute: (
    connection: Connection,
    context: CursorContext,
    result: CursorResult,
  ) => ListenerResult;
  /** A statement, BEGIN, COMMIT, ROLLBACK or savepoint failed; see {@link ErrorContext}. */
  handleError: (context: ErrorContext) => ListenerResult;
  /** A transaction is beginning (before BEGIN is sent, explicit or implicit). */
  begin: (connection: Connection) => ListenerResult;
  /** The transaction is about to be committed. */
  commit: (connection: Connection) => ListenerResult;
  /** The transaction is about to be rolled back (`rollback()`, or `close()` inside one). */
  rollback: (connection: Connection) => ListenerResult;
  /** A savepoint named `name` is about to begin (`beginNested()`). */
  savepoint: (connection: Connection, name: string) => ListenerResult;
  /** The connection is about to roll back to the savepoint `name`. */
  rollbackSavepoint: (connection: Connection, name: string) => ListenerResult;
  /** The savepoint `name` is about to be released (committed). */
  releaseSavepoint: (connection: Connection, name: string) => ListenerResult;
};

/** Every event of an engine, for the dispatcher's name check. */
export const engineEventNames: readonly (keyof EngineEvents)[] = [
  'connect',
  'firstConnect',
  'checkout',
  'checkin',
  'invalidate',
  'close',
  'engineConnect',
  'engineDisposed',
  'beforeExecute',
  'afterExecute',
  'beforeCursorExecute',
  'afterCursorExecute',
  'handleError',
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'rollbackSavepoint',
  'releaseSavepoint',
];
