import { ArgumentError, CompileError } from '../errors.js';
import { type HasClauseElement, resolveClause } from './clause-element.js';
import { type ColumnElement, toExpression } from './column-element.js';
import { dmlReturning, resolveColumn } from './dml-support.js';
import type { Executable, resultShape } from './executable.js';
import { ColumnProxy, type ColumnsOf, type TableClause } from './from-clauses.js';
import type {
  ColumnNode,
  ExcludedNode,
  ExpressionNode,
  InsertNode,
  OnConflictNode,
} from './nodes.js';
import type { RowOf, SelectItem, TupleOf } from './row-types.js';
import type { SelectBase } from './select.js';
import { CompilableStatement } from './statement-rendering.js';

/** What a table's INSERT takes, read from the table's type. */
export type InsertValuesOf<Tbl> =
  Tbl extends TableClause<object, unknown, infer I, unknown> ? I : never;
export type RowOfTable<Tbl> =
  Tbl extends TableClause<infer R, unknown, unknown, unknown> ? R : never;

/** Options for `onConflictDoUpdate`. */
export interface OnConflictDoUpdate<Tbl> {
  /** The unique columns whose conflict triggers the update (PostgreSQL and SQLite need them). */
  readonly target: ColumnElement<unknown, string> | readonly ColumnElement<unknown, string>[];
  /** The new values: plain values, or expressions such as `stmt.excluded.name`. */
  readonly set: Partial<Record<keyof RowOfTable<Tbl> & string, unknown>>;
  /** Update only rows matching this condition. */
  readonly where?: ColumnElement<boolean | null, string>;
}

/**
 * An INSERT statement (SQLAlchemy's `Insert`). Immutable; each method returns a new statement.
 *
 * @example
 * insert(users).values({ name: 'Alice', age: 25 })
 * insert(users).values([{ name: 'Alice' }, { name: 'Bob' }])     // one multi-row INSERT
 * insert(users).values({ name: 'Carol' }).returning(users.c.id)  // RETURNING where supported
 * await conn.execute(insert(users), [{ name: 'A' }, { name: 'B' }]) // many rows, batched
 */
