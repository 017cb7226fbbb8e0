import {
  type AddableConstraint,
  AddColumn,
  AddConstraint,
  type AnyTable,
  ArgumentError,
  type Column,
  type Connection,
  type ConstraintType,
  CreateIndex,
  CreateTable,
  DropColumn,
  DropConstraint,
  DropIndex,
  DropTable,
  type Executable,
  ForeignKeyConstraint,
  Index,
  InvalidRequestError,
  insert,
  MetaData,
  RenameTable,
  SetComment,
  type SqlExpression,
  Table,
  type TableOptions,
} from '@athanor/core';
import type { MigrationContext } from '../runtime/migration-context.js';
import { AlterColumnOperation } from './alter-column-operation.js';
import type { AlterColumnOptions } from './alter-column-options.js';
import { BatchOperations } from './batch-operations.js';
import {
  checkDefinition,
  type ForeignKeyOperationOptions,
  foreignKeyDefinition,
  uniqueDefinition,
} from './constraint-definitions.js';
import { canDropNatively, recreateTable } from './sqlite-batch.js';
import { keylessTable, standInTable } from './stand-in-table.js';

/** `{ schema }`: the schema the table is in (PostgreSQL), else the default one. */
export interface SchemaOption {
  readonly schema?: string;
}

/** Options of `op.batchAlterTable`. */
export interface BatchAlterTableOptions extends SchemaOption {
  /**
   * The table as it is before the batch (Alembic's `copy_from`): SQLite's re-create takes the
   * columns, constraints and indexes from it instead of reading the database, so the batch can
   * be written offline (`--sql`). Online it is used too, so both write the same SQL.
   */
  readonly copyFrom?: AnyTable;
}

/** Options of `op.createIndex`. */
export interface CreateIndexOptions extends SchemaOption {
  readonly unique?: boolean;
  /** A partial index's condition (PostgreSQL, SQLite), as SQL or an expression. */
  readonly where?: string | SqlExpression;
}

/**
 * The operations a revision's `upgrade(op)` and `downgrade(op)` call (Alembic's `op`): each
 * writes DDL or DML for the context's dialect and sends it through the context, so the same
 * revision runs online or prints its SQL offline. On SQLite, whose ALTER TABLE cannot change a
 * column or a constraint (capability `alterColumn` false), those operations re-create the table
 * with the change and copy its rows ("batch mode"), online only.
 *
 * @example
 * export async function upgrade(op: Operations): Promise<void> {
 *   await op.addColumn('accounts', 'age', new sa.Column(sa.Integer));
 *   await op.alterColumn('accounts', 'name', { type: sa.Varchar(100), existingNullable: false });
 * }
 */
export class Operations {
  constructor(
    /** Where the statements go (the migration's connection, or the offline script). */
    readonly context: MigrationContext,
  ) {}

  /** True where ALTER TABLE cannot change columns and constraints: batch mode (SQLite). */
  get reCreatesTables(): boolean {
    return !this.context.dialect.capabilities.alterColumn;
  }

  /**
   * `CREATE TABLE` with the columns given (keys are the column names unless `name` says), then
   * its indexes and (PostgreSQL) comments.
   */
  async createTable(
    name: string,
    columns: Record<string, Column>,
    options: TableOptions = {},
  ): Promise<Table> {
    const table = new Table(name, new MetaData(), columns, options);
    await this.context.emit(new CreateTable(table));
    if (this.context.dialect.capabilities.commentStyle === 'statement') {
      if (table.comment !== undefined) await this.context.emit(new SetComment(table));
      for (const column of table.columns) {
        if (column.comment !== undefined)
          await this.context.emit(new SetComment(table, column.key));
      }
    }
    for (const index of table.indexes) await this.context.emit(new CreateIndex(index));
    return table;
  }

  /** `DROP TABLE`. */
  async dropTable(name: string, options: SchemaOption = {}): Promise<void> {
    await this.context.emit(new DropTable(standInTable(name, options.schema)));
  }

  /** `ALTER TABLE old RENAME TO new`. */
  async renameTable(oldName: string, newName: string, options: SchemaOption = {}): Promise<void> {
    await this.context.emit(new RenameTable(standInTable(oldName, options.schema), newName));
  }

