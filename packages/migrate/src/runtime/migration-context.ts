import type { Connection, Dialect, Executable } from '@athanor/core';

/**
 * Where a migration's operations go. Online, each statement runs on `connection` inside the
 * migration's transaction; offline (`--sql`), nothing connects: each statement is written out as
 * SQL with its values inline, for a DBA to read and run.
 */
export interface MigrationContext {
  /** The dialect the SQL is written for (known without connecting offline). */
  readonly dialect: Dialect;
  /** 'online' runs statements; 'offline' only writes their SQL. */
  readonly mode: 'online' | 'offline';
  /** The connection the migration runs on; null offline. */
  readonly connection: Connection | null;
  /**
   * Runs one statement (online) or writes its SQL (offline). A string is raw SQL, run as it is.
   * Every operation sends its statements through here, so the offline script is exactly what
   * the online run would send.
   */
  emit(statement: Executable | string): Promise<void>;

  /**
   * Runs `work` with foreign key enforcement off (SQLite; optional). SQLite's batch mode
   * re-creates a table — create the new one, copy the rows, drop the old, rename — and SQLite's
   * documented ALTER procedure does that with `PRAGMA foreign_keys = OFF`: with enforcement on,
   * dropping the old table deletes (ON DELETE CASCADE) or orphans the rows that refer to it.
   * SQLite ignores the pragma inside a transaction, so only the runtime, which begins the
   * migration's transaction, can turn enforcement off: for example, on a dialect whose
   * capability `alterColumn` is false, `connection.setIsolationLevel('AUTOCOMMIT')`, then
   * `PRAGMA foreign_keys = OFF`, the level back, then BEGIN (and the pragma back ON after COMMIT
   * or ROLLBACK: the pooled connection keeps it), so that this method only runs `work`. Batch mode reads `PRAGMA foreign_keys` inside `work` and
   * refuses, saying why, when enforcement is still on; after the re-create it runs
   * `PRAGMA foreign_key_check` on the tables involved and fails with an IntegrityError on a
   * violation, so the migration rolls back.
   */
  withoutForeignKeys?(work: () => Promise<void>): Promise<void>;
}
