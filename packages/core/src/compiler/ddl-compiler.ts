import { CompileError } from '../errors.js';
import type { AlterColumnNode, RenameTableNode } from '../schema/alter-ddl.js';
import type { Column } from '../schema/column.js';
import {
  ForeignKeyConstraint,
  type Index,
  isColumn,
  type SqlExpression,
} from '../schema/constraints.js';
import type { AddableConstraint, DdlNode, DropConstraintNode } from '../schema/ddl.js';
import { foreignKeyName, truncateIdentifier } from '../schema/naming.js';
import type { Table } from '../schema/table.js';
import type { SqlNode } from '../sql/nodes.js';
import { nullType } from '../types/other-types.js';
import type { CompiledStatement } from './compiled-statement.js';
import { TableDdlCompiler } from './table-ddl-compiler.js';

/**
 * Writes DDL: CREATE / DROP TABLE and INDEX, ALTER TABLE (columns added, dropped, renamed and
 * changed; constraints added and dropped; the table renamed), comments (SQLAlchemy's
 * `DDLCompiler` with Alembic's ALTER constructs). The SQL standard's forms, as PostgreSQL
 * writes them; a dialect overrides the parts that differ.
 */
export class DdlCompiler extends TableDdlCompiler {
  compile(node: { readonly kind: string }): CompiledStatement {
    const text = this.statement(node as DdlNode);
    return {
      sql: text,
      slots: [],
      boundValues: {},
      isDml: false,
      resultProcessors: null,
      exactIntegers: false,
      valuesRow: null,
      template: text,
      templateSlots: [],
    };
  }

  protected statement(ddl: DdlNode): string {
    switch (ddl.kind) {
      case 'create_table':
        return this.createTable(ddl.table, ddl.ifNotExists, ddl.withoutForeignKeys);
      case 'drop_table':
        return `DROP TABLE ${ddl.ifExists ? 'IF EXISTS ' : ''}${this.tableName(ddl.table)}`;
      case 'create_index':
        return this.createIndex(ddl.index);
      case 'drop_index':
        return this.dropIndex(ddl.index);
      case 'add_constraint':
        return this.addConstraint(ddl.constraint);
      case 'drop_constraint':
        return this.dropConstraint(ddl);
      case 'set_comment':
        return this.setComment(ddl.table, ddl.column);
      case 'defer_foreign_keys':
        return this.deferForeignKeys();
      case 'add_column':
        return this.addColumn(ddl.table, ddl.column);
      case 'drop_column':
        return `ALTER TABLE ${this.tableName(ddl.table)} DROP COLUMN ${this.sql.quote(ddl.columnName)}`;
      case 'rename_column':
        return `ALTER TABLE ${this.tableName(ddl.table)} RENAME COLUMN ${this.sql.quote(ddl.oldName)} TO ${this.sql.quote(ddl.newName)}`;
      case 'rename_table':
        return this.renameTable(ddl);
      case 'alter_column':
        return this.alterColumn(ddl);
      default:
        throw new CompileError(
          `Cannot compile a statement of kind '${(ddl as { kind: string }).kind}'`,
        );
    }
  }

  /** `CREATE [UNIQUE] INDEX n ON t (a, (expr)) [WHERE ...]`. */
  protected createIndex(index: Index): string {
    const name = truncateIdentifier(index.name, this.sql.capabilities.maxIdentifierLength);
    const unique = index.unique ? 'UNIQUE ' : '';
    const parts = index.elements.map((element) =>
      isColumn(element) ? this.sql.quote(element.name) : this.indexExpression(element),
    );
    const where = index.where === undefined ? '' : ` WHERE ${this.indexWhere(index.where)}`;
    return `CREATE ${unique}INDEX ${this.sql.quote(name)} ON ${this.tableName(index.table)} (${parts.join(', ')})${where}`;
  }

  /** An indexed expression, in parentheses (the form every database with them accepts). */
  protected indexExpression(expression: SqlExpression): string {
    return `(${this.expression(expression.node as SqlNode, false)})`;
  }

  /** A partial index's condition. */
  protected indexWhere(where: string | SqlExpression): string {
    return typeof where === 'string' ? where : this.expression(where.node as SqlNode, false);
  }

  protected dropIndex(index: Index): string {
    const name = truncateIdentifier(index.name, this.sql.capabilities.maxIdentifierLength);
    const schema = index.table.schema;
    return `DROP INDEX ${schema ? `${this.sql.quote(schema)}.` : ''}${this.sql.quote(name)}`;
  }

  /** `ALTER TABLE t ADD CONSTRAINT ...`: a foreign key (always named), UNIQUE or CHECK. */
  protected addConstraint(constraint: AddableConstraint): string {
    const body =
      constraint instanceof ForeignKeyConstraint
        ? this.foreignKey(constraint, true)
        : this.constraint(constraint);
    return `ALTER TABLE ${this.tableName(constraint.table)} ADD ${body}`;
  }

