import {
  AthanorError,
  DatabaseError,
  DataError,
  type DBAPIErrorClass,
  IntegrityError,
  InterfaceError,
  InternalError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
} from '@athanor/core/dialect';

// SQLSTATE classes (the first two characters of the code) and the Athanor error each means,
// as psycopg maps them.
const bySqlStateClass: Readonly<Record<string, DBAPIErrorClass>> = {
  '08': OperationalError, // connection exception
  '0A': NotSupportedError, // feature not supported
  '21': ProgrammingError, // cardinality violation
  '22': DataError, // data exception
  '23': IntegrityError, // integrity constraint violation
  '24': InternalError, // invalid cursor state
  '25': InternalError, // invalid transaction state ("current transaction is aborted")
  '26': InternalError, // invalid SQL statement name
  '27': OperationalError, // triggered data change violation
  '28': OperationalError, // invalid authorization
  '2B': InternalError,
  '2D': InternalError,
  '2F': InternalError,
  '34': OperationalError, // invalid cursor name
  '38': InternalError,
  '39': InternalError,
  '3B': InternalError,
  '3D': ProgrammingError, // invalid catalog name (database does not exist)
  '3F': ProgrammingError, // invalid schema name
  '40': OperationalError, // serialization failure, deadlock
  '42': ProgrammingError, // syntax error or access rule violation
  '44': ProgrammingError, // with check option violation
  '53': OperationalError, // insufficient resources
  '54': OperationalError, // program limit exceeded
  '55': OperationalError, // object not in prerequisite state
  '57': OperationalError, // operator intervention (admin shutdown, query canceled)
  '58': OperationalError, // system error
  F0: InternalError,
  HV: OperationalError,
  P0: InternalError,
  XX: InternalError,
};

// Errors from Node's network layer rather than from the server.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The Athanor error class for an error pg raised. */
export function postgresErrorClass(error: unknown): DBAPIErrorClass {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (networkCodes.has(code)) return OperationalError;
    if (/^[0-9A-Z]{5}$/.test(code)) return bySqlStateClass[code.slice(0, 2)] ?? DatabaseError;
  }
  if (isPostgresDisconnect(error)) return OperationalError;
  return InterfaceError;
}

const disconnectCodes = new Set([
  ...networkCodes,
  '57P01', // admin_shutdown: pg_terminate_backend, server stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

// serialization_failure (also CockroachDB's "restart transaction" errors) and deadlock_detected:
// PostgreSQL has rolled the transaction back; running it again may succeed.
const retryableCodes = new Set(['40001', '40P01']);

/**
 * True when the error means the transaction lost a conflict with another one and was rolled
 * back, so running it again may succeed: SQLSTATE 40001 (serialization failure) or 40P01
 * (deadlock detected). Not 40003 (statement completion unknown): it may have committed.
 */
export function isPostgresRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableCodes.has(code);
}

/**
 * True when the error means the connection is gone: a network error, a code that says so, a
 * FATAL error (the server, or a pooler such as PgBouncer, ends the session after one), or pg's
 * own words. An error the driver explained (an Athanor error) is judged by pg's, its `cause`.
 */
export function isPostgresDisconnect(error: unknown): boolean {
  if (AthanorError.isInstance(error)) return isPostgresDisconnect(error.cause);
  const { code, message, severity } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    severity?: unknown;
  };
  if (typeof code === 'string' && disconnectCodes.has(code)) return true;
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|not queryable|Client was closed|connection is closed|Connection ended/i.test(
      message,
    )
  );
}
