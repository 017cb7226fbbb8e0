import type { Executable } from '../sql/executable.js';
import { CompilableStatement } from '../sql/statement-rendering.js';
import type { Constraint, ForeignKeyConstraint, Index } from './constraints.js';
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

/** `ALTER TABLE ... ADD CONSTRAINT` (for foreign keys in a cycle). */
export interface AddConstraintNode {
  readonly kind: 'add_constraint';
  readonly constraint: ForeignKeyConstraint;
}

/** `ALTER TABLE ... DROP CONSTRAINT`. */
export interface DropConstraintNode {
  readonly kind: 'drop_constraint';
  readonly constraint: Constraint;
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
  | DeferForeignKeysNode;

/** A DDL statement to execute: `await conn.execute(new CreateTable(users))`. */
class DdlStatement<N extends DdlNode>
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

/** `ALTER TABLE ... ADD CONSTRAINT` for a foreign key. */
export class AddConstraint extends DdlStatement<AddConstraintNode> {
  constructor(constraint: ForeignKeyConstraint) {
    super({ kind: 'add_constraint', constraint });
  }
}

/** `ALTER TABLE ... DROP CONSTRAINT`. */
export class DropConstraint extends DdlStatement<DropConstraintNode> {
  constructor(constraint: Constraint) {
    super({ kind: 'drop_constraint', constraint });
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
