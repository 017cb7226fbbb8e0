import { TypeCompiler, type TypeEngine } from '@athanor/core';

/** SQLite's type names: its affinity rules read them. */
export class SqliteTypeCompiler extends TypeCompiler {
  override float(_type: TypeEngine): string {
    return 'REAL';
  }

  override datetime(_type: TypeEngine): string {
    return 'DATETIME';
  }
}