  /** The name a dropped constraint has: given, or a foreign key's generated one. */
  protected droppedConstraintName(node: DropConstraintNode): string | null {
    if (node.name) return node.name;
    if (node.constraint instanceof ForeignKeyConstraint) {
      return foreignKeyName(node.constraint, this.sql.capabilities.maxIdentifierLength);
    }
    return null;
  }

  protected dropConstraint(node: DropConstraintNode): string {
    const name = this.droppedConstraintName(node);
    if (!name) {
      throw new CompileError(
        `Cannot drop a ${node.constraintType} constraint of '${node.table.name}' without its name; ` +
          'give the name the database has for it (reflection shows it).',
      );
    }
    return `ALTER TABLE ${this.tableName(node.table)} DROP CONSTRAINT ${this.sql.quote(name)}`;
  }

  /**
   * `ALTER TABLE t ADD COLUMN c TYPE ...`. Foreign keys and UNIQUE are added on their own; an
   * enum column's CHECK of its values (where the type does not limit them) comes with it, as a
   * column constraint named as CREATE TABLE names it.
   */
  protected addColumn(table: Table, column: Column): string {
    const check = this.enumCheck(column);
    return `ALTER TABLE ${this.tableName(table)} ADD COLUMN ${this.columnSpec(column)}${check ? ` ${check}` : ''}`;
  }

  /** `ALTER TABLE t RENAME TO n` (the new name takes no schema: the table stays in its own). */
  protected renameTable(node: RenameTableNode): string {
    return `ALTER TABLE ${this.tableName(node.table)} RENAME TO ${this.sql.quote(node.newName)}`;
  }

  /**
   * PostgreSQL's form: one ALTER TABLE with an action for each change,
   * `ALTER COLUMN c TYPE x [USING ...], ALTER COLUMN c SET NOT NULL, ALTER COLUMN c SET DEFAULT d`.
   */
  protected alterColumn(node: AlterColumnNode): string {
    const { changes } = node;
    const column = `ALTER COLUMN ${this.sql.quote(node.columnName)}`;
    const actions: string[] = [];
    if (changes.type !== undefined) {
      const using = changes.using === undefined ? '' : ` USING ${changes.using}`;
      actions.push(`${column} TYPE ${this.types.process(changes.type)}${using}`);
    } else if (changes.using !== undefined) {
      throw new CompileError(
        'AlterColumn: `using` converts values to a new type; give `type` too.',
      );
    }
    if (changes.nullable !== undefined) {
      actions.push(`${column} ${changes.nullable ? 'DROP' : 'SET'} NOT NULL`);
    }
    if (changes.serverDefault === null) actions.push(`${column} DROP DEFAULT`);
    else if (changes.serverDefault !== undefined) {
      const type = changes.type ?? node.existing?.type ?? nullType;
      actions.push(`${column} SET DEFAULT ${this.defaultValue(changes.serverDefault, type)}`);
    }
    if (changes.comment !== undefined) {
      throw new CompileError(
        `The ${this.sql.settings.name} dialect stores comments with COMMENT ON, not in ALTER ` +
          'COLUMN: use SetComment for a column comment.',
      );
    }
    if (actions.length === 0) {
      throw new CompileError(
        `AlterColumn on '${node.table.name}.${node.columnName}' changes nothing; give type, ` +
          'nullable or serverDefault.',
      );
    }
    return `ALTER TABLE ${this.tableName(node.table)} ${actions.join(', ')}`;
  }

  /**
   * Defers foreign key checks to COMMIT. Only a dialect without ALTER TABLE for foreign keys
   * (capability `alterForeignKeys` false) needs it, to drop tables in a cycle, and writes it.
   */
  protected deferForeignKeys(): string {
    throw new CompileError(
      `The ${this.sql.settings.name} dialect cannot defer foreign key checks; drop the ` +
        'constraints of a cycle with ALTER TABLE instead.',
    );
  }

  /** `COMMENT ON TABLE t IS '...'` / `COMMENT ON COLUMN t.c IS '...'`. */
  protected setComment(table: Table, columnKey: string | null): string {
    if (columnKey === null) {
      return `COMMENT ON TABLE ${this.tableName(table)} IS ${this.sql.renderLiteral(table.comment ?? null)}`;
    }
    const column = table.columns.find((c) => c.key === columnKey) as Column;
    return `COMMENT ON COLUMN ${this.tableName(table)}.${this.sql.quote(column.name)} IS ${this.sql.renderLiteral(column.comment ?? null)}`;
  }
}
