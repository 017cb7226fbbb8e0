import { CompileError } from '../errors.js';
import type { NumericType } from '../types/numeric-types.js';
import type { EnumType, StringType } from '../types/string-types.js';
import type { DateTimeType } from '../types/temporal-types.js';
import type { TypeDialect, TypeEngine, TypeName } from '../types/type-engine.js';
import type { UserDefinedType } from '../types/user-defined-type.js';

/**
 * Writes SQL types for DDL and CAST (SQLAlchemy's `TypeCompiler`). The base writes standard SQL;
 * a dialect overrides the names that differ.
 */
export class TypeCompiler {
  /**
   * The dialect, as custom types see it: it picks a type's variant and a decorator's impl.
   * `DefaultDialect` sets it to itself; until then it has the name `dialectName` starts with.
   */
  dialect: TypeDialect;

  constructor(
    /** The dialect's name, for error messages. */
    readonly dialectName: string,
  ) {
    this.dialect = { name: dialectName.split(' ')[0] ?? dialectName };
  }

  /** The type as DDL writes it: `VARCHAR(50)`, `TIMESTAMP WITH TIME ZONE`. */
  process(type: TypeEngine): string {
    // A variant or a decorator is written as the type it is stored as here.
    const stored = type.dialectImpl(this.dialect);
    const render = this[stored.typeName as TypeName] as ((type: TypeEngine) => string) | undefined;
    if (typeof render !== 'function') {
      throw new CompileError(`The ${this.dialectName} dialect cannot store ${type} columns.`);
    }
    return render.call(this, stored);
  }

  /** The type as a CAST target; most databases take the DDL name. */
  castTarget(type: TypeEngine): string {
    return this.process(type);
  }

  integer(_type: TypeEngine): string {
    return 'INTEGER';
  }

  small_integer(_type: TypeEngine): string {
    return 'SMALLINT';
  }

  big_integer(_type: TypeEngine): string {
    return 'BIGINT';
  }

  float(_type: TypeEngine): string {
    return 'DOUBLE PRECISION';
  }

  numeric(type: TypeEngine): string {
    const { precision, scale } = type as NumericType<boolean>;
    return precision === undefined ? 'NUMERIC' : `NUMERIC(${precision}, ${scale ?? 0})`;
  }

  string(type: TypeEngine): string {
    const { length } = type as StringType;
    return length === undefined ? 'VARCHAR' : `VARCHAR(${length})`;
  }

  text(_type: TypeEngine): string {
    return 'TEXT';
  }

  boolean(_type: TypeEngine): string {
    return 'BOOLEAN';
  }

  date(_type: TypeEngine): string {
    return 'DATE';
  }

  datetime(type: TypeEngine): string {
    return (type as DateTimeType).timezone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
  }

  time(_type: TypeEngine): string {
    return 'TIME';
  }

  interval(type: TypeEngine): string {
    throw new CompileError(`The ${this.dialectName} dialect has no ${type} type (PostgreSQL has).`);
  }

  json(_type: TypeEngine): string {
    return 'JSON';
  }

  large_binary(_type: TypeEngine): string {
    return 'BLOB';
  }

  uuid(_type: TypeEngine): string {
    return 'CHAR(36)';
  }

  /** A VARCHAR long enough for the values; the compiler adds a CHECK for them. */
  enum(type: TypeEngine): string {
    return `VARCHAR(${(type as EnumType).length})`;
  }

  /** True when the type's DDL already limits it to its values (MySQL's ENUM). */
  enumIsNative(): boolean {
    return false;
  }

  /** A decorator is written as its impl on this dialect (what {@link process} does). */
  decorator(type: TypeEngine): string {
    return this.process(type);
  }

  /** A user-defined type writes its own DDL. */
  user_defined(type: TypeEngine): string {
    return (type as UserDefinedType).getColSpec(this.dialect);
  }

  null(type: TypeEngine): string {
    throw new CompileError(`Cannot write DDL for a column without a type (${type}).`);
  }
}
