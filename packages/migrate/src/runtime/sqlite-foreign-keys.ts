import { type Connection, text } from '@athanor/core';
import { checkForeignKeys } from '../operations/sqlite-foreign-key-check.js';

/**
 * SQLite's way to change a table it cannot ALTER (https://www.sqlite.org/lang_altertable.html,
 * "other kinds of table schema changes"): foreign key enforcement off for the transaction, the
 * table re-created, then `PRAGMA foreign_key_check` before COMMIT. The pragma is ignored inside
 * a transaction, so the runtime sets it before each migration's BEGIN and puts it back after
 * COMMIT or ROLLBACK (the pooled connection keeps it). With enforcement off, nothing else checks
 * the migration's foreign keys: {@link SqliteForeignKeys.check} checks the whole database.
 */
export class SqliteForeignKeys {
  private constructor(
    private readonly connection: Connection,
    /** Whether enforcement was on, and so was turned off and must be turned on again. */
    private readonly paused: boolean,
  ) {}

  /** Turns enforcement off on `connection` (outside a transaction) when it is SQLite's and on. */
  static async pause(connection: Connection): Promise<SqliteForeignKeys> {
    if (connection.dialect.name !== 'sqlite') return new SqliteForeignKeys(connection, false);
    const enforced = await outsideTransaction(connection, async () => {
      const [row] = (await connection.execute(text('PRAGMA foreign_keys'))).all();
      if (Number(row?.foreign_keys) === 0) return false;
      await connection.execute(text('PRAGMA foreign_keys = OFF'));
      return true;
    });
    return new SqliteForeignKeys(connection, enforced);
  }

  /** Inside the transaction, before COMMIT: an IntegrityError naming the first violation. */
  async check(): Promise<void> {
    if (this.paused) await checkForeignKeys(this.connection);
  }

  /** After COMMIT or ROLLBACK: enforcement on again, as it was. */
  async resume(): Promise<void> {
    if (!this.paused) return;
    await outsideTransaction(this.connection, () =>
      this.connection.execute(text('PRAGMA foreign_keys = ON')),
    );
  }
}

/** Runs `work` in autocommit mode: PRAGMA foreign_keys only takes effect outside a transaction. */
async function outsideTransaction<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  await connection.setIsolationLevel('AUTOCOMMIT');
  try {
    return await work();
  } finally {
    // SQLite has one isolation level for transactions; this is the default it comes back to.
    await connection.setIsolationLevel('SERIALIZABLE');
  }
}
