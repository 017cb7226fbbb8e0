import type { AnyTable, Column, Dialect } from '@athanor/core';
import { compareTypes, isRowidAlias } from './compare-types.js';
import { columnSpec } from './metadata-specs.js';
import type { ReflectedColumnSpec, ReflectedTableSpec } from './reflected-specs.js';
import type { ColumnAttribute, SchemaDiff, TableRef } from './schema-diff.js';
import { sameServerDefault } from './server-defaults.js';

/** Decides whether a column is compared (the `includeObject` filter, bound to its table). */
type ColumnFilter = (name: string, reflected: boolean) => boolean;

/** What differs between the model's column and the database's. */
function changedAttributes(
  column: Column,
  found: ReflectedColumnSpec,
  dialect: Dialect,
): ColumnAttribute[] {
  const changed: ColumnAttribute[] = [];
  const sameType =
    compareTypes(column.type, found.type, dialect) ||
    (column.autoincrement && found.autoincrement && isRowidAlias(column.type, found.type, dialect));
  if (!sameType) changed.push('type');
  // A key column is NOT NULL on most databases whatever the column says (SQLite alone allows
  // NULL in a key that is not the rowid): the key decides, so it is not compared.
  const keyColumn = found.primaryKey && column.table.primaryKey.columns.includes(column);
  if (!keyColumn && column.nullable !== found.nullable) changed.push('nullable');
  // An autoincrement column's generator is no default of the model's.
  if (
    !found.autoincrement &&
    !sameServerDefault(
      columnSpec(column, dialect).serverDefault,
      found.reflectedDefault,
      column,
      dialect,
    )
  ) {
    changed.push('serverDefault');
  }
  // Where the dialect keeps no comments, the database reports none: nothing to compare.
  if (
    dialect.capabilities.commentStyle !== 'none' &&
    (column.comment ?? null) !== (found.comment ?? null)
  ) {
    changed.push('comment');
  }
  return changed;
}

/**
 * The column differences of a table in both the model and the database: added, dropped and
 * altered columns. A dropped and an added column of the same type are never taken for a rename;
 * each names the other as a candidate, and the rendered revision says how to make it one.
 */
export function compareColumns(
  table: AnyTable,
  reflected: ReflectedTableSpec,
  dialect: Dialect,
  include: ColumnFilter,
): SchemaDiff[] {
  const ref: TableRef = { table: reflected.table, schema: reflected.schema };
  const found = new Map(reflected.columns.map((column) => [column.name, column]));
  const modelNames = new Set(table.columns.map((column) => column.name));
  const added = table.columns.filter(
    (column) => !found.has(column.name) && include(column.name, false),
  );
  const dropped = reflected.columns.filter(
    (column) => !modelNames.has(column.name) && include(column.name, true),
  );
  const sameTypeAs = (column: Column, old: ReflectedColumnSpec) =>
    compareTypes(column.type, old.type, dialect);

  const diffs: SchemaDiff[] = [];
  for (const column of added) {
    diffs.push({
      kind: 'addColumn',
      ref,
      column: columnSpec(column, dialect),
      renameCandidates: dropped.filter((old) => sameTypeAs(column, old)).map((old) => old.name),
    });
  }
  for (const column of table.columns) {
    const existing = found.get(column.name);
    if (!existing || !include(column.name, false)) continue;
    const changed = changedAttributes(column, existing, dialect);
    if (changed.length > 0) {
      diffs.push({
        kind: 'alterColumn',
        ref,
        from: existing,
        to: columnSpec(column, dialect),
        changed,
      });
    }
  }
  for (const old of dropped) {
    diffs.push({
      kind: 'dropColumn',
      ref,
      column: old,
      renameCandidates: added.filter((column) => sameTypeAs(column, old)).map((c) => c.name),
    });
  }
  return diffs;
}
