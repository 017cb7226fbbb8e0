import type { Column } from '../schema/column.js';
import type { AnyTable } from '../schema/table.js';
import { and } from '../sql/expressions.js';
import { insert } from '../sql/insert.js';
import { equalTo } from '../sql/runtime-values.js';
import { select } from '../sql/select.js';
import type { Connection } from './connection.js';
import { learnsKeysInBatch } from './insert-execution.js';

type Row = Readonly<Record<string, unknown>>;

/**
 * Inserts rows and gives back, for each row in the order given, the values of the `fetch`
 * columns the database fills in (generated keys, server defaults), in `fetch` order; the ORM
 * asks this of Core at each flush. How is decided here alone, from the dialect:
 * - RETURNING of them all, where the database has it; but when the only column wanted is a
 *   generated integer key, the INSERT learns it as Core does for any INSERT (by RETURNING, or
 *   from the ids the driver reports where they follow a known step);
 * - without RETURNING, the keys from the ids the driver reports (one many-row INSERT where they
 *   say every key, else a row at a time), then the other columns read back by primary key.
 * A primary key column neither given nor generated has no way back without RETURNING: its
 * value stays undefined.
 */
export async function insertFetching(
  connection: Connection,
  table: AnyTable,
  rows: readonly Row[],
  fetch: readonly Column[],
): Promise<unknown[][]> {
  const statement = insert(table);
  if (rows.length === 0) return [];
  if (fetch.length === 0) {
    await connection.execute(statement, rows);
    return rows.map(() => []);
  }
  const dialect = connection.dialect;
  const key = table.primaryKeyColumns();
  const generated = fetch.find((column) => column.autoincrement);
  const keyIsGenerated = generated !== undefined && key.length === 1 && key[0] === generated;
  if (dialect.capabilities.insertReturning && (fetch.length > 1 || !keyIsGenerated)) {
    return insertReturning(connection, table, rows, fetch);
  }
  let ids: unknown[] = [];
  if (generated === undefined) {
    await connection.execute(statement, rows);
  } else if (keyIsGenerated && learnsKeysInBatch(statement, dialect)) {
    const result = await connection.execute(statement, rows);
    ids = result.insertedPrimaryKeys.map((keys) => normalizeId(keys[0]));
  } else {
    // No way to learn the keys of many rows at once: one row at a time.
    for (const row of rows) {
      ids.push(normalizeId((await connection.execute(insert(table).values(row))).lastRowId));
    }
  }
  const values = rows.map((_, i) =>
    fetch.map((column) => (column === generated ? ids[i] : undefined)),
  );
  const defaults = fetch.filter((column) => column !== generated && !key.includes(column));
  if (defaults.length > 0) {
    const keyOf = (row: Row, i: number) =>
      key.map((column) => (column === generated ? ids[i] : row[column.key]));
    const readBack = await readBackByKey(connection, key, defaults, rows.map(keyOf));
    rows.forEach((_, i) => {
      defaults.forEach((column, position) => {
        (values[i] as unknown[])[fetch.indexOf(column)] = readBack[i]?.[position];
      });
    });
  }
  return values;
}

/** INSERT ... RETURNING the `fetch` columns, in the order the rows went in. */
async function insertReturning(
  connection: Connection,
  table: AnyTable,
  rows: readonly Row[],
  fetch: readonly Column[],
): Promise<unknown[][]> {
  const result = await connection.execute(insert(table).returning(...fetch), rows);
  const returned = result.takeRaw().map((row) => [...row]);
  // Generated keys come out in the order the rows went in, but the database does not promise
  // to return them in that order; sorting ascending restores it.
  const keyPosition = fetch.findIndex((column) => column.autoincrement);
  if (keyPosition >= 0) returned.sort((a, b) => compareKeys(a[keyPosition], b[keyPosition]));
  return returned;
}

/** Reads columns of just-inserted rows, one SELECT per row by its primary key. */
async function readBackByKey(
  connection: Connection,
  key: readonly Column[],
  wanted: readonly Column[],
  keys: readonly unknown[][],
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (const values of keys) {
    const where = and(...key.map((column, i) => equalTo(column, values[i])));
    rows.push([...(await connection.execute(select(...wanted).where(where))).one()]);
  }
  return rows;
}

/** A generated id as a number where it fits one (drivers may report a bigint). */
function normalizeId(id: unknown): unknown {
  return typeof id === 'bigint' && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id;
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}
