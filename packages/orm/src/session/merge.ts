import { EXPIRED, InstanceState, mappedState, stateKey } from '../mapping/instance-state.js';
import type { RelationshipKey } from '../mapping/relationship-types.js';

/** What a merge needs from the session. */
interface MergingSession {
  get<T extends object>(
    model: abstract new (...args: never[]) => T,
    key: unknown,
  ): Promise<T | null>;
  add(instance: object): void;
  noteModified(state: InstanceState): void;
  load<T extends object, K extends RelationshipKey<T>>(instance: T, key: K): Promise<T[K]>;
}

/**
 * Merges one object into the session (SQLAlchemy's `merge`): its state is copied onto the
 * session's object with the same primary key (loaded if needed), or onto a new pending one
 * when there is no such row; loaded relationships with the `merge` cascade come along, their
 * objects merged in turn. `merged` maps each object already merged to its result, so that
 * objects referring to each other are merged once.
 */
export async function mergeObject(
  session: MergingSession,
  instance: object,
  merged: Map<object, object>,
): Promise<object> {
  const state = mappedState(instance);
  if ((state.session as unknown) === session) return instance;
  const done = merged.get(instance);
  if (done) return done;
  const mapper = state.mapper;
  const key = state.primaryKey();
  let target = key.every((value) => value !== undefined && value !== null)
    ? await session.get(mapper.entity, key.length === 1 ? key[0] : key)
    : null;
  if (!target) {
    // No such row: a new object with the given values (made as loaded objects are, without
    // running the model's constructor).
    const copy = Object.create(mapper.entity.prototype as object) as Record<symbol, unknown>;
    const values = state.values.map((value) => (value === EXPIRED ? undefined : value));
    copy[stateKey] = new InstanceState(mapper, copy, values, 'transient');
    session.add(copy);
    target = copy;
  } else {
    const targetState = mappedState(target);
    state.values.forEach((value, index) => {
      if (value !== EXPIRED && value !== undefined && !mapper.primaryKeyIndexes.includes(index)) {
        targetState.set(index, value);
      }
    });
    if (targetState.modified) session.noteModified(targetState);
  }
  merged.set(instance, target);
  mapper.registry.configure();
  for (const relationship of mapper.relationships.values()) {
    if (relationship.viewonly || !relationship.cascade.has('merge')) continue;
    if (!state.related?.has(relationship.key)) continue;
    const value = state.related.get(relationship.key);
    let result: unknown = null;
    if (Array.isArray(value)) {
      const members: object[] = [];
      for (const member of value as object[])
        members.push(await mergeObject(session, member, merged));
      result = members;
    } else if (value) {
      result = await mergeObject(session, value as object, merged);
    }
    const targetState = mappedState(target);
    if (
      relationship.uselist &&
      targetState.status === 'persistent' &&
      !targetState.related?.has(relationship.key)
    ) {
      // The relationship is found at run time; load() types its key by the model's class.
      await session.load(target, relationship.key as never);
    }
    (target as Record<string, unknown>)[relationship.key] = result;
  }
  return target;
}
