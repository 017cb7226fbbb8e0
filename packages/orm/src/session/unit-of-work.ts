import { type AnyTable, type Connection, type Dialect, InvalidRequestError } from '@athanor/core';
import { EXPIRED, type InstanceState, stateOf } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { Relationship } from '../mapping/relationship.js';
import { FlushJournal } from './flush-journal.js';
import type { AssociationChange, FlushPlan, SyncRule } from './flush-plan.js';
import {
  type AssociationRow,
  deleteAssociationRows,
  deleteObjects,
  insertAssociationRows,
  insertObjects,
  postUpdate,
  updateObjects,
} from './flush-statements.js';
import type { IdentityMap } from './identity-map.js';

/** What a flush works on. */
export interface FlushWork {
  readonly connection: Connection;
  readonly dialect: Dialect;
  readonly identityMap: IdentityMap;
  /** New objects, in the order they were added. */
  readonly pending: readonly object[];
  /** Persistent objects that may have changed: attributes set, relationships changed. */
  readonly candidates: readonly object[];
  /** Objects marked for deletion. */
  readonly deleted: readonly object[];
  /** The relationship changes: foreign keys to write, association rows. */
  readonly plan: FlushPlan;
}

interface MapperWork {
  readonly pending: InstanceState[];
  readonly candidates: Set<InstanceState>;
  readonly deleted: InstanceState[];
}

/**
 * Writes the session's changes (SQLAlchemy's unit of work). Table by table, parents before the
 * tables that refer to them: the foreign keys that relationships imply are written into each
 * object, then new rows are inserted (many-row INSERTs, generated keys read back; rows of one
 * table that refer to each other go in waves) and changed rows updated. Then `postUpdate`
 * foreign keys, association rows, and deletes in the reverse order.
 *
 * If any statement fails, every change this flush made to the objects is undone, so they are
 * as they were before it; the caller rolls the database transaction back.
 */
export async function flushChanges(work: FlushWork): Promise<void> {
  const journal = new FlushJournal();
  const byMapper = new Map<Mapper, MapperWork>();
  const entry = (mapper: Mapper) => {
    let found = byMapper.get(mapper);
    if (!found) {
      found = { pending: [], candidates: new Set(), deleted: [] };
      byMapper.set(mapper, found);
    }
    return found;
  };
  const states = (instances: readonly object[]) =>
    instances.map((instance) => stateOf(instance) as InstanceState);
  for (const state of states(work.pending)) entry(state.mapper).pending.push(state);
  for (const state of states(work.candidates)) entry(state.mapper).candidates.add(state);
  const deleted = new Set(states(work.deleted));
  for (const state of deleted) entry(state.mapper).deleted.push(state);

  const rules = new Map<InstanceState, SyncRule[]>();
  const postRules: SyncRule[] = [];
  for (const rule of work.plan.rules) {
    if (deleted.has(rule.child)) continue;
    if (rule.postUpdate) {
      postRules.push(rule);
      continue;
    }
    let list = rules.get(rule.child);
    if (!list) {
      list = [];
      rules.set(rule.child, list);
    }
    list.push(rule);
    if (rule.child.status === 'persistent') entry(rule.child.mapper).candidates.add(rule.child);
  }

  const order = flushOrder([...byMapper.keys()], work.plan.rules);
  const apply = (state: InstanceState) => applyRules(state, rules.get(state), journal);
  try {
    for (const mapper of order) {
      const { pending, candidates } = byMapper.get(mapper) as MapperWork;
      for (const wave of insertWaves(mapper, pending, rules)) {
        for (const state of wave) apply(state);
        await insertObjects(
          work,
          mapper,
          wave.map((state) => state.owner),
          journal,
        );
      }
      for (const state of candidates) apply(state);
      const dirty = [...candidates].filter(
        (state) =>
          state.status === 'persistent' &&
          !state.markedForDeletion &&
          state.changedColumns().length > 0,
      );
      await updateObjects(
        work,
        mapper,
        dirty.map((state) => state.owner),
        journal,
      );
    }
    await writePostUpdates(work, postRules, journal);
    await writeAssociations(work, work.plan.associationRemoves, deleteAssociationRows);
    await writeAssociations(work, work.plan.associationAdds, insertAssociationRows);
    await clearBeforeDelete(work, deleted, journal);
    for (const mapper of [...order].reverse()) {
      const { deleted: gone } = byMapper.get(mapper) as MapperWork;
      for (const wave of deleteWaves(mapper, gone)) {
        await deleteObjects(
          work,
          mapper,
          wave.map((state) => state.owner),
          journal,
        );
      }
    }
  } catch (error) {
    journal.undo(work.identityMap);
    throw error;
  }
  journal.commit(work.identityMap);
  work.plan.commit();
}

/**
 * Writes the foreign keys the relationships imply into a child, clearing ones first (a child
 * that left a parent) so that a child that moved to another parent ends up with the new one.
 */
function applyRules(
  child: InstanceState,
  rules: readonly SyncRule[] | undefined,
  journal: FlushJournal,
): void {
  if (!rules) return;
  journal.touch(child);
  const ordered = [...rules].sort((a, b) => Number(a.parent !== null) - Number(b.parent !== null));
  for (const rule of ordered) writeKey(child, rule);
}

