import type { Driver, DriverConnection } from '../dialect/driver.js';
import { ArgumentError, OperationalError } from '../errors.js';
import type { DatabaseUrl } from './url.js';

/** The longest delay setTimeout honours; a longer one fires at once. */
export const maxTimerDelay = 2 ** 31 - 1;

/**
 * A timeout option as given (`statementTimeout`, `timeout`): undefined for none, else a whole
 * number of milliseconds that a timer can keep.
 * @throws {ArgumentError} naming the option, for anything else.
 */
export function checkTimeout(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value <= 0 ||
    value > maxTimerDelay
  ) {
    throw new ArgumentError(
      `${option} must be a whole number of milliseconds from 1 to ${maxTimerDelay} ` +
        `(or left out for no limit), got ${typeof value === 'number' ? value : JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * Waits for `work` at most `ms` milliseconds. When the time is up, the connection is destroyed
 * (its socket dropped without a word to the server: a half-open peer would never answer a
 * polite close) and the promise rejects with a statement-timeout error; `work` is left to fail
 * on its own. Without `ms`, `work` itself is returned, so an engine without a timeout pays
 * nothing.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number | undefined,
  driver: DriverConnection,
  timedOut: () => OperationalError,
): Promise<T> {
  if (ms === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        driver.destroy?.();
      } finally {
        reject(timedOut());
      }
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The error for a statement that did not finish within its bound. */
export function statementTimeoutError(
  ms: number,
  option: string,
  statement?: string,
  params?: readonly unknown[],
): OperationalError {
  const error = new OperationalError(
    `The database did not answer within ${ms} ms (${option}). The connection was closed and ` +
      'will not be reused: it may be half-open (a server or network that stopped answering), ' +
      'and a statement still running there cannot be told apart from one lost. Raise the bound ' +
      'for a statement known to be slow: execute(statement, params, { timeout }).',
    { statement, params, code: 'statement-timeout' },
  );
  error.connectionInvalidated = true;
  return error;
}

/** True for the error {@link withDeadline} rejects with. */
export function isStatementTimeout(error: unknown): boolean {
  return OperationalError.isInstance(error) && error.code === 'statement-timeout';
}

/**
 * Opens a connection, failing with an `OperationalError` (code `connect-timeout`) once `ms` is
 * up. The driver has the same bound and drops its socket itself; a connection that still
 * arrives late is closed, so none is left open behind the error.
 */
export function connectWithin(
  driver: Driver,
  ms: number | undefined,
  url: DatabaseUrl,
): Promise<DriverConnection> {
  const connecting = driver.connect();
  if (ms === undefined) return connecting;
  const started = Date.now();
  const timedOut = (cause?: unknown) =>
    new OperationalError(
      `Could not connect to ${url} within ${ms} ms (connectTimeout): the server did not ` +
        'complete the handshake. Check that it is up and reachable, or raise connectTimeout.',
      { code: 'connect-timeout', cause },
    );
  return new Promise<DriverConnection>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(timedOut());
    }, ms);
    connecting.then(
      (connection) => {
        clearTimeout(timer);
        if (late) void connection.close().catch(() => undefined);
        else resolve(connection);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // The driver's own timer (given the same bound) may fire first: still our timeout.
        reject(Date.now() - started >= ms ? timedOut(error) : error);
      },
    );
  });
}
