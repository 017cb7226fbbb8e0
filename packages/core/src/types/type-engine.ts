/** Carries a type's JavaScript value type in the type system only. */
export declare const valueType: unique symbol;

/** The names of the SQL types core knows; dialects map each to DDL and to value processing. */
export type TypeName =
  | 'integer'
  | 'small_integer'
  | 'big_integer'
  | 'float'
  | 'numeric'
  | 'string'
  | 'text'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'time'
  | 'interval'
  | 'json'
  | 'large_binary'
  | 'uuid'
  | 'enum'
  | 'null';

/**
 * A SQL type (SQLAlchemy's `TypeEngine`). `T` is the JavaScript type values read as; `B` what a
 * statement accepts for it (usually the same; a `Date` column also takes a string, say).
 *
 * Types are immutable descriptions; the dialect decides the DDL for each and how values are
 * converted on their way to and from the driver.
 */
export abstract class TypeEngine<T = unknown, B = T> {
  declare readonly [valueType]?: { readonly read: T; readonly bind: B };
  /** Which SQL type this is. */
  abstract readonly typeName: TypeName;

  /**
   * The type in the compiled-statement cache key, and the key its processors are cached under:
   * two types with the same key must compile (DDL, CAST) and convert values alike, so it holds
   * every parameter that matters (a length, a scale, an enum's values).
   */
  cacheKey(): string {
    return this.typeName;
  }

  /** The type as SQLAlchemy would print it: `String(50)`. */
  toString(): string {
    return this.constructor.name.replace(/Type$/, '');
  }
}

/** The JavaScript type a SQL type reads as. */
export type ValueOf<Type> = Type extends TypeEngine<infer T, unknown> ? T : never;
/** The JavaScript type a SQL type accepts in a statement. */
export type BindOf<Type> = Type extends TypeEngine<unknown, infer B> ? B : never;

/** A type, or the factory that makes one, as `Column(Integer)` and `Column(Integer())` both allow. */
export type TypeArg<Type extends TypeEngine = TypeEngine> = Type | (() => Type);

/** The type a {@link TypeArg} stands for. */
export function toType<Type extends TypeEngine>(type: TypeArg<Type>): Type {
  return typeof type === 'function' ? type() : type;
}
