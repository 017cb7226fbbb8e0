import type { CompileOptions } from '@athanor/core';
import type { CompilableSql, ExpectedSql, SqlDialectKey } from '../expect-sql.js';

/**
 * One statement and the SQL each dialect must write for it. Every case states all five
 * dialects, so a change to any compiler shows up as a changed line in review; dialects that
 * write the same SQL are stated together with `same()` (see same-sql.ts).
 */
export interface CompileCase {
  /** What the statement shows, as the test's name. */
  readonly name: string;
  /** Builds the statement (lazily: a builder that throws fails this case alone). */
  readonly statement: () => CompilableSql;
  /** Compile options besides the dialect: `literalBinds`, named `params`. */
  readonly options?: Omit<CompileOptions, 'dialect'>;
  /** The SQL, or the CompileError, per dialect. */
  readonly sql: { readonly [K in SqlDialectKey]: ExpectedSql };
  /**
   * Dialects that write this statement wrongly today, with what is wrong. `sql` then states the
   * right SQL and the case runs as an expected failure, so fixing the bug turns it red until
   * the note is removed.
   */
  readonly knownBugs?: { readonly [K in SqlDialectKey]?: string };
}

/** The cases of one topic (select, insert, DDL, ...). */
export interface CompileTopic {
  readonly topic: string;
  readonly cases: readonly CompileCase[];
}
