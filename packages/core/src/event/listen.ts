import { ArgumentError } from '../errors.js';
import type { EventDispatcher, EventMap, ListenOptions } from './event-dispatcher.js';

/**
 * Where a target keeps its dispatcher. A symbol (not a string property), so that no name a user
 * gives a column or an attribute can collide with it. `Symbol.for`, so that two copies of core
 * in one project agree on it.
 */
export const eventsKey: unique symbol = Symbol.for('athanor.events');

/** Something events can be listened to on: an engine, a pool, a session, a model... */
export interface Listenable<E extends EventMap> {
  readonly [eventsKey]: EventDispatcher<E>;
}

/** The events of a target: what `listen(target, ...)` accepts. */
export type EventsOf<T> = T extends Listenable<infer E> ? E : never;

/**
 * Listens to `name` on `target` (SQLAlchemy's `event.listen`): `fn` is called each time the
 * event fires, with the event's arguments, and awaited when it returns a promise. The name and
 * the listener's parameters are typed by the target.
 *
 * @example
 * listen(engine, 'connect', async (connection) => {
 *   await connection.execute(text("SET TIME ZONE 'UTC'"));
 * });
 */
export function listen<T extends Listenable<EventMap>, K extends keyof EventsOf<T> & string>(
  target: T,
  name: K,
  fn: EventsOf<T>[K],
  options?: ListenOptions,
): void {
  dispatcherOf(target).listen(name, fn, options);
}

/**
 * A decorator-free form of SQLAlchemy's `@event.listens_for`: returns the listener, so it can
 * be kept for `removeListener`.
 *
 * @example
 * const audit = listensFor(engine, 'beforeExecute', (connection, statement) => { ... });
 */
export function listensFor<
  T extends Listenable<EventMap>,
  K extends keyof EventsOf<T> & string,
  F extends EventsOf<T>[K],
>(target: T, name: K, fn: F, options?: ListenOptions): F {
  listen(target, name, fn, options);
  return fn;
}

/** Removes a listener added with `listen` (SQLAlchemy's `event.remove`); false when it was not there. */
export function removeListener<
  T extends Listenable<EventMap>,
  K extends keyof EventsOf<T> & string,
>(target: T, name: K, fn: EventsOf<T>[K]): boolean {
  return dispatcherOf(target).remove(name, fn);
}

/** Whether `fn` listens to `name` on `target` (SQLAlchemy's `event.contains`). */
export function contains<T extends Listenable<EventMap>, K extends keyof EventsOf<T> & string>(
  target: T,
  name: K,
  fn: EventsOf<T>[K],
): boolean {
  return dispatcherOf(target).contains(name, fn);
}

function dispatcherOf(target: unknown): EventDispatcher<EventMap> {
  const dispatcher =
    typeof target === 'object' || typeof target === 'function'
      ? (target as Partial<Listenable<EventMap>> | null)?.[eventsKey]
      : undefined;
  if (dispatcher === undefined) {
    throw new ArgumentError(
      `${describe(target)} has no events. Events are listened to on an engine, its pool, a ` +
        'session or sessionmaker, a model class or a declarative base.',
      { code: 'unknown-event' },
    );
  }
  return dispatcher;
}

function describe(target: unknown): string {
  if (target === null || target === undefined) return String(target);
  if (typeof target === 'function') return `The function ${target.name || '(anonymous)'}`;
  if (typeof target === 'object')
    return `An object of class ${target.constructor?.name ?? 'Object'}`;
  return `A ${typeof target}`;
}
