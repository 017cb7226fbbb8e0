import type { Mapper } from '../mapping/mapper.js';

/**
 * One object per primary key per session (SQLAlchemy's weak identity map). It holds persistent
 * objects weakly: an object the program no longer refers to, and that has no unflushed changes,
 * may be garbage collected, so a long session (or a stream of a million rows) does not keep
 * every row it ever loaded. The session holds objects with pending changes strongly elsewhere.
 */
export class IdentityMap {
  readonly #maps = new Map<Mapper, Map<unknown, WeakRef<object>>>();
  #size = 0;
  #sweepAt = 1024;

  /** The object for a mapper and identity key, if it is still alive. */
  get(mapper: Mapper, key: unknown): object | undefined {
    return this.#maps.get(mapper)?.get(key)?.deref();
  }

  set(mapper: Mapper, key: unknown, instance: object): void {
    let map = this.#maps.get(mapper);
    if (!map) {
      map = new Map();
      this.#maps.set(mapper, map);
    }
    if (!map.has(key)) this.#size++;
    map.set(key, new WeakRef(instance));
    // Collected objects leave dead references; clear them out now and then, as the map grows.
    if (this.#size >= this.#sweepAt) this.#sweep();
  }

  delete(mapper: Mapper, key: unknown): void {
    const map = this.#maps.get(mapper);
    if (map?.delete(key)) this.#size--;
  }

  /** Every live object, with its mapper. */
  *entries(): IterableIterator<[Mapper, object]> {
    for (const [mapper, map] of this.#maps) {
      for (const ref of map.values()) {
        const instance = ref.deref();
        if (instance) yield [mapper, instance];
      }
    }
  }

  /** The live objects of one mapper. */
  *instancesOf(mapper: Mapper): IterableIterator<object> {
    for (const ref of this.#maps.get(mapper)?.values() ?? []) {
      const instance = ref.deref();
      if (instance) yield instance;
    }
  }

  clear(): void {
    this.#maps.clear();
    this.#size = 0;
  }

  #sweep(): void {
    for (const map of this.#maps.values()) {
      for (const [key, ref] of map) {
        if (ref.deref() === undefined) {
          map.delete(key);
          this.#size--;
        }
      }
    }
    this.#sweepAt = Math.max(1024, this.#size * 2);
  }
}
