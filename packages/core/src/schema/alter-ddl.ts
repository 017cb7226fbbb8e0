import { type TypeArg, type TypeEngine, toType } from '../types/type-engine.js';
import type { Column, ServerDefault } from './column.js';
import { DdlStatement } from './ddl.js';
import type { Table } from './table.js';

/** `ALTER TABLE t ADD COLUMN ...`. */
export interface AddColumnNode {
  readonly kind: 'add_column';
  readonly table: Table;
  readonly column: Column;
}

/** `ALTER TABLE t DROP COLUMN c`. */
export interface DropColumnNode {
  readonly kind: 'drop_column';
  readonly table: Table;
  readonly columnName: string;
}

/** `ALTER TABLE t RENAME COLUMN a TO b`. */
export interface RenameColumnNode {
  readonly kind: 'rename_column';
  readonly table: Table;
  readonly oldName: string;
  readonly newName: string;
}

/** `ALTER TABLE t RENAME TO n`. */
export interface RenameTableNode {
  readonly kind: 'rename_table';
  readonly table: Table;
  readonly newName: string;
}

/** What {@link AlterColumn} changes; a member left out stays as it is. */
export interface AlterColumnChanges<Type = TypeEngine> {
  /** The new SQL type. */
  readonly type?: Type;
  /** NULL allowed (false: `SET NOT NULL`). */
  readonly nullable?: boolean;
  /** The new server default; null drops it. */
  readonly serverDefault?: ServerDefault | null;
  /**
   * The new comment; null drops it. Only where comments are part of the column's definition
   * (capability `commentStyle` 'inline', MySQL); PostgreSQL sets them with {@link SetComment}.
   */
  readonly comment?: string | null;
  /** PostgreSQL: how old values become the new type (`USING c::integer`), as SQL. */
  readonly using?: string;
}

/** Changes one column: type, NULL, server default, comment. */
export interface AlterColumnNode {
  readonly kind: 'alter_column';
  readonly table: Table;
  readonly columnName: string;
  readonly changes: AlterColumnChanges;
  /** The column as it is now; MySQL's MODIFY COLUMN restates all of it. */
  readonly existing: Column | null;
}

/** The kinds of constraint {@link DropConstraint} tells apart (MySQL drops each its own way). */
export type ConstraintType = 'foreignkey' | 'unique' | 'check' | 'primary';

/**
 * `ALTER TABLE t ADD COLUMN c ...` for a column of `table` (give a Table holding the column).
 *
 * @example
 * await conn.execute(new AddColumn(users, users.c.age));
 * // ALTER TABLE users ADD COLUMN age INTEGER
 */
export class AddColumn extends DdlStatement<AddColumnNode> {
  constructor(table: Table, column: Column) {
    super({ kind: 'add_column', table, column });
  }
}

/**
 * `ALTER TABLE t DROP COLUMN c`.
 * @example
 * new DropColumn(users, 'age'); // ALTER TABLE users DROP COLUMN age
 */
export class DropColumn extends DdlStatement<DropColumnNode> {
  constructor(table: Table, columnName: string) {
    super({ kind: 'drop_column', table, columnName });
  }
}

/**
 * `ALTER TABLE t RENAME COLUMN a TO b` (all dialects; MariaDB from 10.5).
 * @example
 * new RenameColumn(users, 'name', 'full_name');
 * // ALTER TABLE users RENAME COLUMN name TO full_name
 */
export class RenameColumn extends DdlStatement<RenameColumnNode> {
  constructor(table: Table, oldName: string, newName: string) {
    super({ kind: 'rename_column', table, oldName, newName });
  }
}

/**
 * `ALTER TABLE t RENAME TO n`; the table stays in its schema.
 * @example
 * new RenameTable(users, 'accounts'); // ALTER TABLE users RENAME TO accounts
 */
export class RenameTable extends DdlStatement<RenameTableNode> {
  constructor(table: Table, newName: string) {
    super({ kind: 'rename_table', table, newName });
  }
}

/**
 * Changes a column's type, NULL, server default or (MySQL) comment in one statement.
 * `existing` is the column as it is now: MySQL's `MODIFY COLUMN` restates the whole definition,
 * the changes merged into it; other dialects ignore it. SQLite cannot alter a column: it raises
 * a CompileError naming batch mode (capability `alterColumn` false).
 *
 * @example
 * new AlterColumn(users, 'age', { type: BigInteger, nullable: false }, existingAge);
 * // PostgreSQL: ALTER TABLE users ALTER COLUMN age TYPE BIGINT, ALTER COLUMN age SET NOT NULL
 * // MySQL:      ALTER TABLE users MODIFY COLUMN age BIGINT NOT NULL
 */
export class AlterColumn extends DdlStatement<AlterColumnNode> {
  constructor(
    table: Table,
    columnName: string,
    changes: AlterColumnChanges<TypeArg>,
    existing: Column | null = null,
  ) {
    const { type, ...rest } = changes;
    const resolved: AlterColumnChanges =
      type === undefined ? rest : { ...rest, type: toType(type) };
    super({ kind: 'alter_column', table, columnName, changes: resolved, existing });
  }
}
