import {
  BigInteger,
  Boolean as BooleanOf,
  Date as DateOf,
  DateTime,
  Enum,
  Float,
  Integer,
  JSON as JSONOf,
  LargeBinary,
  Numeric,
  nullType,
  type QueryRunner,
  type ReflectedForeignKey,
  type ReflectionQueries,
  SmallInteger,
  String as StringOf,
  Text,
  Time,
  type TypeEngine,
  text,
  Uuid,
} from '@athanor/core/dialect';

/** The database `schema` names, or the connection's current one when it is null. */
const inSchema = 'COALESCE(:schema, DATABASE())';

/**
 * How the MySQL / MariaDB dialect reads the schema back, from `information_schema`.
 *
 * - A UNIQUE key is reported once, as a unique constraint (`getUniqueConstraints`), not also as
 *   an index: MySQL makes no difference between `UNIQUE (a)` and `CREATE UNIQUE INDEX`.
 * - The index InnoDB makes for a foreign key, named after it, is left out of `getIndexes`: it
 *   comes back with the foreign key.
 * - Referential actions: a foreign key that names none is stored as RESTRICT (as is an explicit
 *   RESTRICT), and that is reported as null, as the other dialects report their default (NO
 *   ACTION) as null.
 * - MariaDB's `JSON` is LONGTEXT with a `json_valid()` CHECK: such a column reads back as JSON,
 *   and that CHECK is left out of `getCheckConstraints`.
 */
