import {
  BigInteger,
  Boolean as BooleanOf,
  Date as DateOf,
  DateTime,
  Float,
  Integer,
  Interval,
  JSON as JSONOf,
  LargeBinary,
  Numeric,
  nullType,
  type QueryRunner,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type ReflectedUniqueConstraint,
  type ReflectionQueries,
  SmallInteger,
  String as StringOf,
  Text,
  Time,
  type TypeEngine,
  text,
  Uuid,
} from '@athanor/core/dialect';
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
    const rows = await query(conn, "SELECT name FROM pragma_database_list WHERE name <> 'temp'");
    return rows.map((row) => String(row.name));
  },

  getTableNames(conn, schema) {
    return objectNames(conn, 'table', schema);
  },

  getViewNames(conn, schema) {
    return objectNames(conn, 'view', schema);
  },

  async hasTable(conn, table, schema) {
    const rows = await query(
      conn,
      `SELECT 1 AS found FROM ${master(schema)} WHERE type IN ('table', 'view') AND name = :table`,
      { table },
    );
    return rows.length > 0;
  },

  async getColumns(conn, table, schema) {
    const rows = await query(
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
    const rows = await query(
      conn,
      'SELECT name FROM pragma_table_info(:table, :schema) WHERE pk > 0 ORDER BY pk',
      { table, schema: schema ?? 'main' },
    );
    const parsed = await parsedTable(conn, table, schema);
    return { name: parsed?.primaryKeyName ?? null, constrainedColumns: rows.map(nameOf) };
  },

  async getForeignKeys(conn, table, schema) {
    const rows = await query(
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

type Rows = readonly Record<string, unknown>[];

async function query(
  conn: QueryRunner,
  sql: string,
  params: Readonly<Record<string, unknown>> = {},
): Promise<Rows> {
  return (await conn.execute(text(sql), params)).all();
}

/** `"schema".sqlite_master`: a schema is an identifier, quoted, never a value. */
function master(schema: string | null): string {
  return `"${(schema ?? 'main').replace(/"/g, '""')}".sqlite_master`;
}

const nameOf = (row: Record<string, unknown>): string => String(row.name);

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function objectNames(
  conn: QueryRunner,
  type: 'table' | 'view',
  schema: string | null,
): Promise<string[]> {
  const rows = await query(
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
  columns: Rows,
): Promise<string | null> {
  const key = columns.filter((row) => Number(row.pk) > 0);
  const only = key[0];
  if (key.length !== 1 || !only || String(only.type).toUpperCase() !== 'INTEGER') return null;
  const listed = await query(
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
  const list = await query(
    conn,
    'SELECT name, "unique" AS is_unique, partial FROM pragma_index_list(:table, :schema) ' +
      'WHERE origin = :origin',
    { table, schema: schema ?? 'main', origin },
  );
  const found: IndexInfo[] = [];
  for (const index of list) {
    const name = String(index.name);
    const columns = await query(
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
export function sqliteType(declared: string): TypeEngine {
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

// ---- What the CREATE TABLE statement says and the pragmas do not ----

interface ParsedTable {
  readonly primaryKeyName: string | null;
  readonly uniques: { name: string | null; columns: string[] }[];
  readonly checks: { name: string | null; sqltext: string }[];
  readonly foreignKeys: { name: string | null; columns: string[]; referredTable: string }[];
}

async function parsedTable(
  conn: QueryRunner,
  table: string,
  schema: string | null,
): Promise<ParsedTable | null> {
  const rows = await query(
    conn,
    `SELECT sql FROM ${master(schema)} WHERE type = 'table' AND name = :table`,
    { table },
  );
  const sql = rows[0]?.sql;
  return typeof sql === 'string' ? parseCreateTable(sql) : null;
}

interface Token {
  /** `word` is a bare word (a keyword or a name); `name` a quoted identifier. */
  readonly kind: 'word' | 'name' | 'string' | 'punct';
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const start = i;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let value = '';
      i++;
      while (i < sql.length) {
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) {
            value += close;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i];
        i++;
      }
      tokens.push({ kind: ch === "'" ? 'string' : 'name', value, start, end: i });
    } else if (/[\p{L}\p{N}_$]/u.test(ch)) {
      while (i < sql.length && /[\p{L}\p{N}_$]/u.test(sql[i] as string)) i++;
      tokens.push({ kind: 'word', value: sql.slice(start, i), start, end: i });
    } else {
      i++;
      tokens.push({ kind: 'punct', value: ch, start, end: i });
    }
  }
  return tokens;
}

const isWord = (token: Token | undefined, word: string): boolean =>
  token?.kind === 'word' && token.value.toUpperCase() === word;

const isPunct = (token: Token | undefined, value: string): boolean =>
  token?.kind === 'punct' && token.value === value;

/** The index just past the parenthesised group that opens at `open`. */
function groupEnd(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/** The names listed in the group that opens at `open`: `(a, "b" COLLATE nocase, c DESC)`. */
function nameList(tokens: readonly Token[], open: number): string[] {
  const names: string[] = [];
  let expectName = true;
  for (let i = open + 1; i < groupEnd(tokens, open) - 1; i++) {
    const token = tokens[i] as Token;
    if (isPunct(token, ',')) expectName = true;
    else if (expectName && (token.kind === 'word' || token.kind === 'name')) {
      names.push(token.value);
      expectName = false;
    }
  }
  return names;
}

const tableConstraintWords = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** The constraint names and CHECK conditions of a CREATE TABLE statement. */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const parsed: ParsedTable = { primaryKeyName: null, uniques: [], checks: [], foreignKeys: [] };
  const open = tokens.findIndex((token) => isPunct(token, '('));
  if (open < 0) return parsed;
  const close = groupEnd(tokens, open) - 1;
  // Split the definitions at the commas outside parentheses.
  const items: Token[][] = [];
  let item: Token[] = [];
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i] as Token;
    if (isPunct(token, '(')) {
      const end = groupEnd(tokens, i);
      item.push(...tokens.slice(i, end));
      i = end - 1;
    } else if (isPunct(token, ',')) {
      items.push(item);
      item = [];
    } else item.push(token);
  }
  items.push(item);

  let primaryKeyName: string | null = null;
  for (const definition of items) {
    const first = definition[0];
    if (!first) continue;
    const column =
      first.kind === 'word' && tableConstraintWords.has(first.value.toUpperCase())
        ? null
        : first.value;
    let name: string | null = null;
    for (let i = column === null ? 0 : 1; i < definition.length; i++) {
      const token = definition[i] as Token;
      if (isPunct(token, '(')) {
        i = groupEnd(definition, i) - 1;
        name = null;
      } else if (isWord(token, 'CONSTRAINT')) {
        const named = definition[i + 1];
        name = named ? named.value : null;
        i++;
      } else if (isWord(token, 'PRIMARY')) {
        primaryKeyName = name;
        name = null;
      } else if (isWord(token, 'UNIQUE')) {
        const listed = isPunct(definition[i + 1], '(') ? nameList(definition, i + 1) : null;
        const columns = listed ?? (column === null ? [] : [column]);
        parsed.uniques.push({ name, columns });
        name = null;
      } else if (isWord(token, 'CHECK') && isPunct(definition[i + 1], '(')) {
        const end = groupEnd(definition, i + 1);
        const from = (definition[i + 1] as Token).end;
        const to = (definition[end - 1] as Token).start;
        parsed.checks.push({ name, sqltext: sql.slice(from, to).trim() });
        i = end - 1;
        name = null;
      } else if (isWord(token, 'FOREIGN') && isPunct(definition[i + 2], '(')) {
        const columns = nameList(definition, i + 2);
        let j = groupEnd(definition, i + 2);
        if (isWord(definition[j], 'REFERENCES')) j++;
        const referred = referredName(definition, j);
        if (referred) parsed.foreignKeys.push({ name, columns, referredTable: referred });
        i = j;
        name = null;
      } else if (isWord(token, 'REFERENCES') && column !== null) {
        const referred = referredName(definition, i + 1);
        if (referred) parsed.foreignKeys.push({ name, columns: [column], referredTable: referred });
        name = null;
      } else if (token.kind === 'word') {
        name = null;
      }
    }
  }
  return { ...parsed, primaryKeyName };
}

/** `schema.table` or `table` at `at`: the table's name. */
function referredName(tokens: readonly Token[], at: number): string | null {
  const first = tokens[at];
  if (!first || (first.kind !== 'word' && first.kind !== 'name')) return null;
  if (isPunct(tokens[at + 1], '.')) return tokens[at + 2]?.value ?? null;
  return first.value;
}
