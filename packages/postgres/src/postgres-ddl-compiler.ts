import { type Column, DdlCompiler } from '@athanor/core/dialect';

const serials: Readonly<Record<string, string>> = {
  integer: 'SERIAL',
  big_integer: 'BIGSERIAL',
  small_integer: 'SMALLSERIAL',
};

/** PostgreSQL's DDL: an autoincrement integer key is SERIAL. */
export class PostgresDdlCompiler extends DdlCompiler {
  protected override columnType(column: Column): string {
    // By the type stored here: `Integer().withVariant(BigInteger({ mode: 'number' }), 'postgresql')`
    // is BIGSERIAL.
    const stored = column.type.dialectImpl(this.types.dialect);
    const serial = column.autoincrement ? serials[stored.typeName] : undefined;
    return serial ?? super.columnType(column);
  }
}
