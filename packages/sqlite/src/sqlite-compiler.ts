import {
  ArgumentError,
  type BinaryNode,
  type BinaryOperator,
  type BindNode,
  type CompileContext,
  type CompoundSelectNode,
  type DdlCompiler,
  defaultTypeProcessors,
  type ExpressionNode,
  type FunctionNode,
  type NumericType,
  type Processor,
  type SelectNode,
  SqlCompiler,
  type SqlLexicalRules,
  type TypeCompiler,
  type TypeEngine,
} from '@athanor/core';
import { SqliteDdlCompiler } from './sqlite-ddl-compiler.js';
import { isOrdering, orderedDecimalText } from './sqlite-decimal-order.js';
import { comparedText } from './sqlite-numeric.js';
import { sqliteReservedWords } from './sqlite-reserved-words.js';
import { SqliteTypeCompiler } from './sqlite-type-compiler.js';

/** The operators that compare their operands: a Numeric operand is read as a number there. */
const comparisons = new Set<BinaryOperator>([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'IS',
  'IS NOT',
  'IN',
  'NOT IN',
  'BETWEEN',
  'NOT BETWEEN',
]);

/** The operators that take a pattern on their right (ILIKE is written with LIKE). */
const likes = new Set<BinaryOperator>(['LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE']);

/**
 * A LIKE pattern's processor: SQLite's LIKE reads a pattern only up to its first U+0000, so
 * `'%a\u0000b%'` would match as `'%a'`; such a pattern is refused instead of matching more.
 */
function nulFreePattern(process: Processor | undefined): Processor {
  return (value) => {
    if (typeof value === 'string' && value.includes('\u0000')) {
      throw new ArgumentError(
        `Cannot bind the LIKE pattern ${JSON.stringify(value)} on SQLite: it holds U+0000, and ` +
          `SQLite's LIKE reads a pattern (and a value) only up to its first U+0000, so it would ` +
          'match more than asked. Take the U+0000 out of the pattern, or compare with instr().',
        { code: 'bad-bind-value' },
      );
    }
    return process ? process(value) : value;
  };
}

/** The comparisons that find equal values: against bound values, they compare canonical text. */
const equalities = new Set<BinaryOperator>(['=', '!=', 'IS', 'IS NOT', 'IN', 'NOT IN']);

/** True for an expression of type Numeric: decimal text in a column (see sqlite-numeric.ts). */
function isDecimalText(node: ExpressionNode | undefined): boolean {
  return (node as { type?: TypeEngine } | undefined)?.type?.typeName === 'numeric';
}

/**
 * The scale of a table's Numeric column with a precision: its text is canonical (one text per
 * value, see {@link decimalText}), so `=` can compare it as text. Undefined for anything else.
 */
function canonicalScale(node: ExpressionNode): number | undefined {
  if (node.kind !== 'column' || !isDecimalText(node)) return undefined;
  if (node.table?.kind !== 'table' && node.table?.kind !== 'alias') return undefined;
  const { precision, scale } = node.type as NumericType<boolean>;
  return precision === undefined ? undefined : (scale ?? 0);
}

/**
 * For `column = value`, `column IN (values...)` and their negations, where the column holds
 * canonical decimal text and the values are bound: the column's scale. The values are then
 * bound as canonical text too ({@link comparedText}), and the column compared as it is, exactly.
 */
function textEquality(node: BinaryNode, ctx: CompileContext): number | undefined {
  if (!equalities.has(node.operator) || ctx.literalBinds) return undefined;
  const right = node.right;
  const bound =
    right.kind === 'bind' ||
    (right.kind === 'tuple' && right.items.every((item) => item.kind === 'bind'));
  return bound ? canonicalScale(node.left) : undefined;
}

/** The same for `<`, `<=`, `>`, `>=`, BETWEEN and NOT BETWEEN (see sqlite-decimal-order.ts). */
function textOrder(node: BinaryNode, ctx: CompileContext): number | undefined {
  if (ctx.literalBinds) return undefined;
  const right = node.right;
  const bound = isOrdering(node.operator)
    ? right.kind === 'bind'
    : (node.operator === 'BETWEEN' || node.operator === 'NOT BETWEEN') &&
      right.kind === 'clause_list' &&
      right.clauses.every((clause) => clause.kind === 'bind');
  return bound ? canonicalScale(node.left) : undefined;
}

/** A bound Numeric value compared with a column of `scale`: its canonical text, not rounded. */
function comparedValue(node: BindNode, scale: number): Processor {
  const check = defaultTypeProcessors.numeric?.(node.type).bind as Processor;
  return (value) => comparedText(check(value) as string, scale);
}

/** `CAST(x AS NUMERIC)`: decimal text read as an integer or a double, to compare by value. */
function asNumber(sql: string): string {
  return `CAST(${sql} AS NUMERIC)`;
}

