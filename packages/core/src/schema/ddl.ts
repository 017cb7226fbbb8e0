import type { Executable } from '../sql/executable.js';
import { CompilableStatement } from '../sql/statement-rendering.js';
import type {
  AddColumnNode,
  AlterColumnNode,
  ConstraintType,
  DropColumnNode,
  RenameColumnNode,
  RenameTableNode,
} from './alter-ddl.js';
import {
  CheckConstraint,
  type Constraint,
  ForeignKeyConstraint,
  type Index,
  PrimaryKeyConstraint,
  type UniqueConstraint,
} from './constraints.js';
import type { Table } from './table.js';

/** `CREATE TABLE`. Foreign keys listed in `withoutForeignKeys` are left out (added by ALTER). */
export interface CreateTableNode {
  readonly kind: 'create_table';
  readonly table: Table;
  readonly ifNotExists: boolean;
  readonly withoutForeignKeys: readonly ForeignKeyConstraint[];
}

/** `DROP TABLE`. */
export interface DropTableNode {
  readonly kind: 'drop_table';
  readonly table: Table;
  readonly ifExists: boolean;
}

/** `CREATE [UNIQUE] INDEX`. */
export interface CreateIndexNode {
  readonly kind: 'create_index';
  readonly index: Index;
}

/** `DROP INDEX`. */
export interface DropIndexNode {
  readonly kind: 'drop_index';
  readonly index: Index;
}

/** A constraint ALTER TABLE can add. */
export type AddableConstraint = ForeignKeyConstraint | UniqueConstraint | CheckConstraint;

/** `ALTER TABLE ... ADD CONSTRAINT`: a foreign key, UNIQUE or CHECK. */
export interface AddConstraintNode {
  readonly kind: 'add_constraint';
  readonly constraint: AddableConstraint;
}

/**
 * `ALTER TABLE ... DROP CONSTRAINT` (MySQL: DROP FOREIGN KEY / INDEX / CHECK / PRIMARY KEY, so
 * the kind is part of the statement).
 */
export interface DropConstraintNode {
  readonly kind: 'drop_constraint';
  readonly table: Table;
  /** The constraint's name; null for a foreign key named by its columns, or a primary key. */
  readonly name: string | null;
  readonly constraintType: ConstraintType;
  /** The constraint itself, when known (a foreign key without a name is named from it). */
  readonly constraint: Constraint | null;
}

/** `COMMENT ON TABLE / COLUMN` (PostgreSQL's way of storing comments). */
export interface SetCommentNode {
  readonly kind: 'set_comment';
  readonly table: Table;
  /** The column's key, or null for the table's own comment. */
  readonly column: string | null;
}

/**
 * Defers foreign key checks to the end of the transaction (SQLite's
 * `PRAGMA defer_foreign_keys = ON`): how a database without ALTER TABLE for foreign keys drops
 * tables that refer to each other.
 */
export interface DeferForeignKeysNode {
  readonly kind: 'defer_foreign_keys';
}

/** The DDL statements. */
export type DdlNode =
  | CreateTableNode
  | DropTableNode
  | CreateIndexNode
  | DropIndexNode
  | AddConstraintNode
  | DropConstraintNode
  | SetCommentNode
  | DeferForeignKeysNode
  | AddColumnNode
  | DropColumnNode
  | RenameColumnNode
  | RenameTableNode
  | AlterColumnNode;

/** A DDL statement to execute: `await conn.execute(new CreateTable(users))`. */
export class DdlStatement<N extends DdlNode>
  extends CompilableStatement
  implements Executable<Record<string, never>, []>
{
  constructor(/** The statement's tree. */ readonly node: N) {
    super();
  }
}

