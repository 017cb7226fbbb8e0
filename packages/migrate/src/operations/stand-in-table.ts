import {
  type AnyTable,
  Column,
  type Constraint,
  type Index,
  Integer,
  MetaData,
  Table,
} from '@athanor/core';

/**
 * A Table that only names a table in the database, for a DDL statement that needs a Table but
 * not its definition (DROP TABLE, ALTER TABLE ... DROP COLUMN): the columns given, by name, or
 * one placeholder (a Table needs a column). Each lives in a MetaData of its own.
 */
export function standInTable(
  name: string,
  schema: string | undefined,
  columns: Record<string, Column> | readonly string[] = [],
  extras: { constraints?: readonly Constraint[]; indexes?: readonly Index[] } = {},
): AnyTable {
  const map: Record<string, Column> = Array.isArray(columns)
    ? Object.fromEntries(columns.map((column) => [column, new Column(Integer)]))
    : { ...(columns as Record<string, Column>) };
  if (Object.keys(map).length === 0) map._ = new Column(Integer);
  return new Table(name, new MetaData(), map, {
    ...(schema === undefined ? {} : { schema }),
    ...extras,
  });
}

/**
 * `table`'s columns (types, names, client-side defaults) in a table without a primary key. Core
 * adds RETURNING of the key to an online INSERT into a keyed table, to learn the inserted keys;
 * a migration's data step does not need them, and the offline script could not have them: an
 * INSERT into this copy is the same SQL online and offline.
 */
export function keylessTable(table: AnyTable): AnyTable {
  const columns = Object.fromEntries(
    table.columns.map((column) => {
      const { default: clientDefault } = column.options;
      const options = {
        name: column.name,
        ...(clientDefault === undefined ? {} : { default: clientDefault }),
      };
      return [column.key, new Column(column.type, options)];
    }),
  );
  return new Table(table.name, new MetaData(), columns, {
    ...(table.schema ? { schema: table.schema } : {}),
  });
}
