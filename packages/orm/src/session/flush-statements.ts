import {
  type AnyTable,
  and,
  bindparam,
  type Column,
  type ColumnElement,
  delete_,
  insert,
  update,
} from '@athanor/core';
// Core's helper for the ORM lives on its internal face, not on the root.
import { insertFetching } from '@athanor/core/dialect';
import { StaleDataError } from '../errors.js';
import type { TablePart } from '../mapping/inheritance.js';
import { EXPIRED, type InstanceState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { AssociationRow } from './flush-associations.js';
import type { FlushWork } from './flush-changes.js';
import type { FlushJournal } from './flush-journal.js';

/*
 * The statements a flush sends for one model's objects: batched INSERTs reading generated keys
 * and server defaults back, UPDATEs grouped by the columns they set, DELETEs by primary key.
 */

/** The columns of one table an INSERT sends for an object: those it has a value for. */
function givenColumns(state: InstanceState, part: TablePart): number[] {
  const given: number[] = [];
  const values = state.values;
  for (const index of part.indexes) {
    const value = values[index];
    if (value !== undefined && value !== EXPIRED) given.push(index);
  }
  return given;
}

/** The same columns as `given`, compared without building a string. */
function sameColumns(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export async function insertObjects(
  work: FlushWork,
  mapper: Mapper,
  states: readonly InstanceState[],
  journal: FlushJournal,
): Promise<void> {
  if (states.length === 0) return;
  const defaults = mapper.columns.flatMap((column, index) =>
    column.default !== undefined ? [{ index, value: column.default }] : [],
  );
  // The listeners run for every object before any batch is built, so what they set is sent.
  const events = mapper.events;
  const listening = events.has('beforeInsert');
  if (listening) {
    for (const state of states) {
      journal.touchNew(state);
      await events.fire('beforeInsert', mapper, work.connection, state.owner);
    }
  }
  for (const state of states) {
    if (!listening) journal.touchNew(state);
    journal.inserted.push(state);
    // Client-side defaults are applied here, so the objects hold the values their rows get.
    for (const { index, value } of defaults) {
      if (state.values[index] === undefined) {
        state.values[index] = typeof value === 'function' ? (value as () => unknown)() : value;
      }
    }
  }
  // A joined-table subclass's row is in several tables: the parent's first, whose key the
  // next one's key copies.
  for (const part of mapper.parts) {
    // Objects with the same columns given go in one batch (in the order they were added).
    const batches: { columns: number[]; states: InstanceState[] }[] = [];
    for (const state of states) {
      for (const [own, from] of part.inheritedKey) state.values[own] = state.values[from];
      const columns = givenColumns(state, part);
      const last = batches.at(-1);
      if (last && sameColumns(last.columns, columns)) last.states.push(state);
      else batches.push({ columns, states: [state] });
    }
    for (const batch of batches) {
      await insertBatch(work, mapper, part, batch.columns, batch.states);
    }
  }
  for (const state of states) {
    state.key = mapper.identityKey(state.values, state.identityToken);
    work.identityMap.set(mapper, state.key, state.owner);
  }
  if (events.has('afterInsert')) {
    for (const state of states) {
      await events.fire('afterInsert', mapper, work.connection, state.owner);
    }
  }
}

/** The columns the database fills in: generated keys and server defaults not given. */
function fetchedColumns(mapper: Mapper, part: TablePart, given: readonly number[]): number[] {
  const fetched: number[] = [];
  for (const index of part.indexes) {
    const column = mapper.columns[index] as Column;
    if (given.includes(index)) continue;
    if (
      column.autoincrement ||
      column.serverDefault !== undefined ||
      part.keyIndexes.includes(index)
    ) {
      fetched.push(index);
    }
  }
  return fetched;
}

/**
 * Inserts objects that give the same columns, and fills in what the database generated for
 * them. Core decides how it learns those values (RETURNING, the ids the driver reports, a read
 * back by key).
 */
async function insertBatch(
  work: FlushWork,
  mapper: Mapper,
  part: TablePart,
  given: readonly number[],
  states: readonly InstanceState[],
): Promise<void> {
  const rows = states.map((state) => {
    const row: Record<string, unknown> = {};
    for (const index of given) row[mapper.keys[index] as string] = state.values[index];
    return row;
  });
  const fetched = fetchedColumns(mapper, part, given);
  const fetch = fetched.map((index) => mapper.columns[index] as Column);
  const values = await insertFetching(work.connection, part.table, rows, fetch);
  states.forEach((state, i) => {
    const row = values[i] as unknown[];
    fetched.forEach((index, position) => {
      state.values[index] = row[position];
    });
  });
}

/** The WHERE of an UPDATE or DELETE by primary key, its values from `pk_<key>` parameters. */
function byPrimaryKey(mapper: Mapper, part: TablePart) {
  return and(
    ...part.keyIndexes.map((index) => {
      const column = mapper.columns[index] as ColumnElement;
      return column.eq(bindparam(`pk_${mapper.keys[index]}`, column.type));
    }),
  );
}

/** An object's primary key as loaded (its key may have been changed since). */
function loadedKey(mapper: Mapper, part: TablePart, state: InstanceState): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const index of part.keyIndexes) {
    const value = state.committed?.has(index) ? state.committed.get(index) : state.values[index];
    params[`pk_${mapper.keys[index]}`] = value;
  }
  return params;
}