  /**
   * `ALTER TABLE t ADD COLUMN`, with the column's foreign key, UNIQUE, index and comment. SQLite
   * writes a foreign key inline; a UNIQUE or primary key column re-creates the table there.
   */
  async addColumn(
    table: string,
    name: string,
    column: Column,
    options: SchemaOption = {},
  ): Promise<void> {
    if (this.reCreatesTables && (column.unique || column.primaryKey)) {
      await recreateTable(this.context, table, options.schema, [
        { kind: 'add_column', name, column },
      ]);
      return;
    }
    const holder = standInTable(table, options.schema, { [name]: column });
    const added = holder.column(name);
    await this.context.emit(new AddColumn(holder, added));
    const capabilities = this.context.dialect.capabilities;
    for (const constraint of holder.constraints) {
      const inline = constraint instanceof ForeignKeyConstraint && !capabilities.alterForeignKeys;
      if (!inline) await this.context.emit(new AddConstraint(constraint as ForeignKeyConstraint));
    }
    if (capabilities.commentStyle === 'statement' && added.comment !== undefined) {
      await this.context.emit(new SetComment(holder, name));
    }
    for (const index of holder.indexes) await this.context.emit(new CreateIndex(index));
  }

  /** `ALTER TABLE t DROP COLUMN c`; on SQLite a column in a key, index or CHECK re-creates the table. */
  async dropColumn(table: string, name: string, options: SchemaOption = {}): Promise<void> {
    const connection = this.context.connection;
    if (
      this.reCreatesTables &&
      connection &&
      !(await canDropNatively(connection, table, options.schema, name))
    ) {
      await recreateTable(this.context, table, options.schema, [{ kind: 'drop_column', name }]);
      return;
    }
    await this.context.emit(new DropColumn(standInTable(table, options.schema), name));
  }

  /**
   * Changes a column: type, NULL, server default, comment, name. MySQL restates the whole
   * column, from the `existing*` options (read from the database online when left out);
   * PostgreSQL writes the comment with COMMENT ON; SQLite re-creates the table.
   *
   * @example
   * await op.alterColumn('users', 'age', { type: sa.BigInteger, nullable: false });
   * // PostgreSQL: ALTER TABLE users ALTER COLUMN age TYPE BIGINT, ALTER COLUMN age SET NOT NULL
   * // MySQL:      ALTER TABLE users MODIFY COLUMN age BIGINT NOT NULL
   */
  async alterColumn(
    table: string,
    name: string,
    changes: AlterColumnOptions,
    options: SchemaOption = {},
  ): Promise<void> {
    await new AlterColumnOperation(this.context, table, name, changes, options.schema).run();
  }

  /** `CREATE [UNIQUE] INDEX`, over column names and expressions, partial with `where`. */
  async createIndex(
    name: string,
    table: string,
    columns: readonly (string | SqlExpression)[],
    options: CreateIndexOptions = {},
  ): Promise<void> {
    const names = columns.filter((column): column is string => typeof column === 'string');
    const index = new Index(name, ...columns, {
      ...(options.unique === undefined ? {} : { unique: options.unique }),
      ...(options.where === undefined ? {} : { where: options.where }),
    });
    standInTable(table, options.schema, names, { indexes: [index] });
    await this.context.emit(new CreateIndex(index));
  }

  /** `DROP INDEX` (MySQL names the table: `DROP INDEX n ON t`). */
  async dropIndex(name: string, options: SchemaOption & { readonly table: string }): Promise<void> {
    if (typeof options?.table !== 'string') {
      throw new ArgumentError(
        `dropIndex('${name}') needs the table: dropIndex('${name}', { table: 'users' }) (MySQL drops an index of a table).`,
        { code: 'drop-index-table' },
      );
    }
    const index = new Index(name, '_');
    standInTable(options.table, options.schema, [], { indexes: [index] });
    await this.context.emit(new DropIndex(index));
  }

