import {
  BigInteger,
  Boolean as BooleanOf,
  byName,
  type CatalogRows,
  Date as DateOf,
  DateTime,
  Float,
  Integer,
  Interval,
  JSON as JSONOf,
  LargeBinary,
  Numeric,
  nameOf,
  nullType,
  type QueryRunner,
  queryRows,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type ReflectedUniqueConstraint,
  type ReflectionQueries,
  SmallInteger,
  String as StringOf,
  Text,
  Time,
  type TypeEngine,
  Uuid,
} from '@athanor/core/dialect';
import { type ParsedTable, parseCreateTable } from './sqlite-create-table-parser.js';
import { isNumericTextCheck, numericTextTypeName } from './sqlite-numeric.js';

/**
 * How the SQLite dialect reads the schema back: `sqlite_master` and the pragma table-valued
 * functions (`pragma_table_xinfo(:table, :schema)` and friends), which take the names as bound
 * values. What the pragmas leave out (constraint names, CHECK constraints) is read from the
 * CREATE TABLE statement SQLite keeps in `sqlite_master`.
 *
 * `schema` is an attached database's name; null means `main`. Referential actions: SQLite
 * stores `NO ACTION` when a foreign key names none, and that is reported as null, as on the
 * other dialects (PostgreSQL's NO ACTION, MySQL's RESTRICT).
 */
export const sqliteReflection: ReflectionQueries = {
  async getSchemaNames(conn) {
    const rows = await queryRows(
      conn,
      "SELECT name FROM pragma_database_list WHERE name <> 'temp'",
    );
    return rows.map((row) => String(row.name));
  },

  getTableNames(conn, schema) {
    return objectNames(conn, 'table', schema);
  },

  getViewNames(conn, schema) {
    return objectNames(conn, 'view', schema);
  },

  async hasTable(conn, table, schema) {
    const rows = await queryRows(
      conn,
      `SELECT 1 AS found FROM ${master(schema)} WHERE type IN ('table', 'view') AND name = :table`,
      { table },
    );
    return rows.length > 0;
  },

  async getColumns(conn, table, schema) {
    const rows = await queryRows(
      conn,
      'SELECT name, type, "notnull" AS not_null, dflt_value, pk, hidden ' +
        'FROM pragma_table_xinfo(:table, :schema) ORDER BY cid',
      { table, schema: schema ?? 'main' },
    );
    const rowidAlias = await rowidAliasColumn(conn, table, schema, rows);
    // hidden: 1 is a virtual table's hidden column; 2 and 3 are generated columns.
    return rows
      .filter((row) => Number(row.hidden) !== 1)
      .map((row) => {
        const name = String(row.name);
        const generated = Number(row.hidden) >= 2;
        return {
          name,
          type: sqliteType(String(row.type ?? '')),
          nullable: Number(row.not_null) === 0 && name !== rowidAlias,
          default: generated || row.dflt_value === null ? null : String(row.dflt_value),
          autoincrement: name === rowidAlias,
          comment: null,
        };
      });
  },

  async getPkConstraint(conn, table, schema) {
    const rows = await queryRows(
      conn,
      'SELECT name FROM pragma_table_info(:table, :schema) WHERE pk > 0 ORDER BY pk',
      { table, schema: schema ?? 'main' },
    );
    const parsed = await parsedTable(conn, table, schema);
    return { name: parsed?.primaryKeyName ?? null, constrainedColumns: rows.map(nameOf) };
  },

  async getForeignKeys(conn, table, schema) {
    const rows = await queryRows(
      conn,
      'SELECT id, "table" AS referred, "from" AS col, "to" AS referred_col, on_update, on_delete ' +
        'FROM pragma_foreign_key_list(:table, :schema) ORDER BY id DESC, seq',
      { table, schema: schema ?? 'main' },
    );
    const groups = new Map<number, Record<string, unknown>[]>();
    for (const row of rows) {
      const id = Number(row.id);
      groups.set(id, [...(groups.get(id) ?? []), row]);
    }
    const parsed = await parsedTable(conn, table, schema);
    const keys: ReflectedForeignKey[] = [];
    for (const group of groups.values()) {
      const first = group[0] as Record<string, unknown>;
      const referredTable = String(first.referred);
      const constrainedColumns = group.map((row) => String(row.col));
      let referredColumns = group.map((row) =>
        row.referred_col === null ? null : String(row.referred_col),
      );
      // `REFERENCES parent` without columns means the parent's primary key.
      if (referredColumns.some((column) => column === null)) {
        const key = await sqliteReflection.getPkConstraint(conn, referredTable, schema);
        referredColumns = [...key.constrainedColumns];
      }
      const declared = parsed?.foreignKeys.find(
        (fk) =>
          sameNames(fk.columns, constrainedColumns) &&
          fk.referredTable.toLowerCase() === referredTable.toLowerCase(),
      );
      keys.push({
        name: declared?.name ?? null,
        constrainedColumns,
        referredSchema: null,
        referredTable,
        referredColumns: referredColumns as string[],
        onDelete: action(first.on_delete),
        onUpdate: action(first.on_update),
      });
    }
    return keys;
  },

  async getIndexes(conn, table, schema) {
    // origin 'c' is CREATE INDEX; 'u' backs a UNIQUE constraint and 'pk' the primary key.
    const indexes = await indexesOf(conn, table, schema, 'c');
    return indexes.map(({ name, columnNames, unique }) => ({ name, columnNames, unique }));
  },

  async getUniqueConstraints(conn, table, schema) {
    const indexes = await indexesOf(conn, table, schema, 'u');
    const parsed = await parsedTable(conn, table, schema);
    return indexes.map(
      ({ columnNames }): ReflectedUniqueConstraint => ({
        name: parsed?.uniques.find((u) => sameNames(u.columns, columnNames))?.name ?? null,
        columnNames,
      }),
    );
  },

  async getCheckConstraints(conn, table, schema) {
    const parsed = await parsedTable(conn, table, schema);
    // A Numeric column's own CHECK is part of its type (CREATE TABLE writes it with the type
    // again), not a constraint of the table.
    return (parsed?.checks ?? [])
      .filter((check) => !isNumericTextCheck(check.sqltext))
      .map((check) => ({ name: check.name, sqltext: check.sqltext }));
  },

  async getTableComment() {
    return null;
  },
};

