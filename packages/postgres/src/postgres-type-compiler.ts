import { TypeCompiler, type TypeEngine } from '@athanor/core/dialect';

/** PostgreSQL's type names. */
export class PostgresTypeCompiler extends TypeCompiler {
  override large_binary(_type: TypeEngine): string {
    return 'BYTEA';
  }

  override uuid(_type: TypeEngine): string {
    return 'UUID';
  }

  /** JSONB: comparable, indexable, and what PostgreSQL recommends over JSON. */
  override json(_type: TypeEngine): string {
    return 'JSONB';
  }

  override interval(_type: TypeEngine): string {
    return 'INTERVAL';
  }
}
