import {
  CheckConstraint,
  type Connection,
  type Dialect,
  EnumType,
  type TypeEngine,
} from '@athanor/core';
import { truncateIdentifier } from '@athanor/core/dialect';
import type { BatchChange } from './batch-changes.js';

/**
 * `ck_<table>_<column>`, cut to the dialect's identifier length: the name the DDL compiler gives
 * the CHECK of an Enum without a `name`.
 */
function conventionalEnumCheckName(dialect: Dialect, table: string, column: string): string {
  return truncateIdentifier(`ck_${table}_${column}`, dialect.capabilities.maxIdentifierLength);
}

/**
 * The name of the CHECK an Enum column gets where the dialect has no native enum type: the
 * type's `name`, else `ck_<table>_<column>`, as the DDL compiler names it in CREATE TABLE and
 * ADD COLUMN.
 */
function enumCheckName(dialect: Dialect, table: string, column: string, type: EnumType): string {
  return type.name ?? conventionalEnumCheckName(dialect, table, column);
}

/**
 * The Enum's CHECK of its values, or null for other types and where the enum is native. Both
 * the operations (ALTER COLUMN to an Enum) and autogenerate (the CHECKs a model expects) use
 * it, so the two agree with the DDL compiler on the CHECK's name and text.
 */
export function enumCheck(
  dialect: Dialect,
  table: string,
  column: string,
  type: TypeEngine | undefined,
): CheckConstraint | null {
  if (!(type instanceof EnumType) || dialect.compiler.typeCompiler.enumIsNative()) return null;
  const compiler = dialect.compiler;
  const values = type.values.map((value) => compiler.renderLiteral(value)).join(', ');
  return new CheckConstraint(`${compiler.quote(column)} IN (${values})`, {
    name: enumCheckName(dialect, table, column, type),
  });
}

/**
 * The name of the CHECK an Enum column has now, so a type change can drop it: from
 * `existingType` when given; else (online) the conventional `ck_<table>_<column>` if the
 * database has a CHECK of that name. Null when there is none to drop.
 */
export async function existingEnumCheck(
  dialect: Dialect,
  connection: Connection | null,
  table: string,
  column: string,
  schema: string | undefined,
  existingType: TypeEngine | undefined,
): Promise<string | null> {
  if (dialect.compiler.typeCompiler.enumIsNative()) return null;
  if (existingType !== undefined) {
    return existingType instanceof EnumType
      ? enumCheckName(dialect, table, column, existingType)
      : null;
  }
  if (!connection) return null;
  const name = conventionalEnumCheckName(dialect, table, column);
  const checks = await dialect.reflection.getCheckConstraints(connection, table, schema ?? null);
  return checks.some((check) => check.name === name) ? name : null;
}

/**
 * An unnamed Enum named as its CHECK is named on the real table: CREATE TABLE of the
 * `_athanor_batch_` copy would otherwise name the CHECK after the copy.
 */
export function namedEnum(
  dialect: Dialect,
  table: string,
  column: string,
  type: TypeEngine,
): TypeEngine {
  if (!(type instanceof EnumType) || type.name !== undefined) return type;
  return new EnumType(type.values, enumCheckName(dialect, table, column, type));
}

/**
 * The CHECKs of an Enum's values that a column's type change replaces: named after
 * `existingType` when given, else the conventional `ck_<table>_<column>`.
 */
export function enumChecksReplaced(
  dialect: Dialect,
  table: string,
  changes: readonly BatchChange[],
): Set<string> {
  const names = new Set<string>();
  for (const change of changes) {
    if (change.kind !== 'alter_column' || change.type === undefined) continue;
    const existing = change.existingType;
    if (existing === undefined) {
      names.add(conventionalEnumCheckName(dialect, table, change.name));
    } else if (existing instanceof EnumType) {
      names.add(enumCheckName(dialect, table, change.name, existing));
    }
  }
  return names;
}
