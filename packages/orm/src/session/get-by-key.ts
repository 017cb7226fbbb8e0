import { ArgumentError, type Connection } from '@athanor/core';
import { EXPIRED, mappedState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import { loadEagerly } from '../query/eager-loading.js';
import { instanceFor, type LoadingSession } from '../query/loading.js';
import { loadSubclassTables } from '../query/subclass-loading.js';

/**
 * `get()`'s primary key as a list of values, checked against the model's key.
 * @throws {ArgumentError} for a key with the wrong number of values.
 */
export function primaryKeyValues(mapper: Mapper, primaryKey: unknown): unknown[] {
  const key = Array.isArray(primaryKey) ? primaryKey : [primaryKey];
  if (key.length !== mapper.primaryKeyIndexes.length) {
    throw new ArgumentError(
      `${mapper.name} has a primary key of ${mapper.primaryKeyIndexes.length} column(s) ` +
        `(${mapper.primaryKeyIndexes.map((i) => mapper.keys[i]).join(', ')}); get() was given ${key.length} value(s).`,
      { code: 'primary-key-arity' },
    );
  }
  return key;
}

/**
 * What the identity map answers for `get()` without a query: the object, when its values are
 * current; null when it is deleted; undefined when the row must be read.
 */
export function knownByKey(
  loader: LoadingSession,
  mapper: Mapper,
  key: readonly unknown[],
): object | null | undefined {
  const known = loader.identityMap.get(mapper, mapper.identityKeyOf(key, loader.identityToken));
  if (!known) return undefined;
  const state = mappedState(known);
  // `get(Manager, id)` of an Engineer's key: that row is not a Manager (SQLAlchemy answers None).
  if (mapper.inherits && !isOf(state.mapper, mapper)) return null;
  if (state.markedForDeletion || state.status === 'deleted') return null;
  return !state.stale && !state.values.includes(EXPIRED) ? known : undefined;
}

/** Reads the row with this primary key into its object (and its eager relationships); null if none. */
export async function loadByKey(
  loader: LoadingSession,
  connection: Connection,
  mapper: Mapper,
  key: readonly unknown[],
): Promise<object | null> {
  const row = (await connection.execute(mapper.byKey, mapper.keyParams(key))).takeRaw()[0];
  if (!row) return null;
  const instance = instanceFor(loader, mapper, row as unknown[]) as object;
  if (mapper.polymorphism?.hasJoined()) {
    await loadSubclassTables(loader, connection, mapper, [mappedState(instance)]);
  }
  mapper.registry.configure();
  await loadEagerly(loader, connection, mapper, [mappedState(instance)], undefined);
  return instance;
}

/** Whether a mapper is `ancestor` or inherits from it. */
function isOf(mapper: Mapper, ancestor: Mapper): boolean {
  for (let m: Mapper | undefined = mapper; m; m = m.inherits) if (m === ancestor) return true;
  return false;
}
