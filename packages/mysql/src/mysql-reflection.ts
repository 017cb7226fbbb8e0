import { NotSupportedError, type ReflectionQueries, text } from '@athanor/core';

const pending = (): never => {
  throw new NotSupportedError('MySQL reflection is not written yet');
};

/** How the MySQL dialect reads the schema back. */
export const mysqlReflection: ReflectionQueries = {
  getSchemaNames: pending,
  getTableNames: pending,
  getViewNames: pending,
  async hasTable(conn, table, schema) {
    const result = await conn.execute(
      text(
        'SELECT 1 AS found FROM information_schema.TABLES ' +
          'WHERE TABLE_NAME = :table AND TABLE_SCHEMA = COALESCE(:schema, DATABASE())',
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
