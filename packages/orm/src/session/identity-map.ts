import type { Mapper } from '../mapping/mapper.js';

/**
 * One object per primary key per session (SQLAlchemy's identity map). Objects are held
 * strongly: a session is a unit of work, and ends. What a stream loads is held weakly
 * (`holdWeakly`), so that a stream of a million rows keeps only the objects the program still
 * refers to; the session holds objects with unflushed changes strongly elsewhere.
 */
export class IdentityMap {
  readonly #maps = new Map<Mapper, Map<unknown, object>>();
  /** Objects from streams: collected once the program lets go of them. */
  readonly #weak = new Map<Mapper, Map<unknown, WeakRef<object>>>();
  #weakSize = 0;
  #sweepAt = 1024;

  /**
   * The object for a mapper and identity key. The models of one class hierarchy share their
   * keys (a Manager is an Employee): they are kept under the hierarchy's root mapper.
   */
  get(mapper: Mapper, key: unknown): object | undefined {
    const root = mapper.root;
    const found = this.#maps.get(root)?.get(key);
    if (found !== undefined || this.#weakSize === 0) return found;
    return this.#weak.get(root)?.get(key)?.deref();
  }

  set(of: Mapper, key: unknown, instance: object): void {
    const mapper = of.root;
    let map = this.#maps.get(mapper);
    if (!map) {
      map = new Map();
      this.#maps.set(mapper, map);
    }
    map.set(key, instance);
    if (this.#weakSize > 0 && this.#weak.get(mapper)?.delete(key)) this.#weakSize--;
  }

  /** Records an object loaded by a stream, held only as long as the program holds it. */
  holdWeakly(of: Mapper, key: unknown, instance: object): void {
    const mapper = of.root;
    let map = this.#weak.get(mapper);
    if (!map) {
      map = new Map();
      this.#weak.set(mapper, map);
    }
    if (!map.has(key)) this.#weakSize++;
    map.set(key, new WeakRef(instance));
    // Collected objects leave dead references; clear them out now and then, as the map grows.
    if (this.#weakSize >= this.#sweepAt) this.#sweep();
  }

  delete(of: Mapper, key: unknown): void {
    const mapper = of.root;
    this.#maps.get(mapper)?.delete(key);
    if (this.#weakSize > 0 && this.#weak.get(mapper)?.delete(key)) this.#weakSize--;
  }

  /**
   * Calls `visit` with every object and its mapper (a hierarchy's root mapper). A callback rather than an iterator: commit
   * and close visit every object, and an iterator made a pair per object.
   */
  forEach(visit: (instance: object, mapper: Mapper) => void): void {
    for (const [mapper, map] of this.#maps) {
      for (const instance of map.values()) visit(instance, mapper);
    }
    for (const [mapper, map] of this.#weak) {
      for (const ref of map.values()) {
        const instance = ref.deref();
        if (instance) visit(instance, mapper);
      }
    }
  }

  clear(): void {
    this.#maps.clear();
    this.#weak.clear();
    this.#weakSize = 0;
  }

  #sweep(): void {
    for (const map of this.#weak.values()) {
      for (const [key, ref] of map) {
        if (ref.deref() === undefined) {
          map.delete(key);
          this.#weakSize--;
        }
      }
    }
    this.#sweepAt = Math.max(1024, this.#weakSize * 2);
  }
}