/** `"schema".sqlite_master`: a schema is an identifier, quoted, never a value. */
function master(schema: string | null): string {
  return `"${(schema ?? 'main').replace(/"/g, '""')}".sqlite_master`;
}

async function objectNames(
  conn: QueryRunner,
  type: 'table' | 'view',
  schema: string | null,
): Promise<string[]> {
  const rows = await queryRows(
    conn,
    `SELECT name FROM ${master(schema)} WHERE type = :type AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
    { type },
  );
  return rows.map(nameOf).sort(byName);
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name.toLowerCase() === b[i]?.toLowerCase());
}

function action(value: unknown): string | null {
  const stored = String(value ?? '').toUpperCase();
  return stored === '' || stored === 'NO ACTION' ? null : stored;
}

/** The column that aliases the rowid (a lone `INTEGER` primary key of a rowid table), if any. */
async function rowidAliasColumn(
  conn: QueryRunner,
  table: string,
  schema: string | null,
  columns: CatalogRows,
): Promise<string | null> {
  const key = columns.filter((row) => Number(row.pk) > 0);
  const only = key[0];
  if (key.length !== 1 || !only || String(only.type).toUpperCase() !== 'INTEGER') return null;
  const listed = await queryRows(
    conn,
    'SELECT wr FROM pragma_table_list(:table) WHERE schema = :schema AND type = :type',
    { table, schema: schema ?? 'main', type: 'table' },
  );
  return listed.length === 1 && Number(listed[0]?.wr) === 0 ? String(only.name) : null;
}

interface IndexInfo extends ReflectedIndex {
  readonly partial: boolean;
}

/** The indexes of a table of one origin, with their columns; expression indexes left out. */
async function indexesOf(
  conn: QueryRunner,
  table: string,
  schema: string | null,
  origin: 'c' | 'u',
): Promise<IndexInfo[]> {
  const list = await queryRows(
    conn,
    'SELECT name, "unique" AS is_unique, partial FROM pragma_index_list(:table, :schema) ' +
      'WHERE origin = :origin',
    { table, schema: schema ?? 'main', origin },
  );
  const found: IndexInfo[] = [];
  for (const index of list) {
    const name = String(index.name);
    const columns = await queryRows(
      conn,
      'SELECT name FROM pragma_index_info(:index, :schema) ORDER BY seqno',
      { index: name, schema: schema ?? 'main' },
    );
    // An expression's column has no name; such an index cannot be described by column names.
    if (columns.some((column) => column.name === null)) continue;
    found.push({
      name,
      columnNames: columns.map(nameOf),
      unique: Number(index.is_unique) === 1,
      partial: Number(index.partial) === 1,
    });
  }
  return found.sort((a, b) => byName(a.name, b.name));
}

/** The type for a declared type name; a name outside the list below is NullType. */
function sqliteType(declared: string): TypeEngine {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\(\s*([^)]*?)\s*\))?\s*$/.exec(declared);
  if (!match) return nullType;
  const name = (match[1] as string).toUpperCase().replace(/\s+/g, ' ');
  const args = (match[2] ?? '')
    .split(',')
    .map((arg) => arg.trim())
    .filter((arg) => arg !== '')
    .map(Number);
  switch (name) {
    case 'INTEGER':
    case 'INT':
    case 'INT4':
    case 'MEDIUMINT':
      return Integer();
    case 'BIGINT':
    case 'INT8':
      return BigInteger();
    case 'SMALLINT':
    case 'INT2':
    case 'TINYINT':
      return SmallInteger();
    case 'VARCHAR':
    case 'CHARACTER VARYING':
    case 'VARYING CHARACTER':
    case 'NVARCHAR':
    case 'NATIONAL VARCHAR':
    case 'CHAR':
    case 'CHARACTER':
    case 'NCHAR':
      return StringOf(args[0]);
    case 'TEXT':
    case 'CLOB':
      return Text();
    case 'BOOLEAN':
    case 'BOOL':
      return BooleanOf();
    case 'NUMERIC':
    case 'DECIMAL':
    case numericTextTypeName:
      return Numeric(args[0], args[1]);
    case 'REAL':
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
    case 'FLOAT':
      return Float();
    case 'DATE':
      return DateOf();
    case 'DATETIME':
    case 'TIMESTAMP':
      return DateTime();
    case 'TIME':
      return Time();
    case 'JSON':
      return JSONOf();
    case 'BLOB':
      return LargeBinary();
    case 'UUID':
      return Uuid();
    case 'INTERVAL':
      return Interval();
    default:
      return nullType;
  }
}

/** What the CREATE TABLE statement SQLite keeps says and the pragmas do not. */
async function parsedTable(
  conn: QueryRunner,
  table: string,
  schema: string | null,
): Promise<ParsedTable | null> {
  const rows = await queryRows(
    conn,
    `SELECT sql FROM ${master(schema)} WHERE type = 'table' AND name = :table`,
    { table },
  );
  const sql = rows[0]?.sql;
  return typeof sql === 'string' ? parseCreateTable(sql) : null;
}
