import { EXPIRED, type InstanceState, mappedState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { IdentityMap } from '../session/identity-map.js';

/** What loading rows into instances needs from the session. */
export interface LoadingSession {
  readonly identityMap: IdentityMap;
  /**
   * The shard the rows come from, when a sharded session loads them: part of each identity
   * key, and remembered by each object loaded.
   */
  readonly identityToken?: string;
  /**
   * Makes a newly loaded instance persistent in the session; `weakly` for a stream's objects,
   * which the session keeps only while the program does.
   */
  adopt(instance: object, state: InstanceState, key: unknown, weakly?: boolean): void;
}

/**
 * The instance for one row's values of a mapper's columns (in column order): the object the
 * identity map already holds for that key, with its expired attributes filled in and its
 * other attributes left alone (a row never overwrites unflushed changes) — or, when it is
 * stale (committed since it was loaded), with every attribute not set since loaded again;
 * else a new one.
 * Null when the key is all NULL (no match on the outer side of a join).
 */
export function instanceFor(
  session: LoadingSession,
  mapper: Mapper,
  values: unknown[],
  weakly = false,
): object | null {
  const key = mapper.identityKey(values, session.identityToken);
  if (key === null || key === undefined || hasNullKey(mapper, values)) return null;
  const existing = session.identityMap.get(mapper, key);
  if (existing) {
    const state = mappedState(existing);
    if (state.stale) state.reload(values);
    else fillExpired(state, values);
    return existing;
  }
  // In a class hierarchy the row's discriminator says which class the object is.
  const rowMapper = mapper.polymorphism ? mapper.mapperForRow(values) : mapper;
  // A joined-table subclass's row read through its parent lacks the subclass's tables: those
  // attributes are expired until loadSubclassTables reads them.
  if (rowMapper.columns.length > values.length) {
    for (let i = values.length; i < rowMapper.columns.length; i++) values.push(EXPIRED);
  }
  const instance = rowMapper.instanceFromRow(values);
  mappedState(instance).identityToken = session.identityToken;
  session.adopt(instance, mappedState(instance), key, weakly);
  // Reading rows is synchronous here: the `load` listeners must be too.
  if (rowMapper.events.has('load')) rowMapper.events.fireSync('load', instance);
  return instance;
}

function hasNullKey(mapper: Mapper, values: readonly unknown[]): boolean {
  const indexes = mapper.primaryKeyIndexes;
  if (indexes.length === 1) return false;
  return indexes.some((index) => values[index] === null || values[index] === undefined);
}

/** Loads values into the attributes that were expired; the rest keep what they hold. */
function fillExpired(state: InstanceState, values: readonly unknown[]): void {
  const current = state.values;
  for (let i = 0; i < current.length; i++) {
    if (current[i] === EXPIRED) current[i] = values[i];
  }
}