export class Insert<
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
    readonly node: InsertNode,
    /** The RETURNING expressions. */
    readonly selected: readonly ColumnElement[] = [],
  ) {
    super();
  }

  #with(changes: Partial<Omit<InsertNode, 'kind'>>): Insert<Tbl, R, T> {
    return new Insert<Tbl, R, T>(this.table, { ...this.node, ...changes }, this.selected);
  }

  /**
   * The row (or rows) to insert, by column key. Columns left out take their client-side
   * default, if they have one; the rest are left to the database.
   */
  values(rows: InsertValuesOf<Tbl> | readonly InsertValuesOf<Tbl>[]): Insert<Tbl, R, T> {
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Record<string, unknown>[];
    if (list.length === 0) throw new ArgumentError('values() needs at least one row');
    for (const row of list) {
      if (typeof row !== 'object' || row === null) {
        throw new ArgumentError('values() takes objects keyed by column: { name: "Alice" }');
      }
    }
    const keys = insertKeys(this.table, list);
    const columns = keys.map((key) => resolveColumn(this.table, key, 'INSERT'));
    const nodeRows = list.map((row) =>
      columns.map((column, i) => {
        const key = keys[i] as string;
        const value = Object.hasOwn(row, key)
          ? row[key]
          : evaluate(this.table.columnDefault(column));
        if (value === undefined) {
          throw new ArgumentError(
            `Row is missing '${key}', which another row of this INSERT gives. Give every row the same columns.`,
          );
        }
        return toExpression(value, column.type, column.node as ColumnNode);
      }),
    );
    return this.#with({
      columns: columns.map((c) => c.node as ColumnNode),
      rows: nodeRows,
      select: null,
    });
  }

  /**
   * INSERT ... SELECT: the select's columns fill the listed columns, in order.
   * @example insert(archive).fromSelect(['id', 'name'], select(users.c.id, users.c.name))
   */
  fromSelect(
    columnKeys: readonly (keyof InsertValuesOf<Tbl> & string)[],
    select: SelectBase<object, readonly unknown[]>,
  ): Insert<Tbl, R, T> {
    const columns = columnKeys.map((key) => resolveColumn(this.table, key, 'INSERT'));
    if (columns.length !== select.selected.length) {
      throw new ArgumentError(
        `fromSelect(): ${columns.length} columns but the select has ${select.selected.length}`,
      );
    }
    return this.#with({
      columns: columns.map((c) => c.node as ColumnNode),
      rows: [],
      select: select.node,
    });
  }

  /**
   * RETURNING: the inserted rows come back with these columns (PostgreSQL, SQLite, MariaDB
   * 10.5+; a CompileError elsewhere).
   */
  returning<const Items extends readonly SelectItem[]>(
    ...items: Items
  ): Insert<Tbl, RowOf<Items>, TupleOf<Items>> {
    const { nodes, selected } = dmlReturning(items);
    return new Insert<Tbl, RowOf<Items>, TupleOf<Items>>(
      this.table,
      { ...this.node, returning: nodes },
      selected,
    );
  }

  /**
   * The proposed row, for `onConflictDoUpdate({ set })` and `onDuplicateKeyUpdate`:
   * `excluded.name` on PostgreSQL and SQLite, `VALUES(name)` on MySQL.
   */
  get excluded(): ColumnsOf<RowOfTable<Tbl>> {
    const excluded: ExcludedNode = { kind: 'excluded', name: 'excluded' };
    const byKey: Record<string, ColumnElement> = {};
    for (const column of this.table.columns) {
      const node: ColumnNode = {
        kind: 'column',
        name: (column.node as ColumnNode).name,
        table: excluded,
        type: column.type,
      };
      byKey[column.key] = new ColumnProxy(node, column, column.key);
    }
    return byKey as ColumnsOf<RowOfTable<Tbl>>;
  }

  /** Same as {@link Insert.excluded} (SQLAlchemy's MySQL name). */
  get inserted(): ColumnsOf<RowOfTable<Tbl>> {
    return this.excluded;
  }

  /** `ON CONFLICT (target) DO NOTHING` (PostgreSQL, SQLite); `INSERT IGNORE` on MySQL. */
  onConflictDoNothing(
    options: { target?: readonly ColumnElement<unknown, string>[] } = {},
  ): Insert<Tbl, R, T> {
    return this.#with({
      onConflict: this.#conflict(options.target ?? [], [], undefined, 'on-conflict'),
    });
  }

  /** `ON CONFLICT (target) DO UPDATE SET ...` (PostgreSQL, SQLite). */
  onConflictDoUpdate(options: OnConflictDoUpdate<Tbl>): Insert<Tbl, R, T> {
    const target = Array.isArray(options.target)
      ? options.target
      : [options.target as ColumnElement];
    if (target.length === 0)
      throw new ArgumentError('onConflictDoUpdate() needs the conflict target columns');
    return this.#with({
      onConflict: this.#conflict(
        target,
        this.#assignments(options.set),
        options.where,
        'on-conflict',
      ),
    });
  }

  /** `ON DUPLICATE KEY UPDATE ...` (MySQL, MariaDB). */
  onDuplicateKeyUpdate(
    set: Partial<Record<keyof RowOfTable<Tbl> & string, unknown>>,
  ): Insert<Tbl, R, T> {
    return this.#with({
      onConflict: this.#conflict([], this.#assignments(set), undefined, 'on-duplicate-key'),
    });
  }

  /** @internal The client-side defaults for columns a parameter row leaves out. */
  defaultsFor(keys: readonly string[]): Record<string, unknown> {
    const given = new Set(keys);
    const defaults: Record<string, unknown> = {};
    for (const column of this.table.columns) {
      if (given.has(column.key)) continue;
      const value = evaluate(this.table.columnDefault(column));
      if (value !== undefined) defaults[column.key] = value;
    }
    return defaults;
  }

  #assignments(set: Readonly<Record<string, unknown>>): [ColumnNode, ExpressionNode][] {
    const entries = Object.entries(set);
    if (entries.length === 0)
      throw new ArgumentError('The update part of an upsert needs at least one column');
    return entries.map(([key, value]) => {
      const column = resolveColumn(this.table, key, 'upsert');
      return [
        column.node as ColumnNode,
        toExpression(value, column.type, column.node as ColumnNode),
      ];
    });
  }

  #conflict(
    target: readonly ColumnElement<unknown, string>[],
    set: readonly [ColumnNode, ExpressionNode][],
    where: ColumnElement<boolean | null, string> | undefined,
    style: OnConflictNode['style'],
  ): OnConflictNode {
    const targetNodes = target.map((column) => {
      if (column.node.kind !== 'column') {
        throw new CompileError('An ON CONFLICT target is a column of the table');
      }
      return column.node;
    });
    return { kind: 'on_conflict', style, target: targetNodes, set, where: where?.node ?? null };
  }
}

/** The keys an INSERT of these rows sets: every key given, plus columns with defaults. */
function insertKeys(
  table: TableClause<object, unknown, unknown, unknown>,
  rows: readonly Record<string, unknown>[],
): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key) && row[key] !== undefined) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  for (const column of table.columns) {
    if (!seen.has(column.key) && table.columnDefault(column) !== undefined) {
      seen.add(column.key);
      keys.push(column.key);
    }
  }
  return keys;
}

/** A default's value: a function is called (each time), anything else used as it is. */
export function evaluate(value: unknown): unknown {
  return typeof value === 'function' ? (value as () => unknown)() : value;
}

/**
 * `INSERT INTO table ...` (SQLAlchemy's `insert()`). Give rows with `.values()`, or give them
 * to `execute` to insert many at once.
 */
export function insert<Tbl extends TableClause<object, unknown, unknown, unknown>>(
  given: Tbl | HasClauseElement<Tbl>,
): Insert<Tbl> {
  const table = resolveClause(given);
  if (table?.node?.kind !== 'table') {
    throw new ArgumentError('insert() takes a table');
  }
  return new Insert(table, {
    kind: 'insert',
    ctes: [],
    table: table.node,
    columns: [],
    rows: [],
    select: null,
    onConflict: null,
    returning: [],
  });
}

export type { RowOf, TupleOf };
