import {
  type CompiledSql,
  CompileError,
  type CompileOptions,
  type CompileTarget,
} from '@athanor/core';
import { genericDialect } from '@athanor/core/dialect';
import { expect } from 'vitest';

/** The dialects a compile test states SQL for: ours, and generic SQL (`String(stmt)`). */
export type SqlDialectKey = 'sqlite' | 'postgresql' | 'mysql' | 'mariadb' | 'generic';

/**
 * What one dialect must write for a statement: the SQL alone (then no values are bound), the
 * SQL with its values in placeholder order, or the `CompileError` the dialect raises instead.
 */
export type ExpectedSql =
  | string
  | { readonly sql: string; readonly params?: readonly unknown[] }
  | { readonly error: string };

/** The SQL a statement compiles to, by dialect. */
export type ExpectedSqlByDialect = { readonly [K in SqlDialectKey]?: ExpectedSql };

/** The dialect objects to compile with, by the key their expectation is stated under. */
export type SqlDialects = { readonly [K in SqlDialectKey]?: CompileTarget };

/** A statement `expectSql` can compile: anything with `compile()` (queries, DML, DDL, text). */
export interface CompilableSql {
  compile(options?: CompileOptions): CompiledSql;
}

/**
 * Generic SQL as a dialect object: what `stmt.compile()` without a dialect, and `String(stmt)`,
 * write. Pass it as `generic` to {@link expectSql}.
 */
export const genericSql: CompileTarget = genericDialect;

/**
 * Compiles `statement` with each dialect in `dialects` that has an expectation in `expected`,
 * without a connection, and asserts the SQL (`toBe`) and the bound values (`toEqual`), or the
 * `CompileError` message where the dialect refuses the statement (SQLAlchemy's
 * `assert_compile`, Kysely's `testSql`).
 *
 * @example
 * expectSql(
 *   select(users.c.id).where(users.c.name.eq('a')),
 *   {
 *     sqlite: { sql: 'SELECT users.id FROM users WHERE users.name = ?', params: ['a'] },
 *     postgresql: { sql: 'SELECT users.id FROM users WHERE users.name = $1', params: ['a'] },
 *   },
 *   { sqlite: sqliteDialect, postgresql: postgresDialect },
 * );
 * @throws when a dialect given has no expectation: a compile test states every dialect it runs.
 */
export function expectSql(
  statement: CompilableSql,
  expected: ExpectedSqlByDialect,
  dialects: SqlDialects,
  options: Omit<CompileOptions, 'dialect'> = {},
): void {
  for (const [key, dialect] of Object.entries(dialects) as [SqlDialectKey, CompileTarget][]) {
    const want = expected[key];
    if (want === undefined) {
      throw new Error(`expectSql: no SQL stated for ${key}; add a "${key}" entry.`);
    }
    expectCompiled(statement, want, dialect, options, key);
  }
}

/** Asserts what one dialect writes for `statement`. */
export function expectCompiled(
  statement: CompilableSql,
  want: ExpectedSql,
  dialect: CompileTarget,
  options: Omit<CompileOptions, 'dialect'> = {},
  label = 'the dialect',
): void {
  const compile = () => statement.compile({ ...options, dialect });
  if (typeof want === 'object' && 'error' in want) {
    let raised: unknown;
    try {
      compile();
    } catch (error) {
      raised = error;
    }
    expect(raised, `${label} should refuse the statement`).toBeInstanceOf(CompileError);
    expect(raised instanceof Error ? raised.message : raised, label).toBe(want.error);
    return;
  }
  const { sql, params = [] } = typeof want === 'string' ? { sql: want } : want;
  const compiled = compile();
  expect(compiled.sql, `${label}: SQL`).toBe(sql);
  expect(compiled.params, `${label}: params`).toEqual(params);
}
