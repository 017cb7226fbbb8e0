import { UnmappedError } from '../errors.js';
import type { Mapper } from './mapper.js';

/** Where an instance's state lives: a symbol-keyed property, out of the way of user attributes. */
export const stateKey: unique symbol = Symbol.for('athanor.orm.state');

/** The value of an attribute that must be loaded again before it can be read. */
export const EXPIRED: unique symbol = Symbol.for('athanor.orm.expired');

/**
 * The states an object goes through (SQLAlchemy's): `transient` (not in a session), `pending`
 * (added, not yet flushed), `persistent` (has a row), `deleted` (deleted in a flush not yet
 * committed), `detached` (had a row, not in a session now).
 */
export type ObjectStatus = 'transient' | 'pending' | 'persistent' | 'deleted' | 'detached';

/** The session an instance is attached to, as the state needs it. */
export interface SessionLike {
  readonly id: number;
  /** The session's objects by identity, for reading a many-to-one without a query. */
  readonly identityMap: { get(mapper: Mapper, key: unknown): object | undefined };
  /** Told when an attribute of one of its objects is set, so it holds the object until flushed. */
  noteModified(state: InstanceState): void;
  /** Adds an object reached through a relationship of one of its objects (cascade save-update). */
  cascadeAdd(instance: object): void;
  /**
   * Told when one of its objects has a collection loaded, so the flush can see changes made to
   * it by index or `length`, which the collection itself cannot see.
   */
  noteCollection(state: InstanceState): void;
}

/**
 * The ORM's bookkeeping for one instance: its column values by position, what changed since
 * they were loaded, and where it stands.
 */
export class InstanceState {
  /** Column values, in the mapper's column order; EXPIRED where a reload is needed. */
  values: unknown[];
  /**
   * The value each modified column had when last loaded or flushed, by column position; null
   * when nothing was modified.
   */
  committed: Map<number, unknown> | null = null;
  status: ObjectStatus;
  session: SessionLike | null = null;
  /** The identity (primary key) in the identity map, once it has a row. */
  key: unknown = undefined;
  /**
   * The shard the object's row is on, in a sharded session (SQLAlchemy's identity token):
   * chosen when it is first flushed, or the shard it was loaded from; part of its `key`.
   */
  identityToken: string | undefined = undefined;
  /** Marked for deletion by `session.delete()` and not flushed yet. */
  markedForDeletion = false;
  /**
   * Relationship values that are loaded, by key: a collection (an array) or an object or null.
   * A key that is missing is not loaded.
   */
  related: Map<string, unknown> | null = null;
  /**
   * The relationship values as last loaded or flushed (a copy of a collection), for the flush
   * to see what changed; a key that is missing was never loaded (a new object's, say).
   */
  relatedLoaded: Map<string, unknown> | null = null;
  /**
   * Committed since it was last loaded (the session's default `expireOnCommit`): the values
   * stay readable, and the next query or `get()` that returns the row loads them again.
   */
  stale = false;

  constructor(
    readonly mapper: Mapper,
    /** The instance this state belongs to. */
    readonly owner: object,
    values: unknown[],
    status: ObjectStatus,
  ) {
    this.values = values;
    this.status = status;
  }

  /** True when an attribute was set since the row was loaded or last flushed. */
  get modified(): boolean {
    return this.committed !== null && this.committed.size > 0;
  }

  /** Sets a column's value, remembering the loaded one so the flush knows what changed. */
  set(index: number, value: unknown): void {
    const old = this.values[index];
    if (this.status === 'persistent' || this.status === 'detached') {
      this.committed ??= new Map();
      if (!this.committed.has(index)) this.committed.set(index, old);
      this.session?.noteModified(this);
    }
    this.values[index] = value;
  }

  /** A column's value as loaded (before changes not yet flushed). */
  committedValue(index: number): unknown {
    return this.committed?.has(index) ? this.committed.get(index) : this.values[index];
  }

  /** The positions of columns whose value differs from the loaded one. */
  changedColumns(): number[] {
    if (!this.committed) return [];
    const changed: number[] = [];
    for (const [index, old] of this.committed) {
      const now = this.values[index];
      if (now === EXPIRED) continue;
      if (old === EXPIRED || !sameValue(old, now)) changed.push(index);
    }
    return changed.sort((a, b) => a - b);
  }

  /** Records a relationship value as loaded (and, as of now, unchanged). */
  setLoaded(key: string, value: unknown): void {
    this.related ??= new Map();
    this.related.set(key, value);
    this.relatedLoaded ??= new Map();
    if (Array.isArray(value)) {
      this.relatedLoaded.set(key, [...value]);
      this.session?.noteCollection(this);
    } else {
      this.relatedLoaded.set(key, value);
    }
  }

  /** True when a loaded collection holds other objects than it was loaded (or flushed) with. */
  collectionsChanged(): boolean {
    if (!this.related) return false;
    for (const [key, value] of this.related) {
      if (!Array.isArray(value)) continue;
      const loaded = this.relatedLoaded?.get(key) as readonly unknown[] | undefined;
      if (!loaded || loaded.length !== value.length) return true;
      for (let i = 0; i < value.length; i++) if (loaded[i] !== value[i]) return true;
    }
    return false;
  }

  /**
   * Takes a stale object's row, loaded again: attributes not set since take the row's values;
   * ones set since keep theirs, the row's becoming the loaded value the flush compares with.
   * Relationships not changed since are forgotten, to be loaded again as a new object's are.
   */
  reload(values: readonly unknown[]): void {
    this.stale = false;
    const current = this.values;
    for (let i = 0; i < current.length; i++) {
      if (this.committed?.has(i)) this.committed.set(i, values[i]);
      else current[i] = values[i];
    }
    if (!this.related) return;
    for (const [key, value] of this.related) {
      if (this.relatedLoaded?.has(key) && sameMembers(value, this.relatedLoaded.get(key))) {
        this.related.delete(key);
        this.relatedLoaded.delete(key);
      }
    }
  }

  /** Forgets loaded relationship values: they must be loaded again. */
  expireRelated(): void {
    this.related = null;
    this.relatedLoaded = null;
  }

  /** The loaded values are now the current ones (after a flush or a load). */
  commitValues(): void {
    this.committed = null;
  }

  /** The instance's primary key values, in key order. */
  primaryKey(): unknown[] {
    return this.mapper.primaryKeyIndexes.map((index) => {
      const value = this.values[index];
      return value === EXPIRED ? undefined : value;
    });
  }
}

/** The same relationship value: the same object, or collections of the same objects in order. */
function sameMembers(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((member, i) => member === b[i]);
}

/** Equal as column values: Dates by time, byte arrays by content, JSON by structure. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    // JSON values: a changed nested value is a change; the same structure is not.
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

/** The state of an instance, or undefined for an object that is not a mapped instance. */
export function stateOf(instance: unknown): InstanceState | undefined {
  if (instance === null || typeof instance !== 'object') return undefined;
  return (instance as { [stateKey]?: InstanceState })[stateKey];
}

/**
 * The state of an object the ORM knows to be a mapped instance: a relationship's member (checked
 * when it joined), an object a session holds.
 * @throws {UnmappedError} when it is not one.
 */
export function mappedState(instance: object): InstanceState {
  const state = stateOf(instance);
  if (!state) {
    throw new UnmappedError(
      `<${instance.constructor?.name ?? 'object'}> is not an instance of a model. Models extend Base.model(...).`,
      { code: 'unmapped-instance' },
    );
  }
  return state;
}
