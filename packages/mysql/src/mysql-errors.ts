import {
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

// Server error numbers whose SQLSTATE does not say enough on its own.
const byErrno: Readonly<Record<number, DBAPIErrorClass>> = {
  1045: OperationalError, // access denied (wrong password)
  1044: OperationalError, // access denied to database
  1049: OperationalError, // unknown database
  1205: OperationalError, // lock wait timeout
  1213: OperationalError, // deadlock
  1364: IntegrityError, // field has no default value (strict mode NOT NULL)
  3819: IntegrityError, // MySQL: check constraint violated
  4025: IntegrityError, // MariaDB: CONSTRAINT failed
  1406: DataError, // data too long
  1264: DataError, // out of range
  1366: DataError, // incorrect value
  1292: DataError, // truncated incorrect value
  1265: DataError, // data truncated (MariaDB: an ENUM value outside its list, in strict mode)
  1235: NotSupportedError, // not supported yet
};

// SQLSTATE classes (first two characters), as for every SQL database.
const bySqlStateClass: Readonly<Record<string, DBAPIErrorClass>> = {
  '08': OperationalError,
  '0A': NotSupportedError,
  '21': ProgrammingError,
  '22': DataError,
  '23': IntegrityError,
  '25': InternalError,
  '28': OperationalError,
  '3D': ProgrammingError,
  '40': OperationalError,
  '42': ProgrammingError,
  '44': ProgrammingError,
  HY: OperationalError,
  XA: OperationalError,
};

const disconnectCodes = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
]);
// 2006 server has gone away, 2013 lost connection, 2055 lost connection (system error),
// 1053 server shutdown, 1927 connection killed (MariaDB).
const disconnectErrnos = new Set([2006, 2013, 2055, 1053, 1927]);

/** The Athanor error class for an error mysql2 raised. */
export function mysqlErrorClass(error: unknown): DBAPIErrorClass {
  const { errno, sqlState, code } = (error ?? {}) as {
    errno?: unknown;
    sqlState?: unknown;
    code?: unknown;
  };
  if (typeof errno === 'number' && byErrno[errno]) return byErrno[errno];
  if (isMysqlDisconnect(error)) return OperationalError;
  if (typeof sqlState === 'string' && sqlState.length === 5) {
    return bySqlStateClass[sqlState.slice(0, 2)] ?? DatabaseError;
  }
  if (typeof errno === 'number') return errno < 1000 ? InternalError : OperationalError;
  return typeof code === 'string' && code.startsWith('ER_') ? DatabaseError : InterfaceError;
}

// 1213 ER_LOCK_DEADLOCK: InnoDB rolled the transaction back to break a deadlock; Galera also
// reports a transaction that lost certification to another node's write with this errno
// ("Deadlock found when trying to get lock; try restarting transaction", or "Deadlock: wsrep
// aborted transaction" since MariaDB 10.4, as its galera test results show). 1205
// ER_LOCK_WAIT_TIMEOUT: a lock was not granted in innodb_lock_wait_timeout (the statement, or
// with innodb_rollback_on_timeout the transaction, was rolled back).
const retryableErrnos = new Set([1213, 1205]);

/**
 * True when the error means the transaction lost a conflict with another one, so running it
 * again (after a rollback) may succeed: a deadlock or Galera certification failure (1213), a
 * lock wait timeout (1205), or any error with SQLSTATE 40001.
 */
export function isMysqlRetryable(error: unknown): boolean {
  const { errno, sqlState } = (error ?? {}) as { errno?: unknown; sqlState?: unknown };
  // SQLSTATE 40001 is the SQL standard's serialization failure, whatever the errno (a server
  // speaking the MySQL protocol may use its own numbers).
  return (typeof errno === 'number' && retryableErrnos.has(errno)) || sqlState === '40001';
}

/** True when the error means the connection is gone. */
export function isMysqlDisconnect(error: unknown): boolean {
  const { errno, code, fatal, message } = (error ?? {}) as {
    errno?: unknown;
    code?: unknown;
    fatal?: unknown;
    message?: unknown;
  };
  if (fatal === true) return true;
  if (typeof code === 'string' && disconnectCodes.has(code)) return true;
  if (typeof errno === 'number' && disconnectErrnos.has(errno)) return true;
  return typeof message === 'string' && /connection is in closed state/i.test(message);
}
