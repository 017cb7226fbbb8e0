import { formatParams } from './util/format-params.js';

/**
 * One error hierarchy with SQLAlchemy's names. Every error Athanor raises is an
 * {@link AthanorError}; errors from a database driver are translated into a {@link DBAPIError}
 * subclass that keeps the driver's error as `cause` and the statement and parameters that failed.
 *
 * A project can end up with two copies of `@athanor/core` (a dialect resolved from another
 * folder, say), so `instanceof` may fail across copies. Each class has a static `isInstance`
 * that checks a `Symbol.for` marker instead, which both copies share.
 */

const markerPrefix = 'athanor.error.';

function markerOf(name: string): symbol {
  return Symbol.for(markerPrefix + name);
}

/** Options every Athanor error accepts. */
export interface AthanorErrorOptions {
  /** The error that caused this one (a driver error, usually). */
  cause?: unknown;
  /** A short code that names the docs page explaining this error. */
  code?: string;
  /**
   * The operation may succeed if the whole transaction runs again (a serialization failure or
   * a deadlock): see {@link AthanorError.isRetryable}. Default false.
   */
  isRetryable?: boolean;
}

/** The root of every error Athanor raises (SQLAlchemy's `SQLAlchemyError`). */
export class AthanorError extends Error {
  /** A short code that names the docs page explaining this error, as SQLAlchemy's error codes. */
  readonly code: string | undefined;
  /**
   * True when running the whole transaction again may succeed: the database rolled it back to
   * resolve a conflict with another one (a serialization failure or a deadlock: PostgreSQL's
   * SQLSTATE 40001 and 40P01, MySQL's and MariaDB's errors 1213 and 1205, SQLite's
   * `SQLITE_BUSY`). The dialect decides, when it translates the driver's error.
   * `engine.transaction()` and `session.run()` retry exactly these; false for every other error.
   */
  readonly isRetryable: boolean;
  /**
   * How many times `engine.transaction()` or `session.run()` ran the work before giving up with
   * this error (its retries used up); undefined for an error they did not give up on.
   */
  attempts: number | undefined = undefined;

  constructor(message: string, options: AthanorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.isRetryable = options.isRetryable ?? false;
    // A marker per class in the chain, so isInstance() works across two copies of core.
    for (let cls: unknown = new.target; cls !== Error; cls = Object.getPrototypeOf(cls)) {
      if (Object.hasOwn(cls as object, 'errorName')) {
        const name = (cls as typeof AthanorError).errorName;
        Object.defineProperty(this, markerOf(name), { value: true });
      }
    }
  }

  /**
   * The class's name, kept as data so it survives minifiers that rename classes. Every
   * subclass sets its own.
   */
  static readonly errorName: string = 'AthanorError';

  override get name(): string {
    return (this.constructor as typeof AthanorError).errorName;
  }

  /** True when `error` is this class or a subclass, from any copy of `@athanor/core`. */
  static isInstance<T extends AthanorError>(
    this: abstract new (
      ...args: never[]
    ) => T,
    error: unknown,
  ): error is T {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[
        markerOf((this as unknown as typeof AthanorError).errorName)
      ] === true
    );
  }
}

/** A function or method was called with bad arguments: a malformed URL, an unknown option. */
export class ArgumentError extends AthanorError {
  static override readonly errorName: string = 'ArgumentError';
}

/** A dialect (or a driver a dialect needs) could not be loaded. */
export class NoSuchModuleError extends ArgumentError {
  static override readonly errorName: string = 'NoSuchModuleError';
}

/** A statement could not be compiled to SQL: a missing bind parameter, say. */
export class CompileError extends AthanorError {
  static override readonly errorName: string = 'CompileError';
}

/** The operation is not valid in the current state: a closed connection, an ended transaction. */
export class InvalidRequestError extends AthanorError {
  static override readonly errorName: string = 'InvalidRequestError';
}

/** An operation on a closed connection, result or engine. */
export class ResourceClosedError extends InvalidRequestError {
  static override readonly errorName: string = 'ResourceClosedError';
}

