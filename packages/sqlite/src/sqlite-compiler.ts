import {
  type BinaryNode,
  type BinaryOperator,
  type BindNode,
  type CompileContext,
  type CompoundSelectNode,
  type ExpressionNode,
  type FunctionNode,
  type SelectNode,
  SqlCompiler,
  type SqlLexicalRules,
} from '@athanor/core/dialect';
import {
  comparedValue,
  isDecimalText,
  orderedDecimalText,
  textEquality,
  textOrder,
} from './sqlite-decimal-compare.js';
import { likes, nulFreePattern } from './sqlite-like.js';
import { sqliteReservedWords } from './sqlite-reserved-words.js';

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
    if (
      (lower === 'min' || lower === 'max') &&
      args.length === 1 &&
      isDecimalText(node.args[0], this.dialect)
    ) {
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
    if (
      parent?.kind === 'binary' &&
      comparisons.has(parent.operator) &&
      isDecimalText(node, this.dialect)
    ) {
      const scale = textEquality(parent, ctx, this.dialect);
      if (scale === undefined) return asNumber(this.visit(node, ctx));
      if (node.kind !== 'bind') return this.visit(node, ctx);
      return ctx.placeholder(node, comparedValue(node, scale, this.dialect));
    }
    return super.operand(node, ctx, parent, right);
  }

  /** A Numeric column ordered against bound values: exactly, on its canonical text. */
  protected override visitBinary(node: BinaryNode, ctx: CompileContext): string {
    const scale = textOrder(node, ctx, this.dialect);
    if (scale === undefined) return super.visitBinary(node, ctx);
    const column = this.visit(node.left, ctx);
    const compare = (operator: BinaryOperator, bind: ExpressionNode) =>
      orderedDecimalText(column, operator, () =>
        ctx.placeholder(bind as BindNode, comparedValue(bind as BindNode, scale, this.dialect)),
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
    return node.kind !== 'order_by' && isDecimalText(node, this.dialect) ? asNumber(sql) : sql;
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
