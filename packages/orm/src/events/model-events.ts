import type { Connection } from '@athanor/core';
import { EventDispatcher } from '@athanor/core/dialect';
import type { Mapper } from '../mapping/mapper.js';

/**
 * The events of a model (SQLAlchemy's `MapperEvents` and `InstanceEvents`), listened to on a
 * model class or on a declarative base (every model of it, as SQLAlchemy's `propagate=True`).
 * `T` is the model's instance type.
 *
 * The flush events run inside the flush, on its connection, for each object: a listener may
 * read and change the object's column values (`beforeInsert`, `beforeUpdate`: what it sets is
 * written), and run statements on `connection`; it must not add, delete or flush objects of the
 * session. A listener's error fails the flush, which is rolled back.
 */
export type ModelEvents<T extends object = object> = {
  /** Before a new object's row is inserted, after the foreign keys its relationships imply are set. */
  beforeInsert(mapper: Mapper, connection: Connection, target: T): unknown;
  /** After its row was inserted; generated keys and server defaults are filled in. */
  afterInsert(mapper: Mapper, connection: Connection, target: T): unknown;
  /**
   * Before a persistent object the flush looks at is updated: every object marked modified, so
   * also one whose values end up unchanged (then nothing is written, unless the listener sets a
   * column).
   */
  beforeUpdate(mapper: Mapper, connection: Connection, target: T): unknown;
  /** After the UPDATE (or none, when nothing changed) of an object `beforeUpdate` saw. */
  afterUpdate(mapper: Mapper, connection: Connection, target: T): unknown;
  /** Before an object's row is deleted. */
  beforeDelete(mapper: Mapper, connection: Connection, target: T): unknown;
  /** After its row was deleted. */
  afterDelete(mapper: Mapper, connection: Connection, target: T): unknown;
  /**
   * A row was made into a new object (by a query, `get()`, a relationship load): not called for
   * an object the session held already. Synchronous.
   */
  load(target: T): void;
  /** `session.refresh()` loaded the object's row again. */
  refresh(target: T): unknown;
  /** `session.expire()` expired attributes of the object (`attributes` undefined: all). Synchronous. */
  expire(target: T, attributes: readonly string[] | undefined): void;
};

/** Every model event's name, for the dispatcher's checks. */
export const modelEventNames: readonly (keyof ModelEvents)[] = [
  'beforeInsert',
  'afterInsert',
  'beforeUpdate',
  'afterUpdate',
  'beforeDelete',
  'afterDelete',
  'load',
  'refresh',
  'expire',
];

/** A dispatcher of model events under `parent` (the declarative base's). */
export function modelDispatcher(
  target: string,
  parent?: EventDispatcher<ModelEvents>,
): EventDispatcher<ModelEvents> {
  return new EventDispatcher<ModelEvents>(modelEventNames, target, parent);
}
