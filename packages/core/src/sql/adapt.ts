import { ColumnElement } from './column-element.js';
import type { FromClause } from './from-clauses.js';
import type { ColumnNode, ExpressionNode, FunctionNode } from './nodes.js';

/** Where a column is read from in a derived FROM element: an alias, a subquery, a view of one. */
export interface ColumnSource {
  /** The column that stands for `column` here, if any. */
  correspondingColumn(column: ColumnElement): ColumnElement | undefined;
}

/**
 * Rewrites the column references of an expression (SQLAlchemy's `ClauseAdapter`): each column
 * node `replace` returns a node for is swapped for it; everything else is kept. Subqueries inside
 * are left alone, as they have their own FROM.
 */
export function replaceColumns<T>(
  element: ColumnElement<T, string>,
  replace: (node: ColumnNode) => ExpressionNode | undefined,
): ColumnElement<T> {
  return new ColumnElement<T>(rewrite(element.node, replace));
}

/**
 * The expression with the columns of `from` read from `to` instead, where `to` is an alias or a
 * subquery of it: `posts.user_id = users.id` adapted to `posts AS p` is `p.user_id = users.id`.
 */
export function adaptColumns<T>(
  element: ColumnElement<T, string>,
  from: FromClause<object, unknown>,
  to: ColumnSource,
): ColumnElement<T> {
  const byName = new Map<string, ExpressionNode>();
  from.columns.forEach((column) => {
    const own = column.node as ColumnNode;
    const counterpart = to.correspondingColumn(column);
    if (counterpart) byName.set(own.name, counterpart.node);
  });
  return replaceColumns(element, (node) =>
    node.table === from.node ? byName.get(node.name) : undefined,
  );
}

function rewrite(
  node: ExpressionNode,
  replace: (node: ColumnNode) => ExpressionNode | undefined,
): ExpressionNode {
  const again = (child: ExpressionNode) => rewrite(child, replace);
  switch (node.kind) {
    case 'column':
      return replace(node) ?? node;
    case 'binary':
      return { ...node, left: again(node.left), right: again(node.right) };
    case 'unary':
    case 'label':
    case 'cast':
    case 'grouping':
    case 'order_by':
    case 'collate':
      return { ...node, element: again(node.element) } as ExpressionNode;
    case 'aggregate_filter':
      return {
        ...node,
        element: again(node.element) as FunctionNode,
        where: again(node.where),
      };
    case 'clause_list':
      return { ...node, clauses: node.clauses.map(again) };
    case 'function':
      return { ...node, args: node.args.map(again) };
    case 'tuple':
      return { ...node, items: node.items.map(again) };
    case 'case':
      return {
        ...node,
        value: node.value && again(node.value),
        whens: node.whens.map(([when, then]) => [again(when), again(then)] as const),
        else: node.else && again(node.else),
      };
    case 'over':
      return {
        ...node,
        element: again(node.element),
        partitionBy: node.partitionBy.map(again),
        orderBy: node.orderBy.map(again),
      };
    default:
      return node;
  }
}
