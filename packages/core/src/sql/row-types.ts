import type { HasClauseElement } from './clause-element.js';
import type { ColumnElement, elementType } from './column-element.js';
import type { FromClause } from './from-clauses.js';
import type { TextClause } from './text-clause.js';

/**
 * What `select()` takes: expressions, FROM clauses (a table selects all its columns), and raw
 * SQL columns as `text('count(*)')`.
 */
export type SelectItem =
  | ColumnElement<unknown, string>
  | FromClause<object, unknown>
  | TextClause<object>
  | HasClauseElement<FromClause<object, unknown>>;

/** Flattens an intersection so editors show `{ id: number; name: string }`. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What a column or expression carries in the type system: its value type and name. */
export type ElementInfo<E> = E extends { readonly [elementType]?: infer I }
  ? NonNullable<I>
  : never;

/** The row an item contributes by name: a column's `{ key: value }`, a table's whole row. */
export type ItemRow<E> =
  E extends FromClause<infer R, unknown>
    ? R
    : E extends HasClauseElement<FromClause<infer R, unknown>>
      ? R
      : ElementInfo<E> extends { readonly value: infer V; readonly name: infer N extends string }
        ? string extends N
          ? unknown
          : { [K in N]: V }
        : unknown;

export type FoldRow<Items extends readonly unknown[]> = Items extends readonly [
  infer Head,
  ...infer Rest,
]
  ? ItemRow<Head> & FoldRow<Rest>
  : unknown;

/** The row of a select, by name: `select(users.c.id, users.c.name)` gives `{ id: number; name: string }`. */
export type RowOf<Items extends readonly unknown[]> = Simplify<FoldRow<Items>>;

export type ItemValue<E> = ElementInfo<E> extends { readonly value: infer V } ? V : unknown;

export type HasFrom<Items extends readonly unknown[]> =
  Items[number] extends ColumnElement<unknown, string> ? false : true;

/**
 * The row of a select, by position: `[number, string]`. A selected table spreads its columns,
 * whose order the type system cannot see, so with one the positions are `unknown[]`.
 */
export type TupleOf<Items extends readonly unknown[]> =
  HasFrom<Items> extends true ? unknown[] : { -readonly [I in keyof Items]: ItemValue<Items[I]> };
