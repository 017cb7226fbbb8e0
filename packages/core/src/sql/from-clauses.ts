import { ArgumentError } from '../errors.js';
import { type HasClauseElement, resolveClause } from './clause-element.js';
import { ColumnElement } from './column-element.js';
import { checkIdentifierName } from './identifier-name.js';
import type {
  AliasNode,
  CompoundSelectNode,
  CteNode,
  DeleteNode,
  ExpressionNode,
  FromNode,
  InsertNode,
  JoinNode,
  SelectNode,
  SubqueryNode,
  TableNode,
  UpdateNode,
} from './nodes.js';

/** Carries a FROM clause's row type, in the type system only. */
export declare const rowShape: unique symbol;

/** Carries what INSERT and UPDATE take for a table, in the type system only. */
declare const dmlShape: unique symbol;

/** The columns of a FROM clause by key, typed from its row. */
export type ColumnsOf<R> = { readonly [K in keyof R & string]: ColumnElement<R[K], K> };

/** A foreign key as the join logic needs it: these columns refer to those. */
export interface ForeignKeyLink {
  readonly columns: readonly ColumnElement[];
  readonly referred: readonly ColumnElement[];
}

/**
 * A column that stands for another in a derived FROM clause: `u.c.id` for `users.c.id` when
 * `u = users.alias('u')`, or a subquery's column for the expression selected in it.
 */
export class ColumnProxy<T = unknown, N extends string = string> extends ColumnElement<T, N> {
  constructor(
    node: ExpressionNode,
    /** The column or expression this one stands for. */
    readonly origin: ColumnElement,
    private readonly proxyKey: string,
  ) {
    super(node);
  }

  override get key(): N {
    return this.proxyKey as N;
  }
}

/** The column at the root of a chain of proxies. */
function baseColumn(column: ColumnElement): ColumnElement {
  return column instanceof ColumnProxy ? baseColumn(column.origin) : column;
}

/** Options for `join`. */
export interface JoinOptions {
  /** LEFT OUTER JOIN. */
  isOuter?: boolean;
  /** FULL OUTER JOIN. */
  full?: boolean;
}

// The clause object of each FROM node. An expression keeps only nodes (a label of users.c.id
// knows the node of users, not users itself), and Select.join() needs the object, for its
// columns and foreign keys. A clause is remembered when it is made, or, for a table (made in
// the schema layer), when its columns are first read through `c`.
const clauseOfNode = new WeakMap<FromNode, FromClause<object, unknown>>();

function rememberClause(clause: FromClause<object, unknown>): void {
  if (!clauseOfNode.has(clause.node)) clauseOfNode.set(clause.node, clause);
}

/** @internal The FROM clause a node is the node of, when that clause has been seen. */
export function fromClauseOfNode(node: FromNode): FromClause<object, unknown> | undefined {
  return clauseOfNode.get(node);
}

/**
 * Anything that can stand in a FROM clause: a table, an alias, a join, a subquery, a CTE
 * (SQLAlchemy's `FromClause`). `R` is its row; `c` holds its columns, typed.
 */
export abstract class FromClause<R extends object = Record<string, unknown>, C = ColumnsOf<R>> {
  /** Carries the row type in the type system only. */
  declare readonly [rowShape]?: R;
  /** The clause's tree node. */
  abstract readonly node: FromNode;
  /** The columns, in order. */
  abstract readonly columns: readonly ColumnElement[];
  #byKey: C | undefined;

  /** The columns by key: `users.c.name`. */
  get c(): C {
    if (!this.#byKey) {
      rememberClause(this);
      const byKey: Record<string, ColumnElement> = Object.create(null);
      for (const column of this.columns) byKey[column.key] = column;
      this.#byKey = byKey as C;
    }
    return this.#byKey;
  }

  /** @internal Foreign keys from this clause's columns, for inferring join conditions. */
  foreignKeyLinks(): readonly ForeignKeyLink[] {
    return [];
  }

  /** This clause's column that stands for `column` (the same column, or one proxying it). */
  correspondingColumn(column: ColumnElement): ColumnElement | undefined {
    const base = baseColumn(column);
    return this.columns.find((own) => baseColumn(own) === base);
  }

  /**
   * `this JOIN right ON on`. Without `on`, the condition comes from the one foreign key between
   * the two; none or several is an error that asks for it.
   * @example users.join(posts)  // users JOIN posts ON users.id = posts.user_id
   */
  join(
    given: FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>,
    on?: ColumnElement<boolean | null, string>,
    options: JoinOptions = {},
  ): Join {
    const right = resolveClause(given);
    const type = options.full ? 'FULL' : options.isOuter ? 'LEFT' : 'INNER';
    return new Join(this, right, on ?? inferJoinCondition(this, right), type);
  }

