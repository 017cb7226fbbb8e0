import { ArgumentError } from '../errors.js';
import { IntegerType } from '../types/numeric-types.js';
import { BooleanType, nullType } from '../types/other-types.js';
import type { TypeEngine } from '../types/type-engine.js';
import { type HasClauseElement, resolveClause } from './clause-element.js';
import { ColumnElement, SortElement } from './column-element.js';
import type { Executable, resultShape } from './executable.js';
import {
  CTE,
  describeFromNode,
  FromClause,
  fromClauseOfNode,
  inferJoinCondition,
  type JoinOptions,
  Subquery,
} from './from-clauses.js';
import { collectFroms, openFroms } from './from-objects.js';
import { bindNode } from './node-factories.js';
import type {
  CompoundSelectNode,
  ExpressionNode,
  FromNode,
  LockingClause,
  SelectNode,
} from './nodes.js';
import type { RowOf, SelectItem, TupleOf } from './row-types.js';
import { CompilableStatement } from './statement-rendering.js';
import { TextClause } from './text-clause.js';

const integerType = new IntegerType();
const booleanType = new BooleanType();

/** A condition for WHERE and HAVING: an expression, or raw SQL as `text('age > :min')`. */
export type Condition = ColumnElement<boolean | null, string> | TextClause;
/** A term of ORDER BY or GROUP BY. */
export type OrderTerm = ColumnElement<unknown, string> | SortElement | TextClause;

/** Options for `forUpdate()`. */
export interface ForUpdateOptions {
  /** Fail at once instead of waiting for a locked row. */
  nowait?: boolean;
  /** Skip locked rows (PostgreSQL, MySQL 8, MariaDB 10.6+). */
  skipLocked?: boolean;
  /** `FOR SHARE` (a read lock) instead of `FOR UPDATE`. */
  readOnly?: boolean;
}

/**
 * Methods shared by SELECT and compound selects (UNION ...): ordering, limits, use as a subquery.
 */
abstract class SelectBase<R extends object, T extends readonly unknown[]>
  extends CompilableStatement
  implements Executable<R, T>
{
  declare readonly [resultShape]?: { readonly byName: R; readonly byPosition: T };
  /** The select's tree (for compilers and layers built on Core). */
  abstract override readonly node: SelectNode | CompoundSelectNode;
  /** The selected expressions, in order: what subqueries and CTEs expose as columns. */
  abstract readonly selected: readonly ColumnElement[];

  /**
   * The select as a FROM clause: `(SELECT ...) AS name` (SQLAlchemy's `subquery()`). Its `c`
   * holds its columns, typed. Without a name one is made at compile time.
   */
  subquery(name?: string): Subquery<R> {
    return new Subquery<R>(this.node, this.selected, name ?? null);
  }

  /** A LATERAL subquery (PostgreSQL, MySQL 8): it may refer to tables before it in FROM. */
  lateral(name?: string): Subquery<R> {
    return new Subquery<R>(this.node, this.selected, name ?? null, true);
  }

  /** Same as {@link SelectBase.subquery}. */
  alias(name?: string): Subquery<R> {
    return this.subquery(name);
  }

  /**
   * The select as a common table expression: `WITH name AS (SELECT ...)`. With
   * `{ recursive: true }`, add the recursive part with `cte.unionAll(...)`.
   */
  cte(name?: string, options: { recursive?: boolean } = {}): CTE<R> {
    return new CTE<R>(this.node, this.selected, name ?? null, options.recursive ?? false);
  }

  /** The select as a single value: `(SELECT max(age) FROM users)`. */
  scalarSubquery(): ColumnElement<T[0]> {
    const first = this.selected[0];
    return new ColumnElement({
      kind: 'scalar_subquery',
      element: this.node,
      type: first?.type ?? integerType,
    });
  }

  /** `(SELECT ...) AS name`, a scalar subquery with a name, for the column list. */
  label<const L extends string>(name: L): ColumnElement<T[0], L> {
    return this.scalarSubquery().label(name);
  }

  /** `EXISTS (SELECT ...)`. */
  exists(): ColumnElement<boolean> {
    return new ColumnElement({
      kind: 'unary',
      operator: 'EXISTS',
      element: { kind: 'scalar_subquery', element: this.node, type: booleanType },
      type: booleanType,
    });
  }

  /** This select UNION the others. */
  union(...others: SelectBase<object, readonly unknown[]>[]): CompoundSelect<R, T> {
    return compound('UNION', [this, ...others]);
  }

  /** This select UNION ALL the others (duplicates kept). */
  unionAll(...others: SelectBase<object, readonly unknown[]>[]): CompoundSelect<R, T> {
    return compound('UNION ALL', [this, ...others]);
  }

  /** This select INTERSECT the others. */
  intersect(...others: SelectBase<object, readonly unknown[]>[]): CompoundSelect<R, T> {
    return compound('INTERSECT', [this, ...others]);
  }

  /** This select EXCEPT the others. */
  except_(...others: SelectBase<object, readonly unknown[]>[]): CompoundSelect<R, T> {
    return compound('EXCEPT', [this, ...others]);
  }

  /** This select INTERSECT ALL the others: duplicates kept (not SQLite). */
  intersectAll(...others: SelectBase<object, readonly unknown[]>[]): CompoundSelect<R, T> {
    return compound('INTERSECT ALL', [this, ...others]);
  }

  /** This select EXCEPT ALL the others: duplicates kept (not SQLite). */
  exceptAll(...others: SelectBase<object, readonly unknown[]>[]): CompoundSelect<R, T> {
    return compound('EXCEPT ALL', [this, ...others]);
  }
}

