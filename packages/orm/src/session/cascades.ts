import type { Connection } from '@athanor/core';
import { type InstanceState, mappedState } from '../mapping/instance-state.js';
import type { Relationship } from '../mapping/relationship.js';
import { membersOf } from '../mapping/relationship-accessor.js';
import type { LoadingSession } from '../query/loading.js';
import { loadRelationship } from '../query/relationship-loader.js';
import type { FlushPlan } from './flush-plan.js';

/**
 * Cascade `save-update` (SQLAlchemy's): every object reachable from these through loaded
 * relationships with that cascade joins the session, as `session.add` would add it.
 */
export function cascadeSaves(
  roots: Iterable<InstanceState>,
  add: (instance: object) => void,
): void {
  const seen = new Set<InstanceState>();
  const queue = [...roots];
  for (const state of queue) {
    if (seen.has(state)) continue;
    seen.add(state);
    if (!state.related) continue;
    for (const relationship of state.mapper.relationships.values()) {
      if (relationship.viewonly || !relationship.cascade.has('save-update')) continue;
      for (const member of membersOf(state, relationship)) {
        const memberState = mappedState(member);
        if (seen.has(memberState)) continue;
        add(member);
        queue.push(memberState);
      }
    }
  }
}

/** What the session does for the delete cascade. */
export interface DeletingSession extends LoadingSession {
  /** Marks an object for deletion, as `session.delete` does. */
  delete(instance: object): void;
  /** Drops an object from the session, as `session.expunge` does. */
  expunge(instance: object): void;
}

/**
 * Cascade `delete` and the foreign keys of children left behind (SQLAlchemy's): a deleted
 * object's children under a `delete` cascade are deleted too, loading them where they are not
 * loaded (unless `passiveDeletes` leaves them to the database's ON DELETE); the children of a
 * one-to-many without it get their foreign key set to NULL.
 */
export async function cascadeDeletes(
  session: DeletingSession,
  connection: Connection,
  deleted: readonly InstanceState[],
  plan: FlushPlan,
): Promise<void> {
  const done = new Set<InstanceState>();
  let level = [...deleted];
  while (level.length > 0) {
    const next: InstanceState[] = [];
    const states = level.filter((state) => !done.has(state));
    for (const state of states) done.add(state);
    for (const [mapper, group] of groupByMapper(states)) {
      for (const relationship of mapper.relationships.values()) {
        if (relationship.viewonly || relationship.direction === 'many-to-many') continue;
        const cascade = relationship.cascade.has('delete');
        const oneToMany = relationship.direction === 'one-to-many';
        if (!cascade && !oneToMany) continue;
        const unloaded = group.filter((state) => !state.related?.has(relationship.key));
        if (relationship.passiveDeletes) {
          // The database's ON DELETE handles rows that are not loaded; loaded ones follow here.
          if (unloaded.length === group.length) continue;
        } else if (unloaded.length > 0) {
          await loadRelationship(session, connection, relationship, unloaded);
        }
        for (const state of group) {
          for (const member of membersOf(state, relationship)) {
            const memberState = mappedState(member);
            // A child given another parent in memory before its old one was deleted stays.
            if (movedAway(memberState, relationship, state, plan)) continue;
            if (cascade) {
              // A child never flushed has no row: it is dropped with its parent, not deleted.
              if (memberState.status === 'pending') session.expunge(member);
              else if (memberState.status === 'persistent' && !memberState.markedForDeletion) {
                session.delete(member);
                next.push(memberState);
              }
            } else if (!memberState.markedForDeletion) {
              plan.clearParent(memberState, relationship);
            }
          }
        }
      }
    }
    level = next;
  }
}

/** True when `member` no longer belongs to `owner`: its side says so, or this flush moves it. */
function movedAway(
  member: InstanceState,
  relationship: Relationship,
  owner: InstanceState,
  plan: FlushPlan,
): boolean {
  const reverse = relationship.reverse;
  if (reverse && !reverse.uselist && member.related?.has(reverse.key)) {
    return member.related.get(reverse.key) !== owner.owner;
  }
  return plan.movedAway(member, relationship, owner);
}

function groupByMapper(states: readonly InstanceState[]) {
  const groups = new Map<InstanceState['mapper'], InstanceState[]>();
  for (const state of states) {
    let group = groups.get(state.mapper);
    if (!group) {
      group = [];
      groups.set(state.mapper, group);
    }
    group.push(state);
  }
  return groups;
}
