import { ArgumentError } from '../errors.js';
import { type HasClauseElement, resolveClause } from './clause-element.js';
import { type BooleanElement, type ColumnElement, toExpression } from './column-element.js';
import { dmlReturning, resolveColumn } from './dml-support.js';
import type { Executable, resultShape } from './executable.js';
import type { TableClause } from './from-clauses.js';
import { evaluate } from './insert.js';
import type { ColumnNode, DeleteNode, ExpressionNode, FromNode, UpdateNode } from './nodes.js';
import type { RowOf, SelectItem, TupleOf } from './row-types.js';
import { CompilableStatement } from './statement-rendering.js';

/** What a table's UPDATE takes, read from the table's type. */
export type UpdateValuesOf<Tbl> =
  Tbl extends TableClause<object, unknown, unknown, infer U> ? U : never;

function whereWith(
  existing: ExpressionNode | null,
  conditions: readonly BooleanElement[],
): ExpressionNode {
  const nodes = conditions.map((condition) => condition.node);
  const all = existing ? [existing, ...nodes] : nodes;
  if (all.length === 0) throw new ArgumentError('where() needs at least one condition');
  return all.length === 1
    ? (all[0] as ExpressionNode)
    : { kind: 'clause_list', operator: 'AND', clauses: all };
}

/**
 * An UPDATE statement (SQLAlchemy's `Update`). Without `where()` it updates every row.
 *
 * @example
 * update(users).where(users.c.name.eq('Alice')).values({ age: 30 })
 * update(users).values({ age: users.c.age.add(1) })
 */
export class Update<
    Tbl extends TableClause<object, unknown, unknown, unknown>,
    R extends object = Record<string, never>,
    T extends readonly unknown[] = [],
  >
  extends CompilableStatement
  implements Executable<R, T>
{
  declare readonly [resultShape]?: { readonly byName: R; readonly byPosition: T };

  /** Made by the statement's function (`insert()`, `update()`, ...). */
  constructor(
    readonly table: Tbl,
    readonly node: UpdateNode,
    /** The RETURNING expressions. */ readonly selected: readonly ColumnElement[] = [],
  ) {
    super();
  }

  /** Adds WHERE conditions, joined with AND. */
  where(...conditions: BooleanElement[]): Update<Tbl, R, T> {
    return new Update(
      this.table,
      { ...this.node, where: whereWith(this.node.where, conditions) },
      this.selected,
    );
  }

  /**
   * The new values, by column key: values or expressions. Columns with an `onupdate` that are
   * not given are set to it.
   */
  values(changes: UpdateValuesOf<Tbl>): Update<Tbl, R, T> {
    const entries = Object.entries(changes as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    if (entries.length === 0) throw new ArgumentError('values() needs at least one column to set');
    const set: [ColumnNode, ExpressionNode][] = entries.map(([key, value]) => {
      const column = resolveColumn(this.table, key, 'UPDATE');
      return [
        column.node as ColumnNode,
        toExpression(value, column.type, column.node as ColumnNode),
      ];
    });
    const given = new Set(entries.map(([key]) => key));
    for (const column of this.table.columns) {
      if (given.has(column.key)) continue;
      const value = evaluate(this.table.columnOnUpdate(column));
      if (value !== undefined)
        set.push([
          column.node as ColumnNode,
          toExpression(value, column.type, column.node as ColumnNode),
        ]);
    }
    return new Update(this.table, { ...this.node, set }, this.selected);
  }

  /** RETURNING (PostgreSQL, SQLite; a CompileError elsewhere). */
  returning<const Items extends readonly SelectItem[]>(
    ...items: Items
  ): Update<Tbl, RowOf<Items>, TupleOf<Items>> {
    const { nodes, selected } = dmlReturning(items);
    return new Update<Tbl, RowOf<Items>, TupleOf<Items>>(
      this.table,
      { ...this.node, returning: nodes },
      selected,
    );
  }
}

/**
 * A DELETE statement (SQLAlchemy's `Delete`). Without `where()` it deletes every row.
 *
 * @example delete_(users).where(users.c.id.eq(5))
 */
export class Delete<
    Tbl extends TableClause<object, unknown, unknown, unknown>,
    R extends object = Record<string, never>,
    T extends readonly unknown[] = [],
  >
  extends CompilableStatement
  implements Executable<R, T>
{
  declare readonly [resultShape]?: { readonly byName: R; readonly byPosition: T };

  /** Made by the statement's function (`insert()`, `update()`, ...). */
  constructor(
    readonly table: Tbl,
    readonly node: DeleteNode,
    /** The RETURNING expressions. */ readonly selected: readonly ColumnElement[] = [],
  ) {
    super();
  }

  /** Adds WHERE conditions, joined with AND. */
  where(...conditions: BooleanElement[]): Delete<Tbl, R, T> {
    return new Delete(
      this.table,
      { ...this.node, where: whereWith(this.node.where, conditions) },
      this.selected,
    );
  }

  /** RETURNING (PostgreSQL, SQLite, MariaDB 10.5+; a CompileError elsewhere). */
  returning<const Items extends readonly SelectItem[]>(
    ...items: Items
  ): Delete<Tbl, RowOf<Items>, TupleOf<Items>> {
    const { nodes, selected } = dmlReturning(items);
    return new Delete<Tbl, RowOf<Items>, TupleOf<Items>>(
      this.table,
      { ...this.node, returning: nodes },
      selected,
    );
  }
}

/**
 * The error for an UPDATE/DELETE of something other than a table. A join (what a joined-table
 * inheritance subclass stands for) is named by its tables: each is updated on its own.
 */
function notATable(statement: 'update' | 'delete_', node: FromNode | undefined): ArgumentError {
  if (node?.kind !== 'join') return new ArgumentError(`${statement}() takes a table`);
  const names: string[] = [];
  const collect = (from: FromNode) => {
    if (from.kind === 'join') {
      collect(from.left);
      collect(from.right);
    } else if (from.kind === 'table') names.push(from.name);
  };
  collect(node);
  return new ArgumentError(
    `${statement}() takes a table, not a join of ${names.join(', ')} (a joined-table subclass ` +
      `spreads its rows over these tables): run one ${statement}() per table, e.g. ` +
      `${statement}(${names.at(-1)}).where(...) and ${statement}(${names[0]}).where(...).`,
    { code: 'dml-join' },
  );
}

/** `UPDATE table ...` (SQLAlchemy's `update()`). */
export function update<Tbl extends TableClause<object, unknown, unknown, unknown>>(
  given: Tbl | HasClauseElement<Tbl>,
): Update<Tbl> {
  const table = resolveClause(given);
  if (table?.node?.kind !== 'table') throw notATable('update', table?.node);
  return new Update(table, {
    kind: 'update',
    ctes: [],
    table: table.node,
    set: [],
    where: null,
    returning: [],
  });
}

/** `DELETE FROM table ...` (SQLAlchemy's `delete()`; `delete` is a JavaScript keyword). */
export function delete_<Tbl extends TableClause<object, unknown, unknown, unknown>>(
  given: Tbl | HasClauseElement<Tbl>,
): Delete<Tbl> {
  const table = resolveClause(given);
  if (table?.node?.kind !== 'table') throw notATable('delete_', table?.node);
  return new Delete(table, {
    kind: 'delete',
    ctes: [],
    table: table.node,
    where: null,
    returning: [],
  });
}
