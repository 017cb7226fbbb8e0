import type { QueryRunner } from '../schema/reflected.js';
import type { Executable } from '../sql/executable.js';
import { text } from '../sql/text-clause.js';

/** Rows as a dialect's reflection reads them from its catalog, by column label. */
export type CatalogRows = readonly Record<string, unknown>[];

/**
 * The rows of a catalog query: a statement built with `select()`, or SQL text with `:name`
 * parameters for what the expression language cannot say.
 */
export async function queryRows(
  conn: QueryRunner,
  statement: Executable | string,
  params: Readonly<Record<string, unknown>> = {},
): Promise<CatalogRows> {
  const executable = typeof statement === 'string' ? text(statement) : statement;
  return (await conn.execute(executable, params)).all();
}

/** The `name` column of a catalog row, as a string. */
export const nameOf = (row: Readonly<Record<string, unknown>>): string => String(row.name);

/**
 * Orders names by code unit, the same on every platform and in every locale (`localeCompare`
 * would not), so reflected name lists compare equal across dialects.
 */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