/**
 * A SELECT statement (SQLAlchemy's `Select`). Immutable: every method returns a new select, so a
 * base query can be reused and extended safely.
 *
 * @example
 * const stmt = select(users.c.id, users.c.name)
 *   .where(users.c.age.gt(25))
 *   .orderBy(users.c.name)
 *   .limit(10);
 * const rows = (await conn.execute(stmt)).all(); // { id: number; name: string }[]
 */
export class Select<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> extends SelectBase<R, T> {
  /** Made by `select()`; subclasses (the ORM's select) call it with a node and its columns. */
  constructor(
    readonly node: SelectNode,
    readonly selected: readonly ColumnElement[],
  ) {
    super();
  }

  #with(changes: Partial<Omit<SelectNode, 'kind'>>): this {
    return this.#derive({ ...this.node, ...changes }, this.selected) as this;
  }

  /** A select over a new node that keeps what join() needs to know. */
  #derive<R2 extends object, T2 extends readonly unknown[]>(
    node: SelectNode,
    selected: readonly ColumnElement[],
    fromClauses: readonly FromClause<object, unknown>[] = this.#fromClauses,
    lastJoined: FromClause<object, unknown> | undefined = this.#lastJoined,
  ): Select<R2, T2> {
    const next = this.clone(node, selected) as Select<R2, T2>;
    next.#fromClauses = fromClauses;
    next.#lastJoined = lastJoined;
    return next;
  }

  /** Adds WHERE conditions, joined with AND to any already there. */
  where(...conditions: Condition[]): this {
    return this.#with({ where: andWith(this.node.where, conditions, 'where') });
  }

  /** Same as {@link Select.where}. */
  filter(...conditions: Condition[]): this {
    return this.where(...conditions);
  }

  /**
   * Joins `target` to the FROM clause: to the last join made; else to the FROM element it
   * relates to (the one `on` refers to, or the one a foreign key links it to) when the select
   * has several: those named with `selectFrom()`, or else its tables and those of its columns.
   * Without `on`, the condition comes from the single foreign key between them.
   * @throws {ArgumentError} when there is nothing to join to, or several candidates and nothing
   *   tells them apart: name the left side with `selectFrom(table)`.
   */
  join(
    target: FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>,
    on?: Condition,
    options: JoinOptions = {},
  ): this {
    const right = resolveClause(target);
    const froms = [...this.node.froms];
    const condition =
      on instanceof TextClause ? new ColumnElement<boolean>(rawNode(on, booleanType)) : on;
    const leftClause = this.#lastJoined ?? this.#joinLeftSide(right, condition);
    const joined = leftClause.join(right, condition, options);
    const index = froms.indexOf(leftClause.node);
    if (index >= 0) froms.splice(index, 1, joined.node);
    else froms.push(joined.node);
    const fromClauses = [...this.#fromClauses.filter((f) => f !== leftClause), joined];
    return this.#derive({ ...this.node, froms }, this.selected, fromClauses, joined) as this;
  }

  /**
   * The FROM element `right` is joined to when the statement does not say (SQLAlchemy infers
   * it the same way): the only candidate, or the only one `on` refers to (without `on`, the only
   * one a foreign key relates to `right`).
   */
  #joinLeftSide(
    right: FromClause<object, unknown>,
    on: ColumnElement<boolean | null, string> | undefined,
  ): FromClause<object, unknown> {
    const rightParts = openFroms([right.node]);
    const candidates = this.#candidateFroms().filter((from) => !rightParts.has(from.node));
    const name = describeFromNode(right.node);
    if (candidates.length === 0) {
      throw new ArgumentError(
        `join(${name}): nothing to join it to. Select columns of the table to join from, or name it: select(...).selectFrom(table).join(${name}, on).`,
      );
    }
    if (candidates.length === 1) return candidates[0] as FromClause<object, unknown>;
    let related: FromClause<object, unknown>[];
    if (on) {
      const used = new Set<FromNode>();
      collectFroms(on.node, used);
      related = candidates.filter((from) => [...openFroms([from.node])].some((n) => used.has(n)));
    } else {
      related = candidates.filter((from) => foreignKeyRelates(from, right));
    }
    if (related.length === 1) return related[0] as FromClause<object, unknown>;
    const among = candidates.map((from) => describeFromNode(from.node)).join(', ');
    throw new ArgumentError(
      `join(${name}): cannot tell which FROM element to join it to (${among}): ` +
        `${related.length === 0 ? 'none' : 'more than one'} of them ${on ? 'is named in the ON condition' : 'has a foreign key to or from it'}. ` +
        `Name the left side: select(...).selectFrom(table).join(${name}, on), or join from a table: select(...).selectFrom(table.join(${name}, on)).`,
    );
  }

  /**
   * The FROM elements join() may join to, in order: those named with `selectFrom()`; without
   * any, the tables selected (`select(table)`), then those of the selected columns and WHERE.
   */
  #candidateFroms(): FromClause<object, unknown>[] {
    const named = this.#fromClauses.filter((from) => this.node.froms.includes(from.node));
    if (named.length > 0) return named;
    const candidates = [...this.#fromClauses];
    const covered = openFroms(candidates.map((from) => from.node));
    const used = new Set<FromNode>();
    for (const column of this.node.columns) collectFroms(column, used);
    if (this.node.where) collectFroms(this.node.where, used);
    const known = new Map<FromNode, FromClause<object, unknown>>();
    for (const column of this.selected) {
      const owner = fromOfColumn(column);
      if (owner) known.set(owner.node, owner);
    }
    for (const node of used) {
      if (covered.has(node)) continue;
      const clause = known.get(node) ?? fromClauseOfNode(node);
      if (!clause) continue;
      candidates.push(clause);
      for (const part of openFroms([node])) covered.add(part);
    }
    return candidates;
  }

  /** `LEFT OUTER JOIN target`. */
  outerJoin(
    target: FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>,
    on?: Condition,
    options: JoinOptions = {},
  ): this {
    return this.join(target, on, { ...options, isOuter: true });
  }

  /** `FULL OUTER JOIN target` (not on MySQL). */
  fullJoin(
    target: FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>,
    on?: Condition,
  ): this {
    return this.join(target, on, { full: true });
  }

  /** Names FROM elements explicitly, beside those of the selected columns (SQLAlchemy's `select_from`). */
  selectFrom(
    ...given: (FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>)[]
  ): this {
    const froms = given.map((from) => resolveClause(from));
    return this.#derive(
      { ...this.node, froms: [...this.node.froms, ...froms.map((from) => from.node)] },
      this.selected,
      [...this.#fromClauses, ...froms],
    ) as this;
  }

  /** GROUP BY. */
  groupBy(...terms: (ColumnElement<unknown, string> | TextClause)[]): this {
    return this.#with({ groupBy: [...this.node.groupBy, ...terms.map(orderNode)] });
  }

  /** HAVING conditions, joined with AND. */
  having(...conditions: Condition[]): this {
    return this.#with({ having: andWith(this.node.having, conditions, 'having') });
  }

  /** ORDER BY; `users.c.name.desc()`, `users.c.age.nullsLast()`. */
  orderBy(...terms: OrderTerm[]): this {
    return this.#with({ orderBy: [...this.node.orderBy, ...terms.map(orderNode)] });
  }

  /** LIMIT n. */
  limit(count: number | null): this {
    return this.#with({ limit: count === null ? null : countNode('limit', count) });
  }

  /** OFFSET n. */
  offset(count: number | null): this {
    return this.#with({ offset: count === null ? null : countNode('offset', count) });
  }

  /**
   * SELECT DISTINCT. Given expressions, `SELECT DISTINCT ON (...)` (PostgreSQL; SQLAlchemy's
   * `distinct(*expr)`): one row per distinct value of them, the first by ORDER BY, which must
   * start with them. Other databases have no DISTINCT ON: compiling it there is a CompileError.
   * @example select(posts).distinct(posts.c.userId).orderBy(posts.c.userId, posts.c.score.desc())
   */
  distinct(...on: ColumnElement<unknown, string>[]): this {
    return this.#with({
      distinct: true,
      distinctOn: [...this.node.distinctOn, ...on.map((e) => e.node)],
    });
  }

  /** `FOR UPDATE` (row locks), or `FOR SHARE` with `{ readOnly: true }`. Ignored by SQLite. */
  forUpdate(options: ForUpdateOptions = {}): this {
    const locking: LockingClause = {
      mode: options.readOnly ? 'SHARE' : 'UPDATE',
      nowait: options.nowait ?? false,
      skipLocked: options.skipLocked ?? false,
    };
    return this.#with({ locking });
  }

  /** The same select with more columns. */
  addColumns<const Items extends readonly SelectItem[]>(
    ...items: Items
  ): Select<R & RowOf<Items>, unknown[]> {
    const added = expandItems(items);
    return this.#derive(
      { ...this.node, columns: [...this.node.columns, ...added.map(selectNodeOf)] },
      [...this.selected, ...added],
    );
  }

  /** The same select with only these columns. */
  withOnlyColumns<const Items extends readonly SelectItem[]>(
    ...items: Items
  ): Select<RowOf<Items>, TupleOf<Items>> {
    const columns = expandItems(items);
    return this.#derive({ ...this.node, columns: columns.map(selectNodeOf) }, columns);
  }

  // The FROM clauses named through join/selectFrom, as builder objects (for join inference).
  #fromClauses: readonly FromClause<object, unknown>[] = [];
  #lastJoined: FromClause<object, unknown> | undefined;

  /**
   * A select of the same class over a new node: what every builder method returns. A subclass
   * (the ORM's select, which knows its entities) overrides it to carry its own state along.
   */
  protected clone(
    node: SelectNode,
    selected: readonly ColumnElement[],
  ): Select<object, readonly unknown[]> {
    return new Select(node, selected);
  }

  /** The FROM clauses named by the items and joins, for join() (and subclasses). */
  get fromClauses(): readonly FromClause<object, unknown>[] {
    return this.#fromClauses;
  }

  /** Records the FROM clauses of the selected items, for join() (for subclasses). */
  withFromClauses(froms: readonly FromClause<object, unknown>[]): this {
    this.#fromClauses = froms;
    return this;
  }
}

