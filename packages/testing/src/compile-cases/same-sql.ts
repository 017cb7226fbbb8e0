import type { ExpectedSql, SqlDialectKey } from '../expect-sql.js';

/** Every dialect a compile case states SQL for, for `same(everyDialect, ...)`. */
export const everyDialect = [
  'sqlite',
  'postgresql',
  'mysql',
  'mariadb',
  'generic',
] as const satisfies readonly SqlDialectKey[];

/**
 * One expectation for several dialects that write the same SQL: spread it into a case's `sql`
 * beside the dialects that differ, or give it as the whole `sql` with {@link everyDialect}.
 * Each dialect named is still checked on its own; the type of `sql` still asks for all five,
 * so a dialect left out fails the type check.
 *
 * @example
 * sql: {
 *   ...same(['sqlite', 'mysql', 'mariadb', 'generic'], 'SELECT users.id FROM users WHERE users.id = ?'),
 *   postgresql: 'SELECT users.id FROM users WHERE users.id = $1::INTEGER',
 * }
 * @throws when a dialect is named twice, so a mistake in a table fails loudly.
 */
export function same<const K extends SqlDialectKey>(
  dialects: readonly K[],
  want: ExpectedSql,
): { readonly [D in K]: ExpectedSql } {
  if (new Set(dialects).size !== dialects.length) {
    throw new Error(`same(): a dialect is named twice in ${dialects.join(', ')}.`);
  }
  // Object.fromEntries types its result as a string-keyed record; the keys are exactly `K`.
  return Object.fromEntries(dialects.map((dialect) => [dialect, want])) as {
    readonly [D in K]: ExpectedSql;
  };
}
