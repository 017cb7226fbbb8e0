import { and, type ColumnElement, type Connection, or, select } from '@athanor/core';
import { EXPIRED, type InstanceState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import { instanceFor, type LoadingSession } from './loading.js';

/**
 * Reads the subclass tables of objects loaded through a parent model (joined-table
 * inheritance): one SELECT per subclass found, over its tables joined, for the keys of its
 * objects (SQLAlchemy's `selectin_polymorphic`). Athanor reads attributes synchronously, so it
 * cannot load them when they are first read, as SQLAlchemy's default does.
 */
export async function loadSubclassTables(
  session: LoadingSession,
  connection: Connection,
  queried: Mapper,
  states: Iterable<InstanceState>,
): Promise<void> {
  const bySubclass = new Map<Mapper, InstanceState[]>();
  for (const state of states) {
    const mapper = state.mapper;
    if (mapper === queried || mapper.columns.length === queried.columns.length) continue;
    if (state.values[state.values.length - 1] !== EXPIRED) continue;
    let list = bySubclass.get(mapper);
    if (!list) {
      list = [];
      bySubclass.set(mapper, list);
    }
    list.push(state);
  }
  for (const [mapper, list] of bySubclass) {
    const keyColumns = mapper.primaryKeyIndexes.map(
      (index) => mapper.columns[index] as ColumnElement,
    );
    const keys = list.map((state) => mapper.primaryKeyIndexes.map((index) => state.values[index]));
    // The keys are values of the key columns' own types, which ColumnElement<unknown> cannot
    // state; `never` lets them through as the column's operands.
    const condition =
      keyColumns.length === 1
        ? (keyColumns[0] as ColumnElement).in(keys.map((key) => key[0] as never))
        : or(
            ...keys.map((key) => and(...keyColumns.map((column, i) => column.eq(key[i] as never)))),
          );
    const statement = select(...mapper.columns)
      .selectFrom(mapper.selectable)
      .where(condition);
    const rows = (await connection.execute(statement)).takeRaw() as unknown[][];
    // The identity map holds the objects: each row fills in their expired attributes.
    for (const row of rows) instanceFor(session, mapper, row);
  }
}
