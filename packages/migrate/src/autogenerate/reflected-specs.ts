import type { Inspector, ReflectedColumn } from '@athanor/core';
import type { ColumnSpec, TableSpec } from './schema-diff.js';

/** A reflected column as a spec; its raw default kept for comparing. */
export interface ReflectedColumnSpec extends ColumnSpec {
  /** The server default as the database reports it. */
  readonly reflectedDefault: string | null;
}

function columnSpec(column: ReflectedColumn, primaryKey: readonly string[]): ReflectedColumnSpec {
  // An autoincrement column's default is how the database generates it (PostgreSQL's
  // nextval() of a SERIAL): the column's autoincrement recreates that, not a default.
  const reflectedDefault = column.autoincrement ? null : column.default;
  return {
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    primaryKey: primaryKey.includes(column.name),
    autoincrement: column.autoincrement,
    serverDefault: reflectedDefault === null ? null : { kind: 'sql', sql: reflectedDefault },
    comment: column.comment,
    reflectedDefault,
  };
}

/** A table as the database has it. */
export interface ReflectedTableSpec extends TableSpec {
  readonly columns: readonly ReflectedColumnSpec[];
}

/** Reads one table of the database as a spec. */
export async function reflectTableSpec(
  inspector: Inspector,
  table: string,
  schema: string | null,
): Promise<ReflectedTableSpec> {
  const on = schema ?? undefined;
  const [columns, primaryKey, foreignKeys, indexes, uniques, checks, comment] = await Promise.all([
    inspector.getColumns(table, on),
    inspector.getPkConstraint(table, on),
    inspector.getForeignKeys(table, on),
    inspector.getIndexes(table, on),
    inspector.getUniqueConstraints(table, on),
    inspector.getCheckConstraints(table, on),
    inspector.getTableComment(table, on),
  ]);
  const ref = { table, schema };
  return {
    ...ref,
    columns: columns.map((column) => columnSpec(column, primaryKey.constrainedColumns)),
    primaryKey: { name: primaryKey.name, columns: primaryKey.constrainedColumns },
    foreignKeys: foreignKeys.map((fk) => ({
      ...ref,
      name: fk.name,
      columns: fk.constrainedColumns,
      referredSchema: fk.referredSchema,
      referredTable: fk.referredTable,
      referredColumns: fk.referredColumns,
      onDelete: fk.onDelete,
      onUpdate: fk.onUpdate,
    })),
    uniqueConstraints: uniques.map((unique) => ({
      ...ref,
      name: unique.name,
      columns: unique.columnNames,
    })),
    checkConstraints: checks.map((check) => ({ ...ref, name: check.name, sqltext: check.sqltext })),
    indexes: indexes.map((index) => ({
      ...ref,
      name: index.name,
      columns: index.columnNames,
      unique: index.unique,
    })),
    comment,
  };
}
