import {
  type AnyTable,
  CheckConstraint,
  Column,
  type Connection,
  type Constraint,
  CreateIndex,
  CreateTable,
  type Dialect,
  DropTable,
  ForeignKeyConstraint,
  InvalidRequestError,
  insert,
  MetaData,
  PrimaryKeyConstraint,
  RenameTable,
  select,
  Table,
  text,
  UniqueConstraint,
} from '@athanor/core';
import type { MigrationContext } from '../runtime/migration-context.js';
import type { BatchChange } from './batch-changes.js';
import { resolveColumnNames } from './batch-column-names.js';
import { enumChecksReplaced, namedEnum } from './enum-check.js';
import { checkForeignKeys } from './sqlite-foreign-key-check.js';
import { standInTable } from './stand-in-table.js';

/**
 * Applies `changes` to a SQLite table by re-creating it, as SQLite's documented ALTER procedure
 * does (https://www.sqlite.org/lang_altertable.html#otheralter): read the table's definition,
 * create `_athanor_batch_<t>` with the changes, copy the rows, drop the old table, rename the
 * new one, re-create the indexes, then check the foreign keys. Runs inside the migration's
 * transaction, so a failure leaves the table as it was. With `copyFrom` (Alembic's `copy_from`)
 * the definition and indexes come from that Table instead of the database, so it runs offline.
 */
export async function recreateTable(
  context: MigrationContext,
  tableName: string,
  schema: string | undefined,
  changes: readonly BatchChange[],
  copyFrom?: AnyTable,
): Promise<void> {
  const connection = context.connection;
  if (!connection && !copyFrom) {
    throw new InvalidRequestError(
      `SQLite cannot ALTER '${tableName}' in place: batch mode re-creates the table from its ` +
        'definition, read from the database, and offline (--sql) there is no database. Give the ' +
        'definition instead: op.batchAlterTable(table, async (batch) => { ... }, { copyFrom: ' +
        "theTableAsItIsNow }) (Alembic's copy_from), or run this migration online.",
      { code: 'batch-offline' },
    );
  }
  const work = async () => {
    // With copyFrom, the definition (indexes included) comes from it, online as offline, so
    // the offline script is the statements the online run sends.
    const old =
      copyFrom ??
      (await new MetaData().reflectTable(connection as Connection, tableName, {
        ...(schema === undefined ? {} : { schema }),
      }));
    // Before anything is sent: a change naming no column of the table is a mistake to report.
    const resolved = resolveColumnNames(old, changes);
    const referrers = connection ? await referringTables(connection, tableName) : [];
    if (connection && referrers.length > 0) {
      await requireForeignKeysOff(connection, tableName, referrers);
    }
    const indexes = copyFrom
      ? copyFrom.indexes
      : await storedIndexes(connection as Connection, tableName, schema);
    const { table, copied } = newDefinition(
      context.dialect,
      old,
      resolved,
      `_athanor_batch_${tableName}`,
      schema,
    );
    await context.emit(new CreateTable(table));
    if (copied.length > 0) {
      const from = select(...copied.map(([, fromName]) => old.column(fromName)));
      const into = copied.map(([to]) => to);
      await context.emit(insert(table).fromSelect(into, from));
    }
    await context.emit(new DropTable(standInTable(tableName, schema)));
    await context.emit(new RenameTable(standInTable(table.name, schema), tableName));
    const kept = new Set(table.columns.map((column) => column.name.toLowerCase()));
    const gone = new Set(
      old.columns.map((column) => column.name.toLowerCase()).filter((c) => !kept.has(c)),
    );
    for (const index of indexes) {
      if (typeof index === 'string') {
        if (!mentionsAny(index, gone)) await context.emit(index);
      } else if (!index.columns.some((column) => gone.has(column.name.toLowerCase()))) {
        await context.emit(new CreateIndex(index));
      }
    }
    if (connection) await checkForeignKeys(connection, [tableName, ...referrers]);
  };
  await (context.withoutForeignKeys ? context.withoutForeignKeys(work) : work());
}

