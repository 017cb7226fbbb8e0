import { type TypeArg, type TypeDialect, TypeEngine, toType, type ValueOf } from './type-engine.js';
import { fieldsKey } from './type-key.js';

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
 * The compiled-statement cache keys the type by its class and then, unless the class declares
 * `cacheOk = true`, by the instance: two instances share compiled SQL and processors only when
 * you promise, with `cacheOk = true`, that its own enumerable fields (`impl` included) are all
 * its SQL and conversions depend on (not `#private` fields, closures or getters, which the key
 * cannot see). `cacheKey()` then names those parameters; override it to name them yourself.
 *
 * @example
 * class LowerCaseString extends TypeDecorator<string, StringType> {
 *   override readonly cacheOk = true;
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
   * SQLAlchemy's `cache_ok`: declare it `true` to promise that the type's own enumerable fields
   * are everything its SQL and conversions depend on, so instances with equal fields (equal
   * `cacheKey()`) share compiled statements. Otherwise each instance is keyed apart.
   */
  readonly cacheOk: boolean = false;
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

  /**
   * The type's parameters in the cache key, read only when the class declares `cacheOk = true`
   * (see type-key.ts): by default its own enumerable fields. Always behind the class's identity,
   * so an override cannot make the key equal another type's.
   */
  override cacheKey(): string {
    return fieldsKey(this);
  }

  override toString(): string {
    return `${this.constructor.name}(${this.impl})`;
  }
}

/**
 * What a value bound to `type` on `dialect` goes through before the stored type's own
 * conversion: each decorator's `processBindParam`, outermost first (nothing for a type that is
 * not decorated there). For a dialect that binds a value its own way for the stored type (an
 * exact Numeric comparison, say) yet must keep the decorators' conversions on top.
 */
export function decoratorBinds(
  type: TypeEngine,
  dialect: TypeDialect,
): (value: unknown) => unknown {
  const decorators: TypeDecorator[] = [];
  let current = type.variantFor(dialect);
  while (current instanceof TypeDecorator) {
    decorators.push(current);
    current = current.loadDialectImpl(dialect).variantFor(dialect);
  }
  return (value) => {
    let processed = value;
    for (const decorator of decorators) {
      // NULL is never handed to a processor, as in TypeProcessors.
      if (processed === null || processed === undefined) return null;
      processed = decorator.processBindParam(processed, dialect);
    }
    return processed;
  };
}
