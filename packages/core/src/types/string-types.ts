import { TypeEngine } from './type-engine.js';

/**
 * A string of at most `length` characters (`VARCHAR(length)`); no length means unbounded where
 * allowed (255 on MySQL). Binds a string only.
 */
export class StringType extends TypeEngine<string, string> {
  readonly typeName = 'string' as const;
  constructor(readonly length?: number) {
    super();
  }

  // The length is part of the key: a CAST writes it.
  override cacheKey(): string {
    return `string(${this.length})`;
  }

  override toString(): string {
    return this.length === undefined ? 'String' : `String(${this.length})`;
  }
}

/**
 * Text of any length (`TEXT`; `LONGTEXT` on MySQL, whose `TEXT` holds only 64 KiB). Binds a
 * string only.
 */
export class TextType extends TypeEngine<string, string> {
  readonly typeName = 'text' as const;
}

/**
 * One of a fixed list of strings. MySQL uses `ENUM(...)`; elsewhere a `VARCHAR` with a CHECK.
 * Binding a value outside the list is an `ArgumentError` before the database is called; the
 * database refuses one from raw SQL too.
 */
export class EnumType<V extends string = string> extends TypeEngine<V, V> {
  readonly typeName = 'enum' as const;
  constructor(
    readonly values: readonly V[],
    /** Used to name the CHECK constraint. */
    readonly name?: string,
  ) {
    super();
  }

  // The values are part of the key: binds are checked against them, and DDL lists them.
  override cacheKey(): string {
    return `enum${JSON.stringify(this.values)}`;
  }

  /** The longest value, for the VARCHAR that holds them. */
  get length(): number {
    return Math.max(1, ...this.values.map((value) => value.length));
  }

  override toString(): string {
    return `Enum(${this.values.map((v) => JSON.stringify(v)).join(', ')})`;
  }
}

/**
 * A UUID, read as its 36-character string (`UUID` on PostgreSQL, `CHAR(36)` elsewhere). Binds
 * any form PostgreSQL takes (upper case, no dashes, braces) as the lowercase dashed one, so
 * values compare alike on every database.
 */
export class UuidType extends TypeEngine<string, string> {
  readonly typeName = 'uuid' as const;
}
