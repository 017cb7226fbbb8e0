import type { Executable, resultShape } from './executable.js';
import type { TextNode } from './nodes.js';
import { CompilableStatement } from './statement-rendering.js';

/**
 * Raw SQL with `:name` parameters (SQLAlchemy's `TextClause`). Build one with {@link text}.
 *
 * The SQL is sent as written, except that each `:name` becomes the dialect's placeholder (`?` on
 * SQLite and MySQL, `$1` on PostgreSQL) and its value is sent as a bound parameter, never spliced
 * into the SQL.
 */
export class TextClause<
    R extends object = Record<string, unknown>,
    T extends readonly unknown[] = unknown[],
  >
  extends CompilableStatement
  implements Executable<R, T>
{
  declare readonly [resultShape]?: { readonly byName: R; readonly byPosition: T };
  /** The SQL's tree. */
  readonly node: TextNode;

  constructor(
    /** The SQL as written, with `:name` parameters. */
    readonly sql: string,
    /** Values bound ahead of execution with {@link TextClause.bindParams}. */
    readonly boundValues: Readonly<Record<string, unknown>> = {},
  ) {
    super();
    this.node = { kind: 'text', sql, boundValues };
  }

  /**
   * A copy with values bound to some of its parameters; values given to `execute` still win.
   * @example
   * const byName = text('SELECT * FROM users WHERE name = :name').bindParams({ name: 'Alice' });
   */
  bindParams(values: Readonly<Record<string, unknown>>): TextClause<R, T> {
    return new TextClause<R, T>(this.sql, { ...this.boundValues, ...values });
  }

  /** The SQL as written. */
  override toString(): string {
    return this.sql;
  }
}

/**
 * Raw SQL with named parameters, to execute on any dialect.
 *
 * The type parameter names the row it returns; without it, rows are `Record<string, unknown>`.
 *
 * @example
 * const result = await conn.execute(
 *   text<{ id: number; name: string }>('SELECT id, name FROM users WHERE name = :name'),
 *   { name: 'Alice' },
 * );
 * // SQLite, MySQL: SELECT id, name FROM users WHERE name = ?      ['Alice']
 * // PostgreSQL:    SELECT id, name FROM users WHERE name = $1     ['Alice']
 *
 * `:name` inside string literals, quoted identifiers and comments is left alone, as is
 * PostgreSQL's `::` cast (`:id::int` is the parameter `id`, cast). Write `\:` for a literal colon
 * that would otherwise start a parameter. What counts as a literal or a comment follows the
 * dialect's own syntax (its compiler's `lexicalRules`). The driver's positional placeholder
 * (`$1` on PostgreSQL, `?` elsewhere) outside them is refused with a `CompileError`.
 */
export function text<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
>(sql: string): TextClause<R, T> {
  return new TextClause<R, T>(sql);
}
