import type { EventMap, ListenOptions } from '@athanor/core';
import { EventDispatcher } from '@athanor/core/dialect';

/**
 * Counts the listeners added and removed on every ORM target: what {@link OrmDispatcher.listening}
 * remembers stays true until it changes.
 */
let generation = 0;

/**
 * The dispatcher of an ORM target (a session, a model), for the events that fire once per row
 * loaded (`load`, `loadedAsPersistent`): `listening` answers `has` from memory — a number
 * compared — instead of asking the dispatcher and its parents for each of 10,000 rows.
 */
export class OrmDispatcher<E extends EventMap> extends EventDispatcher<E> {
  #generation = -1;
  readonly #listening = new Map<keyof E & string, boolean>();

  override listen<K extends keyof E & string>(name: K, fn: E[K], options?: ListenOptions): void {
    super.listen(name, fn, options);
    generation++;
  }

  override remove<K extends keyof E & string>(name: K, fn: E[K]): boolean {
    generation++;
    return super.remove(name, fn);
  }

  /**
   * `has(name)`, remembered until a listener is added or removed anywhere in the ORM. A `once`
   * listener that ran is not seen to go, so this may say true a while after: firing then finds
   * nothing to call, which costs a call and is still correct.
   */
  listening(name: keyof E & string): boolean {
    if (this.#generation !== generation) {
      this.#listening.clear();
      this.#generation = generation;
    }
    let known = this.#listening.get(name);
    if (known === undefined) {
      known = this.has(name);
      this.#listening.set(name, known);
    }
    return known;
  }
}
