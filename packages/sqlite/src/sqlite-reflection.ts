import { NotSupportedError, type ReflectionQueries, text } from '@athanor/core';

const pending = (): never => {
  throw new NotSupportedError('SQLite reflection is not written yet');
};

/** How the SQLite dialect reads the schema back. */
export const sqliteReflection: ReflectionQueries = {
  getSchemaNames: pending,
  async getTableNames(conn) {
    const result = await conn.execute(
      text(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      ),
    );
    return result.all().map((row) => String(row.name));
  },
  getViewNames: pending,
  async hasTable(conn, table) {
    const result = await conn.execute(
      text(
        "SELECT 1 AS found FROM sqlite_master WHERE type IN ('table', 'view') AND name = :table",
      ),
      { table },
    );
    return result.all().length > 0;
  },
  getColumns: pending,
  getPkConstraint: pending,
  getForeignKeys: pending,
  getIndexes: pending,
  getUniqueConstraints: pending,
  getCheckConstraints: pending,
  getTableComment: pending,
};
