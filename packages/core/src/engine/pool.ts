import type { DriverConnection } from '../dialect/driver.js';
import { ArgumentError, OperationalError, TimeoutError } from '../errors.js';
import { withDeadline } from './statement-timeout.js';

/** Pool settings, as `createEngine(url, { pool: { ... } })` takes them. Times in milliseconds. */
export interface PoolOptions {
  /** Connections kept open when idle. Default 5. */
  size?: number;
  /** Connections opened beyond `size` under load, closed again when returned. Default 10. */
  maxOverflow?: number;
  /** How long `connect()` waits for a free connection before a `TimeoutError`. Default 30,000. */
  timeout?: number;
  /** Replace a connection once it is this old (ms); -1 never does. Default -1. */
  recycle?: number;
  /**
   * Test each connection with a cheap query before handing it out; replace it if dead. The
   * engine's `statementTimeout` bounds the test: a connection that does not answer within it
   * (half-open) is dropped and replaced too.
   */
  prePing?: boolean;
}

/** A connection as the pool keeps it. */
export interface PooledConnection {
  readonly driver: DriverConnection;
  readonly createdAt: number;
  /** The pool it came from and goes back to (an engine's pool changes after `dispose()`). */
  readonly pool: QueuePool;
}

/** Events the pool reports, for `echoPool` logging. */
export type PoolEvent = 'connect' | 'checkout' | 'checkin' | 'invalidate' | 'recycle' | 'close';

/** What the pool needs from the engine. */
export interface PoolHooks {
  /** Opens a connection for `pool` (the pool asking, which the connection will belong to). */
  connect(pool: QueuePool): Promise<DriverConnection>;
  /** The longest a pre-ping may wait for its answer (ms); none when undefined. */
  readonly pingTimeout?: number | undefined;
  log?(event: PoolEvent): void;
  /**
   * A connection is about to be closed (`event` says why); awaited before the driver closes it.
   * `error` is what found it dead, when something did. For the engine's `invalidate` and
   * `close` events.
   */
  closing?(connection: PooledConnection, event: PoolEvent, error: unknown): Promise<void>;
}

interface Waiter {
  resolve(connection: PooledConnection): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * SQLAlchemy's `QueuePool`: keeps up to `size` idle connections, opens up to `maxOverflow` more
 * under load, and makes callers wait (up to `timeout`) when all are out.
 *
 * A connection the driver reports dead, one older than `recycle`, one opened before the last
 * disconnect the engine saw, or (with `prePing`) one that fails its ping, is closed and replaced
 * at checkout: a dead connection is never handed out.
 *
 * `static` mode keeps exactly one connection for the pool's life and never replaces it (for an
 * in-memory SQLite database, which lives only in its one connection).
 *
 * In `static` mode with a synchronous driver (`DriverConnection.synchronous`), a caller that
 * would wait is refused at once when the one connection's holder sits idle. The holder and the
 * waiter are in this process, and nothing can free the connection but the holder's own code:
 * when that code is awaiting the waiter (a Session holds the connection and
 * `engine.execute` is called), waiting is a deadlock that ends only at the timeout. The rule:
 * the waiter looks again once the pending promise callbacks have run (a zero-delay timer). A
 * holder that is running a statement or being released (`Promise.all` of two
 * `engine.execute`, a `close()` just called) finishes within those callbacks, since a
 * synchronous driver never leaves a statement running across them, and the waiter gets the
 * connection. A connection still checked out after them is held between statements (by a
 * Connection, Session or transaction that awaits something else), and the waiter is refused
 * with the pool-timeout error. While the connection is still being opened, the waiter waits.
 */
export class QueuePool {
  readonly #idle: PooledConnection[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #size: number;
  readonly #maxOverflow: number;
  readonly #timeout: number;
  readonly #recycle: number;
  readonly #prePing: boolean;
  readonly #static: boolean;
  /** Connections open or being opened, idle or checked out. */
  #total = 0;
  /** Connections being opened. */
  #opening = 0;
  /** The static pool's connection has a synchronous driver: an idle holder is refused at once. */
  #refuseIdleHolder = false;
  /** The zero-delay timer that looks at the holder for the waiters, when one is set. */
  #holderCheck: ReturnType<typeof setTimeout> | undefined;
  /** Connections opened before this time are stale: the engine saw a disconnect after them. */
  #invalidatedBefore = -1;
  #disposed = false;

