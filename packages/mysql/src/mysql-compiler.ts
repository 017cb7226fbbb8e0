import {
  type BinaryOperator,
  type CompileContext,
  CompileError,
  type CompilerSettings,
  type DeleteNode,
  decoratorBinds,
  type ExpressionNode,
  type FunctionNode,
  type LockingClause,
  type OrderByNode,
  type Processor,
  SqlCompiler,
  type SqlLexicalRules,
} from '@athanor/core/dialect';
import { decimalComparison } from './mysql-decimal-compare.js';
import { mysqlReservedWords } from './mysql-reserved-words.js';
import { type MysqlServerFlags, unknownMysqlServer } from './mysql-server-flags.js';

/** The operators that compare their operands: a Numeric value is cast to a DECIMAL there. */
const comparisons = new Set<BinaryOperator>([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'IN',
  'NOT IN',
  'BETWEEN',
  'NOT BETWEEN',
]);

/** The largest LIMIT MySQL takes, for an OFFSET without a LIMIT (as its manual suggests). */
const noLimit = '18446744073709551615';

/**
 * MySQL's SQL: backquoted identifiers, backslash escapes in strings, `concat()` for `||`,
 * `VALUES(col)` in ON DUPLICATE KEY UPDATE, and NULLS FIRST/LAST emulated.
 */
export class MysqlCompiler extends SqlCompiler {
  override readonly identifierQuote: string = '`';
  readonly server: MysqlServerFlags;

  constructor(settings: CompilerSettings, server: MysqlServerFlags = unknownMysqlServer) {
    super(settings);
    this.server = server;
  }

  override readonly reservedWords: ReadonlySet<string> = mysqlReservedWords;
  override readonly lexicalRules: SqlLexicalRules = {
    backslashEscapes: true,
    dollarQuotedStrings: false,
    // Without sql_mode ANSI_QUOTES, "..." is a string, as '...' is.
    doubleQuotedStrings: true,
    backtickIdentifiers: true,
    hashComments: true,
    dashCommentNeedsSpace: true,
    positionalPlaceholder: 'question-mark',
  };

  /**
   * MySQL and MariaDB keep names in utf8mb3, which has no character beyond U+FFFF (emoji, say):
   * the server refuses such a name with 'Invalid utf8mb3 character string'. Say so first.
   * @throws {CompileError} for a name holding a character beyond U+FFFF.
   */
  override quoteIdentifier(name: string): string {
    const beyond = /[\u{10000}-\u{10FFFF}]/u.exec(name);
    if (beyond) {
      const code = (beyond[0].codePointAt(0) as number).toString(16).toUpperCase();
      throw new CompileError(
        `MySQL and MariaDB names cannot hold characters beyond U+FFFF; ${JSON.stringify(name)} ` +
          `holds U+${code} at index ${beyond.index}. Use another name.`,
      );
    }
    return super.quoteIdentifier(name);
  }

  protected override concat(left: string, right: string): string {
    return `concat(${left}, ${right})`;
  }

  protected override excludedColumn(name: string): string {
    return `VALUES(${name})`;
  }

  /** A multi-table UPDATE: `UPDATE target, others SET target.col = ...`. */
  protected override updateHead(
    target: string,
    others: readonly string[],
    set: readonly string[],
  ): string {
    return `UPDATE ${[target, ...others].join(', ')} SET ${set.join(', ')}`;
  }

  protected override qualifiesMultiTableSet(): boolean {
    return true;
  }

  /** A multi-table DELETE: `DELETE FROM target USING target, others`. */
  protected override deleteHead(
    table: DeleteNode['table'],
    target: string,
    others: readonly string[],
    ctx: CompileContext,
  ): string {
    if (others.length === 0) return super.deleteHead(table, target, others, ctx);
    // Aliases are declared in USING only; FROM names the table by its alias.
    return `DELETE FROM ${this.fromQualifier(table, ctx)} USING ${[target, ...others].join(', ')}`;
  }

  protected override defaultValues(): string {
    return ' () VALUES ()';
  }

  protected override stringLiteral(value: string): string {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }

  protected override functionCall(
    name: string,
    args: readonly string[],
    node: FunctionNode,
  ): string {
    // MySQL's length() counts bytes; char_length() counts characters, as elsewhere.
    if (name === 'length') return `char_length(${args.join(', ')})`;
    return super.functionCall(name, args, node);
  }

  /**
   * A Numeric compared with a bound value: the value is cast to a DECIMAL, so MySQL compares
   * two decimals exactly instead of two doubles (see mysql-decimal-compare.ts).
   */
  protected override operand(
    node: ExpressionNode,
    ctx: CompileContext,
    parent?: ExpressionNode,
    right = false,
  ): string {
    // By the type stored on MySQL: a decorated or variant Numeric compares as a Numeric does.
    const stored = node.kind === 'bind' ? node.type.dialectImpl(this.dialect) : undefined;
    if (
      node.kind === 'bind' &&
      stored?.typeName === 'numeric' &&
      parent?.kind === 'binary' &&
      comparisons.has(parent.operator)
    ) {
      const { sqlType, process } = decimalComparison(stored);
      // A decorator's own conversion first, then the exact decimal's.
      const decorated = decoratorBinds(node.type, this.dialect);
      const bind: Processor = (value) => {
        const processed = decorated(value);
        return processed === null || processed === undefined ? null : process(processed);
      };
      const value = ctx.literalBinds ? this.visit(node, ctx) : ctx.placeholder(node, bind);
      return `CAST(${value} AS ${sqlType})`;
    }
    return super.operand(node, ctx, parent, right);
  }

  protected override limitClause(
    limit: ExpressionNode | null,
    offset: ExpressionNode | null,
    ctx: CompileContext,
  ): string {
    let sql = '';
    if (limit || offset) sql += ` LIMIT ${limit ? this.visit(limit, ctx) : noLimit}`;
    if (offset) sql += ` OFFSET ${this.visit(offset, ctx)}`;
    return sql;
  }

  /** MySQL has no NULLS FIRST/LAST: sort on `x IS NULL` first. */
  protected override nullsOrder(sql: string, node: OrderByNode, ctx: CompileContext): string {
    const element = this.visit(node.element, ctx);
    const nullsLast = node.nulls === 'LAST';
    return `${element} IS ${nullsLast ? '' : 'NOT '}NULL, ${sql}`;
  }

  protected override lockingClause(locking: LockingClause): string {
    if (locking.mode === 'SHARE' && this.isMariaDB) {
      return ' LOCK IN SHARE MODE';
    }
    return super.lockingClause(locking);
  }

  /** True on MariaDB, whose syntax differs in places: the dialect says so once connected. */
  get isMariaDB(): boolean {
    return this.server.mariadb;
  }
}
