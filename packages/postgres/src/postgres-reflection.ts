import { NotSupportedError, type ReflectionQueries, text } from '@athanor/core';

const pending = (): never => {
  throw new NotSupportedError('PostgreSQL reflection is not written yet');
};

/** How the PostgreSQL dialect reads the schema back. */
export const postgresReflection: ReflectionQueries = {
  getSchemaNames: pending,
  getTableNames: pending,
  getViewNames: pending,
  async hasTable(conn, table, schema) {
    const result = await conn.execute(
      text(
        'SELECT 1 AS found FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
          "WHERE c.relname = :table AND c.relkind IN ('r', 'p', 'v', 'm', 'f') " +
          'AND (n.nspname = :schema OR (CAST(:schema AS TEXT) IS NULL AND pg_catalog.pg_table_is_visible(c.oid)))',
      ),
      { table, schema },
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