/** A UNION / INTERSECT / EXCEPT of selects, itself orderable and limitable. */
export class CompoundSelect<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> extends SelectBase<R, T> {
  /** Made by the statement's function (`insert()`, `update()`, ...). */
  constructor(
    readonly node: CompoundSelectNode,
    readonly selected: readonly ColumnElement[],
  ) {
    super();
  }

  /** ORDER BY of the whole compound select (by the first select's columns). */
  orderBy(...terms: OrderTerm[]): CompoundSelect<R, T> {
    return new CompoundSelect(
      { ...this.node, orderBy: [...this.node.orderBy, ...terms.map(orderNode)] },
      this.selected,
    );
  }

  /** LIMIT n of the whole compound select. */
  limit(count: number | null): CompoundSelect<R, T> {
    return new CompoundSelect(
      { ...this.node, limit: count === null ? null : countNode('limit', count) },
      this.selected,
    );
  }

  /** OFFSET n of the whole compound select. */
  offset(count: number | null): CompoundSelect<R, T> {
    return new CompoundSelect(
      { ...this.node, offset: count === null ? null : countNode('offset', count) },
      this.selected,
    );
  }
}

function compound<R extends object, T extends readonly unknown[]>(
  operator: CompoundSelectNode['operator'],
  selects: readonly SelectBase<object, readonly unknown[]>[],
): CompoundSelect<R, T> {
  const first = selects[0] as SelectBase<object, readonly unknown[]>;
  const width = first.selected.length;
  for (const other of selects) {
    if (other.selected.length !== width) {
      throw new ArgumentError(
        `All selects in a ${operator} must have the same number of columns (${width} and ${other.selected.length}).`,
      );
    }
  }
  return new CompoundSelect<R, T>(
    {
      kind: 'compound_select',
      operator,
      selects: selects.map((s) => s.node),
      orderBy: [],
      limit: null,
      offset: null,
    },
    first.selected,
  );
}

