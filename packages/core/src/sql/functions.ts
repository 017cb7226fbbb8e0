import { ArgumentError } from '../errors.js';
import { IntegerType, NumericType } from '../types/numeric-types.js';
import { nullType } from '../types/other-types.js';
import { DateTimeType } from '../types/temporal-types.js';
import type { TypeEngine } from '../types/type-engine.js';
import {
  type BooleanElement,
  ColumnElement,
  type Operand,
  type SortElement,
  toExpression,
} from './column-element.js';
import { nodeType } from './node-factories.js';
import type { ExpressionNode, FunctionNode } from './nodes.js';

/** Options for a window: `OVER (PARTITION BY ... ORDER BY ...)`. */
export interface OverOptions {
  partitionBy?: ColumnElement<unknown> | readonly ColumnElement<unknown>[];
  orderBy?:
    | ColumnElement<unknown>
    | SortElement
    | readonly (ColumnElement<unknown> | SortElement)[];
}

/** A SQL function call (SQLAlchemy's `FunctionElement`): named after the function in result rows. */
export class FunctionElement<T = unknown, N extends string = string> extends ColumnElement<T, N> {
  declare readonly node: FunctionNode;

  /**
   * The function as a window function: `rank() OVER (PARTITION BY dept ORDER BY salary DESC)`.
   * @example func.rowNumber().over({ partitionBy: emp.c.dept, orderBy: emp.c.salary.desc() })
   */
  over(options: OverOptions = {}): ColumnElement<T, N> {
    const list = <V>(value: V | readonly V[] | undefined): readonly V[] =>
      value === undefined ? [] : Array.isArray(value) ? value : [value as V];
    return new ColumnElement({
      kind: 'over',
      element: this.node,
      partitionBy: list(options.partitionBy).map((e) => e.node),
      orderBy: list(options.orderBy).map((e) => e.node),
      type: this.node.type,
    });
  }

  /**
   * The aggregate over only the rows `condition` holds for (SQLAlchemy's `filter()`):
   * `count(*) FILTER (WHERE ...)`. MySQL and MariaDB have no FILTER: there the condition moves
   * into the aggregate's argument, `count(CASE WHEN ... THEN 1 END)`, which counts and sums the
   * same rows (the aggregates skip the NULL the CASE gives for the others).
   * @example func.count().filter(users.c.team.eq('red')).label('reds')
   */
  filter(condition: BooleanElement): ColumnElement<T, N> {
    if (!(condition instanceof ColumnElement)) {
      throw new ArgumentError('filter() takes a condition such as users.c.age.gt(25)');
    }
    return new ColumnElement({
      kind: 'aggregate_filter',
      element: this.node,
      where: condition.node,
      type: this.node.type,
    });
  }
}

export type Numberish = number | bigint | string | null;

