import {
  type AddableConstraint,
  type AlterColumnNode,
  type Column,
  CompileError,
  DdlCompiler,
  type DropConstraintNode,
  type Index,
  type Table,
} from '@athanor/core/dialect';
import { numericTextCheck } from './sqlite-numeric.js';

/**
 * SQLite's DDL: an autoincrement key must be declared exactly INTEGER to alias the rowid; a
 * Numeric column carries the CHECK that keeps its text a decimal. SQLite's ALTER TABLE adds,
 * drops and renames columns and renames tables; the rest needs the table re-created.
 */
export class SqliteDdlCompiler extends DdlCompiler {
  /** SQLite keeps no comments (its capability commentStyle is 'none'). */
  protected override setComment(): string {
    throw new CompileError('SQLite does not store comments.');
  }

  protected override columnType(column: Column): string {
    if (column.autoincrement) return 'INTEGER';
    return super.columnType(column);
  }

  protected override columnSuffix(column: Column): string {
    // By the type stored here (a variant's, a decorator's impl's).
    const stored = column.type.dialectImpl(this.types.dialect);
    if (stored.typeName !== 'numeric' || column.autoincrement) return '';
    return ` CHECK (${numericTextCheck(this.sql.quote(column.name))})`;
  }

  protected override dropIndex(index: Index): string {
    return `DROP INDEX ${this.sql.quote(index.name)}`;
  }

  /** Until the transaction ends: SQLite turns it off again at COMMIT and ROLLBACK. */
  protected override deferForeignKeys(): string {
    return 'PRAGMA defer_foreign_keys = ON';
  }

  /** A foreign key can only be added with its column (inline `REFERENCES`), never later. */
  protected override addColumn(table: Table, column: Column): string {
    const references = column.foreignKeys.map((foreignKey) => {
      const [columnName = '', referred = '', schema = null] = foreignKey.target
        .split('.')
        .reverse();
      let sql = ` REFERENCES ${this.sql.tableName(referred, schema)} (${this.sql.quote(columnName)})`;
      if (foreignKey.options.onDelete) sql += ` ON DELETE ${foreignKey.options.onDelete}`;
      if (foreignKey.options.onUpdate) sql += ` ON UPDATE ${foreignKey.options.onUpdate}`;
      return sql;
    });
    return super.addColumn(table, column) + references.join('');
  }

  protected override alterColumn(node: AlterColumnNode): string {
    throw this.needsBatch(`change column '${node.table.name}.${node.columnName}'`);
  }

  protected override addConstraint(constraint: AddableConstraint): string {
    throw this.needsBatch(`add a constraint to '${constraint.table.name}'`);
  }

  protected override dropConstraint(node: DropConstraintNode): string {
    throw this.needsBatch(`drop constraint '${node.name ?? ''}' of '${node.table.name}'`);
  }

  private needsBatch(what: string): CompileError {
    return new CompileError(
      `SQLite's ALTER TABLE cannot ${what}: the table must be re-created with the change ` +
        "(batch mode: @athanor/migrate's operations do this on SQLite, or op.batchAlterTable).",
    );
  }
}