/**
 * A SELECT of columns, expressions and tables (SQLAlchemy's `select()`). Rows are typed from
 * what is selected: `select(users.c.id, users.c.name)` reads as `{ id: number; name: string }`
 * by name and `[number, string]` by position.
 *
 * @example
 * select(users)                                     // every column of users
 * select(users.c.name, func.count().label('n'))     // name and a labelled count
 */
export function select<const Items extends readonly SelectItem[]>(
  ...items: Items
): Select<RowOf<Items>, TupleOf<Items>> {
  if (items.length === 1) {
    const only = resolveClause(items[0]);
    if (only instanceof FromClause) {
      const selection = selectionOf(only);
      return new Select<RowOf<Items>, TupleOf<Items>>(
        selectNode(selection.nodes),
        selection.columns,
      ).withFromClauses([only]);
    }
  }
  const columns = expandItems(items);
  const froms = items
    .map((item) => resolveClause(item))
    .filter((item): item is FromClause<object, unknown> => item instanceof FromClause);
  return new Select<RowOf<Items>, TupleOf<Items>>(
    selectNode(columns.map(selectNodeOf)),
    columns,
  ).withFromClauses(froms);
}

function selectNode(columns: readonly ExpressionNode[]): SelectNode {
  return {
    kind: 'select',
    ctes: [],
    distinct: false,
    distinctOn: [],
    columns,
    froms: [],
    where: null,
    groupBy: [],
    having: null,
    orderBy: [],
    limit: null,
    offset: null,
    locking: null,
  };
}

