import { ArgumentError } from '../errors.js';
import { BooleanType, nullType } from '../types/other-types.js';
import { type TypeArg, type TypeEngine, toType } from '../types/type-engine.js';
import {
  type BooleanElement,
  ColumnElement,
  type SelectSource,
  type SortElement,
  toExpression,
} from './column-element.js';
import { bindNode, keyword } from './node-factories.js';
import type { ExpressionNode } from './nodes.js';

const booleanType = new BooleanType();

function conditions(
  operator: 'and' | 'or',
  clauses: readonly (BooleanElement | undefined)[],
): ExpressionNode[] {
  return clauses
    .filter((clause): clause is BooleanElement => clause !== undefined)
    .map((clause) => {
      if (!(clause instanceof ColumnElement)) {
        throw new ArgumentError(`${operator}() takes conditions such as users.c.age.gt(25)`);
      }
      return clause.node;
    });
}

/**
 * `a AND b AND ...`. Undefined entries are skipped, so optional filters read naturally:
 * `and(nameFilter, ageFilter)`. With no conditions at all, it is TRUE.
 */
export function and(...clauses: (BooleanElement | undefined)[]): ColumnElement<boolean> {
  const nodes = conditions('and', clauses);
  if (nodes.length === 0) return true_();
  if (nodes.length === 1) return new ColumnElement(nodes[0] as ExpressionNode);
  return new ColumnElement({ kind: 'clause_list', operator: 'AND', clauses: nodes });
}

/** `a OR b OR ...`; with no conditions, FALSE. */
export function or(...clauses: (BooleanElement | undefined)[]): ColumnElement<boolean> {
  const nodes = conditions('or', clauses);
  if (nodes.length === 0) return false_();
  if (nodes.length === 1) return new ColumnElement(nodes[0] as ExpressionNode);
  return new ColumnElement({ kind: 'clause_list', operator: 'OR', clauses: nodes });
}

/** `NOT condition`. */
export function not(clause: BooleanElement): ColumnElement<boolean> {
  return new ColumnElement({
    kind: 'unary',
    operator: 'NOT',
    element: clause.node,
    type: booleanType,
  });
}

/** A value bound as a parameter, for places that need an expression: `select(literal(1))`. */
export function literal<T>(value: T, type?: TypeArg): ColumnElement<T> {
  return new ColumnElement(bindNode(value, type ? toType(type) : nullType));
}

/**
 * A named parameter whose value is given at execution (SQLAlchemy's `bindparam`):
 * `select(users).where(users.c.name.eq(bindparam('name')))`, then `execute(stmt, { name: 'x' })`.
 */
export function bindparam<T = unknown>(name: string, type?: TypeArg): ColumnElement<T> {
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) {
    throw new ArgumentError(
      `bindparam() names are letters, digits and '_'; got ${JSON.stringify(name)}`,
    );
  }
  return new ColumnElement(bindNode(undefined, type ? toType(type) : nullType, name));
}

/**
 * A piece of SQL written as is, used as a column: `literalColumn('1')`, `literalColumn('now()')`.
 * Never put user input in it; bind values with {@link literal} or `:name` parameters.
 */
export function literalColumn<T = unknown>(sql: string, type?: TypeArg): ColumnElement<T> {
  return new ColumnElement({ kind: 'raw', sql, type: type ? toType(type) : nullType });
}

/** SQL `NULL`. */
export function null_(): ColumnElement<null> {
  return new ColumnElement(keyword('NULL'));
}

/** SQL `TRUE` (1 where the database has no boolean literal). */
export function true_(): ColumnElement<boolean> {
  return new ColumnElement(keyword('TRUE'));
}

/** SQL `FALSE` (0 where the database has no boolean literal). */
export function false_(): ColumnElement<boolean> {
  return new ColumnElement(keyword('FALSE'));
}

/** `CAST(expression AS type)`. */
export function cast<Type extends TypeEngine>(
  expression: ColumnElement<unknown> | unknown,
  type: TypeArg<Type>,
): ColumnElement<Type extends TypeEngine<infer V, unknown> ? V : never> {
  const target = toType(type);
  return new ColumnElement({
    kind: 'cast',
    element: toExpression(expression, target),
    type: target,
  });
}

/**
 * `CASE WHEN ... THEN ... ELSE ... END`. Each `when` pairs a condition with a result; with
 * `value`, each pairs a value to compare it with.
 *
 * @example
 * case_([[users.c.age.lt(18), 'minor']], { else: 'adult' })
 * case_([['a', 1], ['b', 2]], { value: users.c.grade })
 */
export function case_<R>(
  whens: readonly (readonly [unknown, R | ColumnElement<R>])[],
  options: { else: R | ColumnElement<R>; value?: ColumnElement<unknown> },
): ColumnElement<R>;
/** Without `else`, a row no WHEN matches gives NULL. */
export function case_<R>(
  whens: readonly (readonly [unknown, R | ColumnElement<R>])[],
  options?: { else?: undefined; value?: ColumnElement<unknown> },
): ColumnElement<R | null>;
export function case_<R>(
  whens: readonly (readonly [unknown, R | ColumnElement<R>])[],
  options: { else?: R | ColumnElement<R>; value?: ColumnElement<unknown> } = {},
): ColumnElement<R | null> {
  if (whens.length === 0) throw new ArgumentError('case_() needs at least one WHEN');
  const resultType = resultTypeOf([...whens.map(([, result]) => result), options.else]);
  const valueType = options.value?.type ?? booleanType;
  return new ColumnElement({
    kind: 'case',
    value: options.value?.node ?? null,
    whens: whens.map(([condition, result]) => [
      toExpression(condition, valueType),
      toExpression(result, resultType),
    ]),
    else: options.else === undefined ? null : toExpression(options.else, resultType),
    type: resultType,
  });
}

function resultTypeOf(results: readonly unknown[]): TypeEngine {
  const typed = results.find((result) => result instanceof ColumnElement) as
    | ColumnElement
    | undefined;
  return typed?.type ?? nullType;
}

/** `EXISTS (SELECT ...)`. */
export function exists(select: SelectSource): ColumnElement<boolean> {
  return new ColumnElement({
    kind: 'unary',
    operator: 'EXISTS',
    element: { kind: 'scalar_subquery', element: select.node, type: booleanType },
    type: booleanType,
  });
}

/** A row value `(a, b)`, to compare several columns at once: `tuple(a, b).in([[1, 2], [3, 4]])`. */
export function tuple<T extends readonly unknown[]>(
  ...items: { [I in keyof T]: ColumnElement<T[I]> }
): ColumnElement<T> {
  return new ColumnElement<T>({
    kind: 'tuple',
    items: items.map((item) => item.node),
    type: nullType,
  });
}

/** `expression COLLATE name` (see {@link ColumnElement.collate}). */
export function collate<T, N extends string>(
  expression: ColumnElement<T, N>,
  collation: string,
): ColumnElement<T, N> {
  return expression.collate(collation);
}

/** `DISTINCT expression`. */
export function distinct<T>(expression: ColumnElement<T>): ColumnElement<T> {
  return expression.distinct();
}

/** `expression ASC`. */
export function asc(expression: ColumnElement<unknown>): SortElement {
  return expression.asc();
}

/** `expression DESC`. */
export function desc(expression: ColumnElement<unknown>): SortElement {
  return expression.desc();
}
