import { type NumericType, TypeCompiler, type TypeEngine } from '@athanor/core/dialect';
import { numericTextType } from './sqlite-numeric.js';

/** SQLite's type names: its affinity rules read them. */
export class SqliteTypeCompiler extends TypeCompiler {
  override float(_type: TypeEngine): string {
    return 'REAL';
  }

  /** `NUMERIC_TEXT(p, s)`: decimal text, exact (see sqlite-numeric.ts). */
  override numeric(type: TypeEngine): string {
    return numericTextType(type as NumericType<boolean>);
  }

  override datetime(_type: TypeEngine): string {
    return 'DATETIME';
  }
}