/** `CREATE TABLE` for a table (SQLAlchemy's `CreateTable`). */
export class CreateTable extends DdlStatement<CreateTableNode> {
  constructor(
    table: Table,
    options: { ifNotExists?: boolean; withoutForeignKeys?: readonly ForeignKeyConstraint[] } = {},
  ) {
    super({
      kind: 'create_table',
      table,
      ifNotExists: options.ifNotExists ?? false,
      withoutForeignKeys: options.withoutForeignKeys ?? [],
    });
  }
}

/** `DROP TABLE` for a table. */
export class DropTable extends DdlStatement<DropTableNode> {
  constructor(table: Table, options: { ifExists?: boolean } = {}) {
    super({ kind: 'drop_table', table, ifExists: options.ifExists ?? false });
  }
}

/** `CREATE INDEX` for an index. */
export class CreateIndex extends DdlStatement<CreateIndexNode> {
  constructor(index: Index) {
    super({ kind: 'create_index', index });
  }
}

/** `DROP INDEX` for an index. */
export class DropIndex extends DdlStatement<DropIndexNode> {
  constructor(index: Index) {
    super({ kind: 'drop_index', index });
  }
}

/**
 * `ALTER TABLE ... ADD CONSTRAINT` for a foreign key, UNIQUE or CHECK constraint of a table.
 * SQLite cannot: it raises a CompileError naming batch mode (re-creating the table).
 *
 * @example
 * await conn.execute(new AddConstraint(new UniqueConstraint('email', { name: 'uq_email' })));
 * // ALTER TABLE users ADD CONSTRAINT uq_email UNIQUE (email)
 */
export class AddConstraint extends DdlStatement<AddConstraintNode> {
  constructor(constraint: AddableConstraint) {
    super({ kind: 'add_constraint', constraint });
  }
}

function constraintType(constraint: Constraint): ConstraintType {
  if (constraint instanceof ForeignKeyConstraint) return 'foreignkey';
  if (constraint instanceof CheckConstraint) return 'check';
  if (constraint instanceof PrimaryKeyConstraint) return 'primary';
  return 'unique';
}

/** A constraint to drop given by name: its table, name and kind. */
export interface NamedConstraint {
  readonly table: Table;
  /** Null only for a primary key (MySQL drops it without a name). */
  readonly name: string | null;
  readonly type: ConstraintType;
}

/**
 * `ALTER TABLE ... DROP CONSTRAINT`, for a constraint of a table or one given by name and kind.
 * PostgreSQL: `DROP CONSTRAINT n`; MySQL: `DROP FOREIGN KEY n`, `DROP INDEX n` (unique),
 * `DROP CHECK n` (MariaDB: `DROP CONSTRAINT n`), `DROP PRIMARY KEY`. SQLite cannot: it raises
 * a CompileError naming batch mode.
 *
 * @example
 * new DropConstraint({ table: users, name: 'fk_users_org', type: 'foreignkey' });
 * // PostgreSQL: ALTER TABLE users DROP CONSTRAINT fk_users_org
 * // MySQL:      ALTER TABLE users DROP FOREIGN KEY fk_users_org
 */
export class DropConstraint extends DdlStatement<DropConstraintNode> {
  constructor(constraint: Constraint | NamedConstraint) {
    super(
      'type' in constraint
        ? {
            kind: 'drop_constraint',
            table: constraint.table,
            name: constraint.name,
            constraintType: constraint.type,
            constraint: null,
          }
        : {
            kind: 'drop_constraint',
            table: constraint.table,
            name: constraint.name ?? null,
            constraintType: constraintType(constraint),
            constraint,
          },
    );
  }
}

/** `COMMENT ON` a table or one of its columns. */
export class SetComment extends DdlStatement<SetCommentNode> {
  constructor(table: Table, column: string | null = null) {
    super({ kind: 'set_comment', table, column });
  }
}

/** Defers the foreign key checks of the current transaction to its COMMIT. */
export class DeferForeignKeys extends DdlStatement<DeferForeignKeysNode> {
  constructor() {
    super({ kind: 'defer_foreign_keys' });
  }
}