function writeKey(child: InstanceState, rule: SyncRule): void {
  const parent = rule.parent;
  rule.childIndexes.forEach((index, i) => {
    let value: unknown = null;
    if (parent) {
      value = parent.values[rule.parentIndexes[i] as number];
      if (value === undefined || value === EXPIRED) {
        throw new InvalidRequestError(
          `Cannot set ${child.mapper.name}.${child.mapper.keys[index]}: the ${parent.mapper.name} it refers to ` +
            'has no key yet. The two rows depend on each other in a cycle; mark one of the relationships ' +
            'postUpdate: true so its foreign key is written by a second UPDATE.',
          { code: 'flush-cycle' },
        );
      }
    }
    if (child.values[index] !== value) child.set(index, value);
  });
}

/**
 * New rows of one table in the order they can be inserted: a row that refers to another new
 * row of the same table (a tree's child and parent) goes in a later wave than it.
 */
function insertWaves(
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
function flushOrder(mappers: readonly Mapper[], rules: readonly SyncRule[]): Mapper[] {
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
function deleteWaves(mapper: Mapper, states: readonly InstanceState[]): InstanceState[][] {
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

/** `postUpdate` keys, written once every row exists, one UPDATE per object group. */
async function writePostUpdates(
  work: FlushWork,
  rules: readonly SyncRule[],
  journal: FlushJournal,
): Promise<void> {
  const groups = new Map<
    string,
    { mapper: Mapper; indexes: readonly number[]; states: Set<InstanceState> }
  >();
  for (const rule of rules) {
    journal.touch(rule.child);
    writeKey(rule.child, rule);
    const signature = `${rule.child.mapper.table.name}:${rule.childIndexes.join(',')}`;
    let group = groups.get(signature);
    if (!group) {
      group = { mapper: rule.child.mapper, indexes: rule.childIndexes, states: new Set() };
      groups.set(signature, group);
    }
    group.states.add(rule.child);
  }
  for (const { mapper, indexes, states } of groups.values()) {
    await postUpdate(work, mapper, [...states], indexes);
  }
}

/**
 * Before rows are deleted: their `postUpdate` foreign keys are cleared (the row they point to
 * may be deleted first), and their rows in many-to-many association tables removed.
 */
async function clearBeforeDelete(
  work: FlushWork,
  deleted: ReadonlySet<InstanceState>,
  journal: FlushJournal,
): Promise<void> {
  const clears = new Map<
    string,
    { mapper: Mapper; indexes: readonly number[]; states: InstanceState[] }
  >();
  const associations = new Map<AnyTable, Map<string, AssociationRow>>();
  for (const state of deleted) {
    for (const relationship of state.mapper.relationships.values()) {
      if (relationship.viewonly) continue;
      if (relationship.postUpdate && relationship.direction === 'many-to-one') {
        const indexes = relationship.localIndexes;
        if (indexes.every((index) => state.values[index] == null)) continue;
        const signature = `${state.mapper.table.name}:${indexes.join(',')}`;
        let group = clears.get(signature);
        if (!group) {
          group = { mapper: state.mapper, indexes, states: [] };
          clears.set(signature, group);
        }
        journal.touch(state);
        for (const index of indexes) state.values[index] = null;
        group.states.push(state);
      }
      if (relationship.direction === 'many-to-many') {
        const table = relationship.secondary as unknown as AnyTable;
        const row = associationRow(relationship, state);
        let rows = associations.get(table);
        if (!rows) {
          rows = new Map();
          associations.set(table, rows);
        }
        rows.set(rowKey(row), row);
      }
    }
  }
  for (const { mapper, indexes, states } of clears.values()) {
    await postUpdate(work, mapper, states, indexes);
  }
  for (const [table, rows] of associations) {
    await deleteAssociationRows(work, table, [...rows.values()]);
  }
}

/** Adds or removes association rows, each once even when both sides of the relationship changed. */
async function writeAssociations(
  work: FlushWork,
  changes: readonly AssociationChange[],
  write: (work: FlushWork, table: AnyTable, rows: readonly AssociationRow[]) => Promise<void>,
): Promise<void> {
  const byTable = new Map<AnyTable, Map<string, AssociationRow>>();
  for (const { relationship, owner, member } of changes) {
    const table = relationship.secondary as unknown as AnyTable;
    const row = associationRow(relationship, owner, member);
    let rows = byTable.get(table);
    if (!rows) {
      rows = new Map();
      byTable.set(table, rows);
    }
    rows.set(rowKey(row), row);
  }
  for (const [table, rows] of byTable) await write(work, table, [...rows.values()]);
}

/**
 * A row of a many-to-many's association table: the owner's key in its columns, and the
 * member's (when given; without it, the row's owner part, to match all its rows).
 */
function associationRow(
  relationship: Relationship,
  owner: InstanceState,
  member?: InstanceState,
): AssociationRow {
  const row: AssociationRow = {};
  for (const pair of relationship.pairs) {
    row[pair.remote.key] = owner.committedValue(owner.mapper.columnIndex(pair.local));
  }
  if (member) {
    for (const pair of relationship.secondaryPairs) {
      row[pair.remote.key] = member.values[member.mapper.columnIndex(pair.local)];
    }
  }
  return row;
}

function rowKey(row: AssociationRow): string {
  return Object.keys(row)
    .sort()
    .map((key) => `${key}=${typeof row[key] === 'bigint' ? `${row[key]}n` : String(row[key])}`)
    .join('\u0000');
}
