import { CompileError } from '../errors.js';
import type { Executable } from '../sql/executable.js';
import type { TextClause } from '../sql/text-clause.js';
import type { CompiledStatement } from './compiled-statement.js';
import { type SqlLexicalRules, scanNamedParams } from './named-param-scanner.js';

/**
 * How placeholders are written: `qmark` repeats `?` in order (SQLite, MySQL), `numeric_dollar`
 * numbers them `$1, $2` and reuses a number for a repeated parameter (PostgreSQL).
 */
export type ParamStyle = 'qmark' | 'numeric_dollar';

// Raw SQL that is an INSERT, UPDATE, DELETE or MERGE, after any WITH clause.
const dmlPattern = /^\s*(?:WITH\b[\s\S]*\)\s*)?(?:INSERT|UPDATE|DELETE|REPLACE|MERGE)\b/i;

/**
 * Turns statements into SQL for one dialect. The base class holds everything common; a dialect
 * subclasses it and overrides only the hooks where its SQL differs.
 */
export class SqlCompiler {
  /** How placeholders are written. */
  readonly paramStyle: ParamStyle = 'qmark';
  /** What the dialect's SQL quotes, so `:name` inside a literal is not taken for a parameter. */
  readonly lexicalRules: SqlLexicalRules = { backslashEscapes: false, dollarQuotedStrings: false };
  /** The character that opens and closes a quoted identifier. */
  readonly identifierQuote: string = '"';

  // Statement nodes are immutable, so their compiled form can be kept with them.
  readonly #textCache = new WeakMap<TextClause, CompiledStatement>();

  /** Compiles any executable statement. */
  compile(statement: Executable): CompiledStatement {
    switch (statement.kind) {
      case 'text':
        return this.compileText(statement as TextClause);
      default:
        throw new CompileError(`Cannot compile a statement of kind '${statement.kind}'`);
    }
  }

  /** Compiles raw SQL, replacing each `:name` with this dialect's placeholder. */
  compileText(clause: TextClause): CompiledStatement {
    const cached = this.#textCache.get(clause);
    if (cached) return cached;
    const { parts, names } = scanNamedParams(clause.sql, this.lexicalRules);
    let sql = parts[0] as string;
    const paramNames: string[] = [];
    const numbers = new Map<string, number>();
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      let placeholder: string;
      if (this.paramStyle === 'numeric_dollar') {
        let number = numbers.get(name);
        if (number === undefined) {
          paramNames.push(name);
          number = paramNames.length;
          numbers.set(name, number);
        }
        placeholder = `$${number}`;
      } else {
        paramNames.push(name);
        placeholder = '?';
      }
      sql += placeholder + parts[i + 1];
    }
    const compiled: CompiledStatement = {
      sql,
      paramNames,
      boundValues: clause.boundValues,
      isDml: dmlPattern.test(parts.join('')),
    };
    this.#textCache.set(clause, compiled);
    return compiled;
  }

  /** Quotes an identifier, doubling any quote character inside it. */
  quoteIdentifier(name: string): string {
    const q = this.identifierQuote;
    return q + name.split(q).join(q + q) + q;
  }
}
