import {
  DatabaseError,
  DataError,
  type DBAPIErrorClass,
  IntegrityError,
  InterfaceError,
  InternalError,
  OperationalError,
  ProgrammingError,
} from '@athanor/core/dialect';

// SQLite's primary result codes (the part before a second `_`: SQLITE_CONSTRAINT_UNIQUE is a
// SQLITE_CONSTRAINT) and the Athanor error each means.
const byPrimaryCode: Readonly<Record<string, DBAPIErrorClass>> = {
  SQLITE_CONSTRAINT: IntegrityError,
  // Syntax errors, missing tables and columns, and most misuse are all SQLITE_ERROR.
  SQLITE_ERROR: ProgrammingError,
  SQLITE_MISUSE: ProgrammingError,
  SQLITE_MISMATCH: DataError,
  SQLITE_TOOBIG: DataError,
  SQLITE_RANGE: DataError,
  SQLITE_INTERNAL: InternalError,
  SQLITE_BUSY: OperationalError,
  SQLITE_LOCKED: OperationalError,
  SQLITE_READONLY: OperationalError,
  SQLITE_IOERR: OperationalError,
  SQLITE_CORRUPT: OperationalError,
  SQLITE_FULL: OperationalError,
  SQLITE_CANTOPEN: OperationalError,
  SQLITE_PROTOCOL: OperationalError,
  SQLITE_NOTADB: OperationalError,
  SQLITE_PERM: OperationalError,
  SQLITE_AUTH: OperationalError,
  SQLITE_ABORT: OperationalError,
  SQLITE_INTERRUPT: OperationalError,
  SQLITE_NOMEM: OperationalError,
  SQLITE_SCHEMA: OperationalError,
};

/**
 * True for SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, ...): the transaction
 * could not get the database's lock within the busy timeout, or its snapshot went stale under
 * another connection's write. Athanor begins a writing transaction with its lock
 * (`BEGIN IMMEDIATE`), so it fails before anything is written, and trying again later may
 * succeed. SQLITE_LOCKED (a conflict inside one connection) is not retryable.
 */
export function isSqliteRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'));
}

/** The Athanor error class for an error better-sqlite3 threw. */
export function sqliteErrorClass(error: unknown): DBAPIErrorClass {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    // better-sqlite3 throws a TypeError when the file cannot be opened (its folder is missing),
    // and TypeError or RangeError for values it cannot bind.
    const message = (error as { message?: unknown } | null)?.message;
    if (typeof message === 'string' && /Cannot open database/.test(message))
      return OperationalError;
    return InterfaceError;
  }
  const primary = code.split('_').slice(0, 2).join('_');
  return byPrimaryCode[primary] ?? DatabaseError;
}
