import type { BinaryOperator } from '@athanor/core';

/** The ordering comparisons, and each one's mirror (what it becomes when both sides are negated). */
const mirrored: Partial<Record<BinaryOperator, BinaryOperator>> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** True for `<`, `<=`, `>` and `>=`. */
export function isOrdering(operator: BinaryOperator): boolean {
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
