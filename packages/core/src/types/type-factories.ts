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

// SQLAlchemy's type names, as functions. A column takes the function itself or its result:
// `new Column(Integer)`, `new Column(String(50))`. `String`, `Boolean`, `Date` and `JSON` share
// names with JavaScript globals: import the module as a namespace (`import * as sa from
// '@athanor/core'`, then `sa.String(50)`) or rename them on import.

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
/** `VARCHAR(length)`. */
export const String = (length?: number): StringType => new StringType(length);
/** `TEXT`. */
export const Text = (): TextType => new TextType();
/** `BOOLEAN`. */
export const Boolean = (): BooleanType => new BooleanType();
/** `DATE`, read as `'YYYY-MM-DD'`. */
export const Date = (): DateType => new DateType();
/** `TIMESTAMP` / `DATETIME`, read as a Date; `{ timezone: true }` for `TIMESTAMP WITH TIME ZONE`. */
export const DateTime = (options: { timezone?: boolean } = {}): DateTimeType =>
  new DateTimeType(options.timezone ?? false);
/** `TIME`, read as `'HH:MM:SS'`. */
export const Time = (): TimeType => new TimeType();
/** `INTERVAL` (PostgreSQL), read as a string. */
export const Interval = (): IntervalType => new IntervalType();
/** `JSON`, read as the parsed value; `JSON<Shape>()` types it. */
export const JSON = <T = unknown>(): JSONType<T> => new JSONType<T>();
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
