/**
 * What a database can do. Core reads these to choose the SQL it emits; the conformance suite
 * reads them to skip, with a reason, what a database cannot do. Defaults are in
 * {@link defaultCapabilities}.
 */
export interface DialectCapabilities {
  /** `INSERT ... RETURNING`. */
  readonly insertReturning: boolean;
  /** `UPDATE ... RETURNING`. */
  readonly updateReturning: boolean;
  /** `DELETE ... RETURNING`. */
  readonly deleteReturning: boolean;
  /** `SAVEPOINT`, so `beginNested()` works. */
  readonly savepoints: boolean;
  /** The form of upsert: `ON CONFLICT`, MySQL's `ON DUPLICATE KEY UPDATE`, or none. */
  readonly upsertStyle: 'on-conflict' | 'on-duplicate-key' | 'none';
  /** Window functions (`OVER (...)`). */
  readonly windowFunctions: boolean;
  /** `INSERT ... VALUES (...), (...)` with many rows. */
  readonly multiRowInsert: boolean;
  /** The most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** Reading rows through a server-side cursor, so streaming holds few rows in memory. */
  readonly serverSideCursors: boolean;
  /** DDL inside a transaction rolls back with it. */
  readonly transactionalDdl: boolean;
  /** The longest identifier the database keeps whole. */
  readonly maxIdentifierLength: number;
  /** Schemas (namespaces) beside the default one. */
  readonly schemas: boolean;
  /** The isolation levels `setIsolationLevel` accepts. */
  readonly isolationLevels: readonly string[];
  /** ALTER TABLE can add and drop foreign keys (not SQLite). */
  readonly alterForeignKeys: boolean;
  /**
   * ALTER TABLE can change a column's type, NULL and default, and add or drop UNIQUE and CHECK
   * constraints. Where false (SQLite), migrations re-create the table instead ("batch mode").
   */
  readonly alterColumn: boolean;
  /**
   * Changing one part of a column restates its whole definition (MySQL's MODIFY COLUMN), so
   * the column's exact type must be known: what is not restated is lost.
   */
  readonly alterColumnRestates: boolean;
  /** How comments are stored: inline in CREATE TABLE (MySQL), COMMENT ON (PostgreSQL), or not. */
  readonly commentStyle: 'inline' | 'statement' | 'none';
  /** `WITH ...` before UPDATE and DELETE. */
  readonly dmlCte: boolean;
  /** FULL OUTER JOIN. */
  readonly fullOuterJoin: boolean;
  /** `count(*) FILTER (WHERE ...)` on aggregates (emulated with CASE where false). */
  readonly aggregateFilter: boolean;
  /** `SELECT DISTINCT ON (...)` (PostgreSQL). */
  readonly distinctOn: boolean;
  /** `INTERSECT ALL` and `EXCEPT ALL` (not SQLite; MySQL 8.0.31+, MariaDB 10.5+). */
  readonly compoundAll: boolean;
  /** `DELETE ... USING` other tables (MySQL's multi-table DELETE; not SQLite). */
  readonly deleteUsing: boolean;
  /** `NULLS FIRST` / `NULLS LAST` in ORDER BY (emulated where false). */
  readonly nullsOrdering: boolean;
  /** Decimals of more than 15 significant digits come back exactly (not SQLite, which uses doubles). */
  readonly exactDecimals: boolean;
  /** `INTERVAL` columns. */
  readonly intervalType: boolean;
  /** `FOR UPDATE` row locks. */
  readonly rowLocking: boolean;
  /** Transactions can be begun read-only: `engine.begin({ readOnly: true }, work)`. */
  readonly readOnlyTransactions: boolean;
  /**
   * Which generated id the driver reports after a many-row INSERT, when the rows of one
   * statement get ids at a fixed step (the driver's `lastRowIdStep`, else 1): the `first` (MySQL
   * with `innodb_autoinc_lock_mode` 0 or 1), the `last` (SQLite's rowid), or `null` when the ids
   * cannot be worked out that way. Core then learns the inserted keys without RETURNING.
   */
  readonly multiRowInsertIds: 'first' | 'last' | null;
  /**
   * FLOAT and DOUBLE columns store NaN, Infinity and -Infinity (PostgreSQL). Where false, core
   * refuses those values with `bad-bind-value` rather than let the database store NULL or 0.
   */
  readonly nonFiniteFloats: boolean;
}

/** What a dialect has unless it says otherwise: the SQL standard's answers. */
export const defaultCapabilities: DialectCapabilities = {
  insertReturning: false,
  updateReturning: false,
  deleteReturning: false,
  savepoints: true,
  upsertStyle: 'none',
  windowFunctions: true,
  multiRowInsert: true,
  maxParameters: 32766,
  serverSideCursors: false,
  transactionalDdl: false,
  maxIdentifierLength: 63,
  schemas: false,
  isolationLevels: ['SERIALIZABLE', 'REPEATABLE READ', 'READ COMMITTED', 'READ UNCOMMITTED'],
  alterForeignKeys: true,
  alterColumn: true,
  alterColumnRestates: false,
  commentStyle: 'none',
  dmlCte: true,
  fullOuterJoin: true,
  aggregateFilter: true,
  distinctOn: false,
  compoundAll: true,
  deleteUsing: true,
  nullsOrdering: true,
  exactDecimals: true,
  intervalType: false,
  rowLocking: true,
  readOnlyTransactions: false,
  multiRowInsertIds: null,
  nonFiniteFloats: false,
};