  /** `ALTER TABLE source ADD CONSTRAINT name FOREIGN KEY (...) REFERENCES referent (...)`. */
  async createForeignKey(
    name: string | null,
    sourceTable: string,
    referentTable: string,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    options: ForeignKeyOperationOptions = {},
  ): Promise<void> {
    const define = () =>
      foreignKeyDefinition(name, referentTable, localColumns, remoteColumns, options);
    await this.#addConstraint(sourceTable, localColumns, options.schema, define);
  }

  /** `ALTER TABLE t ADD CONSTRAINT name UNIQUE (...)`. */
  async createUniqueConstraint(
    name: string | null,
    table: string,
    columns: readonly string[],
    options: SchemaOption = {},
  ): Promise<void> {
    await this.#addConstraint(table, columns, options.schema, () =>
      uniqueDefinition(name, columns),
    );
  }

  /** `ALTER TABLE t ADD CONSTRAINT name CHECK (condition)`; the condition is SQL. */
  async createCheckConstraint(
    name: string | null,
    table: string,
    condition: string | SqlExpression,
    options: SchemaOption = {},
  ): Promise<void> {
    await this.#addConstraint(table, [], options.schema, () => checkDefinition(name, condition));
  }

  async #addConstraint(
    table: string,
    columns: readonly string[],
    schema: string | undefined,
    define: () => AddableConstraint,
  ): Promise<void> {
    if (this.reCreatesTables) {
      await recreateTable(this.context, table, schema, [
        { kind: 'add_constraint', constraint: define() },
      ]);
      return;
    }
    const constraint = define();
    standInTable(table, schema, columns, { constraints: [constraint] });
    await this.context.emit(new AddConstraint(constraint));
  }

  /** Drops a constraint by name; its kind decides MySQL's form (DROP FOREIGN KEY / INDEX / CHECK). */
  async dropConstraint(
    name: string,
    table: string,
    options: SchemaOption & { readonly type: ConstraintType },
  ): Promise<void> {
    const type = options?.type;
    if (!['foreignkey', 'unique', 'check', 'primary'].includes(type)) {
      throw new ArgumentError(
        `dropConstraint('${name}', '${table}') needs the constraint's type: { type: 'foreignkey' | 'unique' | 'check' | 'primary' }.`,
        { code: 'drop-constraint-type' },
      );
    }
    if (this.reCreatesTables) {
      await recreateTable(this.context, table, options.schema, [
        { kind: 'drop_constraint', name, type },
      ]);
      return;
    }
    const holder = standInTable(table, options.schema);
    await this.context.emit(new DropConstraint({ table: holder, name, type }));
  }

  /** Raw SQL or a Core statement (insert, update, delete, text()): for data steps. */
  async execute(statement: Executable | string): Promise<void> {
    await this.context.emit(statement);
  }

  /**
   * INSERT of many rows into a table (offline, the values are written into the SQL). Without
   * RETURNING, online too: the statement is the same in both.
   */
  async bulkInsert(table: AnyTable, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.context.emit(insert(keylessTable(table)).values(rows));
  }

  /** The migration's connection, for custom data steps. Online only. */
  getBind(): Connection {
    const connection = this.context.connection;
    if (!connection) {
      throw new InvalidRequestError(
        'getBind(): offline (--sql) there is no connection; a migration that reads data must run ' +
          'online, or write its steps with op.execute() so they appear in the script.',
        { code: 'offline-no-connection' },
      );
    }
    return connection;
  }

  /**
   * Several changes to one table as one step. On SQLite they re-create the table once (Alembic's
   * `batch_alter_table`); elsewhere each runs as its own ALTER.
   *
   * @example
   * await op.batchAlterTable('users', async (batch) => {
   *   await batch.alterColumn('name', { nullable: false });
   *   await batch.dropColumn('nickname');
   * });
   *
   * `copyFrom` gives the table as it is now (a Table), so SQLite's re-create need not read the
   * database: offline (`--sql`) needs it there.
   */
  async batchAlterTable(
    table: string,
    body: (batch: BatchOperations) => Promise<void>,
    options: BatchAlterTableOptions = {},
  ): Promise<void> {
    const batch = new BatchOperations(this, table, options.schema, options.copyFrom);
    await body(batch);
    await batch.finish();
  }
}
