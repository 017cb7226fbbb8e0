import { codeOutsideQuotes, InvalidRequestError, OperationalError } from '@athanor/core/dialect';
import { postgresLexicalRules as rules } from './postgres-compiler.js';

/**
 * The pooling mode of a connection pooler in front of the server, such as PgBouncer's
 * `pool_mode`, as the `pooler` option declares it: `transaction` lends a server session for one
 * transaction, `statement` for one statement.
 */
export type PoolerMode = 'transaction' | 'statement';

export const poolerModes: readonly PoolerMode[] = ['transaction', 'statement'];

/**
 * What keeps state in the server session past the end of a transaction, which the next
 * transaction of this client may not see (it runs on another server session) and another
 * client's may (it gets this one). Each is told by the statement's first words, or by a call to
 * a session-level advisory lock function anywhere in it: cheap, and exact for what it names.
 * Left out because they cannot be told without running the statement: `set_config(..., false)`,
 * session state changed inside functions, and a temporary table's use across transactions (one
 * made with `ON COMMIT DROP` is fine, so only the others are refused).
 */
const sessionStatePatterns: readonly { pattern: RegExp; what: string; instead: string }[] = [
  {
    pattern: /^\s*LISTEN\b/i,
    what: 'LISTEN waits for notifications on one server session',
    instead: 'listen on a connection of its own that does not go through the pooler (a direct URL)',
  },
  {
    // SET LOCAL, SET TRANSACTION and SET CONSTRAINTS last one transaction; any other SET, the session.
    pattern: /^\s*SET\s+(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)/i,
    what: 'SET without LOCAL changes the server session, for whichever client uses it next',
    instead:
      'use SET LOCAL inside the transaction (or set_config(name, value, true)), or set it for ' +
      'the database or role (ALTER ROLE ... SET)',
  },
  {
    pattern: /^\s*PREPARE\s+(?!TRANSACTION\b)/i,
    what: 'PREPARE keeps the statement in one server session',
    instead: 'run the statement itself with bound parameters',
  },
  {
    pattern: /^\s*DECLARE\b.*\bWITH\s+HOLD\b/is,
    what: 'a cursor WITH HOLD outlives its transaction in one server session',
    instead: 'read it inside one transaction (conn.stream()), without WITH HOLD',
  },
  {
    pattern: /^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?TEMP(?:ORARY)?\s+(?!.*\bON\s+COMMIT\s+DROP\b)/is,
    what: 'a temporary table lives in one server session',
    instead: 'create it with ON COMMIT DROP and use it within that transaction',
  },
  {
    pattern: /\bpg_(?:try_)?advisory_lock(?:_shared)?\s*\(/i,
    what: 'a session-level advisory lock is held by the server session, which other clients then share',
    instead: 'take pg_advisory_xact_lock() (or pg_try_advisory_xact_lock()) inside a transaction',
  },
];

/**
 * The error for a statement that keeps state in the server session, refused before it is sent
 * on an engine whose `pooler` option says a pooler lends server sessions per transaction or
 * statement; undefined for any other statement.
 */
export function sessionStateError(
  sql: string,
  pooler: PoolerMode | undefined,
): InvalidRequestError | undefined {
  if (pooler === undefined) return undefined;
  const code = codeOutsideQuotes(sql, rules);
  const found = sessionStatePatterns.find(({ pattern }) => pattern.test(code));
  if (!found) return undefined;
  return new InvalidRequestError(
    `Refused: ${found.what}, and this engine's pooler=${pooler} says a connection pooler in ` +
      `${pooler} mode lends each ${pooler} whichever server session is free. Instead, ` +
      `${found.instead}. Statement: ${sql.length > 120 ? `${sql.slice(0, 117)}...` : sql}`,
    { code: 'session-state-behind-pooler' },
  );
}

const advice =
  "Run each statement on its own: create the engine with isolationLevel: 'AUTOCOMMIT', and " +
  'do not begin transactions or savepoints (begin(), beginNested(), a Session). For ' +
  'transactions, connect through pool_mode = transaction (with ?pooler=transaction) or to the ' +
  'server directly.';

/** A transaction begun on an engine whose `pooler` option is `statement`: refused before BEGIN. */
export function transactionBehindStatementPooler(): InvalidRequestError {
  return new InvalidRequestError(
    'This engine goes through a connection pooler in statement mode (pooler=statement), which ' +
      'lends a server session for one statement at a time: a transaction of several ' +
      `statements cannot run through it. ${advice}`,
    { code: 'statement-pooling' },
  );
}

/**
 * PgBouncer in `pool_mode = statement` answers a statement that leaves the server session in a
 * transaction (BEGIN, or anything run inside one) with a FATAL error and closes the client
 * connection. Returns an error that says so and what to do, or undefined for any other error.
 */
export function statementPoolingError(
  error: unknown,
  statement: string,
): OperationalError | undefined {
  const { message } = (error ?? {}) as { message?: unknown };
  if (typeof message !== 'string' || !/not allowed in statement pooling mode/i.test(message)) {
    return undefined;
  }
  return new OperationalError(
    `(pgbouncer) ${message}: the server is behind a connection pooler in statement mode ` +
      "(PgBouncer's pool_mode = statement), which lends a server session for one statement at " +
      `a time and closed this connection. ${advice}`,
    { cause: error, statement, code: 'statement-pooling' },
  );
}
