import {
  type BigIntegerMode,
  BigIntegerType,
  FloatType,
  IntegerType,
  NumericType,
  SmallIntegerType,
} from './numeric-types.js';
import { BooleanType, JSONType, LargeBinaryType } from './other-types.js';
import { EnumType, StringType, TextType, UuidType } from './string-types.js';
import { DateTimeType, DateType, IntervalType, TimeType } from './temporal-types.js';

// The SQL types, as functions. A column takes the function itself or its result:
// `new Column(Integer)`, `new Column(Varchar(50))`. The names are SQLAlchemy's, except four
// that would shadow a JavaScript global in the module that imports them (`String(err)` would
// build a SQL type, `new Date()` and `JSON.parse` would fail): `Varchar`, `Bool`, `DateOnly` and
// `Json`. SQLAlchemy's `String`, `Boolean`, `Date` and `JSON` stay as aliases, the same functions,
// for code written with SQLAlchemy's names or through a namespace (`sa.String(50)`).

/** `INTEGER`, read as a number. */
export const Integer = (): IntegerType => new IntegerType();
/** `SMALLINT`, read as a number. */
export const SmallInteger = (): SmallIntegerType => new SmallIntegerType();
/** `BIGINT`, read as a bigint (or a number with `{ mode: 'number' }`). */
export function BigInteger(options: { mode: 'number' }): BigIntegerType<'number'>;
// The plain signature last: `new Column(BigInteger)` infers its type from the last overload.
export function BigInteger(options?: { mode?: 'bigint' }): BigIntegerType<'bigint'>;
export function BigInteger(
  options: { mode?: BigIntegerMode } = {},
): BigIntegerType<BigIntegerMode> {
  return new BigIntegerType(options.mode ?? 'bigint');
}
/** `FLOAT` / `DOUBLE PRECISION`, read as a number. */
export const Float = (): FloatType => new FloatType();
/** `NUMERIC(precision, scale)`, read as an exact string (or a number with `{ asNumber: true }`). */
export function Numeric(
  precision: number | undefined,
  scale: number | undefined,
  options: { asNumber: true },
): NumericType<true>;
// The plain signature last: `new Column(Numeric)` infers its type from the last overload.
export function Numeric(
  precision?: number,
  scale?: number,
  options?: { asNumber?: false },
): NumericType<false>;
export function Numeric(
  precision?: number,
  scale?: number,
  options: { asNumber?: boolean } = {},
): NumericType<boolean> {
  return new NumericType(precision, scale, options.asNumber ?? false);
}
/** `VARCHAR(length)`, read as a string (SQLAlchemy's `String`). */
export const Varchar = (length?: number): StringType => new StringType(length);
/** `TEXT`. */
export const Text = (): TextType => new TextType();
/** `BOOLEAN`, read as a boolean (SQLAlchemy's `Boolean`). */
export const Bool = (): BooleanType => new BooleanType();
/** `DATE`, read as `'YYYY-MM-DD'` (SQLAlchemy's `Date`). */
export const DateOnly = (): DateType => new DateType();
/** `TIMESTAMP` / `DATETIME`, read as a Date; `{ timezone: true }` for `TIMESTAMP WITH TIME ZONE`. */
export const DateTime = (options: { timezone?: boolean } = {}): DateTimeType =>
  new DateTimeType(options.timezone ?? false);
/** `TIME`, read as `'HH:MM:SS'`. */
export const Time = (): TimeType => new TimeType();
/** `INTERVAL` (PostgreSQL), read as a string. */
export const Interval = (): IntervalType => new IntervalType();
/** `JSON`, read as the parsed value; `Json<Shape>()` types it (SQLAlchemy's `JSON`). */
export const Json = <T = unknown>(): JSONType<T> => new JSONType<T>();
/** `BLOB` / `BYTEA`, read as a Uint8Array. */
export const LargeBinary = (): LargeBinaryType => new LargeBinaryType();
/** A UUID, read as a string. */
export const Uuid = (): UuidType => new UuidType();
/** One of a fixed list of strings: `Enum(['draft', 'published'])`. */
export function Enum<const V extends string>(
  values: readonly V[],
  options: { name?: string } = {},
): EnumType<V> {
  return new EnumType<V>(values, options.name);
}

// SQLAlchemy's names for the four above. Each is the same function, so `String === Varchar` and
// a column built with either is the same column.

/**
 * `VARCHAR(length)`: SQLAlchemy's name for {@link Varchar}, the same function.
 *
 * Prefer `Varchar`: importing `String` hides the global `String` in your module, so
 * `String(err.message)` builds a SQL type. Through a namespace (`sa.String(50)`) it is harmless.
 */
export const String = Varchar;
/**
 * `BOOLEAN`: SQLAlchemy's name for {@link Bool}, the same function.
 *
 * Prefer `Bool`: importing `Boolean` hides the global `Boolean` in your module, so
 * `values.filter(Boolean)` keeps every value. Through a namespace (`sa.Boolean`) it is harmless.
 */
export const Boolean = Bool;
/**
 * `DATE`: SQLAlchemy's name for {@link DateOnly}, the same function.
 *
 * Prefer `DateOnly`: importing `Date` hides the global `Date` in your module, so `new Date()`
 * fails to compile. Through a namespace (`sa.Date`) it is harmless.
 */
export const Date = DateOnly;
/**
 * `JSON`: SQLAlchemy's name for {@link Json}, the same function.
 *
 * Prefer `Json`: importing `JSON` hides the global `JSON` in your module, so `JSON.parse`
 * fails to compile. Through a namespace (`sa.JSON`) it is harmless.
 */
export const JSON = Json;
