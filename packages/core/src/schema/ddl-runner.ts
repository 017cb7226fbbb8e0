import { ArgumentError } from '../errors.js';
import { text } from '../sql/text-clause.js';
import { Column } from './column.js';
import {
  CheckConstraint,
  type Constraint,
  ForeignKeyConstraint,
  Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from './constraints.js';
import {
  AddConstraint,
  CreateIndex,
  CreateTable,
  DeferForeignKeys,
  DropConstraint,
  DropTable,
  SetComment,
} from './ddl.js';
import type { DdlConnection, MetaData } from './metadata.js';
import { sortTables } from './sort-tables.js';
import { type AnyTable, type ColumnMap, Table } from './table.js';

/** How the dialect stores comments: inline in CREATE TABLE, as COMMENT ON statements, or not. */
type CommentStyle = 'inline' | 'statement' | 'none';

function commentStyle(conn: DdlConnection): CommentStyle {
  return (conn.dialect.capabilities as { commentStyle?: CommentStyle }).commentStyle ?? 'none';
}

async function existing(conn: DdlConnection, tables: readonly AnyTable[]): Promise<Set<AnyTable>> {
  const found = new Set<AnyTable>();
  for (const table of tables) {
    if (await conn.dialect.reflection.hasTable(conn, table.name, table.schema)) found.add(table);
  }
  return found;
}

/** CREATE TABLE for each table not there yet, in foreign key order, with indexes and comments. */
export async function createTables(
  conn: DdlConnection,
  tables: readonly AnyTable[],
  checkFirst: boolean,
): Promise<void> {
  const order = sortTables(tables);
  const present = checkFirst ? await existing(conn, order.tables) : new Set<AnyTable>();
  const alter = conn.dialect.capabilities.alterForeignKeys;
  // Without ALTER TABLE (SQLite) every foreign key stays inline: SQLite checks them only on DML.
  const deferred = alter ? order.deferredForeignKeys : [];
  const created: AnyTable[] = [];
  for (const table of order.tables) {
    if (present.has(table)) continue;
    const withoutForeignKeys = deferred.filter((fk) => fk.table === table);
    await conn.execute(new CreateTable(table, { withoutForeignKeys }));
    if (commentStyle(conn) === 'statement') {
      if (table.comment !== undefined) await conn.execute(new SetComment(table));
      for (const column of table.columns) {
        if (column.comment !== undefined) await conn.execute(new SetComment(table, column.key));
      }
    }
    for (const index of table.indexes) await conn.execute(new CreateIndex(index));
    created.push(table);
  }
  for (const fk of deferred) {
    if (created.includes(fk.table)) await conn.execute(new AddConstraint(fk));
  }
}

/** DROP TABLE for each table that is there, in reverse foreign key order. */
export async function dropTables(
  conn: DdlConnection,
  tables: readonly AnyTable[],
  checkFirst: boolean,
): Promise<void> {
  const order = sortTables(tables);
  const present = checkFirst ? await existing(conn, order.tables) : new Set(order.tables);
  // A cycle of foreign keys blocks every drop order once its tables hold rows.
  const cycle = order.deferredForeignKeys.filter(
    (fk) => present.has(fk.table) && present.has(fk.referredTable),
  );
  if (conn.dialect.capabilities.alterForeignKeys) {
    // Drop the constraints that close the cycles first.
    for (const fk of cycle) await conn.execute(new DropConstraint(fk));
  } else if (cycle.length > 0) {
    // Without ALTER TABLE (SQLite), DROP TABLE first deletes the rows, and the rows of the other
    // table of the cycle still refer to them. Checking foreign keys at COMMIT instead lets every
    // table of the cycle go first. Turning the checks off (SQLite's PRAGMA foreign_keys) is not
    // possible inside the transaction dropAll runs in, and would also let a table outside the
    // drop keep rows that refer to dropped ones; deferred, those still fail the COMMIT.
    await conn.execute(new DeferForeignKeys());
  }
  for (const table of [...order.tables].reverse()) {
    if (present.has(table)) await conn.execute(new DropTable(table));
  }
}

/**
 * Reads one table from the database into `metadata`, with the tables its foreign keys refer to
 * (as SQLAlchemy's reflection does), and returns it.
 */
export async function reflectTable(
  conn: DdlConnection,
  metadata: MetaData,
  name: string,
  schema: string | null,
): Promise<AnyTable> {
  const known = metadata.tables.get(schema ? `${schema}.${name}` : name);
  if (known) return known;
  const reflection = conn.dialect.reflection;
  if (!(await reflection.hasTable(conn, name, schema))) {
    throw new ArgumentError(
      `Could not reflect table '${schema ? `${schema}.` : ''}${name}': it does not exist.`,
      { code: 'no-such-table' },
    );
  }
  const [columns, primaryKey, foreignKeys, indexes, uniques, checks, comment] = await Promise.all([
    reflection.getColumns(conn, name, schema),
    reflection.getPkConstraint(conn, name, schema),
    reflection.getForeignKeys(conn, name, schema),
    reflection.getIndexes(conn, name, schema),
    reflection.getUniqueConstraints(conn, name, schema),
    reflection.getCheckConstraints(conn, name, schema),
    reflection.getTableComment(conn, name, schema),
  ]);

  const columnMap: Record<string, Column> = {};
  for (const column of columns) {
    // An autoincrement column's default is how the database generates it (PostgreSQL's
    // `nextval('t_id_seq'::regclass)` of a SERIAL): `autoincrement` recreates that mechanism,
    // while the default would name the original table's sequence and, with SERIAL, be a second
    // default ("multiple default values specified").
    const serverDefault = column.autoincrement ? null : column.default;
    columnMap[column.name] = new Column(column.type, {
      nullable: column.nullable,
      autoincrement: column.autoincrement,
      ...(serverDefault === null ? {} : { serverDefault: text(serverDefault) }),
      ...(column.comment === null ? {} : { comment: column.comment }),
    });
  }
  const constraints: Constraint[] = [];
  if (primaryKey.constrainedColumns.length > 0) {
    constraints.push(
      new PrimaryKeyConstraint(
        ...primaryKey.constrainedColumns,
        ...(primaryKey.name ? [{ name: primaryKey.name }] : []),
      ),
    );
  }
  for (const fk of foreignKeys) {
    const prefix = fk.referredSchema ? `${fk.referredSchema}.` : '';
    constraints.push(
      new ForeignKeyConstraint(
        fk.constrainedColumns,
        fk.referredColumns.map((column) => `${prefix}${fk.referredTable}.${column}`),
        {
          ...(fk.name ? { name: fk.name } : {}),
          ...(fk.onDelete ? { onDelete: fk.onDelete as 'CASCADE' } : {}),
          ...(fk.onUpdate ? { onUpdate: fk.onUpdate as 'CASCADE' } : {}),
        },
      ),
    );
  }
  for (const unique of uniques) {
    constraints.push(
      new UniqueConstraint(...unique.columnNames, ...(unique.name ? [{ name: unique.name }] : [])),
    );
  }
  for (const check of checks) {
    constraints.push(new CheckConstraint(check.sqltext, check.name ? { name: check.name } : {}));
  }
  const table = new Table(name, metadata, columnMap as ColumnMap, {
    ...(schema ? { schema } : {}),
    ...(comment === null ? {} : { comment }),
    constraints,
    indexes: indexes.map(
      (index) => new Index(index.name, ...index.columnNames, { unique: index.unique }),
    ),
  });
  for (const fk of foreignKeys) {
    const referredSchema = fk.referredSchema ?? schema;
    const key = referredSchema ? `${referredSchema}.${fk.referredTable}` : fk.referredTable;
    if (!metadata.tables.has(key))
      await reflectTable(conn, metadata, fk.referredTable, referredSchema);
  }
  return table;
}
