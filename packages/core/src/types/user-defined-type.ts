import { customTypeKey } from './custom-type-key.js';
import { type TypeDialect, TypeEngine } from './type-engine.js';

/**
 * A SQL type core does not know, written by you (SQLAlchemy's `UserDefinedType`): its DDL is
 * what {@link getColSpec} returns, and its values pass to and from the driver as they are
 * unless {@link bindProcessor} and {@link resultProcessor} give conversions. A bound value is
 * then checked as an untyped one is (a string, number, Date, Buffer, plain object, ...).
 *
 * Keyed in the compiled-statement cache as a {@link TypeDecorator} is: by class and fields.
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
  readonly cacheOk: boolean = true;

  /** The type in DDL: `CREATE TABLE t (c <this>)`, and in CAST. */
  abstract getColSpec(dialect: TypeDialect): string;

  /** The conversion of a bound value on `dialect` (NULL never reaches it); none by default. */
  bindProcessor(_dialect: TypeDialect): ((value: B) => unknown) | undefined {
    return undefined;
  }

  /** The conversion of a value read on `dialect` (NULL never reaches it); none by default. */
  resultProcessor(_dialect: TypeDialect): ((value: unknown) => T) | undefined {
    return undefined;
  }

  override cacheKey(): string {
    return customTypeKey(this, 'user_defined');
  }

  override toString(): string {
    return this.constructor.name;
  }
}
