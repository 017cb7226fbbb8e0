import {
  BigInteger,
  Boolean as BooleanOf,
  bindparam,
  byName,
  type CatalogRows,
  cast,
  Date as DateOf,
  DateTime,
  Enum,
  Float,
  func,
  Integer,
  Interval,
  JSON as JSONOf,
  LargeBinary,
  literalColumn,
  Numeric,
  nameOf,
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
import { pgClass, pgConstraint, pgNamespace } from './postgres-catalog.js';

/**
 * The table `:table` in `:schema`, or, when `:schema` is null, the one the search_path finds
 * first (as an unqualified name in a query would). SQL text: the queries that stay text embed
 * it too, and the `select()` queries take it as a raw expression, so it is written once.
 */
const tableOid =
  '(SELECT c.oid FROM pg_catalog.pg_class c ' +
  'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
  "WHERE c.relname = :table AND c.relkind IN ('r', 'p', 'v', 'm', 'f') " +
  'AND (n.nspname = :schema OR (CAST(:schema AS TEXT) IS NULL AND pg_catalog.pg_table_is_visible(c.oid))))';

/** The schema a null `schema` stands for in name listings: the first on the search_path. */
const listedSchema = func.coalesce(
  cast(bindparam<string | null>('schema'), Text()),
  func.call<string>('current_schema'),
);

/**
 * How the PostgreSQL dialect reads the schema back, from `pg_catalog`: with `select()` over the
 * catalog tables of postgres-catalog.ts where the expression language can say the query, as SQL
 * text with bound parameters where it cannot (each says why).
 *
 * Referential actions: a foreign key that names none gets NO ACTION, stored the same as an
 * explicit NO ACTION; both are reported as null, so a reflected key compiles back to the same
 * DDL. The same rule holds on SQLite (NO ACTION) and MySQL (RESTRICT).
 */
export const postgresReflection: ReflectionQueries = {
  async getSchemaNames(conn) {
    const { nspname } = pgNamespace.c;
    const rows = await queryRows(
      conn,
      select(nspname.label('name')).where(
        nspname.notLike('pg\\_%'),
        nspname.ne('information_schema'),
      ),
    );
    return rows.map(nameOf).sort(byName);
  },

  getTableNames(conn, schema) {
    return relationNames(conn, ['r', 'p', 'f'], schema);
  },

  /** Views and materialized views. */
  getViewNames(conn, schema) {
    return relationNames(conn, ['v', 'm'], schema);
  },

  async hasTable(conn, table, schema) {
    // SQL text: the query is the table lookup alone.
    const rows = await queryRows(conn, `SELECT ${tableOid} AS oid`, { table, schema });
    return rows[0]?.oid !== null && rows[0]?.oid !== undefined;
  },

  async getColumns(conn, table, schema) {
    // SQL text: json_agg(... ORDER BY ...) has no spelling in the expression language.
    const rows = await queryRows(
      conn,
      'SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, ' +
        'NOT a.attnotnull AS nullable, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS "default", ' +
        'a.attidentity AS identity, a.attgenerated AS generated, ' +
        'pg_catalog.col_description(a.attrelid, a.attnum) AS comment, t.typname AS type_name, ' +
        '(SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e ' +
        'WHERE e.enumtypid = a.atttypid) AS labels ' +
        'FROM pg_catalog.pg_attribute a ' +
        'JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ' +
        'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
        `WHERE a.attrelid = ${tableOid} AND a.attnum > 0 AND NOT a.attisdropped ` +
        'ORDER BY a.attnum',
      { table, schema },
    );
    return rows.map((row) => {
      const identity = String(row.identity ?? '') !== '';
      const generated = String(row.generated ?? '') !== '';
      const serverDefault = generated || row.default === null ? null : String(row.default);
      const labels = typeof row.labels === 'string' ? JSON.parse(row.labels) : row.labels;
      return {
        name: String(row.name),
        type: Array.isArray(labels)
          ? Enum(labels.map(String), { name: String(row.type_name) })
          : postgresType(String(row.type)),
        nullable: row.nullable === true,
        default: serverDefault,
        // SERIAL is a nextval() default; identity columns have none.
        autoincrement: identity || (serverDefault?.startsWith('nextval(') ?? false),
        comment: row.comment === null ? null : String(row.comment),
      };
    });
  },

  async getPkConstraint(conn, table, schema) {
    const rows = await constraintColumns(conn, table, schema, 'p');
    return {
      name: rows[0] ? String(rows[0].constraint_name) : null,
      constrainedColumns: rows.map(nameOf),
    };
  },

  async getForeignKeys(conn, table, schema) {
    // SQL text: unnest(...) WITH ORDINALITY, a table function, pairs the key columns in order.
    const rows = await queryRows(
      conn,
      'SELECT con.conname AS constraint_name, a.attname AS name, fa.attname AS referred_name, ' +
        'fc.relname AS referred_table, fn.nspname AS referred_schema, ' +
        'pg_catalog.pg_table_is_visible(fc.oid) AS visible, ' +
        'con.confdeltype AS on_delete, con.confupdtype AS on_update ' +
        'FROM pg_catalog.pg_constraint con ' +
        'CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord) ' +
        'JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ' +
        'JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum ' +
        'JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid ' +
        'JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace ' +
        `WHERE con.contype = 'f' AND con.conrelid = ${tableOid} ` +
        'ORDER BY con.conname, k.ord',
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
      keys.set(name, {
        name,
        constrainedColumns: [String(row.name)],
        // Null when a bare name finds it: reflecting without a schema, it is on the search_path.
        referredSchema:
          schema === null && row.visible === true ? null : String(row.referred_schema),
        referredTable: String(row.referred_table),
        referredColumns: [String(row.referred_name)],
        onDelete: referentialAction(row.on_delete),
        onUpdate: referentialAction(row.on_update),
      });
    }
    return [...keys.values()];
  },

  async getIndexes(conn, table, schema) {
    // SQL text: unnest(...) WITH ORDINALITY, a table function, lists the key columns in order.
    const rows = await queryRows(
      conn,
      'SELECT ic.relname AS index_name, i.indisunique AS is_unique, k.attnum, a.attname AS name ' +
        'FROM pg_catalog.pg_index i ' +
        'JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid ' +
        'CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ' +
        'LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ' +
        `WHERE i.indrelid = ${tableOid} AND NOT i.indisprimary AND k.ord <= i.indnkeyatts ` +
        // Leave out the indexes that back a constraint (PRIMARY KEY, UNIQUE, EXCLUDE).
        'AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con ' +
        "WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) " +
        'ORDER BY ic.relname, k.ord',
      { table, schema },
    );
    const indexes = new Map<string, { columns: (string | null)[]; unique: boolean }>();
    for (const row of rows) {
      const name = String(row.index_name);
      const index = indexes.get(name) ?? { columns: [], unique: row.is_unique === true };
      // attnum 0 is an expression: such an index cannot be described by column names.
      index.columns.push(Number(row.attnum) === 0 ? null : String(row.name));
      indexes.set(name, index);
    }
    return [...indexes]
      .filter(([, index]) => index.columns.every((column) => column !== null))
      .map(([name, index]) => ({
        name,
        columnNames: index.columns as string[],
        unique: index.unique,
      }));
  },

  async getUniqueConstraints(conn, table, schema) {
    const rows = await constraintColumns(conn, table, schema, 'u');
    const constraints = new Map<string, string[]>();
    for (const row of rows) {
      const name = String(row.constraint_name);
      constraints.set(name, [...(constraints.get(name) ?? []), String(row.name)]);
    }
    return [...constraints].map(([name, columnNames]) => ({ name, columnNames }));
  },

  async getCheckConstraints(conn, table, schema) {
    const con = pgConstraint.c;
    const rows = await queryRows(
      conn,
      select(
        con.conname.label('name'),
        func.call<string>('pg_catalog.pg_get_constraintdef', con.oid).label('definition'),
      )
        .where(con.contype.eq('c'), con.conrelid.eq(literalColumn(tableOid)))
        .orderBy(con.conname),
      { table, schema },
    );
    return rows.map((row) => {
      const definition = String(row.definition);
      const match = /^CHECK\s*\((.*)\)(?:\s+NOT VALID)?$/s.exec(definition);
      return { name: String(row.name), sqltext: match ? (match[1] as string) : definition };
    });
  },

  async getTableComment(conn, table, schema) {
    // SQL text: the query is one function call on the table lookup.
    const rows = await queryRows(
      conn,
      `SELECT pg_catalog.obj_description(${tableOid}, 'pg_class') AS comment`,
      { table, schema },
    );
    const comment = rows[0]?.comment;
    return comment === null || comment === undefined ? null : String(comment);
  },
};

async function relationNames(
  conn: QueryRunner,
  kinds: readonly string[],
  schema: string | null,
): Promise<string[]> {
  const rows = await queryRows(
    conn,
    select(pgClass.c.relname.label('name'))
      .join(pgNamespace, pgNamespace.c.oid.eq(pgClass.c.relnamespace))
      .where(pgNamespace.c.nspname.eq(listedSchema), pgClass.c.relkind.in(kinds)),
    { schema },
  );
  return rows.map(nameOf).sort(byName);
}

/** The columns of a table's PRIMARY KEY or UNIQUE constraints, in key order. */
function constraintColumns(
  conn: QueryRunner,
  table: string,
  schema: string | null,
  type: 'p' | 'u',
): Promise<CatalogRows> {
  // SQL text: unnest(...) WITH ORDINALITY, a table function, lists the key columns in order.
  return queryRows(
    conn,
    'SELECT con.conname AS constraint_name, a.attname AS name ' +
      'FROM pg_catalog.pg_constraint con ' +
      'CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) ' +
      'JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ' +
      `WHERE con.contype = :type AND con.conrelid = ${tableOid} ORDER BY con.conname, k.ord`,
    { table, schema, type },
  );
}

const actions: Readonly<Record<string, string>> = {
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** `a` (NO ACTION, the default) is null. */
function referentialAction(code: unknown): string | null {
  return actions[String(code)] ?? null;
}

/** The type for what `format_type` prints; a name outside the list below is NullType. */
function postgresType(formatted: string): TypeEngine {
  const match = /^([a-z][a-z0-9_ ]*?)\s*(?:\(([^)]*)\))?((?: with(?:out)? time zone)?)$/.exec(
    formatted,
  );
  if (!match) return nullType;
  const name = `${match[1]}${match[3]}`;
  const args = (match[2] ?? '')
    .split(',')
    .filter((arg) => arg.trim() !== '')
    .map(Number);
  switch (name) {
    case 'integer':
      return Integer();
    case 'bigint':
      return BigInteger();
    case 'smallint':
      return SmallInteger();
    case 'character varying':
    case 'character':
      return StringOf(args[0]);
    case 'text':
      return Text();
    case 'boolean':
      return BooleanOf();
    case 'numeric':
      return Numeric(args[0], args[1]);
    case 'real':
    case 'double precision':
      return Float();
    case 'date':
      return DateOf();
    case 'timestamp without time zone':
    case 'timestamp':
      return DateTime();
    case 'timestamp with time zone':
      return DateTime({ timezone: true });
    case 'time without time zone':
    case 'time':
    case 'time with time zone':
      return Time();
    case 'json':
    case 'jsonb':
      return JSONOf();
    case 'bytea':
      return LargeBinary();
    case 'uuid':
      return Uuid();
    default:
      return name.startsWith('interval') ? Interval() : nullType;
  }
}
