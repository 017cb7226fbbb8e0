import type { Dialect, Executable } from '@athanor/core';
import type { MigrationContext } from './migration-context.js';

/**
 * The context of an offline run (`--sql`): nothing connects; each statement is written as SQL
 * with its values inline and `;` after it, for a DBA to review and run.
 */
export class OfflineMigrationContext implements MigrationContext {
  readonly mode = 'offline';
  readonly connection = null;

  constructor(
    readonly dialect: Dialect,
    /** Receives the script, a statement or comment at a time (stdout, or a string). */
    private readonly write: (text: string) => void,
  ) {}

  async emit(statement: Executable | string): Promise<void> {
    const sql =
      typeof statement === 'string'
        ? statement.trim().replace(/;$/, '')
        : this.dialect.compiler.compileToSql(statement, undefined, { literalBinds: true }).sql;
    this.write(`${sql};\n\n`);
  }

  /** A `-- ...` comment line (which revision runs next). */
  comment(text: string): void {
    // One line: a revision message may hold line breaks, and text after one would be SQL.
    this.write(`-- ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}\n\n`);
  }
}
