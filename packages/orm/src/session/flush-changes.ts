import { type AnyTable, type Connection, type Dialect, InvalidRequestError } from '@athanor/core';
import { EXPIRED, type InstanceState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import {
  type AssociationRow,
  associationRow,
  rowKey,
  writeAssociations,
} from './flush-associations.js';
import { FlushJournal } from './flush-journal.js';
import { deleteWaves, flushOrder, insertWaves } from './flush-order.js';
import type { FlushPlan, SyncRule } from './flush-plan.js';
import {
  deleteAssociationRows,
  deleteObjects,
  insertAssociationRows,
  insertObjects,
  postUpdate,
  updateObjects,
} from './flush-statements.js';
import type { IdentityMap } from './identity-map.js';

/** What one engine's part of a flush writes, and where. */
export interface FlushWork {
  readonly connection: Connection;
  readonly dialect: Dialect;
  readonly identityMap: IdentityMap;
  /** New objects, in the order they were added. */
  readonly pending: readonly InstanceState[];
  /** Persistent objects that may have changed: attributes set, relationships changed. */
  readonly candidates: readonly InstanceState[];
  /** Objects marked for deletion. */
  readonly deleted: readonly InstanceState[];
  /** The relationship changes: foreign keys to write, association rows. */
  readonly plan: FlushPlan;
}

/** One table's part of a flush. */
interface MapperWork {
  readonly pending: InstanceState[];
  readonly candidates: Set<InstanceState>;
  readonly deleted: InstanceState[];
}

/**
 * Writes one engine's changes. Table by table, parents before the tables that refer to them:
 * the foreign keys that relationships imply are written into each object, then new rows are
 * inserted (many-row INSERTs, generated keys read back; rows of one table that refer to each
 * other go in waves) and changed rows updated. Then `postUpdate` foreign keys, association
 * rows, and deletes in the reverse order.
 *
 * If any statement fails, every change this flush made to the objects is undone, so they are
 * as they were before it; the caller rolls the database transaction back.
 */
export async function flushChanges(work: FlushWork): Promise<void> {
  const journal = new FlushJournal();
  const byMapper = new Map<Mapper, MapperWork>();
  const entry = (mapper: Mapper): MapperWork => {
    let found = byMapper.get(mapper);
    if (!found) {
      found = { pending: [], candidates: new Set(), deleted: [] };
      byMapper.set(mapper, found);
    }
    return found;
  };
  for (const state of work.pending) entry(state.mapper).pending.push(state);
  for (const state of work.candidates) entry(state.mapper).candidates.add(state);
  const deleted = new Set(work.deleted);
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
      const { pending, candidates } = entry(mapper);
      for (const wave of insertWaves(mapper, pending, rules)) {
        for (const state of wave) apply(state);
        await insertObjects(work, mapper, wave, journal);
      }
      for (const state of candidates) apply(state);
      const updating = mapper.events.has('beforeUpdate') || mapper.events.has('afterUpdate');
      const seen = updating ? await beforeUpdate(work, mapper, candidates, journal) : [];
      const dirty = [...candidates].filter(
        (state) =>
          state.status === 'persistent' &&
          !state.markedForDeletion &&
          state.changedColumns().length > 0,
      );
      await updateObjects(work, mapper, dirty, journal);
      if (mapper.events.has('afterUpdate')) {
        for (const state of seen) {
          await mapper.events.fire('afterUpdate', mapper, work.connection, state.owner);
        }
      }
    }
    await writePostUpdates(work, postRules, journal);
    await writeAssociations(work, work.plan.associationRemoves, deleteAssociationRows);
    await writeAssociations(work, work.plan.associationAdds, insertAssociationRows);
    await clearBeforeDelete(work, deleted, journal);
    for (const mapper of [...order].reverse()) {
      for (const wave of deleteWaves(mapper, entry(mapper).deleted)) {
        await deleteObjects(work, mapper, wave, journal);
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
 * Fires `beforeUpdate` for each persistent object the flush looks at (SQLAlchemy's: modified
 * ones, net changes or not), before the UPDATEs are worked out, so that what the listeners set
 * is written. Each object is recorded in the journal first, so a failed flush undoes that too.
 * Returns those objects, for `afterUpdate`.
 */
async function beforeUpdate(
  work: FlushWork,
  mapper: Mapper,
  candidates: ReadonlySet<InstanceState>,
  journal: FlushJournal,
): Promise<InstanceState[]> {
  const seen = [...candidates].filter(
    (state) => state.status === 'persistent' && !state.markedForDeletion,
  );
  if (mapper.events.has('beforeUpdate')) {
    for (const state of seen) {
      journal.touch(state);
      await mapper.events.fire('beforeUpdate', mapper, work.connection, state.owner);
    }
  }
  return seen;
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