  /** `this LEFT OUTER JOIN right ON on`. */
  outerJoin(
    right: FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>,
    on?: ColumnElement<boolean | null, string>,
    options: JoinOptions = {},
  ): Join {
    return this.join(right, on, { ...options, isOuter: true });
  }

  /** `this FULL OUTER JOIN right ON on` (not on MySQL). */
  fullJoin(
    right: FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>,
    on?: ColumnElement<boolean | null, string>,
  ): Join {
    return this.join(right, on, { full: true });
  }
}

/**
 * Columns as proxies owned by `from`. A subquery or CTE names its columns by key (the select
 * labels them so); an alias of a table keeps the table's column names (`sqlName`).
 */
function proxies(
  from: FromNode,
  columns: readonly ColumnElement[],
  sqlName: (column: ColumnElement) => string = (column) => column.key,
): ColumnProxy[] {
  return columns.map(
    (column) =>
      new ColumnProxy(
        { kind: 'column', name: sqlName(column), table: from, type: column.type },
        column,
        column.key,
      ),
  );
}

/**
 * A base for tables: what `Table` in the schema layer extends. `I` is what an INSERT takes, `U`
 * what an UPDATE takes.
 */
export abstract class TableClause<
  R extends object = Record<string, unknown>,
  C = ColumnsOf<R>,
  I = Partial<R>,
  U = Partial<R>,
> extends FromClause<R, C> {
  declare readonly [dmlShape]?: { readonly insert: I; readonly update: U };
  abstract override readonly node: TableNode;

  /** `table AS name` (SQLAlchemy's `table.alias()`); without a name one is made at compile time. */
  alias(name?: string): Alias<R> {
    return new Alias<R>(this, name ?? null);
  }

  /** @internal The value an INSERT uses for a column it was not given (a client-side default). */
  columnDefault(_column: ColumnElement): unknown {
    return undefined;
  }

  /** @internal The value an UPDATE sets a column to when it was not given (`onupdate`). */
  columnOnUpdate(_column: ColumnElement): unknown {
    return undefined;
  }

  /** @internal The primary key columns, in order. */
  primaryKeyColumns(): readonly ColumnElement[] {
    return [];
  }
}

/** `table AS name`: the same table under another name, as for a self-join. */
export class Alias<R extends object = Record<string, unknown>> extends FromClause<R> {
  readonly node: AliasNode;
  readonly columns: readonly ColumnElement[];

  constructor(
    readonly element: TableClause<R, unknown, unknown, unknown>,
    name: string | null,
  ) {
    super();
    if (name !== null) checkIdentifierName(name, 'Alias');
    this.node = { kind: 'alias', element: element.node, name: name as string };
    this.columns = proxies(this.node, element.columns, (column) =>
      column.node.kind === 'column' ? column.node.name : column.key,
    );
    rememberClause(this);
  }

  override foreignKeyLinks(): readonly ForeignKeyLink[] {
    return this.element.foreignKeyLinks().map((link) => ({
      columns: link.columns.map((column) => this.correspondingColumn(column) as ColumnElement),
      referred: link.referred,
    }));
  }
}

/** `left JOIN right ON condition`. */
export class Join extends FromClause<Record<string, unknown>> {
  readonly node: JoinNode;
  readonly columns: readonly ColumnElement[];

  constructor(
    readonly left: FromClause<object, unknown>,
    readonly right: FromClause<object, unknown>,
    on: ColumnElement<boolean | null, string>,
    type: 'INNER' | 'LEFT' | 'FULL',
  ) {
    super();
    this.node = { kind: 'join', left: left.node, right: right.node, on: on.node, type };
    this.columns = [...left.columns, ...right.columns];
    rememberClause(this);
    rememberClause(left);
    rememberClause(right);
  }

  override foreignKeyLinks(): readonly ForeignKeyLink[] {
    return [...this.left.foreignKeyLinks(), ...this.right.foreignKeyLinks()];
  }

  override correspondingColumn(column: ColumnElement): ColumnElement | undefined {
    return this.left.correspondingColumn(column) ?? this.right.correspondingColumn(column);
  }
}

/** `(SELECT ...) AS name`: a select used as a FROM clause. */
export class Subquery<R extends object = Record<string, unknown>> extends FromClause<R> {
  readonly node: SubqueryNode;
  readonly columns: readonly ColumnElement[];

  constructor(
    select: SelectNode | CompoundSelectNode,
    selected: readonly ColumnElement[],
    name: string | null,
    lateral = false,
  ) {
    super();
    if (name !== null) checkIdentifierName(name, 'Subquery name');
    this.node = { kind: 'subquery', element: select, name: name as string, lateral };
    this.columns = proxies(this.node, named(selected, 'subquery'));
    rememberClause(this);
  }
}

