import { AthanorError } from '@athanor/core';

/**
 * A revision's `upgrade` or `downgrade` failed. The message names the revision, says whether
 * its work was rolled back (databases with transactional DDL) or which statements had already
 * run and stayed (MySQL/MariaDB, where DDL commits at once), and the database's error is the
 * `cause`.
 */
export class MigrationError extends AthanorError {
  static override readonly errorName: string = 'MigrationError';

  constructor(
    message: string,
    /** The revision that failed. */
    readonly revision: string,
    /** The SQL of the statements that ran before the failure and were not rolled back. */
    readonly statementsRun: readonly string[],
    cause: unknown,
  ) {
    super(message, { cause, code: 'migration-failed' });
  }
}
