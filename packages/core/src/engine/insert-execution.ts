import {
  bindParameters,
  type CompiledStatement,
  type ParamSlot,
} from '../compiler/compiled-statement.js';
import type { Dialect } from '../dialect/dialect.js';
import { ArgumentError, StatementError } from '../errors.js';
import type { ColumnElement } from '../sql/column-element.js';
import { bindparam } from '../sql/expressions.js';
import type { TableClause } from '../sql/from-clauses.js';
import { evaluate, Insert } from '../sql/insert.js';
import type { BindNode, ColumnNode, ExpressionNode } from '../sql/nodes.js';
import { BufferedRows, Result } from './result.js';

type AnyInsert = Insert<TableClause<object, unknown, unknown, unknown>, object, readonly unknown[]>;
type Params = Readonly<Record<string, unknown>>;

/** What the INSERT paths need from a connection. */
export interface StatementRunner {
  dialect(): Dialect;
  run(
    compiled: CompiledStatement,
    sql: string,
    values: readonly unknown[],
    label?: string,
  ): Promise<Result>;
}

/** An INSERT with rows given by `values()`. */
export function isValuesInsert(statement: unknown): statement is AnyInsert {
  return statement instanceof Insert && statement.node.rows.length > 0;
}

/** An INSERT without values, to run once per parameter set. */
export function isManyRowInsert(statement: unknown): statement is AnyInsert {
  return (
    statement instanceof Insert &&
    statement.node.rows.length === 0 &&
    statement.node.select === null
  );
}

/**
 * Whether to add RETURNING of the primary key to learn the inserted keys. Not when the key is
 * one generated integer and the database gives the rows of one INSERT consecutive ids: the id
 * the driver reports says them all, for free.
 */
function implicitReturning(insert: AnyInsert, dialect: Dialect): readonly ColumnElement[] | null {
  const key = insert.table.primaryKeyColumns();
  if (key.length === 0 || !dialect.capabilities.insertReturning || insert.node.returning.length > 0)
    return null;
  if (consecutiveIds(insert, dialect)) return null;
  return key;
}

/** How the driver's reported id gives every generated key of a many-row INSERT, if it does. */
function consecutiveIds(insert: AnyInsert, dialect: Dialect): 'first' | 'last' | null {
  const mode = dialect.capabilities.multiRowInsertIds;
  const key = insert.table.primaryKeyColumns();
  // An upsert or INSERT IGNORE may skip rows, and then the ids no longer line up.
  if (mode === null || key.length !== 1 || insert.node.onConflict !== null) return null;
  const column = key[0] as ColumnElement & { readonly autoincrement?: boolean };
  return column.autoincrement === true ? mode : null;
}

/**
 * Runs an INSERT of `values()` rows and records the inserted primary keys
 * (`result.insertedPrimaryKey`): from RETURNING where the database has it, else from the values
 * given and the id the database reports for the autoincrement column.
 */
export async function executeInsert(
  runner: StatementRunner,
  insert: AnyInsert,
  params: Params | undefined,
): Promise<Result> {
  const dialect = runner.dialect();
  const key = implicitReturning(insert, dialect);
  const statement = key ? insert.returning(...key) : insert;
  const { compiled, binds } = dialect.compiler.compile(statement);
  const values = bindParameters(compiled, binds, params);
  const result = await runner.run(compiled, compiled.sql, values);
  if (key) {
    const keys = result.all().map((row) => [...row]);
    return new Result(new BufferedRows([], [], false), result.rowcount, result.lastRowId, keys);
  }
  const mode = consecutiveIds(insert, dialect);
  const keys = insert.node.rows.map((row, index) =>
    keyFromValues(insert, row, params, result.lastRowId, insert.node.rows.length, index, mode),
  );
  return withKeys(result, keys);
}

/**
 * Runs an INSERT once per parameter set: as multi-row VALUES in batches that stay within the
 * database's parameter limit (SQLAlchemy's insertmanyvalues), with RETURNING of the primary key
 * where the database has it.
 */