/** A common table expression: `WITH name AS (...)`, used in FROM by its name. */
export class CTE<R extends object = Record<string, unknown>> extends FromClause<R> {
  readonly node: CteNode;
  readonly columns: readonly ColumnElement[];

  constructor(
    element: SelectNode | CompoundSelectNode | InsertNode | UpdateNode | DeleteNode,
    selected: readonly ColumnElement[],
    name: string | null,
    recursive: boolean,
  ) {
    super();
    if (name !== null) checkIdentifierName(name, 'CTE name');
    const columns = named(selected, 'CTE');
    this.node = {
      kind: 'cte',
      element,
      name: name as string,
      recursive,
      columnNames: recursive ? columns.map((column) => column.key) : [],
    };
    this.columns = proxies(this.node, columns);
    rememberClause(this);
  }

  /**
   * The recursive CTE with its recursive part added: `cte.unionAll(select(...).where(...))`
   * makes `WITH RECURSIVE name AS (<anchor> UNION ALL <recursive>)`.
   */
  unionAll(recursive: { readonly node: SelectNode | CompoundSelectNode }): CTE<R> {
    return this.#compound('UNION ALL', recursive);
  }

  /** As {@link CTE.unionAll}, with UNION (duplicates removed). */
  union(recursive: { readonly node: SelectNode | CompoundSelectNode }): CTE<R> {
    return this.#compound('UNION', recursive);
  }

  #compound(
    operator: 'UNION' | 'UNION ALL',
    recursive: { readonly node: SelectNode | CompoundSelectNode },
  ): CTE<R> {
    const anchor = this.node.element;
    if (anchor.kind !== 'select' && anchor.kind !== 'compound_select') {
      throw new ArgumentError('Only a CTE over a SELECT can be extended with union()');
    }
    const node: CteNode = {
      ...this.node,
      element: {
        kind: 'compound_select',
        operator,
        selects: [anchor, recursive.node],
        orderBy: [],
        limit: null,
        offset: null,
      },
    };
    // Keep the same node identity for the columns: references inside `recursive` point at it.
    Object.assign(this.node, { element: node.element });
    return this;
  }
}

function named(columns: readonly ColumnElement[], what: string): ColumnElement[] {
  return columns.map((column) => {
    if (column.key === undefined) {
      throw new ArgumentError(
        `Every column of a ${what} needs a name: label the expression, e.g. func.count().label('n').`,
      );
    }
    return column;
  });
}

/**
 * The ON condition for `left JOIN right`, from the single foreign key between them.
 * @throws {ArgumentError} when there is no foreign key between them, or more than one.
 */
export function inferJoinCondition(
  left: FromClause<object, unknown>,
  right: FromClause<object, unknown>,
): ColumnElement<boolean> {
  const conditions: ColumnElement<boolean>[][] = [];
  const pairUp = (from: FromClause<object, unknown>, to: FromClause<object, unknown>) => {
    for (const link of from.foreignKeyLinks()) {
      const targets = link.referred.map((column) => to.correspondingColumn(column));
      if (targets.every((target) => target !== undefined)) {
        conditions.push(
          link.columns.map((column, i) => (targets[i] as ColumnElement).eq(column as never)),
        );
      }
    }
  };
  pairUp(right, left);
  pairUp(left, right);
  const describe = (from: FromClause<object, unknown>) => describeFromNode(from.node);
  if (conditions.length === 0) {
    throw new ArgumentError(
      `Can't find any foreign key relationships between '${describe(left)}' and '${describe(right)}'. ` +
        'Give the ON clause: a.join(b, a.c.id.eq(b.c.aId)).',
      { code: 'no-join-condition' },
    );
  }
  if (conditions.length > 1) {
    throw new ArgumentError(
      `Can't determine the join between '${describe(left)}' and '${describe(right)}': there are ` +
        `${conditions.length} foreign key paths between them. Give the ON clause explicitly.`,
      { code: 'ambiguous-join-condition' },
    );
  }
  const pairs = conditions[0] as ColumnElement<boolean>[];
  if (pairs.length === 1) return pairs[0] as ColumnElement<boolean>;
  return new ColumnElement({
    kind: 'clause_list',
    operator: 'AND',
    clauses: pairs.map((p) => p.node),
  });
}

/** A FROM element as messages name it: `users`, `users JOIN posts`. */
export function describeFromNode(node: FromNode): string {
  switch (node.kind) {
    case 'table':
      return node.name;
    case 'join':
      return `${describeFromNode(node.left)} JOIN ${describeFromNode(node.right)}`;
    case 'excluded':
      return node.name;
    default:
      return node.name || `(anonymous ${node.kind})`;
  }
}
