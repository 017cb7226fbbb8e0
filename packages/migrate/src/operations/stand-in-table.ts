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