export async function executeInsertMany(
  runner: StatementRunner,
  insert: AnyInsert,
  paramSets: readonly Params[],
): Promise<Result> {
  const dialect = runner.dialect();
  const first = paramSets[0] as Params;
  const keys = Object.keys(first).filter((k) => first[k] !== undefined);
  const defaultKeys = Object.keys(insert.defaultsFor(keys));
  const allKeys = [...keys, ...defaultKeys];
  const template = insert.values(
    Object.fromEntries(
      allKeys.map((k) => {
        const column = insert.table.columns.find((c) => c.key === k);
        if (!column) {
          throw new ArgumentError(
            `Unknown column '${k}' in INSERT for table '${insert.table.node.name}'. ` +
              `Its columns are: ${insert.table.columns.map((c) => c.key).join(', ')}.`,
          );
        }
        return [k, bindparam(k, column.type)];
      }),
    ) as never,
  );
  const key = implicitReturning(insert, dialect);
  const statement = key ? template.returning(...key) : template;
  const { compiled, binds } = dialect.compiler.compile(statement);
  const rows = withDefaults(insert, paramSets, allKeys, compiled.sql);

  const valuesRow = compiled.valuesRow;
  const capabilities = dialect.capabilities;
  const explicit = insert.node.returning.length > 0;
  const returned: unknown[][] = [];
  const insertedKeys: unknown[][] = [];
  let rowcount = 0;
  let lastRowId: number | bigint | undefined;
  let columns: readonly string[] = [];

  const perRow = valuesRow?.slotCount ?? 0;
  const extra = compiled.slots.length - perRow;
  const batchSize =
    valuesRow && capabilities.multiRowInsert && perRow > 0
      ? Math.max(1, Math.min(1000, Math.floor((capabilities.maxParameters - extra) / perRow)))
      : 1;
  const batches = Math.ceil(rows.length / batchSize);
  for (let start = 0, batch = 1; start < rows.length; start += batchSize, batch++) {
    const chunk = rows.slice(start, start + batchSize);
    const { sql, slots, rowOf } =
      chunk.length === 1 || !valuesRow
        ? { sql: compiled.sql, slots: compiled.slots, rowOf: null }
        : dialect.compiler.renderManyValues(compiled, chunk.length);
    const values = bindBatch(slots, rowOf, chunk, binds);
    const label =
      batches > 1 ? `insertmanyvalues batch ${batch}/${batches}, ${chunk.length} rows` : undefined;
    const result = await runner.run(compiled, sql, values, label);
    rowcount += Math.max(result.rowcount, 0);
    lastRowId = result.lastRowId;
    if (result.returnsRows) {
      columns = result.keys();
      const got = result.takeRaw() as unknown[][];
      if (key) insertedKeys.push(...inRowOrder(got, key));
      else returned.push(...got);
    } else if (!key) {
      // Ids line up with the rows only when every row was inserted.
      const mode = result.rowcount === chunk.length ? consecutiveIds(insert, dialect) : null;
      chunk.forEach((row, index) => {
        insertedKeys.push(keyFromParams(insert, row, result.lastRowId, chunk.length, index, mode));
      });
    }
  }
  if (explicit) {
    return new Result(new BufferedRows(columns, returned, true), rowcount, lastRowId, insertedKeys);
  }
  return new Result(new BufferedRows([], [], false), rowcount, lastRowId, insertedKeys);
}

/**
 * Generated integer keys from RETURNING, in the order the rows were given: the database numbers
 * the rows of one INSERT in order, but does not promise to return them in it.
 */
