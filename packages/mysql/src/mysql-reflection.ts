import {
  and,
  BigInteger,
  Boolean as BooleanOf,
  bindparam,
  byName,
  type CatalogRows,
  type ColumnElement,
  Date as DateOf,
  DateTime,
  Enum,
  exists,
  Float,
  func,
  Integer,
  JSON as JSONOf,
  LargeBinary,
  literalColumn,
  Numeric,
  nameOf,
  not,
  nullType,
  type QueryRunner,
  queryRows,
  type ReflectedForeignKey,
  type ReflectionQueries,
  SmallInteger,
  String as StringOf,
  select,
  Text,
  Time,
  type TypeEngine,
  Uuid,
} from '@athanor/core/dialect';
import {
  checkConstraints,
  columns,
  keyColumnUsage,
  referentialConstraints,
  schemata,
  statistics,
  tableConstraints,
  tables,
} from './mysql-catalog.js';

/** The database `schema` names, or the connection's current one when it is null. */
const inSchema = func.coalesce(bindparam<string | null>('schema'), func.call<string>('DATABASE'));

/**
 * How the MySQL / MariaDB dialect reads the schema back, from `information_schema`, with
 * `select()` over its tables (mysql-catalog.ts).
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
    const rows = await queryRows(conn, select(schemata.c.SCHEMA_NAME.label('name')));
    return rows.map(nameOf).sort(byName);
  },

  getTableNames(conn, schema) {
    // MariaDB lists system-versioned tables under a type of their own.
    return tableNames(conn, schema, tables.c.TABLE_TYPE.in(['BASE TABLE', 'SYSTEM VERSIONED']));
  },

  getViewNames(conn, schema) {
    return tableNames(conn, schema, tables.c.TABLE_TYPE.eq('VIEW'));
  },

  async hasTable(conn, table, schema) {
    // No MySQL name holds a character beyond U+FFFF (names are utf8mb3), so no such table
    // exists; the server would refuse to compare the name ('Illegal mix of collations'), and
    // createAll() would fail on that instead of on the CompileError that says why.
    if (/[\u{10000}-\u{10FFFF}]/u.test(table)) return false;
    const t = tables.c;
    const rows = await queryRows(
      conn,
      select(literalColumn('1').label('found')).where(
        t.TABLE_NAME.eq(bindparam('table')),
        t.TABLE_SCHEMA.eq(inSchema),
      ),
      { table, schema },
    );
    return rows.length > 0;
  },

  async getColumns(conn, table, schema) {
    const c = columns.c;
    const rows = await queryRows(
      conn,
      select(
        c.COLUMN_NAME.label('name'),
        c.COLUMN_TYPE.label('column_type'),
        c.DATA_TYPE.label('data_type'),
        c.IS_NULLABLE.label('nullable'),
        c.COLUMN_DEFAULT.label('column_default'),
        c.EXTRA.label('extra'),
        c.COLUMN_COMMENT.label('comment'),
      )
        .where(c.TABLE_SCHEMA.eq(inSchema), c.TABLE_NAME.eq(bindparam('table')))
        .orderBy(c.ORDINAL_POSITION),
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
    const rows = await indexColumns(conn, table, schema, statistics.c.INDEX_NAME.eq('PRIMARY'));
    // MySQL names every primary key PRIMARY, whatever the DDL said: that is no name.
    return { name: null, constrainedColumns: rows.map(nameOf) };
  },

  async getForeignKeys(conn, table, schema) {
    const k = keyColumnUsage.c;
    const r = referentialConstraints.c;
    const rows = await queryRows(
      conn,
      select(
        k.CONSTRAINT_NAME.label('constraint_name'),
        k.COLUMN_NAME.label('name'),
        k.REFERENCED_TABLE_SCHEMA.label('referred_schema'),
        k.REFERENCED_TABLE_NAME.label('referred_table'),
        k.REFERENCED_COLUMN_NAME.label('referred_name'),
        r.UPDATE_RULE.label('on_update'),
        r.DELETE_RULE.label('on_delete'),
        func.call<string>('DATABASE').label('current_schema'),
      )
        .selectFrom(keyColumnUsage)
        .join(
          referentialConstraints,
          and(
            r.CONSTRAINT_SCHEMA.eq(k.CONSTRAINT_SCHEMA),
            r.CONSTRAINT_NAME.eq(k.CONSTRAINT_NAME),
            r.TABLE_NAME.eq(k.TABLE_NAME),
          ),
        )
        .where(
          k.TABLE_SCHEMA.eq(inSchema),
          k.TABLE_NAME.eq(bindparam('table')),
          k.REFERENCED_TABLE_NAME.isNotNull(),
        )
        .orderBy(k.CONSTRAINT_NAME, k.ORDINAL_POSITION),
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
    const s = statistics.c;
    const tc = tableConstraints.c;
    const rows = await indexColumns(
      conn,
      table,
      schema,
      and(
        s.NON_UNIQUE.eq(1),
        not(
          exists(
            select(literalColumn('1')).where(
              tc.CONSTRAINT_SCHEMA.eq(s.TABLE_SCHEMA),
              tc.TABLE_NAME.eq(s.TABLE_NAME),
              tc.CONSTRAINT_NAME.eq(s.INDEX_NAME),
              tc.CONSTRAINT_TYPE.eq('FOREIGN KEY'),
            ),
          ),
        ),
      ),
    );
    return grouped(rows).map(([name, columnNames]) => ({ name, columnNames, unique: false }));
  },

  async getUniqueConstraints(conn, table, schema) {
    const s = statistics.c;
    const rows = await indexColumns(
      conn,
      table,
      schema,
      and(s.NON_UNIQUE.eq(0), s.INDEX_NAME.ne('PRIMARY')),
    );
    return grouped(rows).map(([name, columnNames]) => ({ name, columnNames }));
  },

  async getCheckConstraints(conn, table, schema) {
    // MariaDB names a column's CHECK after the column, so names repeat across tables: match
    // on the table too. MySQL's CHECK_CONSTRAINTS has no TABLE_NAME; its names are unique.
    const tc = tableConstraints.c;
    const cc = checkConstraints.c;
    const sameTable = (await isMariaDB(conn)) ? cc.TABLE_NAME.eq(tc.TABLE_NAME) : undefined;
    const rows = await queryRows(
      conn,
      select(tc.CONSTRAINT_NAME.label('name'), cc.CHECK_CLAUSE.label('sqltext'))
        .selectFrom(tableConstraints)
        .join(
          checkConstraints,
          and(
            cc.CONSTRAINT_SCHEMA.eq(tc.CONSTRAINT_SCHEMA),
            cc.CONSTRAINT_NAME.eq(tc.CONSTRAINT_NAME),
            sameTable,
          ),
        )
        .where(
          tc.TABLE_SCHEMA.eq(inSchema),
          tc.TABLE_NAME.eq(bindparam('table')),
          tc.CONSTRAINT_TYPE.eq('CHECK'),
        )
        .orderBy(tc.CONSTRAINT_NAME),
      { table, schema },
    );
    return rows
      .map((row) => ({ name: String(row.name), sqltext: String(row.sqltext) }))
      .filter((check) => !jsonValid.test(check.sqltext));
  },

  async getTableComment(conn, table, schema) {
    const t = tables.c;
    const rows = await queryRows(
      conn,
      select(t.TABLE_COMMENT.label('comment')).where(
        t.TABLE_SCHEMA.eq(inSchema),
        t.TABLE_NAME.eq(bindparam('table')),
        t.TABLE_TYPE.ne('VIEW'),
      ),
      { table, schema },
    );
    const comment = rows[0]?.comment;
    return comment === null || comment === undefined || comment === '' ? null : String(comment);
  },
};

/** MariaDB's JSON CHECK: `json_valid(`col`)`. */
const jsonValid = /^\s*json_valid\(`((?:[^`]|``)+)`\)\s*$/i;

const servers = new WeakMap<QueryRunner, boolean>();

async function isMariaDB(conn: QueryRunner): Promise<boolean> {
  let mariadb = servers.get(conn);
  if (mariadb === undefined) {
    const rows = await queryRows(conn, select(func.call<string>('VERSION').label('version')));
    mariadb = /mariadb/i.test(String(rows[0]?.version));
    servers.set(conn, mariadb);
  }
  return mariadb;
}

async function tableNames(
  conn: QueryRunner,
  schema: string | null,
  condition: ColumnElement<boolean>,
): Promise<string[]> {
  const rows = await queryRows(
    conn,
    select(tables.c.TABLE_NAME.label('name')).where(tables.c.TABLE_SCHEMA.eq(inSchema), condition),
    { schema },
  );
  return rows.map(nameOf).sort(byName);
}

/** The columns of a table's indexes matching `condition` (on STATISTICS), in order. */
function indexColumns(
  conn: QueryRunner,
  table: string,
  schema: string | null,
  condition: ColumnElement<boolean>,
): Promise<CatalogRows> {
  const s = statistics.c;
  return queryRows(
    conn,
    select(s.INDEX_NAME.label('index_name'), s.COLUMN_NAME.label('name'))
      .where(s.TABLE_SCHEMA.eq(inSchema), s.TABLE_NAME.eq(bindparam('table')), condition)
      .orderBy(s.INDEX_NAME, s.SEQ_IN_INDEX),
    { table, schema },
  );
}

/**
 * Index rows grouped by index, in name order; an index over an expression (MySQL 8's
 * functional key parts have no column name) cannot be described by column names and is left out.
 */
function grouped(rows: CatalogRows): [string, string[]][] {
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
  const cc = checkConstraints.c;
  const rows = await queryRows(
    conn,
    select(cc.CHECK_CLAUSE.label('clause')).where(
      cc.CONSTRAINT_SCHEMA.eq(inSchema),
      cc.TABLE_NAME.eq(bindparam('table')),
    ),
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