/**
 * SQLite's SQL: `?` placeholders, LIMIT -1 for an OFFSET alone, CURRENT_TIMESTAMP for now().
 * Numeric values are stored as text, so they are read as numbers where they are ordered,
 * compared with expressions, or passed to min() and max(): text would put '9.5' after '10.25'.
 * A Numeric column's `=`, `!=` and IN against bound values compare canonical text: exact, where
 * reading as a number would keep 15 significant digits.
 */
export class SqliteCompiler extends SqlCompiler {
  /** SQLite also quotes names as MySQL (`` `name` ``) and SQL Server (`[name]`) do. */
  override readonly lexicalRules: SqlLexicalRules = {
    backslashEscapes: false,
    dollarQuotedStrings: false,
    backtickIdentifiers: true,
    bracketIdentifiers: true,
    positionalPlaceholder: 'question-mark',
  };

  override readonly reservedWords: ReadonlySet<string> = sqliteReservedWords;

  protected override createTypeCompiler(): TypeCompiler {
    return new SqliteTypeCompiler(this.settings.name);
  }

  protected override createDdlCompiler(): DdlCompiler {
    return new SqliteDdlCompiler(this);
  }

  protected override limitClause(
    limit: ExpressionNode | null,
    offset: ExpressionNode | null,
    ctx: CompileContext,
  ): string {
    let sql = '';
    if (limit || offset) sql += ` LIMIT ${limit ? this.visit(limit, ctx) : '-1'}`;
    if (offset) sql += ` OFFSET ${this.visit(offset, ctx)}`;
    return sql;
  }

  protected override functionCall(
    name: string,
    args: readonly string[],
    node: FunctionNode,
  ): string {
    if (name === 'now' && args.length === 0) return 'CURRENT_TIMESTAMP';
    const lower = name.toLowerCase();
    if ((lower === 'min' || lower === 'max') && args.length === 1 && isDecimalText(node.args[0])) {
      return `${name}(${asNumber(args[0] as string)})`;
    }
    return super.functionCall(name, args, node);
  }

  protected override operand(
    node: ExpressionNode,
    ctx: CompileContext,
    parent?: ExpressionNode,
    right = false,
  ): string {
    if (
      node.kind === 'bind' &&
      parent?.kind === 'binary' &&
      likes.has(parent.operator) &&
      parent.right === node &&
      !ctx.literalBinds
    ) {
      return ctx.placeholder(node, nulFreePattern(this.processors.for(node.type).bind));
    }
    if (parent?.kind === 'binary' && comparisons.has(parent.operator) && isDecimalText(node)) {
      const scale = textEquality(parent, ctx);
      if (scale === undefined) return asNumber(this.visit(node, ctx));
      if (node.kind !== 'bind') return this.visit(node, ctx);
      return ctx.placeholder(node, comparedValue(node, scale));
    }
    return super.operand(node, ctx, parent, right);
  }

  /** A Numeric column ordered against bound values: exactly, on its canonical text. */
  protected override visitBinary(node: BinaryNode, ctx: CompileContext): string {
    const scale = textOrder(node, ctx);
    if (scale === undefined) return super.visitBinary(node, ctx);
    const column = this.visit(node.left, ctx);
    const compare = (operator: BinaryOperator, bind: ExpressionNode) =>
      orderedDecimalText(column, operator, () =>
        ctx.placeholder(bind as BindNode, comparedValue(bind as BindNode, scale)),
      );
    if (node.right.kind !== 'clause_list') return compare(node.operator, node.right);
    const [low, high] = node.right.clauses as [ExpressionNode, ExpressionNode];
    const between = `${compare('>=', low)} AND ${compare('<=', high)}`;
    return node.operator === 'BETWEEN' ? `(${between})` : `NOT (${between})`;
  }

  /** `lower(x) LIKE lower(y)`, its pattern an operand so a bound one is checked as above. */
  protected override ilike(node: BinaryNode, ctx: CompileContext): string {
    const operator = node.operator === 'ILIKE' ? 'LIKE' : 'NOT LIKE';
    const pattern = this.operand(node.right, ctx, node, true);
    return `lower(${this.visit(node.left, ctx)}) ${operator} lower(${pattern})${this.escapeClause(node)}`;
  }

  protected override orderTerm(node: ExpressionNode, ctx: CompileContext): string {
    const sql = super.orderTerm(node, ctx);
    return node.kind !== 'order_by' && isDecimalText(node) ? asNumber(sql) : sql;
  }

  /**
   * SQLite takes no parentheses around the members of a UNION; a member with its own ORDER BY
   * or LIMIT becomes a subquery instead.
   */
  protected override compoundMember(
    member: SelectNode | CompoundSelectNode,
    ctx: CompileContext,
  ): string {
    const sql =
      member.kind === 'select'
        ? this.visitSelect(member, ctx)
        : this.visitCompoundSelect(member, ctx);
    const ownOrder = member.orderBy.length > 0 || member.limit !== null || member.offset !== null;
    return ownOrder || member.kind === 'compound_select' ? `SELECT * FROM (${sql})` : sql;
  }
}
