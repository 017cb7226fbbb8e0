import type { AnyTable, Dialect } from '@athanor/core';
import { conventionalName, enumCheckSpec, tableSpec } from './metadata-specs.js';
import type { ReflectedTableSpec } from './reflected-specs.js';
import type {
  CheckConstraintSpec,
  ForeignKeySpec,
  IncludedObjectType,
  SchemaDiff,
} from './schema-diff.js';

/** Decides whether an object of a table is compared (`includeObject`, bound to the table). */
type ObjectFilter = (type: IncludedObjectType, name: string, reflected: boolean) => boolean;

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** NO ACTION and RESTRICT are each database's default; reflection reports some as null. */
function action(value: string | null): string | null {
  const upper = value?.toUpperCase() ?? null;
  return upper === 'NO ACTION' || upper === 'RESTRICT' ? null : upper;
}

/**
 * The differences of a table's keys, indexes and constraints. Indexes and UNIQUE constraints
 * match by name, except a model's unnamed UNIQUE, which matches by its columns; MySQL reports
 * a unique index as a UNIQUE constraint, so a unique index is also found among those. Foreign
 * keys match by what they link (columns, referred table and columns), whatever their names.
 *
 * CHECK constraints match by name only: each database rewrites their SQL (PostgreSQL adds
 * parentheses and casts), so their conditions are not compared, and when the model has an
 * unnamed CHECK on a table, a database CHECK missing from the model is not proposed for a drop
 * (it may be that one, under the name the database gave it).
 */
export function compareConstraints(
  table: AnyTable,
  reflected: ReflectedTableSpec,
  dialect: Dialect,
  include: ObjectFilter,
  addedColumns: ReadonlySet<string>,
): SchemaDiff[] {
  const model = tableSpec(table, dialect);
  const ref = { table: reflected.table, schema: reflected.schema };
  const diffs: SchemaDiff[] = [];

  if (!sameList(model.primaryKey.columns, reflected.primaryKey.columns)) {
    diffs.push({ kind: 'changePrimaryKey', ref, from: reflected.primaryKey, to: model.primaryKey });
  }

  // Foreign keys.
  const linkOf = (fk: ForeignKeySpec) =>
    JSON.stringify([fk.columns, fk.referredTable, fk.referredColumns]);
  const foundKeys = new Map(reflected.foreignKeys.map((fk) => [linkOf(fk), fk]));
  const modelKeys = new Set(model.foreignKeys.map(linkOf));
  for (const fk of model.foreignKeys) {
    const named = {
      ...fk,
      name: fk.name ?? conventionalName('fk', [fk.table, ...fk.columns, fk.referredTable], dialect),
    };
    if (!include('foreignKey', named.name, false)) continue;
    const existing = foundKeys.get(linkOf(fk));
    if (!existing) {
      diffs.push({ kind: 'addForeignKey', foreignKey: named });
    } else if (
      action(existing.onDelete) !== action(fk.onDelete) ||
      action(existing.onUpdate) !== action(fk.onUpdate)
    ) {
      diffs.push({ kind: 'dropForeignKey', foreignKey: existing });
      diffs.push({ kind: 'addForeignKey', foreignKey: named });
    }
  }
  for (const fk of reflected.foreignKeys) {
    if (!modelKeys.has(linkOf(fk)) && include('foreignKey', fk.name ?? '', true)) {
      diffs.push({ kind: 'dropForeignKey', foreignKey: fk });
    }
  }

  // Indexes, and the unique constraints MySQL reports unique indexes as.
  const foundIndexes = new Map(reflected.indexes.map((index) => [index.name, index]));
  const foundUniques = [...reflected.uniqueConstraints];
  const claim = (name: string) => {
    const at = foundUniques.findIndex((unique) => unique.name === name);
    return at < 0 ? undefined : foundUniques.splice(at, 1)[0];
  };
  const modelIndexNames = new Set(model.indexes.map((index) => index.name));
  for (const index of model.indexes) {
    const existing = foundIndexes.get(index.name);
    const asUnique = existing || !index.unique ? undefined : claim(index.name);
    if (!include('index', index.name, false)) continue;
    if (asUnique) {
      if (!sameList(asUnique.columns, index.columns)) {
        diffs.push({ kind: 'dropUniqueConstraint', constraint: asUnique });
        diffs.push({ kind: 'createIndex', index });
      }
    } else if (!existing) {
      diffs.push({ kind: 'createIndex', index });
    } else if (!sameList(existing.columns, index.columns) || existing.unique !== index.unique) {
      diffs.push({ kind: 'dropIndex', index: existing });
      diffs.push({ kind: 'createIndex', index });
    }
  }
  // The index InnoDB makes for a foreign key is the database's, not the model's.
  const foreignKeyIndex = (columns: readonly string[]) =>
    dialect.name === 'mysql' && reflected.foreignKeys.some((fk) => sameList(fk.columns, columns));
  for (const index of reflected.indexes) {
    if (modelIndexNames.has(index.name)) continue;
    if (!index.unique && foreignKeyIndex(index.columns)) continue;
    if (include('index', index.name, true)) diffs.push({ kind: 'dropIndex', index });
  }

  // Unique constraints: named ones by name, unnamed ones by their columns.
  const ordered = [
    ...model.uniqueConstraints.filter((unique) => unique.name !== null),
    ...model.uniqueConstraints.filter((unique) => unique.name === null),
  ];
  for (const unique of ordered) {
    let existing = unique.name === null ? undefined : claim(unique.name);
    if (!existing) {
      // An unnamed model constraint, or one SQLite keeps unnamed: the same columns are it.
      const at = foundUniques.findIndex(
        (found) =>
          sameList(found.columns, unique.columns) && (unique.name === null || found.name === null),
      );
      existing = at < 0 ? undefined : foundUniques.splice(at, 1)[0];
    }
    const name = unique.name ?? conventionalName('uq', [unique.table, ...unique.columns], dialect);
    if (!include('uniqueConstraint', name, false)) continue;
    if (!existing) {
      diffs.push({ kind: 'addUniqueConstraint', constraint: { ...unique, name } });
    } else if (!sameList(existing.columns, unique.columns)) {
      diffs.push({ kind: 'dropUniqueConstraint', constraint: existing });
      diffs.push({ kind: 'addUniqueConstraint', constraint: { ...unique, name } });
    }
  }
  for (const unique of foundUniques) {
    if (include('uniqueConstraint', unique.name ?? '', true)) {
      diffs.push({ kind: 'dropUniqueConstraint', constraint: unique });
    }
  }

  diffs.push(
    ...compareChecks(table, model.checkConstraints, reflected, dialect, include, addedColumns),
  );
  return diffs;
}

