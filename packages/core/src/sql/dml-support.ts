import { ArgumentError, CompileError } from '../errors.js';
import { ColumnElement } from './column-element.js';
import { FromClause, type TableClause } from './from-clauses.js';
import type { ExpressionNode } from './nodes.js';
import type { SelectItem } from './row-types.js';

/**
 * The table's column for a key given to values() or set().
 * @throws {CompileError} naming the table's columns when there is no such column.
 */
export function resolveColumn(
  table: TableClause<object, unknown, unknown, unknown>,
  key: string,
  statement: string,
): ColumnElement {
  const column = table.columns.find((candidate) => candidate.key === key);
  if (!column) {
    throw new CompileError(
      `Unknown column '${key}' in ${statement} for table '${table.node.name}'. ` +
        `Its columns are: ${table.columns.map((c) => c.key).join(', ')}.`,
      { code: 'unknown-column' },
    );
  }
  return column;
}

/** The nodes and expressions of a RETURNING list; a table spreads into its columns. */
export function dmlReturning(items: readonly SelectItem[]): {
  nodes: ExpressionNode[];
  selected: ColumnElement[];
} {
  if (items.length === 0) throw new ArgumentError('returning() needs at least one column');
  const selected = items.flatMap((item) => {
    if (item instanceof FromClause) return [...item.columns];
    if (item instanceof ColumnElement) return [item];
    throw new ArgumentError('returning() takes columns, expressions or the table');
  });
  return { nodes: selected.map((element) => element.node), selected };
}
