import { type Connection, type Dialect, type Executable, text } from '@athanor/core';
import type { MigrationContext } from './migration-context.js';

/**
 * The context of an online run: each statement runs on the migration's connection, inside the
 * transaction the runner opened. It remembers the SQL of what ran, so a failure on a database
 * without transactional DDL can say what stayed done.
 */
export class OnlineMigrationContext implements MigrationContext {
  readonly mode = 'online';
  /** The SQL of each statement run since the last {@link OnlineMigrationContext.resetLog}. */
  readonly statementsRun: string[] = [];

  constructor(readonly connection: Connection) {}

  /**
   * SQLite batch mode's foreign keys: the runner turns enforcement off before each migration's
   * BEGIN and checks the whole database before COMMIT (runtime/sqlite-foreign-keys.ts), so
   * `work` only has to run.
   */
  async withoutForeignKeys(work: () => Promise<void>): Promise<void> {
    await work();
  }

  get dialect(): Dialect {
    return this.connection.dialect;
  }

  async emit(statement: Executable | string): Promise<void> {
    const executable = typeof statement === 'string' ? text(statement) : statement;
    await this.connection.execute(executable);
    this.statementsRun.push(
      typeof statement === 'string' ? statement : this.dialect.compiler.compileToSql(statement).sql,
    );
  }

  resetLog(): void {
    this.statementsRun.length = 0;
  }
}
