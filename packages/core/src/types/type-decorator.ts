import { customTypeKey } from './custom-type-key.js';
import { type TypeArg, type TypeDialect, TypeEngine, toType, type ValueOf } from './type-engine.js';

/**
 * A type of your own built on an existing one (SQLAlchemy's `TypeDecorator`): stored as its
 * `impl` (the impl's DDL, the dialect's conversions of the impl's values), with your conversions
 * on top. `T` is what values read as, `Impl` the type underneath, `B` what statements bind (`T`
 * unless told).
 *
 * A bound value is converted by {@link processBindParam}, then by the impl's bind processor; a
 * value read is converted by the impl's result processor, then by {@link processResultValue}.
 * Neither sees NULL: it passes as it is, both ways. A value compared with a decorated column
 * (`t.c.email.eq('A@X')`, `in([...])`, a LIKE pattern, a value in an INSERT or UPDATE) is bound
 * with the column's type, so it goes through `processBindParam` too, as in SQLAlchemy.
 *
 * The compiled-statement cache keys the type by its class and the values of its fields (`impl`
 * included): keep parameters in plain fields, and anything that cannot be a key (a function)
 * out of them, or override `cacheKey()`, or set `cacheOk = false`.
 *
 * @example
 * class LowerCaseString extends TypeDecorator<string, StringType> {
 *   constructor(readonly length?: number) {
 *     super(Varchar(length));
 *   }
 *   override processBindParam(value: string): string {
 *     return value.toLowerCase();
 *   }
 * }
 */
export abstract class TypeDecorator<
  T = unknown,
  Impl extends TypeEngine = TypeEngine,
  B = T,
> extends TypeEngine<T, B> {
  readonly typeName = 'decorator' as const;
  /**
   * Whether instances with equal fields may share compiled statements (SQLAlchemy's
   * `cache_ok`). Set it false for a type whose conversions depend on something its fields do
   * not show; each instance is then keyed apart.
   */
  readonly cacheOk: boolean = true;
  /** The type values are stored as. */
  readonly impl: Impl;

  constructor(impl: TypeArg<Impl>) {
    super();
    this.impl = toType(impl);
  }

  /**
   * The type to store values as on `dialect`: `impl` unless overridden, for a type that is
   * stored differently on some databases (JSONB on PostgreSQL, TEXT elsewhere, say).
   */
  loadDialectImpl(_dialect: TypeDialect): TypeEngine {
    return this.impl;
  }

  /** Converts a value on its way to the database, before the impl's own conversion. */
  processBindParam(value: B, _dialect: TypeDialect): unknown {
    return value;
  }

  /** Converts a value read from the database, after the impl's own conversion. */
  processResultValue(value: ValueOf<Impl>, _dialect: TypeDialect): T {
    return value as unknown as T;
  }

  override dialectImpl(dialect: TypeDialect): TypeEngine {
    const chosen = this.variantFor(dialect);
    if (chosen !== this) return chosen.dialectImpl(dialect);
    return this.loadDialectImpl(dialect).dialectImpl(dialect);
  }

  override cacheKey(): string {
    return customTypeKey(this, 'decorator');
  }

  override toString(): string {
    return `${this.constructor.name}(${this.impl})`;
  }
}
