import type { TypeEngine } from '../types/type-engine.js';

/**
 * The SQL expression tree: plain, immutable data. Builders (`ColumnElement`, `Select`, ...) make
 * these nodes; the compiler turns them into SQL; the cache key is read from them. Every node has
 * a literal `kind`, and {@link nodeFields} lists, once per kind, which fields hold child nodes.
 */

/** A value sent as a bound parameter; `name` set means it is supplied at execution (`bindparam`). */
export interface BindNode {
  readonly kind: 'bind';
  readonly value: unknown;
  readonly type: TypeEngine;
  readonly name: string | null;
  /** The column the value is for (an INSERT or UPDATE value, a comparison), named when refused. */
  readonly column: ColumnNode | null;
}

/** A column of a table, alias, subquery or CTE (or a bare column name when `table` is null). */
export interface ColumnNode {
  readonly kind: 'column';
  readonly name: string;
  readonly table: FromNode | null;
  readonly type: TypeEngine;
}

export type BinaryOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IS'
  | 'IS NOT'
  | 'IN'
  | 'NOT IN'
  | 'LIKE'
  | 'NOT LIKE'
  | 'ILIKE'
  | 'NOT ILIKE'
  | 'BETWEEN'
  | 'NOT BETWEEN'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '||';

/** `left operator right`; LIKE carries an optional escape character. */
export interface BinaryNode {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
  readonly escape: string | null;
  readonly type: TypeEngine;
}

/** `NOT x`, `-x`, `DISTINCT x`, `EXISTS (...)`. */
export interface UnaryNode {
  readonly kind: 'unary';
  readonly operator: 'NOT' | '-' | 'DISTINCT' | 'EXISTS';
  readonly element: ExpressionNode;
  readonly type: TypeEngine;
}

/** Clauses joined by AND or OR (or a comma, for a plain list). */
export interface ClauseListNode {
  readonly kind: 'clause_list';
  readonly operator: 'AND' | 'OR' | ',';
  readonly clauses: readonly ExpressionNode[];
}

/** A SQL function call: `count(x)`, `coalesce(a, b)`, `now()`. */
export interface FunctionNode {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly ExpressionNode[];
  readonly type: TypeEngine;
}

/** `expression AS name`. */
export interface LabelNode {
  readonly kind: 'label';
  readonly name: string;
  readonly element: ExpressionNode;
  readonly type: TypeEngine;
}

/** `CAST(expression AS type)`. */
export interface CastNode {
  readonly kind: 'cast';
  readonly element: ExpressionNode;
  readonly type: TypeEngine;
}

/** `CASE [value] WHEN ... THEN ... [ELSE ...] END`. */
export interface CaseNode {
  readonly kind: 'case';
  readonly value: ExpressionNode | null;
  readonly whens: readonly (readonly [ExpressionNode, ExpressionNode])[];
  readonly else: ExpressionNode | null;
  readonly type: TypeEngine;
}

/** `function OVER (PARTITION BY ... ORDER BY ...)`. */
export interface OverNode {
  readonly kind: 'over';
  readonly element: ExpressionNode;
  readonly partitionBy: readonly ExpressionNode[];
  readonly orderBy: readonly ExpressionNode[];
  readonly type: TypeEngine;
}

/**
 * An aggregate over only the rows a condition holds for: `count(*) FILTER (WHERE x > 1)`,
 * written with CASE inside the aggregate where the database has no FILTER (MySQL, MariaDB).
 */
export interface AggregateFilterNode {
  readonly kind: 'aggregate_filter';
  readonly element: FunctionNode;
  readonly where: ExpressionNode;
  readonly type: TypeEngine;
}

/** `expression COLLATE name`: compared and sorted by the named collation. */
export interface CollateNode {
  readonly kind: 'collate';
  readonly element: ExpressionNode;
  /** The collation as the database names it: `"C"` (PostgreSQL), `NOCASE`, `utf8mb4_bin`. */
  readonly collation: string;
  readonly type: TypeEngine;
}

/** `NULL`, `TRUE`, `FALSE` as SQL keywords. */
export interface KeywordNode {
  readonly kind: 'keyword';
  readonly keyword: 'NULL' | 'TRUE' | 'FALSE';
  readonly type: TypeEngine;
}

/** A fragment of SQL written as is: `literalColumn('x')`, or `text()` used as an expression. */
export interface RawNode {
  readonly kind: 'raw';
  /** The SQL; `:name` parameters in it are taken from execution parameters. */
  readonly sql: string;
  readonly type: TypeEngine;
}

/** Parentheses around an expression or a list: `(a, b)`. */
export interface GroupingNode {
  readonly kind: 'grouping';
  readonly element: ExpressionNode;
  readonly type: TypeEngine;
}