/** What `select(table)` selects: the clause's columns and the nodes that select them. */
interface Selection {
  readonly columns: readonly ColumnElement[];
  readonly nodes: readonly ExpressionNode[];
}

const selections = new WeakMap<FromClause<object, unknown>, Selection>();

/**
 * The selection of a whole FROM clause, made once and shared by every `select(table)`. Both
 * lists are frozen: a frozen list is the same in every statement holding it, so the cache key
 * writes its text once (`select(users).where(...)` per request is the common case).
 */
function selectionOf(from: FromClause<object, unknown>): Selection {
  let selection = selections.get(from);
  if (!selection) {
    const columns = Object.freeze([...from.columns]);
    selection = { columns, nodes: Object.freeze(columns.map(selectNodeOf)) };
    selections.set(from, selection);
  }
  return selection;
}

/** `union(a, b, ...)`. */
export function union<R extends object, T extends readonly unknown[]>(
  first: SelectBase<R, T>,
  ...others: SelectBase<object, readonly unknown[]>[]
): CompoundSelect<R, T> {
  return compound('UNION', [first, ...others]);
}

/** `unionAll(a, b, ...)`. */
export function unionAll<R extends object, T extends readonly unknown[]>(
  first: SelectBase<R, T>,
  ...others: SelectBase<object, readonly unknown[]>[]
): CompoundSelect<R, T> {
  return compound('UNION ALL', [first, ...others]);
}

/** `intersect(a, b, ...)`. */
export function intersect<R extends object, T extends readonly unknown[]>(
  first: SelectBase<R, T>,
  ...others: SelectBase<object, readonly unknown[]>[]
): CompoundSelect<R, T> {
  return compound('INTERSECT', [first, ...others]);
}

