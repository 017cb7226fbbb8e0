import {
  type Column,
  type Constraint,
  DdlCompiler,
  ForeignKeyConstraint,
  type Index,
  type Table,
  truncateIdentifier,
} from '@athanor/core';

/** MySQL's DDL: AUTO_INCREMENT, inline comments, DROP FOREIGN KEY, DROP INDEX ... ON. */
export class MysqlDdlCompiler extends DdlCompiler {
  protected override columnSuffix(column: Column): string {
    let sql = '';
    if (column.autoincrement) sql += ' AUTO_INCREMENT';
    if (column.comment !== undefined) sql += ` COMMENT ${this.sql.renderLiteral(column.comment)}`;
    return sql;
  }

  protected override tableOptions(table: Table): string {
    return table.comment === undefined ? '' : ` COMMENT=${this.sql.renderLiteral(table.comment)}`;
  }

  protected override dropConstraint(constraint: Constraint): string {
    if (constraint instanceof ForeignKeyConstraint) {
      const name = super.dropConstraint(constraint).split(' DROP CONSTRAINT ')[1];
      return `ALTER TABLE ${this.tableName(constraint.table)} DROP FOREIGN KEY ${name}`;
    }
    return super.dropConstraint(constraint);
  }

  protected override dropIndex(index: Index): string {
    const name = truncateIdentifier(index.name, this.sql.capabilities.maxIdentifierLength);
    return `DROP INDEX ${this.sql.quote(name)} ON ${this.tableName(index.table)}`;
  }
}
