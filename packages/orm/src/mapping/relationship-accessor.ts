import { ArgumentError, InvalidRequestError } from '@athanor/core';
import { NotLoadedError } from '../errors.js';
import { EXPIRED, type InstanceState, mappedState, stateKey, stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { type CollectionEvents, RelatedList } from './related-list.js';
import { Relationship } from './relationship.js';
import type { RelationshipOptions } from './relationship-types.js';

/**
 * Adds a relationship to a model and installs its attribute: reading gives the loaded value
 * (or says how to load it), writing updates the other side in memory and is flushed later.
 */
export function defineRelationship(
  mapper: Mapper,
  key: string,
  target: () => unknown,
  options: RelationshipOptions<unknown>,
): Relationship {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ArgumentError('relationship() needs the name of the field it maps');
  }
  if (typeof target !== 'function') {
    throw new ArgumentError(
      `${mapper.name}.${key}: give the target as a function, () => Model, so models can refer to each other in any order.`,
    );
  }
  if (mapper.indexOf.has(key)) {
    throw new ArgumentError(
      `${mapper.name}.${key} is a column; a relationship needs a field of its own.`,
    );
  }
  if (mapper.relationships.has(key)) {
    throw new ArgumentError(`${mapper.name}.${key} is already a relationship.`);
  }
  const relationship = new Relationship(mapper, key, target, options);
  mapper.relationships.set(key, relationship);
  mapper.registry.invalidate();
  installAccessor(mapper.entity.prototype as object, relationship);
  return relationship;
}

const eventsByRelationship = new WeakMap<Relationship, CollectionEvents>();

function eventsOf(relationship: Relationship): CollectionEvents {
  let events = eventsByRelationship.get(relationship);
  if (!events) {
    events = collectionEvents(relationship);
    eventsByRelationship.set(relationship, events);
  }
  return events;
}

/** A loaded collection of `owner`'s relationship, holding `members`. */
export function collectionFor(
  owner: InstanceState,
  relationship: Relationship,
  members: readonly object[],
): RelatedList<object> {
  return RelatedList.holding(owner, eventsOf(relationship), members);
}

function installAccessor(prototype: object, relationship: Relationship): void {
  const key = relationship.key;
  const events = eventsOf(relationship);
  Object.defineProperty(prototype, key, {
    configurable: true,
    enumerable: false,
    get(this: Record<symbol, InstanceState>) {
      const state = this[stateKey] as InstanceState;
      const related = state.related;
      if (related?.has(key)) return related.get(key);
      return readUnloaded(state, relationship, events);
    },
    set(this: Record<symbol, InstanceState>, value: unknown) {
      assign(this[stateKey] as InstanceState, relationship, events, value);
    },
  });
}

/**
 * A relationship that is not loaded: a new object's is empty (it has no rows yet); a
 * many-to-one whose key is NULL, or whose target is in the session, needs no query; anything
 * else must be loaded first.
 */
function readUnloaded(
  state: InstanceState,
  relationship: Relationship,
  events: CollectionEvents,
): unknown {
  if (state.status === 'transient' || state.status === 'pending') {
    if (relationship.direction === 'many-to-one') {
      // A new object may carry the foreign key itself (`new Post({ userId })`): its target is
      // the object in the session with that key, if any; null is not remembered, so the key
      // the object was given is not cleared by it.
      const found = manyToOneWithoutQuery(state, relationship);
      if (found) {
        state.setLoaded(relationship.key, found);
        return found;
      }
      if (found === null) state.setLoaded(relationship.key, null);
      return null;
    }
    // Nothing can be in the database for an object without a row: it starts empty, unchanged.
    const empty = relationship.uselist ? RelatedList.holding(state, events, []) : null;
    state.setLoaded(relationship.key, empty);
    return empty;
  }
  if (relationship.direction === 'many-to-one') {
    const found = manyToOneWithoutQuery(state, relationship);
    if (found !== undefined) {
      state.setLoaded(relationship.key, found);
      return found;
    }
  }
  throw notLoaded(state, relationship);
}