export async function updateObjects(
  work: FlushWork,
  mapper: Mapper,
  states: readonly InstanceState[],
  journal: FlushJournal,
): Promise<void> {
  const groups = new Map<
    string,
    { part: TablePart; columns: number[]; params: Record<string, unknown>[] }
  >();
  const parts = mapper.parts;
  for (const state of states) {
    const changedAll = state.changedColumns();
    if (changedAll.length === 0) continue;
    journal.touch(state);
    // Each table whose columns changed gets an UPDATE, with its own `onupdate` columns.
    parts.forEach((part, p) => {
      const changed =
        parts.length === 1 ? changedAll : changedAll.filter((i) => part.indexes.includes(i));
      if (changed.length === 0) return;
      for (const index of part.indexes) {
        const column = mapper.columns[index] as Column;
        if (column.onupdate !== undefined && !changed.includes(index)) {
          const value = column.onupdate;
          state.values[index] = typeof value === 'function' ? (value as () => unknown)() : value;
          changed.push(index);
        }
      }
      changed.sort((a, b) => a - b);
      const signature = `${p}:${changed.join(',')}`;
      let group = groups.get(signature);
      if (!group) {
        group = { part, columns: changed, params: [] };
        groups.set(signature, group);
      }
      const params = loadedKey(mapper, part, state);
      for (const index of changed) params[`v_${mapper.keys[index]}`] = state.values[index];
      group.params.push(params);
    });
  }
  for (const { part, columns, params } of groups.values()) {
    const values: Record<string, ColumnElement> = {};
    for (const index of columns) {
      const column = mapper.columns[index] as ColumnElement;
      values[mapper.keys[index] as string] = bindparam(`v_${mapper.keys[index]}`, column.type);
    }
    const stmt = update(part.table).where(byPrimaryKey(mapper, part)).values(values);
    const result = await work.connection.execute(stmt, params.length === 1 ? params[0] : params);
    checkRowcount('UPDATE', part.table, result.rowcount, params.length);
  }
}

export async function deleteObjects(
  work: FlushWork,
  mapper: Mapper,
  states: readonly InstanceState[],
  journal: FlushJournal,
): Promise<void> {
  const events = mapper.events;
  if (events.has('beforeDelete')) {
    for (const state of states) {
      await events.fire('beforeDelete', mapper, work.connection, state.owner);
    }
  }
  // A joined-table subclass's rows go child first: its key refers to the parent's.
  for (const part of [...mapper.parts].reverse()) {
    const params = states.map((state) => loadedKey(mapper, part, state));
    const stmt = delete_(part.table).where(byPrimaryKey(mapper, part));
    const result = await work.connection.execute(stmt, params.length === 1 ? params[0] : params);
    checkRowcount('DELETE', part.table, result.rowcount, params.length);
  }
  // One by one: spreading 100,000s of states into push() would overflow the stack.
  for (const state of states) {
    journal.touch(state);
    journal.deleted.push(state);
  }
  if (events.has('afterDelete')) {
    for (const state of states) {
      await events.fire('afterDelete', mapper, work.connection, state.owner);
    }
  }
}

function checkRowcount(
  statement: string,
  table: AnyTable,
  matched: number,
  expected: number,
): void {
  if (matched >= 0 && matched !== expected) {
    throw new StaleDataError(
      `${statement} on table '${table.name}' expected to match ${expected} row(s); ${matched} matched. ` +
        'Another transaction changed or deleted them since they were loaded.',
      { code: 'stale-data' },
    );
  }
}

/**
 * The second UPDATE of a `postUpdate` relationship: writes the foreign key columns once both
 * rows exist (or clears them before the rows are deleted).
 */
export async function postUpdate(
  work: FlushWork,
  mapper: Mapper,
  states: readonly InstanceState[],
  indexes: readonly number[],
): Promise<void> {
  if (states.length === 0) return;
  // The foreign key columns are in one of the object's tables.
  const part = mapper.parts.find((each) => each.indexes.includes(indexes[0] as number));
  if (part === undefined) return;
  const values: Record<string, ColumnElement> = {};
  for (const index of indexes) {
    const column = mapper.columns[index] as ColumnElement;
    values[mapper.keys[index] as string] = bindparam(`v_${mapper.keys[index]}`, column.type);
  }
  const params = states.map((state) => {
    const row = loadedKey(mapper, part, state);
    for (const index of indexes) row[`v_${mapper.keys[index]}`] = state.values[index];
    return row;
  });
  const stmt = update(part.table).where(byPrimaryKey(mapper, part)).values(values);
  await work.connection.execute(stmt, params.length === 1 ? params[0] : params);
}

/** Adds rows to a many-to-many's association table. */
export async function insertAssociationRows(
  work: FlushWork,
  table: AnyTable,
  rows: readonly AssociationRow[],
): Promise<void> {
  if (rows.length > 0) await work.connection.execute(insert(table), rows);
}

/** Removes rows from a many-to-many's association table, each matched on all its given columns. */
export async function deleteAssociationRows(
  work: FlushWork,
  table: AnyTable,
  rows: readonly AssociationRow[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const keys = Object.keys(first);
  const where = and(
    ...keys.map((key) => {
      const column = table.c[key] as ColumnElement;
      return column.eq(bindparam(`k_${key}`, column.type));
    }),
  );
  const params = rows.map((row) => Object.fromEntries(keys.map((key) => [`k_${key}`, row[key]])));
  await work.connection.execute(
    delete_(table).where(where),
    params.length === 1 ? params[0] : params,
  );
}
