import {
  ArgumentError,
  Column,
  type Connection,
  type ServerDefault,
  type TypeArg,
  type TypeEngine,
  text,
  toType,
} from '@athanor/core';

/** What `op.alterColumn` changes, and what the column is now (Alembic's `existing_*`). */
export interface AlterColumnOptions {
  /** The new SQL type. */
  readonly type?: TypeArg;
  /** NULL allowed. */
  readonly nullable?: boolean;
  /** The new server default; null drops it. */
  readonly serverDefault?: ServerDefault | null;
  /** The new comment; null drops it. Ignored where the database keeps none (SQLite). */
  readonly comment?: string | null;
  /** A new name for the column. */
  readonly newName?: string;
  /** PostgreSQL: how old values become the new type, as SQL (`'qty::integer'`). */
  readonly using?: string;
  /**
   * The column as it is now. MySQL restates the whole column (MODIFY COLUMN), so offline
   * (`--sql`) give at least `existingType` and `existingNullable` there (and the default and
   * comment it has, or they are lost); online, what is left out is read from the database.
   */
  readonly existingType?: TypeArg;
  readonly existingNullable?: boolean;
  readonly existingServerDefault?: ServerDefault | null;
  readonly existingComment?: string | null;
}

/** The column as it is now, from `existing*`, reflected for what they leave out (online). */
export async function existingColumn(
  connection: Connection | null,
  table: string,
  name: string,
  schema: string | undefined,
  options: AlterColumnOptions,
): Promise<Column | null> {
  let type: TypeEngine | undefined =
    options.existingType === undefined ? undefined : toType(options.existingType);
  let nullable = options.existingNullable;
  let serverDefault = options.existingServerDefault;
  let comment = options.existingComment;
  let autoincrement = false;
  const complete =
    type !== undefined &&
    nullable !== undefined &&
    serverDefault !== undefined &&
    comment !== undefined;
  if (connection && !complete) {
    const columns = await connection.dialect.reflection.getColumns(
      connection,
      table,
      schema ?? null,
    );
    const found = columns.find((column) => column.name === name);
    if (!found) {
      throw new ArgumentError(
        `alterColumn: table '${table}' has no column '${name}'; its columns are ${columns.map((c) => c.name).join(', ') || '(none: no such table)'}.`,
        { code: 'no-such-column' },
      );
    }
    type ??= found.type;
    nullable ??= found.nullable;
    if (serverDefault === undefined)
      serverDefault = found.default === null ? null : text(found.default);
    if (comment === undefined) comment = found.comment;
    autoincrement = found.autoincrement;
  }
  // Offline, without the type and NULL the column has now, there is nothing to restate.
  if (type === undefined || nullable === undefined) return null;
  return new Column(type, {
    name,
    nullable,
    ...(autoincrement ? { autoincrement: true } : {}),
    ...(serverDefault === undefined || serverDefault === null ? {} : { serverDefault }),
    ...(comment === undefined || comment === null ? {} : { comment }),
  });
}