/** A row value: `(a, b)`, for comparisons such as `(a, b) IN ((1, 2), (3, 4))`. */
export interface TupleNode {
  readonly kind: 'tuple';
  readonly items: readonly ExpressionNode[];
  readonly type: TypeEngine;
}

/** `expression [ASC|DESC] [NULLS FIRST|LAST]` in ORDER BY. */
export interface OrderByNode {
  readonly kind: 'order_by';
  readonly element: ExpressionNode;
  readonly direction: 'ASC' | 'DESC' | null;
  readonly nulls: 'FIRST' | 'LAST' | null;
}

/** A SELECT used as a single value: `(SELECT max(x) FROM t)`. */
export interface ScalarSubqueryNode {
  readonly kind: 'scalar_subquery';
  readonly element: SelectNode | CompoundSelectNode;
  readonly type: TypeEngine;
}

/** Anything that has a value. */
export type ExpressionNode =
  | BindNode
  | ColumnNode
  | BinaryNode
  | UnaryNode
  | ClauseListNode
  | FunctionNode
  | LabelNode
  | CastNode
  | CaseNode
  | OverNode
  | AggregateFilterNode
  | CollateNode
  | KeywordNode
  | RawNode
  | GroupingNode
  | TupleNode
  | OrderByNode
  | ScalarSubqueryNode;

/** A table by name. */
export interface TableNode {
  readonly kind: 'table';
  readonly name: string;
  readonly schema: string | null;
}

/** `table AS name`. */
export interface AliasNode {
  readonly kind: 'alias';
  readonly element: TableNode;
  readonly name: string;
}

/** `(SELECT ...) AS name`. */
export interface SubqueryNode {
  readonly kind: 'subquery';
  readonly element: SelectNode | CompoundSelectNode;
  readonly name: string;
  /** LATERAL, where the database has it. */
  readonly lateral: boolean;
}

/** A common table expression: `WITH name AS (...)`; referenced by name in FROM. */
export interface CteNode {
  readonly kind: 'cte';
  readonly element: SelectNode | CompoundSelectNode | InsertNode | UpdateNode | DeleteNode;
  readonly name: string;
  readonly recursive: boolean;
  /** The column names, listed after the name (`WITH t (a, b) AS`), needed for recursive CTEs. */
  readonly columnNames: readonly string[];
}

/** `left [LEFT OUTER | FULL OUTER] JOIN right ON onclause`. */
export interface JoinNode {
  readonly kind: 'join';
  readonly left: FromNode;
  readonly right: FromNode;
  readonly on: ExpressionNode;
  readonly type: 'INNER' | 'LEFT' | 'FULL';
}

/** The pseudo-table of an upsert's proposed row: PostgreSQL/SQLite `excluded`, MySQL `VALUES()`. */
export interface ExcludedNode {
  readonly kind: 'excluded';
  readonly name: 'excluded' | 'inserted';
}

/** Anything that can stand in a FROM clause. */
export type FromNode = TableNode | AliasNode | SubqueryNode | CteNode | JoinNode | ExcludedNode;

/** `FOR UPDATE [NOWAIT | SKIP LOCKED]` (or `FOR SHARE`). */
export interface LockingClause {
  readonly mode: 'UPDATE' | 'SHARE';
  readonly nowait: boolean;
  readonly skipLocked: boolean;
}

/** A SELECT statement. */
export interface SelectNode {
  readonly kind: 'select';
  readonly ctes: readonly CteNode[];
  readonly distinct: boolean;
  /** `DISTINCT ON (...)` (PostgreSQL): one row per value of these; empty for none. */
  readonly distinctOn: readonly ExpressionNode[];
  readonly columns: readonly ExpressionNode[];
  /** FROM elements given explicitly (joins, selectFrom); tables of the columns are added to them. */
  readonly froms: readonly FromNode[];
  readonly where: ExpressionNode | null;
  readonly groupBy: readonly ExpressionNode[];
  readonly having: ExpressionNode | null;
  readonly orderBy: readonly ExpressionNode[];
  readonly limit: ExpressionNode | null;
  readonly offset: ExpressionNode | null;
  readonly locking: LockingClause | null;
}

/** `UNION`, `UNION ALL`, `INTERSECT`, `EXCEPT` of selects. */
export interface CompoundSelectNode {
  readonly kind: 'compound_select';
  readonly operator:
    | 'UNION'
    | 'UNION ALL'
    | 'INTERSECT'
    | 'INTERSECT ALL'
    | 'EXCEPT'
    | 'EXCEPT ALL';
  readonly selects: readonly (SelectNode | CompoundSelectNode)[];
  readonly orderBy: readonly ExpressionNode[];
  readonly limit: ExpressionNode | null;
  readonly offset: ExpressionNode | null;
}

