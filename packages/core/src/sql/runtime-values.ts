import { ArgumentError } from '../errors.js';
import type { ColumnElement } from './column-element.js';
import { null_ } from './expressions.js';

/*
 * Comparisons for values whose type is known only at run time: the keys and foreign keys the
 * ORM reads from objects as `unknown`. The typed methods (`column.eq(value)`) ask for a value
 * of the column's static type, which such code cannot state; the column's type still binds and
 * checks the value when the statement runs.
 */

/** `column = value`; `IS NULL` for null, as `column.eq()`. */
export function equalTo(column: ColumnElement, value: unknown): ColumnElement<boolean> {
  if (value === null) return column.isNull();
  if (value === undefined) throw undefinedValue();
  return column.eq(value);
}

/** `column IN (values)`; false for an empty list, as `column.in()`. */
export function inValues(
  column: ColumnElement,
  values: readonly unknown[],
): ColumnElement<boolean> {
  return column.in(
    values.map((value) => {
      if (value === undefined) throw undefinedValue();
      return value ?? null_();
    }),
  );
}

function undefinedValue(): ArgumentError {
  return new ArgumentError(
    'undefined is not a SQL value: use null for NULL, or check for a misspelled column name.',
  );
}
