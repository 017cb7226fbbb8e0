import { TypeEngine } from './type-engine.js';

/**
 * A boolean (`BOOLEAN`; `BOOL` on MySQL, stored as 0/1 on SQLite and MySQL), read as a boolean;
 * NULL stays null. Binds true or false (or 1 and 0).
 */
export class BooleanType extends TypeEngine<boolean, boolean> {
  readonly typeName = 'boolean' as const;
}

/**
 * JSON (`JSON`; `JSONB` on PostgreSQL), read as the parsed value: objects, arrays, strings
 * (`"abc"` reads as `'abc'`), numbers, booleans. `null` binds as SQL NULL; bind {@link jsonNull}
 * to store the JSON value `null` instead. Both read as `null`; `IS NULL` tells them apart.
 * A value `JSON.stringify` cannot write (a bigint, a cycle) is an `ArgumentError`.
 */
export class JSONType<T = unknown> extends TypeEngine<T, T | typeof jsonNull> {
  readonly typeName = 'json' as const;
}

/** Binds the JSON value `null` to a JSON column, where `null` would bind SQL NULL. */
export const jsonNull: unique symbol = Symbol.for('athanor.jsonNull');

/**
 * Bytes (`BLOB` / `BYTEA` / `LONGBLOB`), read as a Uint8Array (a Buffer on Node), every byte
 * exact. Binds a Uint8Array or a Buffer.
 */
export class LargeBinaryType extends TypeEngine<Uint8Array, Uint8Array> {
  readonly typeName = 'large_binary' as const;
}

/** The type of a value whose SQL type is unknown: passed to the driver as it is. */
export class NullType extends TypeEngine<unknown, unknown> {
  readonly typeName = 'null' as const;
}

/** The shared untyped instance. */
export const nullType = new NullType();
