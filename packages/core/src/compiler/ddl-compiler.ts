import { CompileError } from '../errors.js';
import type { Column } from '../schema/column.js';
import {
  CheckConstraint,
  type Constraint,
  ForeignKeyConstraint,
  type Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from '../schema/constraints.js';
import type { DdlNode } from '../schema/ddl.js';
import { foreignKeyName, truncateIdentifier } from '../schema/naming.js';
import type { Table } from '../schema/table.js';
import type { SqlNode } from '../sql/nodes.js';
import type { EnumType } from '../types/string-types.js';
import { CompileContext } from './compile-context.js';
import type { CompiledStatement } from './compiled-statement.js';
import type { SqlCompiler } from './sql-compiler.js';

/**
 * Writes DDL: CREATE / DROP TABLE and INDEX, foreign keys added with ALTER, comments
 * (SQLAlchemy's `DDLCompiler`). A dialect overrides the parts that differ: autoincrement, how
 * comments are stored, how a foreign key is dropped.
 */
export class DdlCompiler {
  constructor(readonly sql: SqlCompiler) {}

  compile(node: { readonly kind: string }): CompiledStatement {
    const ddl = node as DdlNode;
    let text: string;
    switch (ddl.kind) {
      case 'create_table':
        text = this.createTable(ddl.table, ddl.ifNotExists, ddl.withoutForeignKeys);
        break;
      case 'drop_table':
        text = `DROP TABLE ${ddl.ifExists ? 'IF EXISTS ' : ''}${this.tableName(ddl.table)}`;
        break;
      case 'create_index':
        text = this.createIndex(ddl.index);
        break;
      case 'drop_index':
        text = this.dropIndex(ddl.index);
        break;
      case 'add_constraint':
        text = `ALTER TABLE ${this.tableName(ddl.constraint.table)} ADD ${this.foreignKey(ddl.constraint, true)}`;
        break;
      case 'drop_constraint':
        text = this.dropConstraint(ddl.constraint);
        break;
      case 'set_comment':
        text = this.setComment(ddl.table, ddl.column);
        break;
      case 'defer_foreign_keys':
        text = this.deferForeignKeys();
        break;
      default:
        throw new CompileError(
          `Cannot compile a statement of kind '${(node as { kind: string }).kind}'`,
        );
    }
    this.sql.compilations++;
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

  tableName(table: Table): string {
    return this.sql.tableName(table.name, table.schema);
  }

  /** A name the dialect's identifier limit can hold; too long is an error, as SQLAlchemy's. */
  protected constraintName(name: string): string {
    const max = this.sql.capabilities.maxIdentifierLength;
    if (name.length > max) {
      throw new CompileError(
        `Identifier '${name}' is longer than the ${this.sql.settings.name} limit of ${max} characters.`,
      );
    }
    return this.sql.quote(name);
  }

  protected createTable(
    table: Table,
    ifNotExists: boolean,
    withoutForeignKeys: readonly ForeignKeyConstraint[],
  ): string {
    const lines = table.columns.map((column) => this.columnSpec(column));
    const key = table.primaryKey.columns;
    if (key.length > 0 && !this.primaryKeyInline(table))
      lines.push(this.primaryKey(table.primaryKey));
    for (const constraint of table.constraints) {
      if (constraint instanceof ForeignKeyConstraint && withoutForeignKeys.includes(constraint))
        continue;
      lines.push(this.constraint(constraint));
    }
    for (const column of table.columns) {
      const check = this.enumCheck(column);
      if (check) lines.push(check);
    }
    const options = this.tableOptions(table);
    return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${this.tableName(table)} (\n\t${lines.join(',\n\t')}\n)${options}`;
  }

  /** True when the primary key was written with its column (SQLite's INTEGER PRIMARY KEY). */
  protected primaryKeyInline(_table: Table): boolean {
    return false;
  }

  /** Options after the column list (MySQL's COMMENT, say). */
  protected tableOptions(_table: Table): string {
    return '';
  }

  /** `name TYPE [DEFAULT ...] [NOT NULL]`. */
  protected columnSpec(column: Column): string {
    let sql = `${this.sql.quote(column.name)} ${this.columnType(column)}`;
    const serverDefault = this.serverDefault(column);
    if (serverDefault !== null) sql += ` DEFAULT ${serverDefault}`;
    if (!column.nullable) sql += ' NOT NULL';
    return sql + this.columnSuffix(column);
  }

  /** The column's type; dialects write autoincrement here (SERIAL). */
  protected columnType(column: Column): string {
    return this.sql.typeCompiler.process(column.type);
  }

  /** After NOT NULL: MySQL's AUTO_INCREMENT and COMMENT. */
  protected columnSuffix(_column: Column): string {
    return '';
  }

  /** The server default as SQL: a literal, or the expression as written. */
  protected serverDefault(column: Column): string | null {
    const value = column.serverDefault;
    if (value === undefined) return null;
    if (typeof value === 'object' && value !== null && 'node' in value) {
      return this.expression(value.node as SqlNode);
    }
    return this.sql.renderLiteral(value, column.type);
  }

  /** An expression with its values written in (DDL takes no parameters). */
  protected expression(node: SqlNode): string {
    const ctx = new CompileContext([], () => ({}));
    ctx.literalBinds = true;
    if (node.kind === 'text') return node.sql;
    const sql = this.sql.visit(node, ctx);
    if (ctx.slots.length > 0) {
      throw new CompileError('A server default cannot take parameters; write the value into it');
    }
    return sql;
  }

  protected primaryKey(constraint: PrimaryKeyConstraint): string {
    const name = constraint.name ? `CONSTRAINT ${this.constraintName(constraint.name)} ` : '';
    return `${name}PRIMARY KEY (${this.columnList(constraint.columns)})`;
  }

  protected constraint(constraint: Constraint): string {
    if (constraint instanceof ForeignKeyConstraint) return this.foreignKey(constraint, false);
    const name = constraint.name ? `CONSTRAINT ${this.constraintName(constraint.name)} ` : '';
    if (constraint instanceof UniqueConstraint)
      return `${name}UNIQUE (${this.columnList(constraint.columns)})`;
    if (constraint instanceof CheckConstraint) return `${name}CHECK (${constraint.sqltext})`;
    if (constraint instanceof PrimaryKeyConstraint) return this.primaryKey(constraint);
    throw new CompileError(`Cannot write DDL for ${String(constraint)}`);
  }

  /** `[CONSTRAINT name] FOREIGN KEY (a) REFERENCES t (b) [ON DELETE ...] [ON UPDATE ...]`. */
  protected foreignKey(constraint: ForeignKeyConstraint, named: boolean): string {
    const max = this.sql.capabilities.maxIdentifierLength;
    const name = named ? foreignKeyName(constraint, max) : constraint.name;
    let sql = name ? `CONSTRAINT ${this.constraintName(name)} ` : '';
    const { schema, table } = constraint.referred;
    const referredColumns = constraint.targets.map((target) => target.split('.').at(-1) as string);
    sql += `FOREIGN KEY (${this.columnList(constraint.columns)}) REFERENCES ${this.sql.tableName(table, schema)} (${referredColumns.map((c) => this.sql.quote(c)).join(', ')})`;
    if (constraint.options.onDelete) sql += ` ON DELETE ${constraint.options.onDelete}`;
    if (constraint.options.onUpdate) sql += ` ON UPDATE ${constraint.options.onUpdate}`;
    return sql;
  }

  /** A CHECK limiting an enum column to its values, where the type does not. */
  protected enumCheck(column: Column): string | null {
    if (column.type.typeName !== 'enum' || this.sql.typeCompiler.enumIsNative()) return null;
    const type = column.type as unknown as EnumType;
    const values = type.values.map((value) => this.sql.renderLiteral(value)).join(', ');
    const name = type.name
      ? `CONSTRAINT ${this.constraintName(type.name)} `
      : `CONSTRAINT ${this.sql.quote(truncateIdentifier(`ck_${column.table.name}_${column.name}`, this.sql.capabilities.maxIdentifierLength))} `;
    return `${name}CHECK (${this.sql.quote(column.name)} IN (${values}))`;
  }

  protected columnList(columns: readonly Column[]): string {
    return columns.map((column) => this.sql.quote(column.name)).join(', ');
  }

  protected createIndex(index: Index): string {
    const name = truncateIdentifier(index.name, this.sql.capabilities.maxIdentifierLength);
    const unique = index.unique ? 'UNIQUE ' : '';
    return `CREATE ${unique}INDEX ${this.sql.quote(name)} ON ${this.tableName(index.table)} (${this.columnList(index.columns)})`;
  }

  protected dropIndex(index: Index): string {
    const name = truncateIdentifier(index.name, this.sql.capabilities.maxIdentifierLength);
    const schema = index.table.schema;
    return `DROP INDEX ${schema ? `${this.sql.quote(schema)}.` : ''}${this.sql.quote(name)}`;
  }

  protected dropConstraint(constraint: Constraint): string {
    const max = this.sql.capabilities.maxIdentifierLength;
    const name =
      constraint instanceof ForeignKeyConstraint
        ? foreignKeyName(constraint, max)
        : constraint.name;
    if (!name) throw new CompileError('Cannot drop a constraint that has no name');
    return `ALTER TABLE ${this.tableName(constraint.table)} DROP CONSTRAINT ${this.sql.quote(name)}`;
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