/** The functions with known result types; any other name works too, with an unknown type. */
export interface KnownFunctions {
  /** `count(*)`, or `count(expression)`. */
  count(expression?: ColumnElement<unknown>): FunctionElement<number, 'count'>;
  /** `sum(expression)`: null when there are no rows. */
  sum<T extends Numberish>(expression: ColumnElement<T>): FunctionElement<T | null, 'sum'>;
  /** `avg(expression)`, as an exact decimal string. */
  avg(expression: ColumnElement<Numberish>): FunctionElement<string | null, 'avg'>;
  /** `min(expression)`. */
  min<T>(expression: ColumnElement<T>): FunctionElement<T | null, 'min'>;
  /** `max(expression)`. */
  max<T>(expression: ColumnElement<T>): FunctionElement<T | null, 'max'>;
  /** `coalesce(a, b, ...)`: the first that is not null. */
  coalesce<T>(first: ColumnElement<T>, ...rest: Operand<T>[]): FunctionElement<T, 'coalesce'>;
  /** `lower(text)`. */
  lower<T extends string | null>(expression: ColumnElement<T>): FunctionElement<T, 'lower'>;
  /** `upper(text)`. */
  upper<T extends string | null>(expression: ColumnElement<T>): FunctionElement<T, 'upper'>;
  /** `length(text)` in characters. */
  length(expression: ColumnElement<string | null>): FunctionElement<number | null, 'length'>;
  /** `abs(x)`. */
  abs<T extends Numberish>(expression: ColumnElement<T>): FunctionElement<T, 'abs'>;
  /** The current timestamp: `now()` (`CURRENT_TIMESTAMP` where `now()` does not exist). */
  now(): FunctionElement<Date, 'now'>;
  /** `row_number()`, for `.over(...)`. */
  rowNumber(): FunctionElement<number, 'row_number'>;
  /** `rank()`, for `.over(...)`. */
  rank(): FunctionElement<number, 'rank'>;
  /** `dense_rank()`, for `.over(...)`. */
  denseRank(): FunctionElement<number, 'dense_rank'>;
  /**
   * Any function by its SQL name, with the result type given: `func.call<string>('json_extract',
   * doc, '$.a')`. (`func.jsonExtract(...)` works too, but under `noUncheckedIndexedAccess` the
   * compiler asks for `func.jsonExtract!(...)`.)
   */
  call<T = unknown>(name: string, ...args: unknown[]): FunctionElement<T>;
}

/** Any function by name: `func.jsonExtract(...)` calls `json_extract(...)`. */
export type AnyFunction = (...args: unknown[]) => FunctionElement<unknown>;

/** `func.count()`, `func.lower(x)`, and any other function by name. */
export type Func = KnownFunctions & { readonly [name: string]: AnyFunction };

const integer = new IntegerType();
const numeric = new NumericType();
const datetime = new DateTimeType();

// Result types for the known functions; the rest take the type of their first argument or none.
const resultTypes: Readonly<Record<string, (args: readonly ExpressionNode[]) => TypeEngine>> = {
  count: () => integer,
  avg: () => numeric,
  length: () => integer,
  now: () => datetime,
  row_number: () => integer,
  rank: () => integer,
  dense_rank: () => integer,
  sum: firstArgType,
  min: firstArgType,
  max: firstArgType,
  coalesce: firstArgType,
  lower: firstArgType,
  upper: firstArgType,
  abs: firstArgType,
};

function firstArgType(args: readonly ExpressionNode[]): TypeEngine {
  return args[0] ? nodeType(args[0]) : nullType;
}

/** `rowNumber` -> `row_number`: TypeScript names in camelCase, SQL names in snake_case. */
function sqlName(name: string): string {
  return name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}

/** Builds a call of the SQL function `name` (as written: no case conversion). */
export function functionCall(name: string, args: readonly unknown[]): FunctionElement<unknown> {
  if (!/^[A-Za-z_][\w.]*$/.test(name)) {
    throw new ArgumentError(`Not a function name: ${JSON.stringify(name)}`);
  }
  const first = args[0];
  const firstType = first instanceof ColumnElement ? first.type : nullType;
  const argNodes =
    name === 'count' && args.length === 0
      ? [{ kind: 'raw', sql: '*', type: nullType } as const]
      : args.map((arg) => toExpression(arg, firstType));
  const type = (resultTypes[name] ?? firstArgType)(argNodes);
  return new FunctionElement({ kind: 'function', name, args: argNodes, type });
}

/**
 * SQL functions (SQLAlchemy's `func`): `func.count()`, `func.max(users.c.age)`,
 * `func.coalesce(users.c.nickname, users.c.name)`. Any name works: `func.jsonExtract(doc, '$.a')`
 * calls `json_extract(doc, ?)` (camelCase names are written in snake_case).
 */
export const func: Func = new Proxy({} as Func, {
  get(_target, property) {
    if (typeof property !== 'string') return undefined;
    if (property === 'call') {
      return (name: string, ...args: unknown[]) => functionCall(name, args);
    }
    return (...args: unknown[]) => functionCall(sqlName(property), args);
  },
});
