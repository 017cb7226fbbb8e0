import type { Connection } from '@athanor/core';
import { type InstanceState, mappedState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { Relationship } from '../mapping/relationship.js';
import { membersOf } from '../mapping/relationship-accessor.js';
import { type LoadTree, repeatsPath } from './loader-options.js';
import type { LoadingSession } from './loading.js';
import { loadRelationship } from './relationship-loader.js';

/**
 * Loads what the options (and each relationship's `lazy`) ask for, after a query: for each
 * relationship to load, one SELECT ... IN for all the objects at that level, then the next
 * level from the objects it loaded. Relationships loaded by join are already filled in, and
 * only their children are loaded here.
 */
export async function loadEagerly(
  session: LoadingSession,
  connection: Connection,
  mapper: Mapper,
  states: readonly InstanceState[],
  tree: LoadTree | undefined,
  done: Map<Relationship, Set<InstanceState>> = new Map(),
  path: readonly Relationship[] = [],
): Promise<void> {
  if (states.length === 0) return;
  for (const relationship of mapper.relationships.values()) {
    const node = tree?.get(relationship);
    if (!node && repeatsPath(relationship, path)) continue;
    const strategy = node?.strategy ?? relationship.lazy;
    const load = strategy === 'selectin' || strategy === 'joined';
    if (!load && !(node && node.children.size > 0)) continue;
    // Each object is looked at once per relationship, so mutual `lazy` settings end.
    let seen = done.get(relationship);
    if (!seen) {
      seen = new Set();
      done.set(relationship, seen);
    }
    const fresh = states.filter((state) => !seen.has(state));
    if (fresh.length === 0) continue;
    for (const state of fresh) seen.add(state);
    if (load)
      await loadRelationship(session, connection, relationship, fresh, node?.children, path);
    // The next level, only when something there is to be loaded.
    if (!node?.children.size && !eagerlyLoads(relationship.target)) continue;
    const next = [...new Set(fresh.flatMap((state) => membersOf(state, relationship)))].map(
      (instance) => mappedState(instance),
    );
    await loadEagerly(session, connection, relationship.target, next, node?.children, done, [
      ...path,
      relationship,
    ]);
  }
}

/** True when a model has relationships that load by themselves (`lazy` selectin or joined). */
function eagerlyLoads(mapper: Mapper): boolean {
  for (const relationship of mapper.relationships.values()) {
    if (relationship.lazy === 'selectin' || relationship.lazy === 'joined') return true;
  }
  return false;
}
