import { type Column, DdlCompiler, type Index } from '@athanor/core';

/** SQLite's DDL: an autoincrement key must be declared exactly INTEGER to alias the rowid. */
export class SqliteDdlCompiler extends DdlCompiler {
  protected override columnType(column: Column): string {
    if (column.autoincrement) return 'INTEGER';
    return super.columnType(column);
  }

  protected override dropIndex(index: Index): string {
    return `DROP INDEX ${this.sql.quote(index.name)}`;
  }
}
