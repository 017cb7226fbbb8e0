import { type AnyTable, type Connection, inspect, type MetaData, sortTables } from '@athanor/core';
import { compareColumns } from './compare-columns.js';
import { compareConstraints } from './compare-constraints.js';
import { tableSpec } from './metadata-specs.js';
import { orderDiffs } from './order-diffs.js';
import { type ReflectedTableSpec, reflectTableSpec } from './reflected-specs.js';
import type { CompareOptions, IncludedObjectType, SchemaDiff, TableSpec } from './schema-diff.js';

/** The version table's name when the options name none. */
export const defaultVersionTable = 'athanor_version';

/**
 * Compares the model (`metadata`) with the database `connection` is on and returns what differs
 * (Alembic's `compare_metadata`), ordered so the upgrade can run them one after the other:
 * foreign keys and indexes that go are dropped first, new tables are created in foreign key
 * order, columns are added, altered and dropped, old tables are dropped (referring tables
 * first), then new indexes, constraints and foreign keys are added. An in-sync database gives [].
 *
 * A table in the database and not in the model is left alone (the database may hold tables
 * another application owns): it is proposed for a drop only when `includeObject` returns true
 * for it (`reflected: true`). The version table is never compared.
 *
 * @example
 * const diffs = await engine.connect().then((conn) => compareMetadata(conn, metadata));
 * // [{ kind: 'addColumn', ref: { table: 'users', schema: null }, column: { name: 'age', ... } }]
 */
export async function compareMetadata(
  connection: Connection,
  metadata: MetaData,
  options: CompareOptions = {},
): Promise<SchemaDiff[]> {
  const dialect = connection.dialect;
  const schema = options.schema ?? null;
  const versionTable = options.versionTable ?? defaultVersionTable;
  const include = (type: IncludedObjectType, name: string, reflected: boolean, table?: string) =>
    options.includeObject?.({ type, name, reflected, ...(table === undefined ? {} : { table }) }) ??
    true;

  const inspector = inspect(connection);
  const databaseNames = (await inspector.getTableNames(schema ?? undefined)).filter(
    (name) => name !== versionTable,
  );
  const modelTables = sortTables(
    [...metadata.tables.values()].filter(
      (table) => table.schema === schema && table.name !== versionTable,
    ),
  ).tables;
  const modelNames = new Set(modelTables.map((table) => table.name));
  const present = new Set(databaseNames);

  const diffs: SchemaDiff[] = [];
  for (const table of modelTables) {
    if (!include('table', table.name, false)) continue;
    if (!present.has(table.name)) {
      diffs.push({ kind: 'createTable', table: tableSpec(table, dialect) });
      continue;
    }
    const reflected = await reflectTableSpec(inspector, table.name, schema);
    diffs.push(...compareTable(table, reflected, connection, include));
  }

  const dropped: ReflectedTableSpec[] = [];
  for (const name of databaseNames) {
    if (modelNames.has(name)) continue;
    // Unlike the model's own objects, a database-only table is kept unless asked for.
    if (!(options.includeObject?.({ type: 'table', name, reflected: true }) ?? false)) continue;
    dropped.push(await reflectTableSpec(inspector, name, schema));
  }
  for (const table of dropOrder(dropped)) diffs.push({ kind: 'dropTable', table });
  return orderDiffs(diffs);
}

function compareTable(
  table: AnyTable,
  reflected: ReflectedTableSpec,
  connection: Connection,
  include: (type: IncludedObjectType, name: string, reflected: boolean, table?: string) => boolean,
): SchemaDiff[] {
  const dialect = connection.dialect;
  const columnDiffs = compareColumns(table, reflected, dialect, (name, isReflected) =>
    include('column', name, isReflected, table.name),
  );
  const added = new Set(
    columnDiffs.flatMap((diff) => (diff.kind === 'addColumn' ? [diff.column.name] : [])),
  );
  const constraintDiffs = compareConstraints(
    table,
    reflected,
    dialect,
    (type, name, isReflected) => include(type, name, isReflected, table.name),
    added,
  );
  return [...columnDiffs, ...constraintDiffs];
}

/** Tables to drop, those that refer to others first (reverse foreign key order). */
function dropOrder(tables: readonly TableSpec[]): TableSpec[] {
  const ordered: TableSpec[] = [];
  const seen = new Set<string>();
  // Visit a table after every table that refers to it has been placed before it.
  const visit = (table: TableSpec) => {
    if (seen.has(table.table)) return;
    seen.add(table.table);
    for (const other of tables) {
      if (other.foreignKeys.some((fk) => fk.referredTable === table.table)) visit(other);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}
