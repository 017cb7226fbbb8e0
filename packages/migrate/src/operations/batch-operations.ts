import {
  type AnyTable,
  ArgumentError,
  type Column,
  type ConstraintType,
  RenameColumn,
  type SqlExpression,
  toType,
} from '@athanor/core';
import type { AlterColumnOptions } from './alter-column-options.js';
import { type BatchChange, renameInChanges } from './batch-changes.js';
import {
  checkDefinition,
  type ForeignKeyOperationOptions,
  foreignKeyDefinition,
  uniqueDefinition,
} from './constraint-definitions.js';
import type { CreateIndexOptions, Operations } from './operations.js';
import { recreateTable } from './sqlite-batch.js';
import { standInTable } from './stand-in-table.js';

/**
 * The `batch` of `op.batchAlterTable(table, async (batch) => ...)`: the table's changes, named
 * without the table. On SQLite the column and constraint changes are gathered and made by one
 * re-create of the table when the body returns (renames first, with SQLite's own RENAME COLUMN,
 * which also rewrites the indexes and foreign keys that name the column; indexes created after).
 * Elsewhere each runs at once as its own ALTER.
 */
export class BatchOperations {
  #changes: BatchChange[] = [];
  readonly #renames: [string, string][] = [];
  readonly #after: (() => Promise<void>)[] = [];

  constructor(
    private readonly op: Operations,
    /** The table being changed. */
    readonly table: string,
    readonly schema: string | undefined,
    /** The table as it is before the batch, instead of reading it (so it runs offline). */
    readonly copyFrom?: AnyTable,
  ) {}

  get #gathering(): boolean {
    return this.op.reCreatesTables;
  }

  get #options(): { schema?: string } {
    return this.schema === undefined ? {} : { schema: this.schema };
  }

  async addColumn(name: string, column: Column): Promise<void> {
    if (this.#gathering) this.#changes.push({ kind: 'add_column', name, column });
    else await this.op.addColumn(this.table, name, column, this.#options);
  }

  async dropColumn(name: string): Promise<void> {
    if (this.#gathering) this.#changes.push({ kind: 'drop_column', name });
    else await this.op.dropColumn(this.table, name, this.#options);
  }

  async alterColumn(name: string, changes: AlterColumnOptions): Promise<void> {
    if (!this.#gathering) {
      await this.op.alterColumn(this.table, name, changes, this.#options);
      return;
    }
    if (changes.using !== undefined) {
      throw new ArgumentError("alterColumn: `using` is PostgreSQL's; leave it out on SQLite.", {
        code: 'alter-using',
      });
    }
    const { type, nullable, serverDefault, newName, existingType } = changes;
    if (type !== undefined || nullable !== undefined || serverDefault !== undefined) {
      this.#changes.push({
        kind: 'alter_column',
        name,
        ...(type === undefined ? {} : { type: toType(type) }),
        ...(nullable === undefined ? {} : { nullable }),
        ...(serverDefault === undefined ? {} : { serverDefault }),
        ...(existingType === undefined ? {} : { existingType: toType(existingType) }),
      });
    }
    if (newName !== undefined && this.copyFrom !== undefined) {
      throw new ArgumentError(
        `batchAlterTable('${this.table}', ..., { copyFrom }): newName is not supported with ` +
          'copyFrom (the copy is the table before the batch); rename in a batch of its own, ' +
          'before, with op.alterColumn(table, name, { newName }).',
        { code: 'batch-copy-from-rename' },
      );
    }
    if (newName !== undefined) {
      // Renamed before the re-create: what was gathered so far follows the new name.
      this.#renames.push([name, newName]);
      this.#changes = renameInChanges(this.#changes, name, newName);
    }
  }

  async createIndex(
    name: string,
    columns: readonly (string | SqlExpression)[],
    options: Omit<CreateIndexOptions, 'schema'> = {},
  ): Promise<void> {
    const create = () =>
      this.op.createIndex(name, this.table, columns, { ...options, ...this.#options });
    if (this.#gathering) this.#after.push(create);
    else await create();
  }

  async dropIndex(name: string): Promise<void> {
    await this.op.dropIndex(name, { table: this.table, ...this.#options });
  }

  async createForeignKey(
    name: string | null,
    referentTable: string,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    options: Omit<ForeignKeyOperationOptions, 'schema'> = {},
  ): Promise<void> {
    if (!this.#gathering) {
      await this.op.createForeignKey(name, this.table, referentTable, localColumns, remoteColumns, {
        ...options,
        ...this.#options,
      });
      return;
    }
    const constraint = foreignKeyDefinition(
      name,
      referentTable,
      localColumns,
      remoteColumns,
      options,
    );
    this.#changes.push({ kind: 'add_constraint', constraint });
  }

  async createUniqueConstraint(name: string | null, columns: readonly string[]): Promise<void> {
    if (this.#gathering) {
      this.#changes.push({ kind: 'add_constraint', constraint: uniqueDefinition(name, columns) });
    } else await this.op.createUniqueConstraint(name, this.table, columns, this.#options);
  }

  async createCheckConstraint(
    name: string | null,
    condition: string | SqlExpression,
  ): Promise<void> {
    if (this.#gathering) {
      this.#changes.push({ kind: 'add_constraint', constraint: checkDefinition(name, condition) });
    } else await this.op.createCheckConstraint(name, this.table, condition, this.#options);
  }

  async dropConstraint(name: string, options: { readonly type: ConstraintType }): Promise<void> {
    if (this.#gathering) this.#changes.push({ kind: 'drop_constraint', name, type: options.type });
    else await this.op.dropConstraint(name, this.table, { ...options, ...this.#options });
  }

  /** @internal Makes the gathered changes (called by `op.batchAlterTable`). */
  async finish(): Promise<void> {
    if (!this.#gathering) return;
    const context = this.op.context;
    for (const [oldName, newName] of this.#renames) {
      await context.emit(new RenameColumn(standInTable(this.table, this.schema), oldName, newName));
    }
    if (this.#changes.length > 0) {
      await recreateTable(context, this.table, this.schema, this.#changes, this.copyFrom);
    }
    for (const step of this.#after) await step();
  }
}