/** A many-to-one's target when it is known without a query; undefined when a query is needed. */
export function manyToOneWithoutQuery(
  state: InstanceState,
  relationship: Relationship,
): object | null | undefined {
  if (relationship.criteria) return undefined;
  const values = relationship.localIndexes.map((index) => state.values[index]);
  if (values.some((value) => value === EXPIRED)) return undefined;
  if (values.every((value) => value === null || value === undefined)) return null;
  const target = relationship.target;
  const byKey =
    relationship.remoteIndexes.length === target.primaryKeyIndexes.length &&
    relationship.remoteIndexes.every((index, i) => target.primaryKeyIndexes[i] === index);
  if (!byKey || !state.session) return undefined;
  const found = state.session.identityMap.get(
    target,
    target.identityKeyOf(values, state.identityToken),
  );
  if (!found) return undefined;
  const foundState = mappedState(found);
  return foundState.markedForDeletion || foundState.status === 'deleted' ? undefined : found;
}

function notLoaded(state: InstanceState, relationship: Relationship): NotLoadedError {
  const name = relationship.name;
  const model = relationship.parent.name;
  if (state.session === null) {
    return new NotLoadedError(
      `${name} is not loaded, and the object is not in a session, so it cannot be loaded now. ` +
        `Load it while the session is open: select(${model}).options(selectinload(${model}.rel('${relationship.key}'))), ` +
        `or await session.load(obj, '${relationship.key}').`,
      { code: 'not-loaded-detached' },
    );
  }
  const how =
    relationship.lazy === 'raise'
      ? ` (${name} is configured lazy: 'raise', so it is loaded only when asked.)`
      : '';
  return new NotLoadedError(
    `${name} is not loaded. Reading is synchronous, so it cannot load by itself: ` +
      `await session.load(obj, '${relationship.key}') first, or load it with the query: ` +
      `select(${model}).options(selectinload(${model}.rel('${relationship.key}'))).${how}`,
    { code: 'not-loaded' },
  );
}

/** Writing a relationship: the value is checked, the other side updated, the change noted. */
function assign(
  state: InstanceState,
  relationship: Relationship,
  events: CollectionEvents,
  value: unknown,
): void {
  if (relationship.viewonly) {
    throw new ArgumentError(`${relationship.name} is viewonly; it cannot be assigned.`, {
      code: 'viewonly',
    });
  }
  const loaded = state.related?.has(relationship.key) ?? false;
  const isNew = state.status === 'transient' || state.status === 'pending';
  const old = loaded ? state.related?.get(relationship.key) : loadedValue(state, relationship);
  if (relationship.uselist) {
    if (!Array.isArray(value)) {
      throw new ArgumentError(
        `${relationship.name} is a collection; assign an array of ${relationship.target.name} objects.`,
      );
    }
    for (const member of value) events.check(member);
    if (!loaded && !isNew) {
      throw new NotLoadedError(
        `${relationship.name} must be loaded before it is replaced, so the flush knows which objects left it: ` +
          `await session.load(obj, '${relationship.key}') first, or push() to it once loaded.`,
        { code: 'not-loaded' },
      );
    }
    const before = (old as object[] | undefined) ?? [];
    const list = RelatedList.holding(state, events, [...new Set(value as object[])]);
    state.related ??= new Map();
    state.related.set(relationship.key, list);
    for (const member of before) if (!list.includes(member)) events.removed(state, member);
    for (const member of list) if (!before.includes(member)) events.appended(state, member);
  } else {
    if (value !== null) events.check(value);
    if (old === undefined && !isNew && relationship.direction !== 'many-to-one') {
      throw new NotLoadedError(
        `${relationship.name} must be loaded before it is replaced, so the flush knows which object lost it: ` +
          `await session.load(obj, '${relationship.key}') first.`,
        { code: 'not-loaded' },
      );
    }
    state.related ??= new Map();
    state.related.set(relationship.key, value);
    if (old !== value) {
      if (old) events.removed(state, old as object);
      if (value) events.appended(state, value as object);
    }
  }
  state.session?.noteModified(state);
}

