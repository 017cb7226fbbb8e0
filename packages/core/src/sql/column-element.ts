import { ArgumentError } from '../errors.js';
import { BooleanType } from '../types/other-types.js';
import { type TypeArg, type TypeEngine, toType } from '../types/type-engine.js';
import { checkIdentifierName } from './identifier-name.js';
import { bindNode, keyword, nodeType } from './node-factories.js';
import type {
  BinaryOperator,
  ColumnNode,
  CompoundSelectNode,
  ExpressionNode,
  OrderByNode,
  SelectNode,
} from './nodes.js';

/** Carries an element's value type in the type system only. */
export declare const elementType: unique symbol;

/** The boolean type that comparisons have. */
const booleanType = new BooleanType();

/** Something with a SELECT node inside: what `in()` and `exists()` take besides values. */
export interface SelectSource {
  readonly node: SelectNode | CompoundSelectNode;
}

/** What a comparison accepts on its right: a value, or an expression of a compatible type. */
export type Operand<T> = BindValue<NonNullable<T>> | ColumnElement<NonNullable<T> | null, string>;

/** The values a column of type `T` accepts: a `Date` column also takes an ISO string, say. */
export type BindValue<T> = T extends Date ? Date | string : T extends bigint ? bigint | number : T;

/** Options for LIKE-based operators. */
export interface LikeOptions {
  /** The escape character the pattern uses (`LIKE ... ESCAPE '/'`). */
  escape?: string;
}

/** Options for `startsWith`, `endsWith` and `contains`. */
export interface AutoescapeOptions {
  /**
   * Treat `%` and `_` in the value as plain characters (escaping them with `/`). Default true,
   * so `contains('50%')` finds "50%" and not "50" followed by anything.
   */
  autoescape?: boolean;
}

/**
 * A SQL expression with a value (SQLAlchemy's `ColumnElement`): a column, a function call, a
 * comparison, a bound value. `T` is what it reads as; `N` its name in a result row, when it has
 * one (a column's key, a label). Methods build new expressions; nothing is changed in place.
 *
 * @example
 * users.c.age.gt(25)                    // users.age > ?
 * users.c.name.in(['Alice', 'Bob'])     // users.name IN (?, ?)
 * users.c.email.isNull()                // users.email IS NULL
 * users.c.name.contains('li')           // users.name LIKE '%' || ? || '%' ESCAPE '/'
 */
export class ColumnElement<T = unknown, N extends string = string> {
  declare readonly [elementType]?: { readonly value: T; readonly name: N };

  constructor(
    /** The expression tree (for compilers and layers built on Core). */
    readonly node: ExpressionNode,
  ) {}

  /** The name a result row gives this expression: a column's name, a label; else undefined. */
  get key(): N {
    return nameOf(this.node) as N;
  }

  /** The SQL type of the expression. */
  get type(): TypeEngine {
    return nodeType(this.node);
  }

  /** `this = other`; compared with null it is `IS NULL`. */
  eq(other: Operand<T> | null): ColumnElement<boolean> {
    return other === null ? this.isNull() : this.#compare('=', other);
  }

  /** `this != other`; compared with null it is `IS NOT NULL`. */
  ne(other: Operand<T> | null): ColumnElement<boolean> {
    return other === null ? this.isNotNull() : this.#compare('!=', other);
  }

  /** `this < other`. */
  lt(other: Operand<T>): ColumnElement<boolean> {
    return this.#compare('<', other);
  }

  /** `this <= other`. */
  le(other: Operand<T>): ColumnElement<boolean> {
    return this.#compare('<=', other);
  }

  /** `this > other`. */
  gt(other: Operand<T>): ColumnElement<boolean> {
    return this.#compare('>', other);
  }

  /** `this >= other`. */
  ge(other: Operand<T>): ColumnElement<boolean> {
    return this.#compare('>=', other);
  }

  /**
   * `this IN (...)`: a list of values (each bound), or a subquery. An empty list is false, as
   * SQLAlchemy renders it, instead of the invalid `IN ()`.
   */
  in(values: readonly Operand<T>[] | SelectSource): ColumnElement<boolean> {
    return this.#membership('IN', values);
  }

  /** `this NOT IN (...)`; with an empty list, true. */
  notIn(values: readonly Operand<T>[] | SelectSource): ColumnElement<boolean> {
    return this.#membership('NOT IN', values);
  }

