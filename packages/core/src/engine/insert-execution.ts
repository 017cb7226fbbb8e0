import {
  bindParameters,
  type CompiledStatement,
  type ParamSlot,
  processValue,
} from '../compiler/compiled-statement.js';
import type { Dialect } from '../dialect/dialect.js';
import { ArgumentError, StatementError } from '../errors.js';
import type { ColumnElement } from '../sql/column-element.js';
import { bindparam } from '../sql/expressions.js';
import type { TableClause } from '../sql/from-clauses.js';
import { evaluate, Insert } from '../sql/insert.js';
import type { BindNode, ColumnNode, ExpressionNode } from '../sql/nodes.js';
import { ownValue, setOwn } from '../util/own-properties.js';
import { BufferedRows, Result } from './result.js';

type AnyInsert = Insert<TableClause<object, unknown, unknown, unknown>, object, readonly unknown[]>;
type Params = Readonly<Record<string, unknown>>;

/** One statement's result, and what the driver said about the ids it generated. */
export interface RunResult {
  readonly result: Result;
  /** The driver's `lastRowIdStep`: the step between the ids of a many-row INSERT. */
  readonly lastRowIdStep: number | undefined;
}

/** What the INSERT paths need from a connection. */
export interface StatementRunner {
  dialect(): Dialect;
  run(
    compiled: CompiledStatement,
    sql: string,
    values: readonly unknown[],
    label?: string,
  ): Promise<RunResult>;
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
 * one generated integer and the database numbers the rows of one INSERT at a fixed step: the id
 * the driver reports and that step say them all, for free.
 */
function implicitReturning(insert: AnyInsert, dialect: Dialect): readonly ColumnElement[] | null {
  const key = insert.table.primaryKeyColumns();
  if (key.length === 0 || !dialect.capabilities.insertReturning || insert.node.returning.length > 0)
    return null;
  if (consecutiveIds(insert, dialect)) return null;
  return key;
}

/**
 * True when one INSERT of many rows tells every row's primary key: by RETURNING it, or by the
 * ids the driver reports (see {@link consecutiveIds}). Otherwise only a row at a time does.
 */
export function learnsKeysInBatch(insert: AnyInsert, dialect: Dialect): boolean {
  return implicitReturning(insert, dialect) !== null || consecutiveIds(insert, dialect) !== null;
}

/**
 * How the driver's reported id gives every generated key of a many-row INSERT, if it does: the
 * dialect says which id is reported, and the driver the step between them (see
 * {@link generatedId}).
 */
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
  const { result, lastRowIdStep } = await runner.run(compiled, compiled.sql, values);
  if (key) {
    const keys = result.all().map((row) => [...row]);
    return new Result(new BufferedRows([], [], false), result.rowcount, result.lastRowId, keys);
  }
  const ids: GeneratedIds = {
    reported: result.lastRowId,
    step: lastRowIdStep,
    rows: insert.node.rows.length,
    mode: consecutiveIds(insert, dialect),
  };
  const keys = insert.node.rows.map((row, index) => keyFromValues(insert, row, params, ids, index));
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
    const { result, lastRowIdStep } = await runner.run(compiled, sql, values, label);
    rowcount += Math.max(result.rowcount, 0);
    lastRowId = result.lastRowId;
    if (result.returnsRows) {
      columns = result.keys();
      const got = result.takeRaw() as unknown[][];
      if (key) insertedKeys.push(...inRowOrder(got, key));
      else returned.push(...got);
    } else if (!key) {
      // Ids line up with the rows only when every row was inserted.
      const ids: GeneratedIds = {
        reported: result.lastRowId,
        step: lastRowIdStep,
        rows: chunk.length,
        mode: result.rowcount === chunk.length ? consecutiveIds(insert, dialect) : null,
      };
      chunk.forEach((row, index) => {
        insertedKeys.push(keyFromParams(insert, row, ids, index));
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
      if (ownValue(row, key) !== undefined) continue;
      if (row === set) row = { ...set };
      setOwn(row as Record<string, unknown>, key, evaluate(value));
    }
    for (const name of keys) {
      if (ownValue(row, name) === undefined) {
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
    let value = slot.name !== null ? ownValue(params, slot.name) : undefined;
    if (value === undefined && slot.bind >= 0) value = (binds[slot.bind] as BindNode).value;
    if (value === undefined || value === null) values[i] = null;
    else values[i] = slot.process ? processValue(slot, value, i) : value;
  }
  return values;
}

/** What one INSERT statement without RETURNING told about the ids it generated. */
interface GeneratedIds {
  /** The id the driver reported. */
  readonly reported: number | bigint | undefined;
  /** The driver's step between the ids of the statement's rows; undefined means 1. */
  readonly step: number | undefined;
  /** How many rows the statement inserted. */
  readonly rows: number;
  /** Which id was reported (see {@link consecutiveIds}); null when they cannot be worked out. */
  readonly mode: 'first' | 'last' | null;
}

/**
 * The primary key of one inserted row without RETURNING: the values given, and for an
 * autoincrement column the id worked out from the one the database reported.
 */
function keyFromValues(
  insert: AnyInsert,
  row: readonly ExpressionNode[],
  params: Params | undefined,
  ids: GeneratedIds,
  index: number,
): unknown[] {
  return insert.table.primaryKeyColumns().map((column) => {
    const position = insert.node.columns.indexOf(column.node as ColumnNode);
    const value = position >= 0 ? row[position] : undefined;
    if (value?.kind === 'bind')
      return value.name !== null ? (params?.[value.name] ?? value.value) : value.value;
    return generatedId(ids, index);
  });
}

function keyFromParams(
  insert: AnyInsert,
  row: Params,
  ids: GeneratedIds,
  index: number,
): unknown[] {
  return insert.table
    .primaryKeyColumns()
    .map((column) => ownValue(row, column.key) ?? generatedId(ids, index));
}

/**
 * The id generated for the row at `index` of one INSERT. One row: the id reported. Several: ids
 * at the step the driver reported (1 where it reports none, as SQLite's rowids), from the first
 * or up to the last. The step is the statement's own, never assumed: on MySQL and MariaDB it is
 * `auto_increment_increment` (3 on a three-node Galera cluster), which the driver reads as the
 * statement saw it.
 */
function generatedId(ids: GeneratedIds, index: number): unknown {
  const { reported, rows, mode } = ids;
  if (reported === undefined || reported === null) return null;
  if (rows === 1) return reported;
  if (mode === null) return null;
  const step = ids.step ?? 1;
  const offset = (mode === 'first' ? index : index - (rows - 1)) * step;
  return typeof reported === 'bigint' ? reported + BigInt(offset) : reported + offset;
}

function withKeys(result: Result, keys: unknown[][]): Result {
  return result.withInsertedPrimaryKeys(keys);
}
