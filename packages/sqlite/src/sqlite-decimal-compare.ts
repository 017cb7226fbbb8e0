import {
  type BinaryNode,
  type BinaryOperator,
  type BindNode,
  type CompileContext,
  decoratorBinds,
  defaultTypeProcessors,
  type ExpressionNode,
  type NumericType,
  type Processor,
  type TypeDialect,
  type TypeEngine,
} from '@athanor/core/dialect';
import { comparedText } from './sqlite-numeric.js';

/**
 * How the SQLite compiler compares a Numeric column with bound values exactly. The column's
 * text is canonical when it has a precision (one text per value, see `decimalText` in
 * sqlite-numeric.ts), so `=`, `!=`, IN and NOT IN compare the text itself with each value
 * written the same way ({@link comparedText}), and `<`, `<=`, `>`, `>=` and BETWEEN compare
 * sign, number of whole digits and text ({@link orderedDecimalText}). Anything else is read
 * as a number by the compiler (`CAST(x AS NUMERIC)`).
 */

/** The comparisons that find equal values: against bound values, they compare canonical text. */
const equalities = new Set<BinaryOperator>(['=', '!=', 'IS', 'IS NOT', 'IN', 'NOT IN']);

/**
 * The type an expression's values are stored as on `dialect`: a decorator's impl, a variant
 * (a decorated or variant Numeric is decimal text as a Numeric is).
 */
function storedType(
  node: ExpressionNode | undefined,
  dialect: TypeDialect,
): TypeEngine | undefined {
  return (node as { type?: TypeEngine } | undefined)?.type?.dialectImpl(dialect);
}

/** True for an expression stored as Numeric: decimal text in a column (see sqlite-numeric.ts). */
export function isDecimalText(node: ExpressionNode | undefined, dialect: TypeDialect): boolean {
  return storedType(node, dialect)?.typeName === 'numeric';
}

/**
 * The scale of a table's Numeric column with a precision: its text is canonical (one text per
 * value, see `decimalText`), so `=` can compare it as text. Undefined for anything else.
 */
function canonicalScale(node: ExpressionNode, dialect: TypeDialect): number | undefined {
  if (node.kind !== 'column' || !isDecimalText(node, dialect)) return undefined;
  if (node.table?.kind !== 'table' && node.table?.kind !== 'alias') return undefined;
  const { precision, scale } = storedType(node, dialect) as NumericType<boolean>;
  return precision === undefined ? undefined : (scale ?? 0);
}

/**
 * For `column = value`, `column IN (values...)` and their negations, where the column holds
 * canonical decimal text and the values are bound: the column's scale. The values are then
 * bound as canonical text too ({@link comparedText}), and the column compared as it is, exactly.
 */
export function textEquality(
  node: BinaryNode,
  ctx: CompileContext,
  dialect: TypeDialect,
): number | undefined {
  if (!equalities.has(node.operator) || ctx.literalBinds) return undefined;
  const right = node.right;
  const bound =
    right.kind === 'bind' ||
    (right.kind === 'tuple' && right.items.every((item) => item.kind === 'bind'));
  return bound ? canonicalScale(node.left, dialect) : undefined;
}

/** The same for `<`, `<=`, `>`, `>=`, BETWEEN and NOT BETWEEN (see {@link orderedDecimalText}). */
export function textOrder(
  node: BinaryNode,
  ctx: CompileContext,
  dialect: TypeDialect,
): number | undefined {
  if (ctx.literalBinds) return undefined;
  const right = node.right;
  const bound = isOrdering(node.operator)
    ? right.kind === 'bind'
    : (node.operator === 'BETWEEN' || node.operator === 'NOT BETWEEN') &&
      right.kind === 'clause_list' &&
      right.clauses.every((clause) => clause.kind === 'bind');
  return bound ? canonicalScale(node.left, dialect) : undefined;
}

/**
 * A bound Numeric value compared with a column of `scale`: its canonical text, not rounded
 * (after a decorator's own conversion, when the Numeric is decorated).
 */
export function comparedValue(node: BindNode, scale: number, dialect: TypeDialect): Processor {
  const decorated = decoratorBinds(node.type, dialect);
  const stored = node.type.dialectImpl(dialect);
  const check = defaultTypeProcessors.numeric?.(stored).bind as Processor;
  return (value) => {
    const processed = decorated(value);
    return processed === null || processed === undefined
      ? null
      : comparedText(check(processed) as string, scale);
  };
}

/** The ordering comparisons, and each one's mirror (what it becomes when both sides are negated). */
const mirrored: Partial<Record<BinaryOperator, BinaryOperator>> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** True for `<`, `<=`, `>` and `>=`. */
function isOrdering(operator: BinaryOperator): boolean {
  return operator in mirrored;
}

/**
 * `column op value`, exactly, where the column holds canonical decimal text (see
 * sqlite-numeric.ts) and `value` writes a placeholder for the value's canonical text (it is
 * called once for each place the value appears). Two canonical decimals of the same sign
 * compare as (position of the point, text): more whole digits is larger, then the digits
 * decide, and a value with one decimal more than the column's scale sorts just after its
 * prefix, as the number does. Between two negatives the order is the other way round. So:
 *
 *     CASE WHEN (x < '0') <> (? < '0') THEN x < '0'
 *          WHEN x < '0' THEN (instr(x || '.', '.'), x) > (instr(? || '.', '.'), ?)
 *          ELSE (instr(x || '.', '.'), x) < (instr(? || '.', '.'), ?) END
 *
 * (`x < '0'` is true exactly for negative text: '-' sorts before every digit.) NULL gives NULL.
 */
export function orderedDecimalText(
  column: string,
  operator: BinaryOperator,
  value: () => string,
): string {
  const mirror = mirrored[operator] as BinaryOperator;
  const negative = `${column} < '0'`;
  const key = (text: string) => `(instr(${text} || '.', '.'), ${text})`;
  const valueKey = () => {
    const first = value();
    return `(instr(${first} || '.', '.'), ${value()})`;
  };
  // Signs differ: the column is the smaller exactly when it is the negative one.
  const bySign = operator.startsWith('<') ? negative : `NOT ${negative}`;
  return (
    `CASE WHEN (${negative}) <> (${value()} < '0') THEN ${bySign} ` +
    `WHEN ${negative} THEN ${key(column)} ${mirror} ${valueKey()} ` +
    `ELSE ${key(column)} ${operator} ${valueKey()} END`
  );
}
