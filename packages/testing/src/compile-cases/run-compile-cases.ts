import type { CompileTarget } from '@athanor/core';
import { describe, it } from 'vitest';
import { type ExpectedSql, expectCompiled, type SqlDialectKey } from '../expect-sql.js';
import { compileTopics } from './index.js';

/** What {@link runCompileCases} needs to know. */
export interface CompileCasesOptions {
  /** The dialect object to compile with (`sqliteDialect`, or `genericSql`). */
  readonly dialect: CompileTarget;
  /**
   * Whose SQL it must write: one of the table's dialects. A third-party dialect names the one it
   * is closest to and states its differences in `overrides`.
   */
  readonly expect: SqlDialectKey;
  /** A name for the run in reports; defaults to `expect`. */
  readonly label?: string;
  /** Case name → what this dialect writes instead, where it differs from `expect`'s SQL. */
  readonly overrides?: Readonly<Record<string, ExpectedSql>>;
}

/**
 * Registers one vitest test per compile case, by topic: each compiles its statement with
 * `dialect`, without a connection, and asserts the SQL and values (or the CompileError).
 *
 * @example
 * // packages/sqlite/test/compile-sql.test.ts
 * runCompileCases({ dialect: sqliteDialect, expect: 'sqlite' });
 */
export function runCompileCases(options: CompileCasesOptions): void {
  const { dialect, expect: key, overrides = {} } = options;
  const known = new Set(compileTopics.flatMap((topic) => topic.cases.map((c) => c.name)));
  const unknown = Object.keys(overrides).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`runCompileCases: overrides name no case: ${unknown.join(', ')}.`);
  }
  describe(`the SQL ${options.label ?? key} writes`, () => {
    for (const topic of compileTopics) {
      describe(topic.topic, () => {
        for (const c of topic.cases) {
          const want = overrides[c.name] ?? c.sql[key];
          const bug = overrides[c.name] === undefined ? c.knownBugs?.[key] : undefined;
          // A known bug runs as an expected failure: when it is fixed the test turns red, so
          // the note is removed with the fix.
          const test = bug === undefined ? it : it.fails;
          const name = bug === undefined ? c.name : `${c.name} (known bug: ${bug})`;
          test(name, () => expectCompiled(c.statement(), want, dialect, c.options, key));
        }
      });
    }
  });
}
