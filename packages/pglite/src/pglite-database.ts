import type { PGlite } from '@electric-sql/pglite';

interface Waiter {
  readonly owner: object;
  resolve(): void;
  reject(error: unknown): void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * One PGlite instance: one PostgreSQL backend, so one session and at most one transaction at a
 * time. Connections that share it (several engines on one data directory) take turns: a
 * connection holds the instance from the start of a transaction to its end, or for one
 * statement outside a transaction, and the others wait their turn, as SQLite connections wait
 * for a file's lock.
 */
export class PGliteDatabase {
  #owner: object | undefined;
  readonly #waiters: Waiter[] = [];
  /** Set when the WebAssembly module failed (it cannot run another statement after that). */
  broken = false;

  constructor(
    readonly pg: PGlite,
    /** The data directory, or undefined in memory. */
    readonly dataDir: string | undefined,
  ) {}

  /** True while the instance can run statements. */
  get open(): boolean {
    return !this.pg.closed && !this.broken;
  }

  /** True when `owner` holds the instance. */
  heldBy(owner: object): boolean {
    return this.#owner === owner;
  }

  /**
   * Takes the instance for `owner`, waiting up to `timeout` ms for the connection that holds it.
   * @throws an error with SQLSTATE 55P03 (lock not available) when the wait times out.
   */
  acquire(owner: object, timeout: number): Promise<void> {
    if (this.#owner === undefined || this.#owner === owner) {
      this.#owner = owner;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        owner,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(
            Object.assign(
              new Error(
                `The PGlite data directory ${this.dataDir} is in use by another connection of ` +
                  `this process (in a transaction), and it did not come free within ${timeout} ms. ` +
                  'PGlite runs one transaction at a time: commit or roll back the other ' +
                  "connection's transaction first, or raise the URL's ?timeout=.",
              ),
              { code: '55P03' },
            ),
          );
        }, timeout),
      };
      this.#waiters.push(waiter);
    });
  }

  /** Gives the instance up; the longest waiter gets it. */
  release(owner: object): void {
    if (this.#owner !== owner) return;
    const next = this.#waiters.shift();
    this.#owner = next?.owner;
    if (next) {
      clearTimeout(next.timer);
      next.resolve();
    }
  }
}

/** True for a failure of PGlite's WebAssembly module (a `WebAssembly.RuntimeError`). */
export function isWasmFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'RuntimeError';
}
