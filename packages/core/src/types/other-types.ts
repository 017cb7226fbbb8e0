import { TypeEngine } from './type-engine.js';

/** A boolean (`BOOLEAN`; `BOOL` on MySQL, stored as 0/1 on SQLite and MySQL), read as a boolean. */
export class BooleanType extends TypeEngine<boolean, boolean> {
  readonly typeName = 'boolean' as const;
}

/**
 * JSON (`JSON`), read as the parsed value. `null` binds as SQL NULL; bind {@link jsonNull} to store
 * the JSON value `null` instead.
 */
export class JSONType<T = unknown> extends TypeEngine<T, T | typeof jsonNull> {
  readonly typeName = 'json' as const;
}

/** Binds the JSON value `null` to a JSON column, where `null` would bind SQL NULL. */
export const jsonNull: unique symbol = Symbol.for('athanor.jsonNull');

/** Bytes (`BLOB` / `BYTEA`), read as a Uint8Array (a Buffer on Node). */
export class LargeBinaryType extends TypeEngine<Uint8Array, Uint8Array> {
  readonly typeName = 'large_binary' as const;
}

/** The type of a value whose SQL type is unknown: passed to the driver as it is. */
export class NullType extends TypeEngine<unknown, unknown> {
  readonly typeName = 'null' as const;
}

/** The shared untyped instance. */
export const nullType = new NullType();