export const mysqlReflection: ReflectionQueries = {
  async getSchemaNames(conn) {
    const rows = await query(conn, 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA');
    return rows.map(nameOf).sort(byName);
  },

  getTableNames(conn, schema) {
    // MariaDB lists system-versioned tables under a type of their own.
    return tableNames(conn, schema, "TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')");
  },

  getViewNames(conn, schema) {
    return tableNames(conn, schema, "TABLE_TYPE = 'VIEW'");
  },

  async hasTable(conn, table, schema) {
    // No MySQL name holds a character beyond U+FFFF (names are utf8mb3), so no such table
    // exists; the server would refuse to compare the name ('Illegal mix of collations'), and
    // createAll() would fail on that instead of on the CompileError that says why.
    if (/[\u{10000}-\u{10FFFF}]/u.test(table)) return false;
    const rows = await query(
      conn,
      'SELECT 1 AS found FROM information_schema.TABLES ' +
        `WHERE TABLE_NAME = :table AND TABLE_SCHEMA = ${inSchema}`,
      { table, schema },
    );
    return rows.length > 0;
  },

  async getColumns(conn, table, schema) {
    const rows = await query(
      conn,
      'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS column_type, DATA_TYPE AS data_type, ' +
        'IS_NULLABLE AS nullable, COLUMN_DEFAULT AS column_default, EXTRA AS extra, ' +
        'COLUMN_COMMENT AS comment FROM information_schema.COLUMNS ' +
        `WHERE TABLE_SCHEMA = ${inSchema} AND TABLE_NAME = :table ORDER BY ORDINAL_POSITION`,
      { table, schema },
    );
    const mariadb = await isMariaDB(conn);
    const jsonColumns = mariadb ? await jsonCheckedColumns(conn, table, schema) : new Set();
    return rows.map((row) => {
      const name = String(row.name);
      const extra = String(row.extra ?? '').toLowerCase();
      const dataType = String(row.data_type).toLowerCase();
      const type =
        dataType === 'longtext' && jsonColumns.has(name)
          ? JSONOf()
          : mysqlType(String(row.column_type));
      return {
        name,
        type,
        sqlType: String(row.column_type),
        nullable: row.nullable === 'YES',
        default: /generated|persistent/.test(extra.replace('default_generated', ''))
          ? null
          : serverDefault(row.column_default, extra, type, mariadb),
        autoincrement: extra.includes('auto_increment'),
        comment: row.comment === null || row.comment === '' ? null : String(row.comment),
      };
    });
  },

  async getPkConstraint(conn, table, schema) {
    const rows = await indexColumns(conn, table, schema, "INDEX_NAME = 'PRIMARY'");
    // MySQL names every primary key PRIMARY, whatever the DDL said: that is no name.
    return { name: null, constrainedColumns: rows.map(nameOf) };
  },

  async getForeignKeys(conn, table, schema) {
    const rows = await query(
      conn,
      'SELECT k.CONSTRAINT_NAME AS constraint_name, k.COLUMN_NAME AS name, ' +
        'k.REFERENCED_TABLE_SCHEMA AS referred_schema, k.REFERENCED_TABLE_NAME AS referred_table, ' +
        'k.REFERENCED_COLUMN_NAME AS referred_name, r.UPDATE_RULE AS on_update, ' +
        'r.DELETE_RULE AS on_delete, DATABASE() AS current_schema ' +
        'FROM information_schema.KEY_COLUMN_USAGE k ' +
        'JOIN information_schema.REFERENTIAL_CONSTRAINTS r ' +
        'ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME ' +
        'AND r.TABLE_NAME = k.TABLE_NAME ' +
        `WHERE k.TABLE_SCHEMA = ${inSchema} AND k.TABLE_NAME = :table ` +
        'AND k.REFERENCED_TABLE_NAME IS NOT NULL ' +
        'ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION',
      { table, schema },
    );
    const keys = new Map<string, ReflectedForeignKey>();
    for (const row of rows) {
      const name = String(row.constraint_name);
      const key = keys.get(name);
      if (key) {
        (key.constrainedColumns as string[]).push(String(row.name));
        (key.referredColumns as string[]).push(String(row.referred_name));
        continue;
      }
      const referredSchema = String(row.referred_schema);
      keys.set(name, {
        name,
        constrainedColumns: [String(row.name)],
        referredSchema:
          schema === null && referredSchema === row.current_schema ? null : referredSchema,
        referredTable: String(row.referred_table),
        referredColumns: [String(row.referred_name)],
        onDelete: referentialAction(row.on_delete),
        onUpdate: referentialAction(row.on_update),
      });
    }
    return [...keys.values()];
  },

  async getIndexes(conn, table, schema) {
    const rows = await indexColumns(
      conn,
      table,
      schema,
      'NON_UNIQUE = 1 AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS tc ' +
        'WHERE tc.CONSTRAINT_SCHEMA = s.TABLE_SCHEMA AND tc.TABLE_NAME = s.TABLE_NAME ' +
        "AND tc.CONSTRAINT_NAME = s.INDEX_NAME AND tc.CONSTRAINT_TYPE = 'FOREIGN KEY')",
    );
    return grouped(rows).map(([name, columnNames]) => ({ name, columnNames, unique: false }));
  },

  async getUniqueConstraints(conn, table, schema) {
    const rows = await indexColumns(
      conn,
      table,
      schema,
      "NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY'",
    );
    return grouped(rows).map(([name, columnNames]) => ({ name, columnNames }));
  },

  async getCheckConstraints(conn, table, schema) {
    // MariaDB names a column's CHECK after the column, so names repeat across tables: match
    // on the table too. MySQL's CHECK_CONSTRAINTS has no TABLE_NAME; its names are unique.
    const sameTable = (await isMariaDB(conn)) ? 'AND cc.TABLE_NAME = tc.TABLE_NAME ' : '';
    const rows = await query(
      conn,
      'SELECT tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS sqltext ' +
        'FROM information_schema.TABLE_CONSTRAINTS tc ' +
        'JOIN information_schema.CHECK_CONSTRAINTS cc ' +
        'ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME ' +
        sameTable +
        `WHERE tc.TABLE_SCHEMA = ${inSchema} AND tc.TABLE_NAME = :table ` +
        "AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.CONSTRAINT_NAME",
      { table, schema },
    );
    return rows
      .map((row) => ({ name: String(row.name), sqltext: String(row.sqltext) }))
      .filter((check) => !jsonValid.test(check.sqltext));
  },

  async getTableComment(conn, table, schema) {
    const rows = await query(
      conn,
      'SELECT TABLE_COMMENT AS comment FROM information_schema.TABLES ' +
        `WHERE TABLE_SCHEMA = ${inSchema} AND TABLE_NAME = :table AND TABLE_TYPE <> 'VIEW'`,
      { table, schema },
    );
    const comment = rows[0]?.comment;
    return comment === null || comment === undefined || comment === '' ? null : String(comment);
  },
};

type Rows = readonly Record<string, unknown>[];

async function query(
  conn: QueryRunner,
  sql: string,
  params: Readonly<Record<string, unknown>> = {},
): Promise<Rows> {
  return (await conn.execute(text(sql), params)).all();
}

const nameOf = (row: Record<string, unknown>): string => String(row.name);

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** MariaDB's JSON CHECK: `json_valid(`col`)`. */
const jsonValid = /^\s*json_valid\(`((?:[^`]|``)+)`\)\s*$/i;

const servers = new WeakMap<QueryRunner, boolean>();

async function isMariaDB(conn: QueryRunner): Promise<boolean> {
  let mariadb = servers.get(conn);
  if (mariadb === undefined) {
    const rows = await query(conn, 'SELECT VERSION() AS version');
    mariadb = /mariadb/i.test(String(rows[0]?.version));
    servers.set(conn, mariadb);
  }
  return mariadb;
}

async function tableNames(
  conn: QueryRunner,
  schema: string | null,
  condition: string,
): Promise<string[]> {
  const rows = await query(
    conn,
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES ' +
      `WHERE TABLE_SCHEMA = ${inSchema} AND ${condition}`,
    { schema },
  );
  return rows.map(nameOf).sort(byName);
}

/** The columns of a table's indexes matching `condition` (on STATISTICS `s`), in order. */
function indexColumns(
  conn: QueryRunner,
  table: string,
  schema: string | null,
  condition: string,
): Promise<Rows> {
  return query(
    conn,
    'SELECT s.INDEX_NAME AS index_name, s.COLUMN_NAME AS name FROM information_schema.STATISTICS s ' +
      `WHERE s.TABLE_SCHEMA = ${inSchema} AND s.TABLE_NAME = :table AND ${condition} ` +
      'ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX',
    { table, schema },
  );
}

/**
 * Index rows grouped by index, in name order; an index over an expression (MySQL 8's
 * functional key parts have no column name) cannot be described by column names and is left out.
 */
function grouped(rows: Rows): [string, string[]][] {
  const indexes = new Map<string, (string | null)[]>();
  for (const row of rows) {
    const name = String(row.index_name);
    indexes.set(name, [...(indexes.get(name) ?? []), row.name === null ? null : String(row.name)]);
  }
  return [...indexes]
    .filter((entry): entry is [string, string[]] => entry[1].every((column) => column !== null))
    .sort(([a], [b]) => byName(a, b));
}

/** MariaDB's LONGTEXT columns with a `json_valid()` CHECK: its JSON columns. */
async function jsonCheckedColumns(
  conn: QueryRunner,
  table: string,
  schema: string | null,
): Promise<Set<string>> {
  const rows = await query(
    conn,
    'SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS ' +
      `WHERE CONSTRAINT_SCHEMA = ${inSchema} AND TABLE_NAME = :table`,
    { table, schema },
  );
  const columns = new Set<string>();
  for (const row of rows) {
    const match = jsonValid.exec(String(row.clause));
    if (match) columns.add((match[1] as string).replace(/``/g, '`'));
  }
  return columns;
}

