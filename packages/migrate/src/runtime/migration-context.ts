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
}
