import { type TypeDialect, TypeEngine } from './type-engine.js';
import { fieldsKey } from './type-key.js';

/**
 * A SQL type core does not know, written by you (SQLAlchemy's `UserDefinedType`): its DDL is
 * what {@link getColSpec} returns, and its values pass to and from the driver as they are
 * unless {@link bindProcessor} and {@link resultProcessor} give conversions. A bound value is
 * then checked as an untyped one is (a string, number, Date, Buffer, plain object, ...).
 *
 * Keyed in the compiled-statement cache as a {@link TypeDecorator} is: by class, then by instance
 * unless the class declares `cacheOk = true` (then by its fields, or its `cacheKey()`).
 *
 * @example
 * class Point extends UserDefinedType<{ x: number; y: number }> {
 *   getColSpec(): string {
 *     return 'VARCHAR(40)';
 *   }
 *   override bindProcessor() {
 *     return (p: { x: number; y: number }) => `${p.x},${p.y}`;
 *   }
 * }
 */
export abstract class UserDefinedType<T = unknown, B = T> extends TypeEngine<T, B> {
  readonly typeName = 'user_defined' as const;
  /** As {@link TypeDecorator.cacheOk}. */
  readonly cacheOk: boolean = false;

  /**
   * The type in DDL: `CREATE TABLE t (c <this>)`, and in CAST. The text goes into the SQL as
   * written, unquoted and unchecked: return text from trusted code only, never built from user
   * input.
   */
  abstract getColSpec(dialect: TypeDialect): string;

  /** The conversion of a bound value on `dialect` (NULL never reaches it); none by default. */
  bindProcessor(_dialect: TypeDialect): ((value: B) => unknown) | undefined {
    return undefined;
  }

  /** The conversion of a value read on `dialect` (NULL never reaches it); none by default. */
  resultProcessor(_dialect: TypeDialect): ((value: unknown) => T) | undefined {
    return undefined;
  }

  /** As {@link TypeDecorator.cacheKey}: the parameters, behind the class's identity. */
  override cacheKey(): string {
    return fieldsKey(this);
  }

  override toString(): string {
    return this.constructor.name;
  }
}
