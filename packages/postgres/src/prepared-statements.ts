import { OperationalError } from '@athanor/core/dialect';

/** The prefix of every statement name Athanor gives, so the server's errors about ours are told apart. */
const namePrefix = 'athanor_';

/**
 * Names for server-side prepared statements, per connection. PostgreSQL parses and plans an
 * unnamed statement every time it runs; a named one is parsed once per connection and then only
 * bound and executed (pg sends the Parse message the first time it meets a name). The queries
 * and DML an application runs again and again get names: the first `limit` distinct ones, for
 * the life of the connection (pg keeps no way to forget one, so there is no eviction), and the
 * rest run unnamed, as before. A limit of 0 names none: every statement runs unnamed (the
 * `prepare: false` option, for a pooler in transaction mode).
 */
export class PreparedStatementNames {
  readonly #names = new Map<string, string>();
  #next = 0;

  constructor(readonly limit = 100) {}

  /** The statement's name, or undefined to run it unnamed. */
  nameFor(sql: string): string | undefined {
    const known = this.#names.get(sql);
    if (known !== undefined || this.#names.size >= this.limit || !preparable.test(sql)) {
      return known;
    }
    const name = `${namePrefix}${this.#next++}`;
    this.#names.set(sql, name);
    return name;
  }

  /** Stops using the statement's name: the next run prepares it afresh under a new one. */
  forget(sql: string): void {
    this.#names.delete(sql);
  }
}

/** Queries and DML; DDL and session commands run once and stay unnamed. */
const preparable = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/**
 * The server no longer has the prepared statement as it was: it was deallocated
 * (`DEALLOCATE ALL`, `DISCARD ALL`: 26000), or a table it reads changed the type of a column it
 * returns (0A000 "cached plan must not change result type").
 */
export function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === '26000' ||
    (code === '0A000' && typeof message === 'string' && message.includes('cached plan'))
  );
}

const oneOfOurNames = new RegExp(`prepared statement "${namePrefix}\\d+"`);

/**
 * The server's session does not hold the prepared statements this connection gave names to: one
 * of ours already exists (42P05: another client prepared it on that session), or does not
 * (26000: it was prepared on another session). Both happen behind a pooler in transaction mode,
 * such as PgBouncer's `pool_mode = transaction`, which hands each transaction whichever server
 * session is free. Returns an error that says so and names the option that fixes it, or
 * undefined for any other error. (A 26000 that can be retried never gets here: the caller
 * prepares the statement again first.)
 */
export function preparedStatementSessionError(
  error: unknown,
  statement: string,
): OperationalError | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if ((code !== '42P05' && code !== '26000') || typeof message !== 'string') return undefined;
  if (!oneOfOurNames.test(message)) return undefined;
  const what =
    code === '42P05'
      ? 'the server session already holds a statement of that name, which this connection did not prepare'
      : 'the server session does not hold the statement this connection prepared (unless DEALLOCATE or DISCARD ALL dropped it in this transaction)';
  return new OperationalError(
    `(pg ${code}) ${message}: ${what}. This happens behind a connection pooler in transaction ` +
      "mode (PgBouncer's pool_mode = transaction), where each transaction may run on another " +
      'server session. Turn named prepared statements off there: add ?prepare=false to the URL, ' +
      'or pass createEngine(url, { connectArgs: { prepare: false } }).',
    { cause: error, statement },
  );
}
