import { type Connection, IntegrityError, text } from '@athanor/core';

/**
 * SQLite's step 10 of a table re-create: the foreign keys still hold (`PRAGMA foreign_key_check`
 * on each table given, or on the whole database). A violation is an IntegrityError naming the
 * first one, so the migration rolls back.
 */
export async function checkForeignKeys(
  connection: Connection,
  tables?: readonly string[],
): Promise<void> {
  const q = (name: string) => connection.dialect.compiler.quoteIdentifier(name);
  const statements = tables
    ? [...new Set(tables)].map((table) => `PRAGMA foreign_key_check(${q(table)})`)
    : ['PRAGMA foreign_key_check'];
  for (const statement of statements) {
    const violations = (await connection.execute(text(statement))).all();
    const first = violations[0];
    if (first) {
      throw new IntegrityError(
        `${violations.length} row(s) of '${String(first.table)}' refer to a missing row of ` +
          `'${String(first.parent)}' (first: rowid ${String(first.rowid)}).`,
        { statement },
      );
    }
  }
}