/** How a relationship's collection (and scalar) keeps the other side in step. */
function collectionEvents(relationship: Relationship): CollectionEvents {
  return {
    check(member) {
      if (relationship.viewonly) {
        throw new ArgumentError(
          `${relationship.name} is viewonly: it shows rows, and changes to it would not be saved.`,
          { code: 'viewonly' },
        );
      }
      const memberState = stateOf(member);
      if (memberState?.status === 'deleted' || memberState?.markedForDeletion) {
        throw new InvalidRequestError(
          `${relationship.name}: ${relationship.target.name} is deleted; it cannot join a relationship.`,
          { code: 'deleted-member' },
        );
      }
      if (!memberState || memberState.mapper !== relationship.target) {
        const what =
          member === null || typeof member !== 'object'
            ? String(member)
            : `a ${member.constructor?.name ?? 'plain object'}`;
        throw new ArgumentError(
          `${relationship.name} holds ${relationship.target.name} objects; got ${what}.`,
          { code: 'wrong-related-type' },
        );
      }
    },
    appended(owner, member) {
      const memberState = mappedState(member);
      const reverse = relationship.reverse;
      if (reverse) setReverse(reverse, memberState, owner.owner);
      owner.session?.noteModified(owner);
      if (owner.session && relationship.cascade.has('save-update')) {
        owner.session.cascadeAdd(member);
      }
    },
    removed(owner, member) {
      const memberState = mappedState(member);
      const reverse = relationship.reverse;
      if (reverse) unsetReverse(reverse, memberState, owner.owner);
      owner.session?.noteModified(owner);
    },
  };
}

/** `member.<reverse>` now includes or is `owner` — without telling `owner` back. */
function setReverse(reverse: Relationship, member: InstanceState, owner: object): void {
  const current = loadedValue(member, reverse);
  if (reverse.uselist) {
    if (current instanceof RelatedList) current.addQuietly(owner);
  } else if (current !== owner) {
    // The member held another object on this side (a child moving between parents, a
    // one-to-one changing hands): that object lets go of it.
    if (current && reverse.reverse) letGo(current as object, reverse.reverse, member.owner);
    member.related ??= new Map();
    member.related.set(reverse.key, owner);
  }
  member.session?.noteModified(member);
}

/** `holder.<relationship>` no longer includes or is `member`, where that is loaded. */
function letGo(holder: object, relationship: Relationship, member: object): void {
  const state = mappedState(holder);
  const value = loadedValue(state, relationship);
  if (value instanceof RelatedList) value.removeQuietly(member);
  else if (value === member) state.related?.set(relationship.key, null);
  else return;
  state.session?.noteModified(state);
}

/** `member.<reverse>` no longer includes or is `owner`. */
function unsetReverse(reverse: Relationship, member: InstanceState, owner: object): void {
  letGo(member.owner, reverse, owner);
}

/**
 * The relationship's value when it is loaded; for a new object, its empty collection (made on
 * the spot, as nothing can be in the database for it yet).
 */
function loadedValue(state: InstanceState, relationship: Relationship): unknown {
  if (state.related?.has(relationship.key)) return state.related.get(relationship.key);
  if (state.status === 'transient' || state.status === 'pending') {
    return (state.owner as Record<string, unknown>)[relationship.key];
  }
  // A many-to-one is known without a query when its target is in the session.
  if (relationship.direction === 'many-to-one') {
    const found = manyToOneWithoutQuery(state, relationship);
    if (found !== undefined) {
      state.setLoaded(relationship.key, found);
      return found;
    }
  }
  return undefined;
}

/** The objects a loaded relationship holds (none when it is not loaded). */
export function membersOf(state: InstanceState, relationship: Relationship): object[] {
  const value = state.related?.get(relationship.key);
  if (Array.isArray(value)) return value;
  return value ? [value as object] : [];
}