  /** `this IS NULL`. */
  isNull(): ColumnElement<boolean> {
    return binary('IS', this.node, keyword('NULL'), booleanType);
  }

  /** `this IS NOT NULL`. */
  isNotNull(): ColumnElement<boolean> {
    return binary('IS NOT', this.node, keyword('NULL'), booleanType);
  }

  /** `this BETWEEN low AND high`. */
  between(low: Operand<T>, high: Operand<T>): ColumnElement<boolean> {
    const range = clauseAnd([this.#operand(low), this.#operand(high)]);
    return binary('BETWEEN', this.node, range, booleanType);
  }

  /** `this NOT BETWEEN low AND high`. */
  notBetween(low: Operand<T>, high: Operand<T>): ColumnElement<boolean> {
    const range = clauseAnd([this.#operand(low), this.#operand(high)]);
    return binary('NOT BETWEEN', this.node, range, booleanType);
  }

  /** `this LIKE pattern`; `%` and `_` in the pattern are wildcards. */
  like(
    this: StringElement<T, N>,
    pattern: Operand<string>,
    options: LikeOptions = {},
  ): ColumnElement<boolean> {
    return like('LIKE', this, pattern, options.escape);
  }

  /** `this NOT LIKE pattern`. */
  notLike(
    this: StringElement<T, N>,
    pattern: Operand<string>,
    options: LikeOptions = {},
  ): ColumnElement<boolean> {
    return like('NOT LIKE', this, pattern, options.escape);
  }

  /** Case-insensitive LIKE: `ILIKE` on PostgreSQL, `lower(x) LIKE lower(pattern)` elsewhere. */
  ilike(
    this: StringElement<T, N>,
    pattern: Operand<string>,
    options: LikeOptions = {},
  ): ColumnElement<boolean> {
    return like('ILIKE', this, pattern, options.escape);
  }

  /** Case-insensitive NOT LIKE. */
  notIlike(
    this: StringElement<T, N>,
    pattern: Operand<string>,
    options: LikeOptions = {},
  ): ColumnElement<boolean> {
    return like('NOT ILIKE', this, pattern, options.escape);
  }

  /** Starts with the value: `LIKE value || '%'`, with `%` and `_` in the value escaped. */
  startsWith(
    this: StringElement<T, N>,
    value: string,
    options: AutoescapeOptions = {},
  ): ColumnElement<boolean> {
    return affix(this, value, '', '%', options);
  }

  /** Ends with the value: `LIKE '%' || value`, with `%` and `_` in the value escaped. */
  endsWith(
    this: StringElement<T, N>,
    value: string,
    options: AutoescapeOptions = {},
  ): ColumnElement<boolean> {
    return affix(this, value, '%', '', options);
  }

  /** Contains the value: `LIKE '%' || value || '%'`, with `%` and `_` in the value escaped. */
  contains(
    this: StringElement<T, N>,
    value: string,
    options: AutoescapeOptions = {},
  ): ColumnElement<boolean> {
    return affix(this, value, '%', '%', options);
  }

  /** `this + other`. */
  add(this: NumberElement<T, N>, other: Operand<T>): ColumnElement<T> {
    return binary('+', this.node, this.#operand(other), this.type);
  }

  /** `this - other`. */
  sub(this: NumberElement<T, N>, other: Operand<T>): ColumnElement<T> {
    return binary('-', this.node, this.#operand(other), this.type);
  }

  /** `this * other`. */
  mul(this: NumberElement<T, N>, other: Operand<T>): ColumnElement<T> {
    return binary('*', this.node, this.#operand(other), this.type);
  }

  /** `this / other` (integer division on integer columns in most databases). */
  div(this: NumberElement<T, N>, other: Operand<T>): ColumnElement<T> {
    return binary('/', this.node, this.#operand(other), this.type);
  }

  /** `this % other`. */
  mod(this: NumberElement<T, N>, other: Operand<T>): ColumnElement<T> {
    return binary('%', this.node, this.#operand(other), this.type);
  }

  /** `-this`. */
  neg(this: NumberElement<T, N>): ColumnElement<T> {
    return new ColumnElement({ kind: 'unary', operator: '-', element: this.node, type: this.type });
  }

  /** String concatenation: `this || other` (`concat(this, other)` on MySQL). */
  concat(this: StringElement<T, N>, other: Operand<string>): ColumnElement<T> {
    return binary('||', this.node, this.#operand(other as Operand<T>), this.type);
  }

  /** `expression AS name`: the name its column gets in a result row. */
  label<const L extends string>(name: L): ColumnElement<T, L> {
    if (typeof name !== 'string' || name === '') {
      throw new ArgumentError(`label() needs a non-empty name, got ${JSON.stringify(name)}`);
    }
    checkIdentifierName(name, 'Label');
    return new ColumnElement({ kind: 'label', name, element: this.node, type: this.type });
  }

  /** `CAST(this AS type)`. */
  cast<Type extends TypeEngine>(type: TypeArg<Type>): ColumnElement<ValueOfType<Type>> {
    return new ColumnElement({ kind: 'cast', element: this.node, type: toType(type) });
  }

  /**
   * `this COLLATE name`: compares and sorts by the named collation, as the database names it
   * (`'C'` on PostgreSQL, `'NOCASE'` on SQLite, `'utf8mb4_bin'` on MySQL). The name is quoted
   * where it must be, as identifiers are.
   */
  collate(collation: string): ColumnElement<T, N> {
    if (typeof collation !== 'string' || collation === '') {
      throw new ArgumentError(`collate() needs a collation name, got ${JSON.stringify(collation)}`);
    }
    checkIdentifierName(collation, 'Collation');
    return new ColumnElement({ kind: 'collate', element: this.node, collation, type: this.type });
  }

  /** `DISTINCT this`, as in `count(DISTINCT x)`. */
  distinct(): ColumnElement<T> {
    return new ColumnElement({
      kind: 'unary',
      operator: 'DISTINCT',
      element: this.node,
      type: this.type,
    });
  }

  /** `this ASC` in ORDER BY. */
  asc(): SortElement {
    return new SortElement({ kind: 'order_by', element: this.node, direction: 'ASC', nulls: null });
  }

  /** `this DESC` in ORDER BY. */
  desc(): SortElement {
    return new SortElement({
      kind: 'order_by',
      element: this.node,
      direction: 'DESC',
      nulls: null,
    });
  }

  /** `this NULLS FIRST` in ORDER BY. */
  nullsFirst(): SortElement {
    return new SortElement({
      kind: 'order_by',
      element: this.node,
      direction: null,
      nulls: 'FIRST',
    });
  }

  /** `this NULLS LAST` in ORDER BY. */
  nullsLast(): SortElement {
    return new SortElement({
      kind: 'order_by',
      element: this.node,
      direction: null,
      nulls: 'LAST',
    });
  }

  /** `this` with parentheses around it. */
  selfGroup(): ColumnElement<T, N> {
    return new ColumnElement({ kind: 'grouping', element: this.node, type: this.type });
  }

  #compare(operator: BinaryOperator, other: Operand<T>): ColumnElement<boolean> {
    return binary(operator, this.node, this.#operand(other), booleanType);
  }

  #membership(
    operator: 'IN' | 'NOT IN',
    values: readonly Operand<T>[] | SelectSource,
  ): ColumnElement<boolean> {
    if (!Array.isArray(values)) {
      const source = values as SelectSource;
      if (
        !source?.node ||
        (source.node.kind !== 'select' && source.node.kind !== 'compound_select')
      ) {
        throw new ArgumentError(
          `${operator.toLowerCase()}() takes an array of values or a select()`,
        );
      }
      const subquery = { kind: 'scalar_subquery', element: source.node, type: this.type } as const;
      return binary(operator, this.node, subquery, booleanType);
    }
    if (values.length === 0) {
      // `x IN ()` is not SQL; an empty IN is false (and NOT IN true), as SQLAlchemy renders it.
      const sql = operator === 'IN' ? '1 != 1' : '1 = 1';
      return new ColumnElement({ kind: 'raw', sql, type: booleanType });
    }
    const items = values.map((value) => this.#operand(value as Operand<T>));
    return binary(operator, this.node, { kind: 'tuple', items, type: this.type }, booleanType);
  }

  /**
   * A value as a node: bound with this expression's type, or the expression itself. Against a
   * tuple `(a, b)`, an array binds each member with its own column's type.
   */
  #operand(value: unknown): ExpressionNode {
    const node = this.node;
    if (node.kind === 'tuple' && Array.isArray(value)) {
      const items = value.map((item, i) => {
        const member = node.items[i];
        return toExpression(item, member ? nodeType(member) : this.type);
      });
      return { kind: 'tuple', items, type: this.type };
    }
    return toExpression(value, this.type, node.kind === 'column' ? node : null);
  }
}

/** A boolean SQL expression, as `where()`, `and()` and `not()` take: `users.c.age.gt(25)`. */
export type BooleanElement = ColumnElement<boolean | null, string>;

/** A string-valued element (a `this` constraint for string operators). */
export type StringElement<T, N extends string> = ColumnElement<T, N> &
  ColumnElement<string | null, string>;
/** A number-valued element (a `this` constraint for arithmetic). */
export type NumberElement<T, N extends string> = ColumnElement<T, N> &
  ColumnElement<number | bigint | string | null, string>;
/** The value type a SQL type reads as: `ValueOfType<IntegerType>` is `number`. */
export type ValueOfType<Type> = Type extends TypeEngine<infer V, unknown> ? V : never;

/** An ORDER BY term: `x DESC NULLS LAST`. */
export class SortElement {
  constructor(/** The ORDER BY term's tree. */ readonly node: OrderByNode) {}

  /** Nulls sort first (emulated with an extra sort key where the database lacks NULLS FIRST). */
  nullsFirst(): SortElement {
    return new SortElement({ ...this.node, nulls: 'FIRST' });
  }

  /** Nulls sort last. */
  nullsLast(): SortElement {
    return new SortElement({ ...this.node, nulls: 'LAST' });
  }
}

/**
 * A value as an expression node: a {@link ColumnElement}'s own node, NULL for null, or a bound
 * parameter of the given type for anything else.
 */
export function toExpression(
  value: unknown,
  type: TypeEngine,
  column: ColumnNode | null = null,
): ExpressionNode {
  if (value instanceof ColumnElement) return value.node;
  if (value instanceof SortElement) return value.node;
  if (value === null) return keyword('NULL');
  if (value === undefined) {
    throw new ArgumentError(
      'undefined is not a SQL value: use null for NULL, or check for a misspelled column name.',
    );
  }
  if (typeof value === 'object' && value !== null && 'node' in value) {
    const node = (value as { node: { kind?: unknown } }).node;
    if (node && (node.kind === 'select' || node.kind === 'compound_select')) {
      return { kind: 'scalar_subquery', element: node as SelectNode, type };
    }
  }
  return bindNode(value, type, null, column);
}

/** A new binary expression. */
function binary<R = boolean>(
  operator: BinaryOperator,
  left: ExpressionNode,
  right: ExpressionNode,
  type: TypeEngine,
): ColumnElement<R> {
  return new ColumnElement({ kind: 'binary', operator, left, right, escape: null, type });
}

function clauseAnd(clauses: ExpressionNode[]): ExpressionNode {
  return { kind: 'clause_list', operator: 'AND', clauses };
}

function like(
  operator: 'LIKE' | 'NOT LIKE' | 'ILIKE' | 'NOT ILIKE',
  element: ColumnElement<unknown, string>,
  pattern: unknown,
  escapeChar: string | undefined,
): ColumnElement<boolean> {
  if (escapeChar !== undefined && escapeChar.length !== 1) {
    throw new ArgumentError(`A LIKE escape is one character, got ${JSON.stringify(escapeChar)}`);
  }
  const right = toExpression(pattern, element.type);
  return new ColumnElement({
    kind: 'binary',
    operator,
    left: element.node,
    right,
    escape: escapeChar ?? null,
    type: booleanType,
  });
}

/** `LIKE prefix || value || suffix` with the value's wildcards escaped. */
function affix(
  element: ColumnElement<unknown, string>,
  value: string,
  prefix: string,
  suffix: string,
  options: AutoescapeOptions,
): ColumnElement<boolean> {
  if (typeof value !== 'string') {
    throw new ArgumentError(`startsWith/endsWith/contains take a string, got ${typeof value}`);
  }
  const autoescape = options.autoescape ?? true;
  const escaped = autoescape ? value.replace(/[/%_]/g, (ch) => `/${ch}`) : value;
  return like('LIKE', element, `${prefix}${escaped}${suffix}`, autoescape ? '/' : undefined);
}

/** The name a result row gives an expression node, if it has one. */
export function nameOf(node: ExpressionNode): string | undefined {
  switch (node.kind) {
    case 'column':
    case 'label':
    case 'function':
      return node.name;
    case 'cast':
    case 'grouping':
    case 'over':
    case 'aggregate_filter':
    case 'collate':
      return nameOf(node.element);
    case 'unary':
      return node.operator === 'DISTINCT' ? nameOf(node.element) : undefined;
    default:
      return undefined;
  }
}
