import { utcTimestamp } from '@athanor/core/dialect';
import { parseInt8Text, parseTimestampText } from '@athanor/postgres';

/**
 * Values in and out of PGlite, made the same as @athanor/postgres's through pg, so the
 * PostgreSQL dialect's type processors apply unchanged.
 *
 * PGlite writes a parameter with the serializer of the type PostgreSQL infers for it, which
 * refuses values pg sends without complaint (a string for a `bytea`, `2` for a boolean) and
 * turns others into text PostgreSQL cannot read (an object for a `text` parameter becomes
 * `[object Object]`). So every value is written as pg writes it before PGlite sees it, and the
 * server, not the client, judges it (`22P02 invalid input syntax`, as on a PostgreSQL server).
 */

const boolOid = 16;
const byteaOid = 17;
const int8Oid = 20;
const dateOid = 1082;
const timestampOid = 1114;
const intervalOid = 1186;

/** PGlite's parsers, per type oid, where pg (as @athanor/postgres sets it up) reads otherwise. */
export const resultParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [int8Oid]: parseInt8Text,
  [timestampOid]: parseTimestampText,
  // As PostgreSQL prints them (PGlite makes a Date of a date, pg leaves it as text).
  [dateOid]: (text) => text,
  [intervalOid]: (text) => text,
  // A Buffer, as pg gives (PGlite gives a plain Uint8Array).
  [byteaOid]: (text) => Buffer.from(text.slice(2), 'hex'),
};

/** Every value arrives as text (see {@link toPostgresText}); these PGlite serializers refuse it. */
export const passThroughSerializers: Readonly<Record<number, (value: unknown) => string>> = {
  [boolOid]: (value) => value as string,
  [byteaOid]: (value) => value as string,
};

/** The parameters as pg would send them: text, or null. Copies only when a value changes. */
export function toPostgresParams(params: readonly unknown[]): unknown[] {
  const values = params as unknown[];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null && typeof value !== 'string') return values.map(toPostgresText);
  }
  return values;
}

/**
 * One value as pg writes it: bytes as `\x` hex, a Date in UTC with its offset (right for
 * `timestamp` and `timestamptz` alike), an array as an array literal, another object as JSON,
 * anything else as its string.
 */
function toPostgresText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if (value instanceof Uint8Array) {
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
    }
    if (value instanceof Date) return `${utcTimestamp(value)}+00`;
    if (Array.isArray(value)) return arrayLiteral(value);
    return JSON.stringify(value);
  }
  return String(value);
}

function arrayLiteral(values: readonly unknown[]): string {
  const parts = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return arrayLiteral(value);
    const text = toPostgresText(value) as string;
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}
