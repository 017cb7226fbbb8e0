import type { OnConflictNode } from '../sql/nodes.js';
import { type DialectCapabilities, defaultCapabilities } from './capabilities.js';
import type { CompileContext } from './compile-context.js';
import { type CompilerSettings, SqlCompiler } from './sql-compiler.js';

/**
 * Everything generic SQL can show: RETURNING on every statement, window functions, FULL JOIN,
 * WITH on UPDATE and DELETE, DISTINCT ON. What `String(stmt)` and `stmt.compile()` write is for reading, so
 * it refuses nothing a dialect has (SQLAlchemy's `StrSQLCompiler`).
 */
const genericCapabilities: DialectCapabilities = {
  ...defaultCapabilities,
  insertReturning: true,
  updateReturning: true,
  deleteReturning: true,
  upsertStyle: 'on-conflict',
  distinctOn: true,
};

/**
 * The compiler of generic SQL, used when no dialect is given. An upsert is written as the
 * statement asks for it: `onConflictDoUpdate` as `ON CONFLICT`, `onDuplicateKeyUpdate` as
 * MySQL's `ON DUPLICATE KEY UPDATE`. The generic dialect (generic-dialect.ts) wires it to the
 * standard type and DDL compilers.
 */
export class GenericSqlCompiler extends SqlCompiler {
  #upsert: OnConflictNode['style'] = 'on-conflict';

  constructor(parts: Pick<CompilerSettings, 'typeCompiler' | 'ddlCompiler'>) {
    super({ name: 'default', capabilities: genericCapabilities, ...parts });
  }

  protected override upsertStyle(node: OnConflictNode): DialectCapabilities['upsertStyle'] {
    return node.style;
  }

  protected override visitOnConflict(node: OnConflictNode, ctx: CompileContext): string {
    this.#upsert = node.style;
    try {
      return super.visitOnConflict(node, ctx);
    } finally {
      this.#upsert = 'on-conflict';
    }
  }

  protected override excludedColumn(name: string): string {
    return this.#upsert === 'on-duplicate-key' ? `VALUES(${name})` : super.excludedColumn(name);
  }
}
