import {
  Column,
  CreateTable,
  DropTable,
  type Executable,
  Integer,
  MetaData,
  Table,
  type TableOptions,
} from '@athanor/core';
import type { MigrationContext } from '../runtime/migration-context.js';

/**
 * The operations a revision's `upgrade(op)` and `downgrade(op)` call (Alembic's `op`): each
 * writes DDL or DML for the context's dialect and sends it through the context, so the same
 * revision runs online or prints its SQL offline.
 *
 * @example
 * export async function upgrade(op: Operations): Promise<void> {
 *   await op.createTable('accounts', {
 *     id: new sa.Column(sa.Integer, { primaryKey: true }),
 *     name: new sa.Column(sa.String(50), { nullable: false }),
 *   });
 * }
 */
export class Operations {
  constructor(
    /** Where the statements go (the migration's connection, or the offline script). */
    readonly context: MigrationContext,
  ) {}

  /** `CREATE TABLE` with the columns given (keys are the column names unless `name` says). */
  async createTable(
    name: string,
    columns: Record<string, Column>,
    options: TableOptions = {},
  ): Promise<Table> {
    const table = new Table(name, new MetaData(), columns, options);
    await this.context.emit(new CreateTable(table));
    return table;
  }

  /** `DROP TABLE`. */
  async dropTable(name: string, options: { schema?: string } = {}): Promise<void> {
    // DROP TABLE needs only the name; a Table needs a column to exist.
    const placeholder = { _: new Column(Integer) };
    await this.context.emit(new DropTable(new Table(name, new MetaData(), placeholder, options)));
  }

  /** Raw SQL or a Core statement (insert, update, delete, text()): for data steps. */
  async execute(statement: Executable | string): Promise<void> {
    await this.context.emit(statement);
  }
}
