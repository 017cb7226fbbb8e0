import {
  type EnumType,
  type NumericType,
  type StringType,
  TypeCompiler,
  type TypeEngine,
} from '@athanor/core/dialect';

/** MySQL's type names. */
export class MysqlTypeCompiler extends TypeCompiler {
  override float(_type: TypeEngine): string {
    return 'DOUBLE';
  }

  override numeric(type: TypeEngine): string {
    const { precision, scale } = type as NumericType<boolean>;
    // MySQL's bare DECIMAL is DECIMAL(10, 0), which would drop every fraction.
    return precision === undefined ? 'DECIMAL(38, 10)' : `DECIMAL(${precision}, ${scale ?? 0})`;
  }

  /** VARCHAR needs a length on MySQL; without one, 255. */
  override string(type: TypeEngine): string {
    return `VARCHAR(${(type as StringType).length ?? 255})`;
  }

  /** LONGTEXT: a TEXT holds only 64 KiB, and Text promises any length. */
  override text(_type: TypeEngine): string {
    return 'LONGTEXT';
  }

  override boolean(_type: TypeEngine): string {
    return 'BOOL';
  }

  /** DATETIME(6): microseconds kept (a bare DATETIME drops the fraction). */
  override datetime(_type: TypeEngine): string {
    return 'DATETIME(6)';
  }

  override time(_type: TypeEngine): string {
    return 'TIME(6)';
  }

  override large_binary(_type: TypeEngine): string {
    return 'LONGBLOB';
  }

  override enum(type: TypeEngine): string {
    const values = (type as EnumType).values.map(
      (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
    );
    return `ENUM(${values.join(', ')})`;
  }

  override enumIsNative(): boolean {
    return true;
  }

  override castTarget(type: TypeEngine): string {
    switch (type.typeName) {
      case 'integer':
      case 'small_integer':
      case 'big_integer':
      case 'boolean':
        return 'SIGNED';
      case 'string':
      case 'text':
      case 'uuid':
      case 'enum':
        return 'CHAR';
      default:
        return this.process(type);
    }
  }
}
