import type { Dialect, TypeEngine } from '@athanor/core';

const integerTypes = new Set(['integer', 'small_integer', 'big_integer']);

/** The type's DDL on the dialect, spaces tidied; undefined when the dialect cannot write it. */
function ddlOf(type: TypeEngine, dialect: Dialect): string | undefined {
  try {
    return dialect.compiler.typeCompiler.process(type).replace(/\s+/g, ' ').toUpperCase();
  } catch {
    return undefined;
  }
}

/**
 * True when a column of the model's type and one the database reports as `reflectedType` are
 * the same type on this dialect: types compare by meaning, not by spelling.
 *
 * Both sides are written as the dialect's DDL and compared there, so everything the dialect
 * stores alike compares equal: `String(50)` and a reflected `VARCHAR(50)`; `Text` and MySQL's
 * `LONGTEXT`; `Boolean` and MySQL's `TINYINT(1)`; `Numeric(10, 2)` and SQLite's
 * `NUMERIC_TEXT(10, 2)`; `DateTime({ timezone: true })` and the `DATETIME` of a database that has
 * no time zone type; an `Enum` and the `VARCHAR` (with its CHECK) it is stored as where enums are
 * not native. Besides that, a `Uuid` stored as `CHAR(36)` reads back as `String(36)`, and
 * SQLite's booleans may be declared `INTEGER`.
 *
 * A type the database reports that Athanor does not know (NullType) is never a difference:
 * autogenerate cannot tell, and a false difference would be worse than none.
 *
 * A custom type compares as what it is stored as on the dialect: a `TypeDecorator` as its impl
 * there, a type with variants as its variant there, a `UserDefinedType` by its DDL.
 *
 * @example
 * compareTypes(sa.Varchar(50), reflectedVarchar50, engine.dialect); // true
 * compareTypes(sa.Varchar(50), reflectedVarchar80, engine.dialect); // false
 */
export function compareTypes(
  metadataType: TypeEngine,
  reflectedType: TypeEngine,
  dialect: Dialect,
): boolean {
  const stored = metadataType.dialectImpl(dialect);
  if (stored !== metadataType) return compareTypes(stored, reflectedType, dialect);
  if (metadataType.typeName === 'null' || reflectedType.typeName === 'null') return true;
  if (
    metadataType.typeName === 'uuid' &&
    reflectedType.typeName === 'string' &&
    (reflectedType as TypeEngine & { length?: number }).length === 36
  ) {
    return true;
  }
  // SQLite stores a boolean as the integer 0 or 1: a column another tool declared INTEGER
  // holds a Boolean just as well as one declared BOOLEAN.
  if (
    dialect.name === 'sqlite' &&
    metadataType.typeName === 'boolean' &&
    integerTypes.has(reflectedType.typeName)
  ) {
    return true;
  }
  const expected = ddlOf(metadataType, dialect);
  const found = ddlOf(reflectedType, dialect);
  if (expected === undefined || found === undefined) {
    return metadataType.typeName === reflectedType.typeName;
  }
  return expected === found;
}

/**
 * True when an autoincrement key's types differ only as the database stores such keys: SQLite's
 * rowid alias must be declared exactly `INTEGER` (and holds 64 bits), so a `BigInteger` key
 * reads back as `Integer` there.
 */
export function isRowidAlias(
  metadataType: TypeEngine,
  reflectedType: TypeEngine,
  dialect: Dialect,
): boolean {
  return (
    dialect.name === 'sqlite' &&
    integerTypes.has(metadataType.dialectImpl(dialect).typeName) &&
    reflectedType.typeName === 'integer'
  );
}
