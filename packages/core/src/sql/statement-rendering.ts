// The one place the expression layer reaches up to the compilers: a statement prints itself
// (`String(stmt)`, synchronous, so no lazy import) with the generic dialect's compiler. The
// generic dialect's modules do not import this one at run time, so this makes no cycle.
import { genericDialect } from '../dialect/generic-dialect.js';
import { ArgumentError } from '../errors.js';
import type { StatementNode } from './nodes.js';

/** A statement compiled to SQL with its values, as `stmt.compile()` returns it. */
export interface CompiledSql {
  /** The SQL, with the dialect's placeholders (or, with `literalBinds`, the values inline). */
  readonly sql: string;
  /**
   * The values in placeholder order, converted as the dialect's driver receives them; empty
   * with `literalBinds`. A named parameter given no value is undefined.
   */
  readonly params: readonly unknown[];
  /** The SQL. */
  toString(): string;
}

/** Options for `stmt.compile()`. */
export interface CompileOptions {
  /**
   * The dialect to write SQL for: the object a dialect package exports (`postgresDialect`
   * from `@athanor/postgres`), which needs no connection. Without it, generic SQL.
   */
  readonly dialect?: CompileTarget | undefined;
  /**
   * Write the values into the SQL as literals, quoted and escaped by the dialect, instead of
   * placeholders: for reading, logging and offline scripts; execute statements with bound values.
   */
  readonly literalBinds?: boolean | undefined;
  /** Values for named parameters (`bindparam('name')`, `text(':name')`). */
  readonly params?: Readonly<Record<string, unknown>> | undefined;
}

/** What writes a statement's SQL: a dialect's compiler. */
export interface StatementWriter {
  compileToSql(
    statement: { readonly node: { readonly kind: string } },
    params?: Readonly<Record<string, unknown>>,
    options?: { readonly literalBinds?: boolean | undefined },
  ): CompiledSql;
}

/** A dialect, as `compile()` takes it: anything with a compiler. */
export interface CompileTarget {
  readonly compiler: StatementWriter;
}

/**
 * `stmt.compile(options)`: the statement's SQL and values for a dialect, or generic SQL. A
 * dialect may be given on its own: `stmt.compile(postgresDialect)`.
 */
function compileStatement(
  statement: { readonly node: StatementNode | { readonly kind: string } },
  given: CompileOptions | CompileTarget = {},
): CompiledSql {
  const options: CompileOptions = 'compiler' in given ? { dialect: given } : given;
  const dialect = options.dialect;
  if (dialect !== undefined && typeof dialect?.compiler?.compileToSql !== 'function') {
    throw new ArgumentError(
      'compile({ dialect }) takes a dialect object, such as postgresDialect from @athanor/postgres ' +
        '(or engine.dialect).',
    );
  }
  const writer = (dialect ?? genericDialect).compiler;
  return writer.compileToSql(statement, options.params, { literalBinds: options.literalBinds });
}

/**
 * What every statement does without a connection: `stmt.compile()` (SQLAlchemy's `compile()`)
 * and `String(stmt)`. Queries, DML, `text()` and DDL statements all extend it.
 */
export abstract class CompilableStatement {
  /** The statement's tree (for compilers and layers built on Core). */
  abstract readonly node: { readonly kind: string };

  /**
   * The statement's SQL and values, without a connection: generic SQL, or a dialect's with
   * `{ dialect }` (`postgresDialect` from `@athanor/postgres`), or the dialect on its own. With
   * `literalBinds: true` the values are written into the SQL, for reading and logging only.
   * @example stmt.compile({ dialect: sqliteDialect }) // { sql: '... WHERE id = ?', params: [5] }
   */
  compile(options?: CompileOptions | CompileTarget): CompiledSql {
    return compileStatement(this, options);
  }

  /** The SQL in generic SQL, for reading; `stmt.compile({ dialect })` for a dialect's. */
  toString(): string {
    return this.compile(genericDialect).sql;
  }
}
