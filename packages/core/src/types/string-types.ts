import { TypeEngine } from './type-engine.js';

/** A string of at most `length` characters (`VARCHAR(length)`); no length means unbounded where allowed. */
export class StringType extends TypeEngine<string, string> {
  readonly typeName = 'string' as const;
  constructor(readonly length?: number) {
    super();
  }

  override toString(): string {
    return this.length === undefined ? 'String' : `String(${this.length})`;
  }
}

/** Text of any length (`TEXT`). */
export class TextType extends TypeEngine<string, string> {
  readonly typeName = 'text' as const;
}

/** One of a fixed list of strings. MySQL uses `ENUM(...)`; elsewhere a `VARCHAR` with a CHECK. */
export class EnumType<V extends string = string> extends TypeEngine<V, V> {
  readonly typeName = 'enum' as const;
  constructor(
    readonly values: readonly V[],
    /** Used to name the CHECK constraint. */
    readonly name?: string,
  ) {
    super();
  }

  /** The longest value, for the VARCHAR that holds them. */
  get length(): number {
    return Math.max(1, ...this.values.map((value) => value.length));
  }

  override toString(): string {
    return `Enum(${this.values.map((v) => JSON.stringify(v)).join(', ')})`;
  }
}

/** A UUID, read as its 36-character string (`UUID` on PostgreSQL, `CHAR(36)` elsewhere). */
export class UuidType extends TypeEngine<string, string> {
  readonly typeName = 'uuid' as const;
}
