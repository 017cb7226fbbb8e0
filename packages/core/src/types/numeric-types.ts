import { TypeEngine } from './type-engine.js';

/**
 * A 32-bit integer (`INTEGER`), read as a number. Binds a number (or a bigint, a string of
 * digits, a boolean as 1 or 0); anything else is an `ArgumentError` before the database is called.
 */
export class IntegerType extends TypeEngine<number, number> {
  readonly typeName = 'integer' as const;
}

/** A 16-bit integer (`SMALLINT`), read as a number. */
export class SmallIntegerType extends TypeEngine<number, number> {
  readonly typeName = 'small_integer' as const;
}

/** How a `BIGINT` reads: as an exact `bigint` (the default), or as a number (exact to 2^53). */
export type BigIntegerMode = 'bigint' | 'number';

/**
 * A 64-bit integer (`BIGINT`). Reads as a `bigint` so no digit is lost, on every dialect and to
 * ±9223372036854775807; with `{ mode: 'number' }` it reads as a number, exact up to
 * `Number.MAX_SAFE_INTEGER`. Binds a bigint or a whole number.
 */
export class BigIntegerType<M extends BigIntegerMode = 'bigint'> extends TypeEngine<
  M extends 'number' ? number : bigint,
  number | bigint
> {
  readonly typeName = 'big_integer' as const;
  constructor(readonly mode: M = 'bigint' as M) {
    super();
  }

  override cacheKey(): string {
    return `big_integer:${this.mode}`;
  }
}

/** A floating-point number (`FLOAT` / `DOUBLE PRECISION`), read as a number. */
export class FloatType extends TypeEngine<number, number> {
  readonly typeName = 'float' as const;
}

/**
 * An exact decimal (`NUMERIC(precision, scale)`). Reads as a string written with the column's
 * scale (`'1.50'` from `NUMERIC(10, 2)`), so no digit is lost (JavaScript has no decimal type);
 * with `{ asNumber: true }` it reads as a number. Binds a number, a numeric string or a bigint.
 *
 * SQLite has no decimal type: its dialect stores the value as decimal text, exactly, and
 * compares it as a number (to about 15 significant digits).
 */
export class NumericType<N extends boolean = false> extends TypeEngine<
  N extends true ? number : string,
  string | number
> {
  readonly typeName = 'numeric' as const;
  constructor(
    readonly precision?: number,
    readonly scale?: number,
    readonly asNumber: N = false as N,
  ) {
    super();
  }

  // Precision and scale are part of the key: a CAST writes them, and SQLite's reads use the scale.
  override cacheKey(): string {
    return `numeric(${this.precision},${this.scale}):${this.asNumber}`;
  }

  override toString(): string {
    return this.precision === undefined
      ? 'Numeric'
      : `Numeric(${this.precision}, ${this.scale ?? 0})`;
  }
}
