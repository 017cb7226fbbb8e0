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
  | 'null'
  // A TypeDecorator: stored as its impl, its values converted by it on top of the impl's.
  | 'decorator'
  // A UserDefinedType: its own DDL and, optionally, its own conversions.
  | 'user_defined';

/**
 * The dialect a type is compiled for, as types see it: its name (`'sqlite'`, `'postgresql'`,
 * `'pglite'`, `'mysql'`). When a statement runs through an engine it is the dialect object itself.
 */
export interface TypeDialect {
  readonly name: string;
}

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

  /**
   * Other types to use on named dialects; see {@link withVariant}. Declared only: a type
   * without variants has no such field (its fields are its parameters, see type-key.ts).
   */
  declare readonly variants?: Readonly<Record<string, TypeEngine>>;

  /**
   * This type, but `type` on the dialect named `dialectName` (SQLAlchemy's `with_variant`): its
   * DDL and its value conversions there are `type`'s. Values keep this type's TypeScript type,
   * so the variant should read and bind the same kind of value.
   *
   * @example
   * new Column(Json().withVariant(Text(), 'sqlite')) // JSONB on PostgreSQL, TEXT on SQLite
   */
  withVariant(type: TypeArg, dialectName: string): this {
    // A copy of this type (same class, same fields), as SQLAlchemy does: everything that looks
    // at the type elsewhere (an integer key's autoincrement, say) still sees what it is. (So a
    // type class keeps its state in plain fields, not #private ones, which a copy would lack.)
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, {
      variants: Object.freeze({ ...this.variants, [dialectName]: toType(type) }),
    });
    return copy;
  }

  /**
   * The type this one is on `dialect`, with its variant chosen (this type when it has none
   * there). A {@link TypeDecorator} stays itself: its conversions still apply.
   */
  variantFor(dialect: TypeDialect): TypeEngine {
    const variant = this.variants?.[dialect.name];
    return variant ? variant.variantFor(dialect) : this;
  }

  /**
   * The SQL type this one is stored as on `dialect` (SQLAlchemy's unwrapped `dialect_impl`):
   * its variant there, and a decorator's impl, down to a type the dialect writes DDL for and
   * converts values of. DDL, CAST and the dialect's own conversions use it.
   */
  dialectImpl(dialect: TypeDialect): TypeEngine {
    return this.variantFor(dialect);
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
