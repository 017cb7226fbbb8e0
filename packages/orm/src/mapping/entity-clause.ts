import type { Mapper } from './mapper.js';

/**
 * Which subclass a table or column was reached through (SQLAlchemy's "parententity"
 * annotation). A single-table subclass shares its parent's table and columns, so
 * `update(Manager)` and `Manager.c.name` would otherwise be the bare table and column, and
 * lose that only managers' rows are meant.
 */
const entities = new WeakMap<object, Mapper>();

/**
 * `target` as reached through `mapper`'s class: an object that behaves as `target` in every way
 * (Core renders its node) and that {@link entityOf} recognises. A Proxy, not a copy, so Core's
 * private fields keep working: members are read from, and methods run on, the target itself.
 */
export function entityClause<T extends object>(target: T, mapper: Mapper): T {
  const proxy = new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
  entities.set(proxy, mapper);
  return proxy;
}

/** The subclass mapper a table or column was reached through, if it was. */
export function entityOf(value: unknown): Mapper | undefined {
  return value !== null && typeof value === 'object' ? entities.get(value) : undefined;
}