  constructor(
    private readonly hooks: PoolHooks,
    options: PoolOptions = {},
    mode: 'queue' | 'static' = 'queue',
  ) {
    this.#static = mode === 'static';
    this.#size = this.#static ? 1 : positive('size', options.size ?? 5);
    this.#maxOverflow = this.#static ? 0 : atLeastZero('maxOverflow', options.maxOverflow ?? 10);
    this.#timeout = atLeastZero('timeout', options.timeout ?? 30_000);
    if (this.#timeout > maxTimerDelay) {
      throw new ArgumentError(`pool.timeout is at most ${maxTimerDelay} ms (about 24 days).`);
    }
    this.#recycle = this.#static ? -1 : (options.recycle ?? -1);
    this.#prePing = !this.#static && (options.prePing ?? false);
  }

  /** Connections currently checked out. */
  get checkedOut(): number {
    return this.#total - this.#idle.length;
  }

  /** Idle connections held by the pool. */
  get idle(): number {
    return this.#idle.length;
  }

  /** Settings as a line for messages: `size 5, overflow 10, timeout 30000ms`. */
  describe(): string {
    return `size ${this.#size}, overflow ${this.#maxOverflow}, timeout ${this.#timeout}ms`;
  }

  /** A live connection: an idle one, a new one, or the next one returned. */
  async acquire(): Promise<PooledConnection> {
    while (this.#idle.length > 0) {
      const candidate = this.#idle.shift() as PooledConnection;
      if (await this.#usable(candidate)) return this.#checkout(candidate);
    }
    if (this.#total < this.#size + this.#maxOverflow) return this.#checkout(await this.#open());
    return this.#wait();
  }

  /** Takes back a connection; the next waiter gets it, or it goes idle (or closes, if overflow). */
  release(connection: PooledConnection): void {
    this.hooks.log?.('checkin');
    if (this.#disposed || !connection.driver.alive) {
      void this.#discard(connection, 'close');
      this.#slotFreed();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      // The waiter re-checks the connection as any checkout would.
      void this.#usable(connection).then(
        (ok) => (ok ? waiter.resolve(connection) : this.#openFor(waiter)),
        (error: unknown) => waiter.reject(error),
      );
      return;
    }
    if (this.#total > this.#size) {
      void this.#discard(connection, 'close');
      return;
    }
    this.#idle.push(connection);
  }

  /**
   * Closes a connection that failed (it is not returned to the pool). With `everyOlder`, also
   * marks every connection opened before now as stale, as a lost connection usually means the
   * server restarted and dropped them all.
   */
  invalidate(connection: PooledConnection, everyOlder: boolean, error?: unknown): void {
    if (this.#static && connection.driver.alive) {
      // The static pool's one connection is the database (SQLite in memory): while it is open,
      // it is kept, whatever failed on it.
      this.release(connection);
      return;
    }
    if (everyOlder && !this.#static) this.#invalidatedBefore = Date.now();
    void this.#discard(connection, 'invalidate', error);
    this.#slotFreed();
  }

  /** Closes the idle connections; connections still out close when they come back. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new TimeoutError('The engine was disposed while waiting for a connection.'));
    }
    await Promise.all(this.#idle.splice(0).map((c) => this.#discard(c, 'close')));
  }

  #checkout(connection: PooledConnection): PooledConnection {
    this.hooks.log?.('checkout');
    return connection;
  }

  async #open(): Promise<PooledConnection> {
    this.#total++;
    this.#opening++;
    try {
      const driver = await this.hooks.connect(this);
      this.hooks.log?.('connect');
      this.#refuseIdleHolder = this.#static && driver.synchronous === true;
      return { driver, createdAt: Date.now(), pool: this };
    } catch (error) {
      this.#total--;
      this.#slotFreed();
      throw error;
    } finally {
      this.#opening--;
      // Waiters that came while the connection was opening look at its holder now.
      if (this.#waiters.length > 0) this.#checkHolderSoon();
    }
  }

  /** A connection slot came free: the longest waiter gets a new connection in it. */
  #slotFreed(): void {
    if (this.#disposed || this.#total >= this.#size + this.#maxOverflow) return;
    const waiter = this.#waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      this.#openFor(waiter);
    }
  }

  #openFor(waiter: Waiter): void {
    this.#open().then(waiter.resolve, waiter.reject);
  }

  async #usable(connection: PooledConnection): Promise<boolean> {
    const { driver, createdAt } = connection;
    let reason: PoolEvent | undefined;
    let failure: unknown;
    if (!driver.alive || createdAt <= this.#invalidatedBefore) reason = 'invalidate';
    else if (this.#recycle >= 0 && Date.now() - createdAt >= this.#recycle) reason = 'recycle';
    else if (this.#prePing) {
      try {
        const ms = this.hooks.pingTimeout;
        await withDeadline(driver.ping(), ms, driver, () => pingTimeoutError(ms));
      } catch (error) {
        reason = 'invalidate';
        failure = error;
      }
    }
    if (reason === undefined) return true;
    await this.#discard(connection, reason, failure);
    return false;
  }

  #wait(): Promise<PooledConnection> {
    return new Promise<PooledConnection>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(
            new TimeoutError(
              `Pool limit reached (${this.describe()}): no connection became free in time. ` +
                `Close connections when done with them (await using, or conn.close()), or raise ` +
                `pool.size / pool.maxOverflow.` +
                (this.#static ? ` ${singleConnectionAdvice}` : ''),
              { code: 'pool-timeout' },
            ),
          );
        }, this.#timeout),
      };
      this.#waiters.push(waiter);
      this.#checkHolderSoon();
    });
  }

  /** Looks at the holder once the pending promise callbacks have run (see the class comment). */
  #checkHolderSoon(): void {
    if (!this.#static || this.#holderCheck !== undefined) return;
    this.#holderCheck = setTimeout(() => {
      this.#holderCheck = undefined;
      if (this.#holderIsIdle()) this.#refuseWaiters();
    }, 0);
  }

  /** True when the one connection is checked out by a holder between statements. */
  #holderIsIdle(): boolean {
    return (
      this.#refuseIdleHolder &&
      !this.#disposed &&
      this.#waiters.length > 0 &&
      this.#opening === 0 &&
      this.#idle.length === 0 &&
      this.checkedOut > 0
    );
  }

  #refuseWaiters(): void {
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(
        new TimeoutError(
          `Pool limit reached (${this.describe()}): the engine's single connection is checked ` +
            'out and idle, held between statements by a Connection, Session or transaction, so ' +
            'waiting for it in this process could only end at the timeout. ' +
            singleConnectionAdvice,
          { code: 'pool-timeout' },
        ),
      );
    }
  }

  async #discard(connection: PooledConnection, event: PoolEvent, error?: unknown): Promise<void> {
    this.#total--;
    this.hooks.log?.(event);
    // The listeners' errors are the hook's business: a connection is discarded whatever they do.
    if (this.hooks.closing) await this.hooks.closing(connection, event, error);
    try {
      await connection.driver.close();
    } catch {
      // Closing a broken connection may fail; it is gone either way.
    }
  }
}

/** What to do about a single-connection pool, for its errors. */
const singleConnectionAdvice =
  'This engine keeps a single connection (an in-memory database lives inside it), so only one ' +
  'Connection or Session can hold it at a time: run the statement on the connection you hold ' +
  '(session.execute, conn.execute), commit and close it first, or use a database file.';

/** A pre-ping that went unanswered; never seen by callers, as the connection is replaced. */
function pingTimeoutError(ms: number | undefined): OperationalError {
  return new OperationalError(`The pre-ping got no answer within ${ms} ms.`, {
    code: 'statement-timeout',
  });
}

/** The longest delay setTimeout honours; a longer one fires at once. */
const maxTimerDelay = 2 ** 31 - 1;

function positive(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new ArgumentError(`pool.${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function atLeastZero(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new ArgumentError(`pool.${name} must be a number >= 0, got ${value}`);
  }
  return value;
}