/** CHECK constraints, by name (see {@link compareConstraints}). */
function compareChecks(
  table: AnyTable,
  declared: readonly CheckConstraintSpec[],
  reflected: ReflectedTableSpec,
  dialect: Dialect,
  include: ObjectFilter,
  addedColumns: ReadonlySet<string>,
): SchemaDiff[] {
  const diffs: SchemaDiff[] = [];
  const enumChecks = table.columns
    // A column added in this revision gets its enum CHECK with it.
    .filter((column) => !addedColumns.has(column.name))
    .map((column) => enumCheckSpec(table, column, dialect))
    .filter((check): check is CheckConstraintSpec => check !== null);
  const model = [...declared, ...enumChecks];
  const allEnumNames = table.columns
    .map((column) => enumCheckSpec(table, column, dialect)?.name)
    .filter((name) => name !== undefined);
  const modelNames = new Set([...model.map((check) => check.name), ...allEnumNames]);
  const foundNames = new Set(reflected.checkConstraints.map((check) => check.name));
  for (const check of model) {
    if (check.name === null || foundNames.has(check.name)) continue;
    if (include('checkConstraint', check.name, false)) {
      diffs.push({ kind: 'addCheckConstraint', constraint: check });
    }
  }
  if (model.some((check) => check.name === null)) return diffs;
  for (const check of reflected.checkConstraints) {
    if (check.name === null || modelNames.has(check.name)) continue;
    if (include('checkConstraint', check.name, true)) {
      diffs.push({ kind: 'dropCheckConstraint', constraint: check });
    }
  }
  return diffs;
}
