import { type Column, DdlCompiler, type Index } from '@athanor/core';
import { numericTextCheck } from './sqlite-numeric.js';

/**
 * SQLite's DDL: an autoincrement key must be declared exactly INTEGER to alias the rowid; a
 * Numeric column carries the CHECK that keeps its text a decimal.
 */
export class SqliteDdlCompiler extends DdlCompiler {
  protected override columnType(column: Column): string {
    if (column.autoincrement) return 'INTEGER';
    return super.columnType(column);
  }

  protected override columnSuffix(column: Column): string {
    if (column.type.typeName !== 'numeric' || column.autoincrement) return '';
    return ` CHECK (${numericTextCheck(this.sql.quote(column.name))})`;
  }

  protected override dropIndex(index: Index): string {
    return `DROP INDEX ${this.sql.quote(index.name)}`;
  }

  /** Until the transaction ends: SQLite turns it off again at COMMIT and ROLLBACK. */
  protected override deferForeignKeys(): string {
    return 'PRAGMA defer_foreign_keys = ON';
  }
}