/** `except_(a, b, ...)`. */
export function except_<R extends object, T extends readonly unknown[]>(
  first: SelectBase<R, T>,
  ...others: SelectBase<object, readonly unknown[]>[]
): CompoundSelect<R, T> {
  return compound('EXCEPT', [first, ...others]);
}

/** `intersectAll(a, b, ...)`: INTERSECT keeping duplicates (not SQLite). */
export function intersectAll<R extends object, T extends readonly unknown[]>(
  first: SelectBase<R, T>,
  ...others: SelectBase<object, readonly unknown[]>[]
): CompoundSelect<R, T> {
  return compound('INTERSECT ALL', [first, ...others]);
}

/** `exceptAll(a, b, ...)`: EXCEPT keeping duplicates (not SQLite). */
export function exceptAll<R extends object, T extends readonly unknown[]>(
  first: SelectBase<R, T>,
  ...others: SelectBase<object, readonly unknown[]>[]
): CompoundSelect<R, T> {
  return compound('EXCEPT ALL', [first, ...others]);
}

export { SelectBase };

/** The items of a select as expressions: a FROM clause spreads into its columns. */
function expandItems(items: readonly SelectItem[]): ColumnElement[] {
  return items.flatMap((given, index) => {
    const item = resolveClause(given);
    if (item instanceof FromClause) return [...item.columns];
    if (item instanceof ColumnElement) return [item];
    if (item instanceof TextClause) return [new ColumnElement(rawNode(item, nullType))];
    throw new ArgumentError(
      `select() item ${index + 1} is ${item === undefined ? 'undefined (a misspelled column name?)' : String(item)}: ` +
        'select columns (users.c.name), expressions or tables.',
    );
  });
}

/**
 * The node to select for an element: a column whose key differs from its SQL name is selected
 * `AS key`, so result rows use the name the code uses.
 */
function selectNodeOf(element: ColumnElement): ExpressionNode {
  const node = element.node;
  if (node.kind === 'column' && element.key !== node.name && element.key !== undefined) {
    return { kind: 'label', name: element.key, element: node, type: node.type };
  }
  return node;
}

/** True when a foreign key links the two (one or several: join() reports the latter). */
function foreignKeyRelates(
  left: FromClause<object, unknown>,
  right: FromClause<object, unknown>,
): boolean {
  try {
    inferJoinCondition(left, right);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ambiguous-join-condition';
  }
}

function fromOfColumn(column: ColumnElement | undefined): FromClause<object, unknown> | undefined {
  const owner = (column as { table?: unknown } | undefined)?.table;
  return owner instanceof FromClause ? owner : undefined;
}

function andWith(
  existing: ExpressionNode | null,
  conditions: readonly Condition[],
  clause: string,
): ExpressionNode | null {
  const nodes = conditions.map((condition, i) => {
    if (condition instanceof TextClause) return rawNode(condition, booleanType);
    if (!(condition instanceof ColumnElement)) {
      throw new ArgumentError(
        `${clause}() condition ${i + 1} is ${condition === undefined ? 'undefined' : String(condition)}: ` +
          'pass conditions such as users.c.age.gt(25).',
      );
    }
    return condition.node;
  });
  const all = existing ? [existing, ...nodes] : nodes;
  // where() with no conditions adds none (and leaves an absent WHERE absent).
  if (all.length === 0) return null;
  if (all.length === 1) return all[0] as ExpressionNode;
  return { kind: 'clause_list', operator: 'AND', clauses: all };
}

/** Raw SQL from `text()` as an expression; its `:name` parameters come from execution. */
function rawNode(clause: TextClause<object>, type: TypeEngine): ExpressionNode {
  return { kind: 'raw', sql: clause.sql, type };
}

function orderNode(term: OrderTerm): ExpressionNode {
  if (term instanceof TextClause) return rawNode(term, nullType);
  if (term instanceof SortElement || term instanceof ColumnElement) return term.node;
  throw new ArgumentError('orderBy() takes columns or expressions, e.g. users.c.name.desc()');
}

function countNode(clause: string, count: number): ExpressionNode {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new ArgumentError(`${clause}() takes a whole number >= 0, got ${count}`);
  }
  return bindNode(count, integerType);
}