/** The new table: the reflected one with the changes, and which columns copy from which. */
function newDefinition(
  dialect: Dialect,
  old: AnyTable,
  changes: readonly BatchChange[],
  name: string,
  schema: string | undefined,
): { table: AnyTable; copied: [string, string][] } {
  const columns: Record<string, Column> = {};
  const copied: [string, string][] = [];
  for (const column of old.columns) {
    if (changes.some((c) => c.kind === 'drop_column' && c.name === column.name)) continue;
    let type = column.type;
    // The key, UNIQUE, foreign keys and indexes come from the table's constraints and indexes
    // (a copyFrom Table declares them on its columns too): once, not twice.
    const {
      primaryKey: _key,
      unique: _unique,
      index: _index,
      foreignKey: _foreignKey,
      ...columnOptions
    } = column.options;
    let options = columnOptions;
    for (const change of changes) {
      if (change.kind !== 'alter_column' || change.name !== column.name) continue;
      if (change.type !== undefined) type = change.type;
      if (change.nullable !== undefined) options = { ...options, nullable: change.nullable };
      if (change.serverDefault === null) {
        const { serverDefault: _dropped, ...rest } = options;
        options = rest;
      } else if (change.serverDefault !== undefined) {
        options = { ...options, serverDefault: change.serverDefault };
      }
    }
    columns[column.name] = new Column(namedEnum(dialect, old.name, column.name, type), options);
    copied.push([column.name, column.name]);
  }
  for (const change of changes) {
    if (change.kind !== 'add_column') continue;
    const type = namedEnum(dialect, old.name, change.name, change.column.type);
    columns[change.name] =
      type === change.column.type ? change.column : new Column(type, change.column.options);
  }
  const staleChecks = enumChecksReplaced(dialect, old.name, changes);
  const remaining = new Set(Object.keys(columns));
  const constraints: Constraint[] = [];
  const keyColumns = old.primaryKey.columns.map((c) => c.name).filter((c) => remaining.has(c));
  const dropsKey = changes.some((c) => c.kind === 'drop_constraint' && c.type === 'primary');
  if (keyColumns.length > 0 && !dropsKey) {
    constraints.push(new PrimaryKeyConstraint(...keyColumns, ...named(old.primaryKey.name)));
  }
  for (const constraint of old.constraints) {
    const dropped =
      changes.some((c) => c.kind === 'drop_constraint' && c.name === constraint.name) ||
      (constraint instanceof CheckConstraint && staleChecks.has(constraint.name ?? ''));
    const copy = dropped ? null : copyConstraint(constraint, remaining);
    if (copy) constraints.push(copy);
  }
  for (const change of changes) {
    if (change.kind === 'add_constraint') constraints.push(change.constraint);
  }
  const table = new Table(name, new MetaData(), columns, {
    ...(schema === undefined ? {} : { schema }),
    constraints,
  });
  return { table, copied };
}

const named = (name: string | undefined) => (name === undefined ? [] : [{ name }]);

