/**
 * A map that forgets a least recently used entry once it holds `capacity` entries. A hit only
 * marks its entry used (a cache hit is the hot path: every statement executed); eviction gives
 * each used entry a second chance, moving it to the back, and drops the first one that was not
 * used since it last came round (the CLOCK approximation of LRU).
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; used: boolean }>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  set(key: K, value: V): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = true;
      return;
    }
    if (this.#entries.size >= this.capacity) this.#evict();
    this.#entries.set(key, { value, used: false });
  }

  clear(): void {
    this.#entries.clear();
  }

  #evict(): void {
    // Ends: each pass clears the flag of the entry it moves back.
    for (const [key, entry] of this.#entries) {
      this.#entries.delete(key);
      if (!entry.used) return;
      entry.used = false;
      this.#entries.set(key, entry);
    }
  }
}
