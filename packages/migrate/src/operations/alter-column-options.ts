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
   * The column as it is now. MySQL restates the whole column (MODIFY COLUMN), so there give
   * `existingType` unless `type` changes (the type read back from the database can say less
   * than the column has: UNSIGNED, the character set), and offline (`--sql`) also
   * `existingNullable` (and the default, comment and AUTO_INCREMENT it has, or they are lost);
   * online, what is left out is read from the database.
   */
  readonly existingType?: TypeArg;
  readonly existingNullable?: boolean;
  readonly existingServerDefault?: ServerDefault | null;
  readonly existingComment?: string | null;
  /** MySQL: the column is AUTO_INCREMENT (kept by MODIFY COLUMN); offline, false if left out. */
  readonly existingAutoincrement?: boolean;
}

/**
 * Where the alter restates the column (MySQL), the type reflection gives may be less than the
 * column's (`int unsigned` reads as Integer), so the user states it unless `type` does.
 */
function requireExistingType(
  table: string,
  name: string,
  options: AlterColumnOptions,
  sqlType: string | undefined,
): void {
  if (options.type !== undefined || options.existingType !== undefined) return;
  const known = sqlType === undefined ? '' : ` (the column is \`${sqlType}\`)`;
  throw new ArgumentError(
    `alterColumn('${table}', '${name}'): this database restates the whole column (MODIFY ` +
      `COLUMN), so it needs the column's exact type${known}: pass existingType ` +
      '(autogenerate writes it), or type if the type changes too.',
    { code: 'alter-existing-type' },
  );
}

/**
 * The column as it is now, from `existing*`, reflected for what they leave out (online).
 * `restates`: the dialect's alter restates the whole column (capability `alterColumnRestates`).
 */
export async function existingColumn(
  connection: Connection | null,
  table: string,
  name: string,
  schema: string | undefined,
  options: AlterColumnOptions,
  restates: boolean,
): Promise<Column | null> {
  let type: TypeEngine | undefined =
    options.existingType === undefined ? undefined : toType(options.existingType);
  let nullable = options.existingNullable;
  let serverDefault = options.existingServerDefault;
  let comment = options.existingComment;
  let autoincrement = options.existingAutoincrement;
  const complete =
    type !== undefined &&
    nullable !== undefined &&
    serverDefault !== undefined &&
    comment !== undefined &&
    (!restates || autoincrement !== undefined);
  if (!connection || complete) {
    if (restates) requireExistingType(table, name, options, undefined);
  } else {
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
    if (restates) requireExistingType(table, name, options, found.sqlType);
    type ??= found.type;
    nullable ??= found.nullable;
    if (serverDefault === undefined)
      serverDefault = found.default === null ? null : text(found.default);
    if (comment === undefined) comment = found.comment;
    autoincrement ??= found.autoincrement;
  }
  // Offline, without the type and NULL the column has now, there is nothing to restate.
  if (type === undefined || nullable === undefined) return null;
  return new Column(type, {
    name,
    nullable,
    ...(autoincrement === true ? { autoincrement: true } : {}),
    ...(serverDefault === undefined || serverDefault === null ? {} : { serverDefault }),
    ...(comment === undefined || comment === null ? {} : { comment }),
  });
}
