import { type AnyTable, InvalidRequestError } from '@athanor/core';
import type { InstanceState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { SyncRule } from './flush-plan.js';

/*
 * The order a flush writes in: tables parents first (deletes in reverse), and within a table,
 * waves of rows that refer to other rows of the same table.
 */

/**
 * New rows of one table in the order they can be inserted: a row that refers to another new
 * row of the same table (a tree's child and parent) goes in a later wave than it.
 */
export function insertWaves(
  mapper: Mapper,
  pending: readonly InstanceState[],
  rules: ReadonlyMap<InstanceState, readonly SyncRule[]>,
): InstanceState[][] {
  if (pending.length === 0) return [];
  if (rules.size === 0) return [[...pending]];
  const waiting = new Set(pending);
  const dependsOn = (state: InstanceState) =>
    (rules.get(state) ?? []).some(
      (rule) => rule.parent !== null && rule.parent.mapper === mapper && waiting.has(rule.parent),
    );
  const waves: InstanceState[][] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter((state) => !dependsOn(state));
    if (ready.length === 0) {
      throw new InvalidRequestError(
        `New ${mapper.name} objects refer to each other in a cycle, so none can be inserted first. ` +
          'Mark the relationship postUpdate: true to write those keys with a second UPDATE.',
        { code: 'flush-cycle' },
      );
    }
    for (const state of ready) waiting.delete(state);
    waves.push(ready);
  }
  return waves;
}

/**
 * The order tables are written in: a table after the tables its new rows take keys from (the
 * relationships in this flush say which), and otherwise after the tables its foreign keys refer
 * to, where that makes no cycle. Keys that `postUpdate` relationships write later do not count.
 */
export function flushOrder(mappers: readonly Mapper[], rules: readonly SyncRule[]): Mapper[] {
  const involved = new Set(mappers);
  const parents = new Map<Mapper, Set<Mapper>>(mappers.map((mapper) => [mapper, new Set()]));
  const reaches = (from: Mapper, to: Mapper): boolean => {
    const seen = new Set<Mapper>();
    const stack = [from];
    while (stack.length > 0) {
      const mapper = stack.pop() as Mapper;
      if (mapper === to) return true;
      if (seen.has(mapper)) continue;
      seen.add(mapper);
      stack.push(...(parents.get(mapper) ?? []));
    }
    return false;
  };
  // Row dependencies first: a child needs its new parent's key.
  for (const rule of rules) {
    const parent = rule.parent;
    if (rule.postUpdate || !parent || parent.status !== 'pending') continue;
    const child = rule.child.mapper;
    if (parent.mapper !== child && involved.has(parent.mapper) && involved.has(child)) {
      parents.get(child)?.add(parent.mapper);
    }
  }
  // Then the foreign keys between the tables, each unless it would close a cycle.
  const byTable = new Map<AnyTable, Mapper>(mappers.map((mapper) => [mapper.table, mapper]));
  for (const mapper of mappers) {
    for (const fk of mapper.table.foreignKeys) {
      const parent = byTable.get(fk.referredTable as AnyTable);
      if (!parent || parent === mapper || writtenLater(mapper, fk.columns)) continue;
      if (!reaches(parent, mapper)) parents.get(mapper)?.add(parent);
    }
  }
  const ordered: Mapper[] = [];
  const done = new Set<Mapper>();
  const visiting = new Set<Mapper>();
  const visit = (mapper: Mapper) => {
    if (done.has(mapper) || visiting.has(mapper)) return;
    visiting.add(mapper);
    for (const parent of parents.get(mapper) ?? []) visit(parent);
    visiting.delete(mapper);
    done.add(mapper);
    ordered.push(mapper);
  };
  for (const mapper of mappers) visit(mapper);
  return ordered;
}

/**
 * Deleted rows of one table in the order they can go: a row that refers to another deleted row
 * of the same table (a child in a tree) before it.
 */
export function deleteWaves(mapper: Mapper, states: readonly InstanceState[]): InstanceState[][] {
  const selfKeys = mapper.table.foreignKeys.filter((fk) => fk.referredTable === mapper.table);
  if (selfKeys.length === 0 || states.length < 2) return states.length > 0 ? [[...states]] : [];
  const refersTo = new Map<InstanceState, InstanceState[]>();
  for (const fk of selfKeys) {
    const from = fk.columns.map((column) => mapper.columnIndex(column));
    const to = fk.referredColumns.map((column) => mapper.columnIndex(column));
    const byKey = new Map<string, InstanceState>();
    for (const state of states) byKey.set(valuesKey(state, to), state);
    for (const state of states) {
      const parent = byKey.get(valuesKey(state, from));
      if (!parent || parent === state) continue;
      const list = refersTo.get(state) ?? [];
      list.push(parent);
      refersTo.set(state, list);
    }
  }
  const waves: InstanceState[][] = [];
  const remaining = new Set(states);
  while (remaining.size > 0) {
    const referenced = new Set<InstanceState>();
    for (const state of remaining) {
      for (const parent of refersTo.get(state) ?? [])
        if (remaining.has(parent)) referenced.add(parent);
    }
    let wave = [...remaining].filter((state) => !referenced.has(state));
    // Rows referring to each other in a cycle: let the database judge them together.
    if (wave.length === 0) wave = [...remaining];
    for (const state of wave) remaining.delete(state);
    waves.push(wave);
  }
  return waves;
}

function valuesKey(state: InstanceState, indexes: readonly number[]): string {
  return indexes.map((index) => String(state.committedValue(index))).join('\u0000');
}

/** True when these foreign key columns are written by a `postUpdate` relationship. */
function writtenLater(mapper: Mapper, columns: readonly unknown[]): boolean {
  for (const relationship of mapper.relationships.values()) {
    if (!relationship.postUpdate || relationship.direction !== 'many-to-one') continue;
    if (columns.every((column) => relationship.pairs.some((pair) => pair.local === column))) {
      return true;
    }
  }
  for (const other of mapper.registry.mappers) {
    for (const relationship of other.relationships.values()) {
      if (!relationship.postUpdate || relationship.direction !== 'one-to-many') continue;
      if (relationship.target !== mapper) continue;
      if (columns.every((column) => relationship.pairs.some((pair) => pair.remote === column))) {
        return true;
      }
    }
  }
  return false;
}