/** The conflict clause of an upsert. */
export interface OnConflictNode {
  readonly kind: 'on_conflict';
  /** Columns of the unique key that conflicts; empty for "any conflict" (DO NOTHING only). */
  readonly target: readonly ColumnNode[];
  /** Assignments for DO UPDATE; empty means DO NOTHING. */
  readonly set: readonly (readonly [ColumnNode, ExpressionNode])[];
  readonly where: ExpressionNode | null;
  /** MySQL's `ON DUPLICATE KEY UPDATE` form. */
  readonly style: 'on-conflict' | 'on-duplicate-key';
}

/** An INSERT statement. */
export interface InsertNode {
  readonly kind: 'insert';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode;
  /** The columns given values, in order. */
  readonly columns: readonly ColumnNode[];
  /** One entry per row: one expression per column. Empty with `select` or DEFAULT VALUES. */
  readonly rows: readonly (readonly ExpressionNode[])[];
  /** INSERT ... SELECT. */
  readonly select: SelectNode | CompoundSelectNode | null;
  readonly onConflict: OnConflictNode | null;
  readonly returning: readonly ExpressionNode[];
}

/** An UPDATE statement. */
export interface UpdateNode {
  readonly kind: 'update';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode | AliasNode;
  readonly set: readonly (readonly [ColumnNode, ExpressionNode])[];
  readonly where: ExpressionNode | null;
  readonly returning: readonly ExpressionNode[];
}

/** A DELETE statement. */
export interface DeleteNode {
  readonly kind: 'delete';
  readonly ctes: readonly CteNode[];
  readonly table: TableNode | AliasNode;
  readonly where: ExpressionNode | null;
  readonly returning: readonly ExpressionNode[];
}

/** Raw SQL with `:name` parameters, as `text()` makes it. */
export interface TextNode {
  readonly kind: 'text';
  readonly sql: string;
  /** Values bound ahead of execution (`bindParams`); execution parameters win over them. */
  readonly boundValues: Readonly<Record<string, unknown>>;
}

/** The statements `Connection.execute` runs. */
export type StatementNode =
  | SelectNode
  | CompoundSelectNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | TextNode;

/** Every node of the tree. */
export type SqlNode = ExpressionNode | FromNode | StatementNode | OnConflictNode;

/** Every node kind. */
export type NodeKind = SqlNode['kind'];

/** The node of a given kind. */
type NodeOf<K extends NodeKind> = Extract<SqlNode, { kind: K }>;

/**
 * For each kind, its fields in a fixed order: the cache key and any traversal read them in this
 * order. Fields holding nodes (or arrays of nodes, or arrays of node pairs) are walked; other
 * fields are part of the key as values. Bind values are never part of the key.
 */
export const nodeFields: { readonly [K in NodeKind]: readonly Exclude<keyof NodeOf<K>, 'kind'>[] } =
  {
    bind: ['name', 'type'],
    column: ['name', 'table', 'type'],
    binary: ['operator', 'escape', 'left', 'right', 'type'],
    unary: ['operator', 'element'],
    clause_list: ['operator', 'clauses'],
    function: ['name', 'args', 'type'],
    label: ['name', 'element'],
    cast: ['type', 'element'],
    case: ['value', 'whens', 'else', 'type'],
    over: ['element', 'partitionBy', 'orderBy'],
    aggregate_filter: ['element', 'where'],
    collate: ['collation', 'element'],
    keyword: ['keyword'],
    raw: ['sql', 'type'],
    grouping: ['element'],
    tuple: ['items'],
    order_by: ['direction', 'nulls', 'element'],
    scalar_subquery: ['element'],
    table: ['name', 'schema'],
    alias: ['name', 'element'],
    subquery: ['name', 'lateral', 'element'],
    cte: ['name', 'recursive', 'columnNames', 'element'],
    join: ['type', 'left', 'right', 'on'],
    excluded: ['name'],
    select: [
      'ctes',
      'distinct',
      'distinctOn',
      'columns',
      'froms',
      'where',
      'groupBy',
      'having',
      'orderBy',
      'limit',
      'offset',
      'locking',
    ],
    compound_select: ['operator', 'selects', 'orderBy', 'limit', 'offset'],
    on_conflict: ['style', 'target', 'set', 'where'],
    insert: ['ctes', 'table', 'columns', 'rows', 'select', 'onConflict', 'returning'],
    update: ['ctes', 'table', 'set', 'where', 'returning'],
    delete: ['ctes', 'table', 'where', 'returning'],
    text: ['sql'],
  };