/**
 * The server default as SQL. MariaDB stores it as SQL already (`'text'`, `3`,
 * `current_timestamp()`, and `NULL` for none); MySQL stores a literal's value bare and marks
 * an expression DEFAULT_GENERATED.
 */
function serverDefault(
  value: unknown,
  extra: string,
  type: TypeEngine,
  mariadb: boolean,
): string | null {
  if (value === null || value === undefined) return null;
  const stored = String(value);
  if (mariadb) return stored === 'NULL' ? null : stored;
  if (extra.includes('default_generated')) return stored;
  const numeric = ['integer', 'small_integer', 'big_integer', 'float', 'numeric', 'boolean'];
  if (numeric.includes(type.typeName) && /^-?[\d.eE+-]+$/.test(stored)) return stored;
  return `'${stored.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const actions = new Set(['CASCADE', 'SET NULL', 'SET DEFAULT', 'NO ACTION']);

/** RESTRICT, the default, is null. */
function referentialAction(rule: unknown): string | null {
  const stored = String(rule ?? '').toUpperCase();
  return actions.has(stored) ? stored : null;
}

/** The values of `enum('a','it''s')` as written in COLUMN_TYPE. */
function enumValues(list: string): string[] {
  const values: string[] = [];
  const literal = /'((?:[^'\\]|''|\\.)*)'/g;
  for (const match of list.matchAll(literal)) {
    values.push((match[1] as string).replace(/''/g, "'").replace(/\\(.)/g, (_, ch: string) => ch));
  }
  return values;
}

/** The type for a COLUMN_TYPE (`varchar(50)`, `int(11) unsigned`); others are NullType. */
export function mysqlType(columnType: string): TypeEngine {
  const match = /^([a-z]+)\s*(?:\((.*)\))?/i.exec(columnType.trim());
  if (!match) return nullType;
  const name = (match[1] as string).toLowerCase();
  const list = match[2] ?? '';
  const args = list
    .split(',')
    .filter((arg) => arg.trim() !== '')
    .map(Number);
  switch (name) {
    case 'tinyint':
      return args[0] === 1 ? BooleanOf() : SmallInteger();
    case 'bool':
    case 'boolean':
      return BooleanOf();
    case 'smallint':
      return SmallInteger();
    case 'mediumint':
    case 'int':
    case 'integer':
      return Integer();
    case 'bigint':
      return BigInteger();
    case 'varchar':
    case 'char':
      return StringOf(args[0]);
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return Text();
    case 'decimal':
    case 'numeric':
      return Numeric(args[0], args[1]);
    case 'float':
    case 'double':
    case 'real':
      return Float();
    case 'date':
      return DateOf();
    case 'datetime':
    case 'timestamp':
      return DateTime();
    case 'time':
      return Time();
    case 'json':
      return JSONOf();
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
    case 'binary':
    case 'varbinary':
      return LargeBinary();
    case 'uuid':
      return Uuid();
    case 'enum':
      return Enum(enumValues(list));
    default:
      return nullType;
  }
}