/** `one()` found no row. */
export class NoResultFound extends InvalidRequestError {
  static override readonly errorName: string = 'NoResultFound';
}

/** `one()` or `oneOrNone()` found more than one row. */
export class MultipleResultsFound extends InvalidRequestError {
  static override readonly errorName: string = 'MultipleResultsFound';
}

/** No connection became free in the pool within its timeout. */
export class TimeoutError extends AthanorError {
  static override readonly errorName: string = 'TimeoutError';
}

/** Options for errors raised while a statement ran. */
export interface StatementErrorOptions extends AthanorErrorOptions {
  /** The SQL sent to the database. */
  statement?: string | undefined;
  /** The parameters sent with it. */
  params?: readonly unknown[] | undefined;
}

/** An error raised while a statement was being executed; carries the statement and params. */
export class StatementError extends AthanorError {
  static override readonly errorName: string = 'StatementError';
  /** The message as the driver gave it, without the SQL appended. */
  readonly detail: string;
  readonly statement: string | undefined;
  readonly params: readonly unknown[] | undefined;

  constructor(message: string, options: StatementErrorOptions = {}) {
    super(withStatement(message, options), options);
    this.detail = message;
    this.statement = options.statement;
    this.params = options.params;
  }
}

function withStatement(message: string, options: StatementErrorOptions): string {
  if (options.statement === undefined) return message;
  let text = `${message}\n[SQL: ${options.statement}]`;
  if (options.params && options.params.length > 0) {
    text += `\n[parameters: ${formatParams(options.params)}]`;
  }
  return text;
}

/**
 * An error the database driver raised, translated (SQLAlchemy's `DBAPIError`). The driver's
 * error is `cause`; `connectionInvalidated` tells whether the connection was lost with it.
 */
export class DBAPIError extends StatementError {
  static override readonly errorName: string = 'DBAPIError';
  /** True when the error meant the connection was lost; the pool has discarded it. */
  connectionInvalidated = false;

  /** The driver's own error code (SQLSTATE, errno or SQLite result code), when it has one. */
  get driverCode(): string | number | undefined {
    const cause = this.cause as { code?: unknown; errno?: unknown } | undefined;
    const code = cause?.code ?? cause?.errno;
    return typeof code === 'string' || typeof code === 'number' ? code : undefined;
  }
}

/** The driver failed outside the database: a bad argument to the driver, a broken protocol. */
export class InterfaceError extends DBAPIError {
  static override readonly errorName: string = 'InterfaceError';
}

/** An error the database reported. */
export class DatabaseError extends DBAPIError {
  static override readonly errorName: string = 'DatabaseError';
}

/** A value the database could not take: out of range, too long, not a number. */
export class DataError extends DatabaseError {
  static override readonly errorName: string = 'DataError';
}

/** The database could not do the operation: connection lost, server down, bad login, locked. */
export class OperationalError extends DatabaseError {
  static override readonly errorName: string = 'OperationalError';
}

/** A constraint failed: unique, foreign key, not null, check. */
export class IntegrityError extends DatabaseError {
  static override readonly errorName: string = 'IntegrityError';
}

/** The database reported an internal error. */
export class InternalError extends DatabaseError {
  static override readonly errorName: string = 'InternalError';
}

/** The SQL was wrong: a syntax error, a missing table or column. */
export class ProgrammingError extends DatabaseError {
  static override readonly errorName: string = 'ProgrammingError';
}

/** The database does not support the operation. */
export class NotSupportedError extends DatabaseError {
  static override readonly errorName: string = 'NotSupportedError';
}

/** The kinds of DBAPIError a dialect can translate a driver error into. */
export type DBAPIErrorClass =
  | typeof DBAPIError
  | typeof InterfaceError
  | typeof DatabaseError
  | typeof DataError
  | typeof OperationalError
  | typeof IntegrityError
  | typeof InternalError
  | typeof ProgrammingError
  | typeof NotSupportedError;
