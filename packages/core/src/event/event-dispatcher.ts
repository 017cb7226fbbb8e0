import { ArgumentError } from '../errors.js';
import { closestName } from '../util/closest-name.js';

/**
 * The events of one kind of target, by name: each a listener's signature. A listener may
 * return a promise; the code that fires the event waits for it (a `connect` listener that runs
 * `SET ...`, a `beforeFlush` listener that queries).
 */
// biome-ignore lint/suspicious/noExplicitAny: a listener's parameters are the event's own; `any` lets every signature in.
export type EventMap = { readonly [name: string]: (...args: any[]) => unknown };

/** How a listener is added: `once` removes it after its first call; `prepend` runs it first. */
export interface ListenOptions {
  /** Call it the first time the event fires, then remove it (SQLAlchemy's `once=True`). */
  readonly once?: boolean;
  /** Run it before the listeners added earlier (SQLAlchemy's `insert=True`). */
  readonly prepend?: boolean;
}

interface Listener {
  readonly fn: (...args: never[]) => unknown;
  readonly once: boolean;
  /** A `once` listener was called: firings under way (with their copy of the list) skip it. */
  called?: boolean;
}

/**
 * Counts every change of listeners, on any dispatcher: what `has()` remembers holds while it
 * stays the same (a child's answer depends on its parents' listeners too).
 */
let listenersChanged = 0;

/**
 * The listeners of one target (an engine, a session, a model), and the firing of its events.
 * A dispatcher may have a parent, whose listeners run first: a listener on a sessionmaker or a
 * declarative base applies to every session or model made from it, as SQLAlchemy's listeners
 * on a class apply to its instances. Listeners run in the order they were added, one after the
 * other; an error thrown by one propagates to the code that fired the event (as in
 * SQLAlchemy), and the listeners after it do not run.
 */
export class EventDispatcher<E extends EventMap> {
  readonly #listeners = new Map<keyof E & string, Listener[]>();
  /** `has()`'s answers, valid while `listenersChanged` is `#answeredAt`. */
  readonly #answers = new Map<keyof E & string, boolean>();
  #answeredAt = -1;

  /**
   * @param names Every event the target has: a name outside it is refused when listened to.
   * @param target What the target is, for messages: `an Engine`, `Session`.
   * @param parent The dispatcher whose listeners also run for this target (run first).
   */
  constructor(
    readonly names: readonly (keyof E & string)[],
    readonly target: string,
    readonly parent?: EventDispatcher<E>,
  ) {}

  /** Adds a listener. The name is checked: a name the target does not have is an ArgumentError. */
  listen<K extends keyof E & string>(name: K, fn: E[K], options: ListenOptions = {}): void {
    this.#check(name);
    if (typeof fn !== 'function') {
      throw new ArgumentError(
        `The listener for '${name}' on ${this.target} must be a function, got ${typeof fn}.`,
      );
    }
    const listener: Listener = { fn: fn as Listener['fn'], once: options.once === true };
    // A new array each time: an event being fired keeps iterating the array it started with.
    const current = this.#listeners.get(name) ?? [];
    this.#setListeners(name, options.prepend ? [listener, ...current] : [...current, listener]);
  }

  /** Removes a listener added with `listen` (the same function); false when it was not there. */
  remove<K extends keyof E & string>(name: K, fn: E[K]): boolean {
    this.#check(name);
    const current = this.#listeners.get(name) ?? [];
    const index = current.findIndex((listener) => listener.fn === fn);
    if (index < 0) return false;
    this.#setListeners(
      name,
      current.filter((_, i) => i !== index),
    );
    return true;
  }

  /** Whether `fn` listens to `name` on this target (not counting the parent's listeners). */
  contains<K extends keyof E & string>(name: K, fn: E[K]): boolean {
    this.#check(name);
    return (this.#listeners.get(name) ?? []).some((listener) => listener.fn === fn);
  }

  /**
   * Whether anything listens to `name`, here or on a parent. Code on a hot path asks this
   * first (once per row loaded, for `load`), so that an event nobody listens to costs no
   * promise and no arguments; the answer is remembered until listeners change anywhere, so
   * asking costs a comparison and a lookup, not a walk up the parents.
   */
  has(name: keyof E & string): boolean {
    if (this.#answeredAt !== listenersChanged) {
      this.#answers.clear();
      this.#answeredAt = listenersChanged;
    }
    let answer = this.#answers.get(name);
    if (answer === undefined) {
      answer = (this.#listeners.get(name)?.length ?? 0) > 0 || (this.parent?.has(name) ?? false);
      this.#answers.set(name, answer);
    }
    return answer;
  }

  /**
   * Fires `name`: the parent's listeners, then this target's, each awaited before the next.
   * Resolves when all have run; rejects with the first error a listener throws.
   */
  async fire<K extends keyof E & string>(name: K, ...args: Parameters<E[K]>): Promise<void> {
    if (this.parent?.has(name)) await this.parent.fire(name, ...args);
    const listeners = this.#listeners.get(name);
    if (listeners === undefined) return;
    for (const listener of listeners) {
      if (listener.once && !this.#takeOnce(name, listener)) continue;
      await (listener.fn as (...args: Parameters<E[K]>) => unknown)(...args);
    }
  }

  /**
   * Fires `name` where the caller cannot wait (an attribute being set): listeners run at once,
   * and one that returns a promise is refused, since nothing would wait for it.
   */
  fireSync<K extends keyof E & string>(name: K, ...args: Parameters<E[K]>): void {
    if (this.parent?.has(name)) this.parent.fireSync(name, ...args);
    const listeners = this.#listeners.get(name);
    if (listeners === undefined) return;
    for (const listener of listeners) {
      if (listener.once && !this.#takeOnce(name, listener)) continue;
      const returned = (listener.fn as (...args: Parameters<E[K]>) => unknown)(...args);
      if (returned instanceof Promise) {
        returned.catch(() => undefined);
        throw new ArgumentError(
          `A listener for '${name}' on ${this.target} returned a promise; '${name}' fires ` +
            'where nothing can wait for it, so its listeners must be synchronous.',
          { code: 'sync-listener' },
        );
      }
    }
  }

  /**
   * A `once` listener's one call: true (and the listener removed) the first time; false when
   * another firing, started concurrently with its own copy of the list, already called it.
   */
  #takeOnce(name: keyof E & string, listener: Listener): boolean {
    if (listener.called) return false;
    listener.called = true;
    this.#removeListener(name, listener);
    return true;
  }

  #removeListener(name: keyof E & string, listener: Listener): void {
    const current = this.#listeners.get(name) ?? [];
    this.#setListeners(
      name,
      current.filter((each) => each !== listener),
    );
  }

  #setListeners(name: keyof E & string, listeners: Listener[]): void {
    this.#listeners.set(name, listeners);
    listenersChanged++;
  }

  #check(name: string): void {
    if (typeof name === 'string' && this.names.includes(name as keyof E & string)) return;
    const close = typeof name === 'string' ? closestName(name, this.names) : undefined;
    throw new ArgumentError(
      `${this.target} has no event ${JSON.stringify(name)}` +
        (close ? `; did you mean '${close}'?` : '.') +
        ` Its events: ${this.names.join(', ')}.`,
      { code: 'unknown-event' },
    );
  }
}