/** A constraint of the old table for the new one, unless a column it needs is gone. */
function copyConstraint(constraint: Constraint, remaining: ReadonlySet<string>): Constraint | null {
  if (constraint instanceof ForeignKeyConstraint) {
    const columns = constraint.columns.map((column) => column.name);
    if (!columns.every((column) => remaining.has(column))) return null;
    return new ForeignKeyConstraint(columns, constraint.targets, constraint.options);
  }
  if (constraint instanceof UniqueConstraint) {
    const columns = constraint.columns.map((column) => column.name);
    if (!columns.every((column) => remaining.has(column))) return null;
    return new UniqueConstraint(...columns, ...named(constraint.name));
  }
  // A CHECK is SQL text: keep it unless it names a column that is gone.
  const sqltext = (constraint as { sqltext?: string }).sqltext ?? '';
  const words = new Set(sqltext.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  const table = constraint.table;
  const gone = table.columns.some(
    (column) => !remaining.has(column.name) && words.has(column.name.toLowerCase()),
  );
  return gone ? null : constraint;
}

/** The CREATE INDEX statements of a table as SQLite stores them (not the automatic ones). */
async function storedIndexes(
  connection: Connection,
  table: string,
  schema: string | undefined,
): Promise<string[]> {
  const master = `"${(schema ?? 'main').replace(/"/g, '""')}".sqlite_master`;
  const sql = `SELECT sql FROM ${master} WHERE type = 'index' AND tbl_name = :table AND sql IS NOT NULL`;
  const rows = (await connection.execute(text(sql), { table })).all();
  return rows.map((row) => String(row.sql));
}

/**
 * True when an index's SQL names one of `gone` (its columns, expressions and WHERE, after the
 * table's name): such an index cannot be re-created, as Alembic drops it with the column.
 * A word followed by `(` is a function, not a column.
 */
function mentionsAny(indexSql: string, gone: ReadonlySet<string>): boolean {
  const on = indexSql.search(/\sON\s/i);
  const body = indexSql.slice(indexSql.indexOf('(', on));
  for (const match of body.matchAll(
    /"((?:[^"]|"")*)"|`([^`]*)`|([A-Za-z_][A-Za-z0-9_]*)(\s*\()?/g,
  )) {
    if (match[4]) continue;
    const word = (match[1]?.replace(/""/g, '"') ?? match[2] ?? match[3] ?? '').toLowerCase();
    if (gone.has(word)) return true;
  }
  return false;
}

/** The tables whose foreign keys refer to `table` (itself included). */
async function referringTables(connection: Connection, table: string): Promise<string[]> {
  const rows = (
    await connection.execute(
      text(
        'SELECT DISTINCT m.name AS name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = \'table\' AND f."table" = :table COLLATE NOCASE',
      ),
      { table },
    )
  ).all();
  return rows.map((row) => String(row.name));
}

/** Dropping a table others refer to needs enforcement off; SQLite cannot turn it off here. */
async function requireForeignKeysOff(
  connection: Connection,
  table: string,
  referrers: readonly string[],
): Promise<void> {
  const [row] = (await connection.execute(text('PRAGMA foreign_keys'))).all();
  if (Number(row?.foreign_keys) === 0) return;
  throw new InvalidRequestError(
    `SQLite batch mode re-creates '${table}', which ${referrers.join(', ')} refer to by foreign ` +
      'key: that needs foreign key enforcement off (PRAGMA foreign_keys = OFF), which SQLite ' +
      'ignores inside a transaction. The athanor runtime turns it off before the migration ' +
      'begins; with a context of your own, run PRAGMA foreign_keys = OFF before BEGIN.',
    { code: 'batch-foreign-keys' },
  );
}

/**
 * True when SQLite's own `ALTER TABLE ... DROP COLUMN` can drop the column: SQLite refuses
 * one that is in the primary key, a UNIQUE, a foreign key, an index, or a CHECK.
 */
export async function canDropNatively(
  connection: Connection,
  table: string,
  schema: string | undefined,
  column: string,
): Promise<boolean> {
  const reflected = await new MetaData().reflectTable(connection, table, {
    ...(schema === undefined ? {} : { schema }),
  });
  const gone = new Set([column.toLowerCase()]);
  const named = (c: Column) => c.name.toLowerCase() === column.toLowerCase();
  if (reflected.primaryKey.columns.some(named)) return false;
  for (const constraint of reflected.constraints) {
    if (
      copyConstraint(
        constraint,
        new Set(
          [...reflected.columns.map((c) => c.name)].filter((c) => !gone.has(c.toLowerCase())),
        ),
      ) === null
    )
      return false;
  }
  const indexes = await storedIndexes(connection, table, schema);
  return !indexes.some((index) => mentionsAny(index, gone));
}
