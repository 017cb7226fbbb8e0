import {
  type AlterColumnNode,
  type Column,
  Column as ColumnClass,
  CompileError,
  DdlCompiler,
  type DropConstraintNode,
  type Index,
  type RenameTableNode,
  type SqlExpression,
  type SqlWriter,
  type Table,
  type TypeWriter,
  truncateIdentifier,
} from '@athanor/core/dialect';
import { type MysqlServerFlags, unknownMysqlServer } from './mysql-server-flags.js';

/**
 * MySQL's DDL: AUTO_INCREMENT, inline comments, DROP FOREIGN KEY / INDEX / CHECK, DROP INDEX ...
 * ON, and MODIFY COLUMN, which restates a column's whole definition when one part changes.
 */
export class MysqlDdlCompiler extends DdlCompiler {
  constructor(
    sql: SqlWriter,
    types: TypeWriter,
    /** MariaDB or MySQL, and which version: the dialect says once connected. */
    readonly server: MysqlServerFlags = unknownMysqlServer,
  ) {
    super(sql, types);
  }

  protected override columnSuffix(column: Column): string {
    let sql = '';
    if (column.autoincrement) sql += ' AUTO_INCREMENT';
    if (column.comment !== undefined) sql += ` COMMENT ${this.sql.renderLiteral(column.comment)}`;
    return sql;
  }

  protected override tableOptions(table: Table): string {
    return table.comment === undefined ? '' : ` COMMENT=${this.sql.renderLiteral(table.comment)}`;
  }

  /**
   * MySQL has no COMMENT ON: a table's comment is a table option, a column's is part of its
   * definition, restated whole by MODIFY COLUMN.
   */
  protected override setComment(table: Table, columnKey: string | null): string {
    if (columnKey === null) {
      return `ALTER TABLE ${this.tableName(table)} COMMENT ${this.sql.renderLiteral(table.comment ?? '')}`;
    }
    const column = table.columns.find((c) => c.key === columnKey) as Column;
    return `ALTER TABLE ${this.tableName(table)} MODIFY COLUMN ${this.columnSpec(column)}`;
  }

  protected override dropConstraint(node: DropConstraintNode): string {
    const table = this.tableName(node.table);
    if (node.constraintType === 'primary') return `ALTER TABLE ${table} DROP PRIMARY KEY`;
    const name = this.droppedConstraintName(node);
    if (name === null) return super.dropConstraint(node); // its error: a name is needed
    const quoted = this.sql.quote(name);
    switch (node.constraintType) {
      case 'foreignkey':
        return `ALTER TABLE ${table} DROP FOREIGN KEY ${quoted}`;
      case 'unique':
        return `ALTER TABLE ${table} DROP INDEX ${quoted}`;
      default:
        // MySQL 8.0.16 writes DROP CHECK; MariaDB only DROP CONSTRAINT.
        return `ALTER TABLE ${table} DROP ${this.server.mariadb ? 'CONSTRAINT' : 'CHECK'} ${quoted}`;
    }
  }

  protected override dropIndex(index: Index): string {
    const name = truncateIdentifier(index.name, this.sql.capabilities.maxIdentifierLength);
    return `DROP INDEX ${this.sql.quote(name)} ON ${this.tableName(index.table)}`;
  }

  /** A new name without a schema would move the table into the connection's database. */
  protected override renameTable(node: RenameTableNode): string {
    const target = this.sql.tableName(node.newName, node.table.schema);
    return `ALTER TABLE ${this.tableName(node.table)} RENAME TO ${target}`;
  }

  /**
   * `MODIFY COLUMN c <type> [NOT NULL] [DEFAULT ...] [AUTO_INCREMENT] [COMMENT ...]`: what is
   * not restated is lost, so the existing column is merged with the changes.
   */
  protected override alterColumn(node: AlterColumnNode): string {
    const { changes, existing } = node;
    if (changes.using !== undefined) {
      throw new CompileError(
        `AlterColumn: USING is PostgreSQL's; ${this.sql.settings.name} converts the values to the new type itself. Leave \`using\` out.`,
      );
    }
    if (!existing) {
      throw new CompileError(
        `${this.sql.settings.name} changes a column with MODIFY COLUMN, which restates its whole ` +
          `definition: give the existing column of '${node.table.name}.${node.columnName}' ` +
          '(in a migration: existingType, existingNullable, existingServerDefault, existingComment).',
      );
    }
    const serverDefault =
      changes.serverDefault === undefined ? existing.serverDefault : changes.serverDefault;
    const comment = changes.comment === undefined ? existing.comment : changes.comment;
    const merged = new ColumnClass(changes.type ?? existing.type, {
      name: node.columnName,
      nullable: changes.nullable ?? existing.nullable,
      autoincrement: existing.options.autoincrement === true,
      ...(serverDefault === undefined || serverDefault === null ? {} : { serverDefault }),
      ...(comment === undefined || comment === null ? {} : { comment }),
    });
    return `ALTER TABLE ${this.tableName(node.table)} MODIFY COLUMN ${this.columnSpec(merged)}`;
  }

  /** MySQL 8.0.13 indexes expressions (functional key parts); MariaDB does not. */
  protected override indexExpression(expression: SqlExpression): string {
    // Only a known version (major, minor and patch) is told too old.
    const [major, minor, patch] = this.server.version ?? [];
    const tooOld =
      major !== undefined &&
      minor !== undefined &&
      patch !== undefined &&
      major * 10000 + minor * 100 + patch < 80013;
    if (this.server.mariadb || tooOld) {
      throw new CompileError(
        `${this.sql.settings.name} cannot index an expression (MySQL can from 8.0.13): add a ` +
          'generated column computing it and index that column.',
      );
    }
    return super.indexExpression(expression);
  }

  protected override indexWhere(): string {
    throw new CompileError(
      `${this.sql.settings.name} has no partial indexes (CREATE INDEX ... WHERE): index the ` +
        'whole column, or a generated column that is NULL where the condition is false.',
    );
  }
}
