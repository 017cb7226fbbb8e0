import { CompileError } from '../errors.js';
import type { Column, ServerDefault } from '../schema/column.js';
import {
  CheckConstraint,
  type Constraint,
  ForeignKeyConstraint,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from '../schema/constraints.js';
import { foreignKeyName, truncateIdentifier } from '../schema/naming.js';
import type { Table } from '../schema/table.js';
import type { SqlNode } from '../sql/nodes.js';
import type { EnumType } from '../types/string-types.js';
import type { TypeEngine } from '../types/type-engine.js';
import { CompileContext } from './compile-context.js';
import type { SqlWriter, TypeWriter } from './compiler-parts.js';

/**
 * How a table and its columns and constraints are written in DDL: the parts CREATE TABLE and
 * ALTER TABLE share. {@link DdlCompiler} builds the statements from them; a dialect overrides
 * the parts that differ (autoincrement, inline comments).
 */
export class TableDdlCompiler {
  constructor(
    /** The dialect's statement compiler: names, literals, expressions. */
    readonly sql: SqlWriter,
    /** The dialect's type compiler. */
    readonly types: TypeWriter,
  ) {}

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
    return this.types.process(column.type);
  }

  /** After NOT NULL: MySQL's AUTO_INCREMENT and COMMENT. */
  protected columnSuffix(_column: Column): string {
    return '';
  }

  /** The server default as SQL: a literal, or the expression as written. */
  protected serverDefault(column: Column): string | null {
    const value = column.serverDefault;
    return value === undefined ? null : this.defaultValue(value, column.type);
  }

  /** A server default value as SQL: a literal of `type`, or the expression as written. */
  protected defaultValue(value: ServerDefault, type: TypeEngine): string {
    if (typeof value === 'object' && value !== null && 'node' in value) {
      return this.expression(value.node as SqlNode);
    }
    return this.sql.renderLiteral(value, type);
  }

  /**
   * An expression with its values written in (DDL takes no parameters). Columns are written
   * without their table (`qualify` false) where the statement names the table once: index
   * expressions, a partial index's WHERE.
   */
  protected expression(node: SqlNode, qualify = true): string {
    const ctx = new CompileContext([], () => ({}));
    ctx.literalBinds = true;
    ctx.qualifyColumns = qualify;
    if (node.kind === 'text') return node.sql;
    const sql = this.sql.visit(node, ctx);
    if (ctx.slots.length > 0) {
      throw new CompileError('A DDL expression cannot take parameters; write the value into it');
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
    // A decorated enum (or an enum variant) is checked as the enum it is stored as.
    const stored = column.type.dialectImpl(this.types.dialect);
    if (stored.typeName !== 'enum' || this.types.enumIsNative()) return null;
    const type = stored as unknown as EnumType;
    const values = type.values.map((value) => this.sql.renderLiteral(value)).join(', ');
    const name = type.name
      ? `CONSTRAINT ${this.constraintName(type.name)} `
      : `CONSTRAINT ${this.sql.quote(truncateIdentifier(`ck_${column.table.name}_${column.name}`, this.sql.capabilities.maxIdentifierLength))} `;
    return `${name}CHECK (${this.sql.quote(column.name)} IN (${values}))`;
  }

  protected columnList(columns: readonly Column[]): string {
    return columns.map((column) => this.sql.quote(column.name)).join(', ');
  }
}
