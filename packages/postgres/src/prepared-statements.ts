/**
 * Names for server-side prepared statements, per connection. PostgreSQL parses and plans an
 * unnamed statement every time it runs; a named one is parsed once per connection and then only
 * bound and executed (pg sends the Parse message the first time it meets a name). The queries
 * and DML an application runs again and again get names: the first `limit` distinct ones, for
 * the life of the connection (pg keeps no way to forget one, so there is no eviction), and the
 * rest run unnamed, as before.
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
    const name = `athanor_${this.#next++}`;
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
