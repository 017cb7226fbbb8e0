import {
  type AnyTable,
  CheckConstraint,
  type Column,
  type Dialect,
  type ForeignKeyConstraint,
  type TypeEngine,
  UniqueConstraint,
} from '@athanor/core';
import { truncateIdentifier } from '@athanor/core/dialect';
import { enumCheck } from '../operations/enum-check.js';
import type {
  CheckConstraintSpec,
  ColumnSpec,
  CustomTypeSpec,
  ForeignKeySpec,
  IndexSpec,
  TableSpec,
  UniqueConstraintSpec,
} from './schema-diff.js';
import { metadataServerDefault } from './server-defaults.js';

/** The model's column as a spec. */
export function columnSpec(column: Column, dialect: Dialect): ColumnSpec {
  const autoincrement = column.options.autoincrement;
  const custom = customTypeSpec(column.type, dialect);
  return {
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    primaryKey: column.primaryKey,
    // A custom type is written as another, which may work out autoincrement differently (an
    // Integer key does, a decorated one does not): what the model's column works out is stated.
    autoincrement:
      typeof autoincrement === 'boolean'
        ? autoincrement
        : custom
          ? column.autoincrement
          : undefined,
    serverDefault: metadataServerDefault(column, dialect),
    comment: column.comment ?? null,
    ...custom,
  };
}

/**
 * For a custom type, what a revision writes for it on this dialect (see `renderColumnType`);
 * nothing for core's types and their variants, which render as themselves.
 */
function customTypeSpec(
  type: TypeEngine,
  dialect: Dialect,
): { customType: CustomTypeSpec } | undefined {
  const chosen = type.variantFor(dialect);
  if (chosen.typeName !== 'decorator' && chosen.typeName !== 'user_defined') return undefined;
  const stored = chosen.dialectImpl(dialect);
  const ddl = dialect.compiler.typeCompiler.process(stored);
  return { customType: { name: chosen.constructor.name, stored, ddl } };
}

/** The referred column's name in a `table.column` or `schema.table.column` target. */
function targetColumn(target: string): string {
  return target.split('.').at(-1) as string;
}

/** A foreign key of the model as a spec (its name null when the model gives none). */
function foreignKeySpec(fk: ForeignKeyConstraint): ForeignKeySpec {
  const table = fk.table;
  const columns = fk.columns.map((column) => column.name);
  const referred = fk.referred;
  let referredColumns: string[];
  try {
    referredColumns = fk.referredColumns.map((column) => column.name);
  } catch {
    // The referred table is not in this MetaData: the target names the column.
    referredColumns = fk.targets.map(targetColumn);
  }
  return {
    table: table.name,
    schema: table.schema,
    name: fk.name ?? null,
    columns,
    referredSchema: referred.schema,
    referredTable: referred.table,
    referredColumns,
    onDelete: fk.options.onDelete ?? null,
    onUpdate: fk.options.onUpdate ?? null,
  };
}

/** The name a constraint gets from autogenerate when the model leaves it unnamed. */
export function conventionalName(
  prefix: 'uq' | 'fk' | 'ck',
  parts: readonly string[],
  dialect: Dialect,
): string {
  return truncateIdentifier(
    `${prefix}_${parts.join('_')}`,
    dialect.capabilities.maxIdentifierLength,
  );
}

/**
 * The CHECK a non-native Enum column gets from CREATE TABLE (named as the DDL compiler names
 * it), or null where the dialect's enum type limits the values itself (MySQL).
 */
export function enumCheckSpec(
  table: AnyTable,
  column: Column,
  dialect: Dialect,
): CheckConstraintSpec | null {
  // A decorated enum has the CHECK of the enum it is stored as.
  const check = enumCheck(dialect, table.name, column.name, column.type.dialectImpl(dialect));
  if (!check) return null;
  return {
    table: table.name,
    schema: table.schema,
    name: check.name ?? null,
    sqltext: check.sqltext,
  };
}

/** The model's table as a spec. */
export function tableSpec(table: AnyTable, dialect: Dialect): TableSpec {
  const ref = { table: table.name, schema: table.schema };
  const uniqueConstraints: UniqueConstraintSpec[] = [];
  const checkConstraints: CheckConstraintSpec[] = [];
  for (const constraint of table.constraints) {
    if (constraint instanceof UniqueConstraint) {
      uniqueConstraints.push({
        ...ref,
        name: constraint.name ?? null,
        columns: constraint.columns.map((column) => column.name),
      });
    } else if (constraint instanceof CheckConstraint) {
      checkConstraints.push({ ...ref, name: constraint.name ?? null, sqltext: constraint.sqltext });
    }
  }
  const maxLength = dialect.capabilities.maxIdentifierLength;
  const indexes: IndexSpec[] = table.indexes.map((index) => ({
    ...ref,
    name: truncateIdentifier(index.name, maxLength),
    columns: index.columns.map((column) => column.name),
    unique: index.unique,
  }));
  return {
    ...ref,
    columns: table.columns.map((column) => columnSpec(column, dialect)),
    primaryKey: {
      name: table.primaryKey.name ?? null,
      columns: table.primaryKey.columns.map((column) => column.name),
    },
    foreignKeys: table.foreignKeys.map(foreignKeySpec),
    uniqueConstraints,
    // Without the enum CHECKs: CREATE TABLE writes those from the column's type.
    checkConstraints,
    indexes,
    comment: table.comment ?? null,
  };
}