function inRowOrder(keys: unknown[][], key: readonly ColumnElement[]): unknown[][] {
  const column = key[0] as ColumnElement & { readonly autoincrement?: boolean };
  if (key.length !== 1 || column.autoincrement !== true) return keys;
  return keys.sort((a, b) => {
    const x = a[0] as number | bigint;
    const y = b[0] as number | bigint;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The parameter sets with client-side defaults filled in where a set leaves a column out. A set
 * that needs none is used as it is, not copied.
 * @throws {StatementError} when a set lacks a value the first set gives and no default covers.
 */
function withDefaults(
  insert: AnyInsert,
  paramSets: readonly Params[],
  keys: readonly string[],
  sql: string,
): Params[] {
  const table = insert.table;
  const defaults: { key: string; value: unknown }[] = [];
  for (const column of table.columns) {
    const value = table.columnDefault(column);
    if (value !== undefined) defaults.push({ key: column.key, value });
  }
  return paramSets.map((set, index) => {
    let row = set;
    for (const { key, value } of defaults) {
      if (row[key] !== undefined) continue;
      if (row === set) row = { ...set };
      (row as Record<string, unknown>)[key] = evaluate(value);
    }
    for (const name of keys) {
      if (row[name] === undefined) {
        throw new StatementError(
          `A value is required for '${name}' in parameter set ${index + 1}: the first set gives it, ` +
            'so every set must (or the column needs a default).',
          { statement: sql, code: 'missing-parameter' },
        );
      }
    }
    return row;
  });
}

/**
 * Parameter values for one batch: a slot of the VALUES rows takes its value from its row's
 * parameters (`rowOf`, -1 outside the rows); with one row, every slot from that row.
 */
function bindBatch(
  slots: readonly ParamSlot[],
  rowOf: readonly number[] | null,
  rows: readonly Params[],
  binds: readonly BindNode[],
): unknown[] {
  // A plain loop: this runs once per value of a bulk insert.
  const first = rows[0] as Params;
  const values = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as ParamSlot;
    const row = rowOf ? (rowOf[i] as number) : 0;
    const params = row >= 0 ? (rows[row] as Params) : first;
    let value = slot.name !== null ? params[slot.name] : undefined;
    if (value === undefined && slot.bind >= 0) value = (binds[slot.bind] as BindNode).value;
    if (value === undefined || value === null) values[i] = null;
    else values[i] = slot.process ? slot.process(value) : value;
  }
  return values;
}

/**
 * The primary key of one inserted row without RETURNING: the values given, and for an
 * autoincrement column the id the database reported. MySQL reports the first id of a multi-row
 * INSERT, and its ids are consecutive within one statement.
 */
function keyFromValues(
  insert: AnyInsert,
  row: readonly ExpressionNode[],
  params: Params | undefined,
  lastRowId: number | bigint | undefined,
  rowsInStatement: number,
  index: number,
  mode: 'first' | 'last' | null,
): unknown[] {
  return insert.table.primaryKeyColumns().map((column) => {
    const position = insert.node.columns.indexOf(column.node as ColumnNode);
    const value = position >= 0 ? row[position] : undefined;
    if (value?.kind === 'bind')
      return value.name !== null ? (params?.[value.name] ?? value.value) : value.value;
    return generatedId(lastRowId, rowsInStatement, index, mode);
  });
}

function keyFromParams(
  insert: AnyInsert,
  row: Params,
  lastRowId: number | bigint | undefined,
  rowsInStatement: number,
  index: number,
  mode: 'first' | 'last' | null,
): unknown[] {
  return insert.table
    .primaryKeyColumns()
    .map((column) => row[column.key] ?? generatedId(lastRowId, rowsInStatement, index, mode));
}

function generatedId(
  lastRowId: number | bigint | undefined,
  rows: number,
  index: number,
  mode: 'first' | 'last' | null,
): unknown {
  if (lastRowId === undefined || lastRowId === null) return null;
  // One row: the id reported. Several: consecutive ids, from the first or up to the last.
  if (rows === 1) return lastRowId;
  if (mode === null) return null;
  const offset = mode === 'first' ? index : index - (rows - 1);
  return typeof lastRowId === 'bigint' ? lastRowId + BigInt(offset) : lastRowId + offset;
}

function withKeys(result: Result, keys: unknown[][]): Result {
  return result.withInsertedPrimaryKeys(keys);
}
