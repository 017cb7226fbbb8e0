import { DBAPIError } from '../../errors.js';
import type { Executable, RowShapeOf, RowTupleOf } from '../../sql/executable.js';
import type { Connection, ExecuteParams, ExecutionOptions } from '../connection.js';
import type { Engine } from '../engine.js';
import type { LogRecord } from '../logger.js';
import type { Result } from '../result.js';
import { ReplicaCooldown } from './replica-cooldown.js';

/** How an engine with replicas picks the replica for each read. */
export type ReplicaSelection = 'round-robin' | 'random';

/**
 * The read replicas of an engine, and the choice of one for each read. A replica that cannot
 * be reached is skipped and the next one is tried, then the primary: a read outside a
 * transaction is safe to run again elsewhere. The replica skipped is then set aside for a
 * cool-down (see replica-cooldown.ts), so that the reads after it do not each wait for it to
 * refuse. An error the replica answered with (bad SQL, a constraint) is the read's own and is
 * thrown as it is. @internal
 */
export class ReplicaSet {
  #next = 0;
  readonly #cooldown: ReplicaCooldown;

  constructor(
    readonly engines: readonly Engine[],
    private readonly selection: ReplicaSelection,
    cooldownMs: number,
    log: (level: LogRecord['level'], message: string) => void,
    now: () => number = Date.now,
  ) {
    this.#cooldown = new ReplicaCooldown(cooldownMs, log, now);
  }

  /**
   * A connection to a replica that answers, else to the primary (the caller's `fallback`).
   * The connection is checked out and its first statement begins a transaction there, so a
   * session's reads see one snapshot of the replica.
   */
  async connect(fallback: () => Promise<Connection>): Promise<Connection> {
    for (const replica of this.#order()) {
      const ticket = this.#cooldown.attempt(replica);
      if (ticket === undefined) continue;
      try {
        const connection = await replica.connect();
        this.#cooldown.answered(replica, ticket);
        return connection;
      } catch (error) {
        this.#cooldown.failed(replica, error);
      }
    }
    return fallback();
  }

  /** Runs one read on a replica that answers, else through `fallback` (the primary). */
  async execute<E extends Executable<object, readonly unknown[]>>(
    statement: E,
    params: ExecuteParams | readonly ExecuteParams[] | undefined,
    options: ExecutionOptions | undefined,
    fallback: () => Promise<Result<RowShapeOf<E>, RowTupleOf<E>>>,
  ): Promise<Result<RowShapeOf<E>, RowTupleOf<E>>> {
    for (const replica of this.#order()) {
      const ticket = this.#cooldown.attempt(replica);
      if (ticket === undefined) continue;
      let connection: Connection;
      try {
        connection = await replica.connect();
      } catch (error) {
        this.#cooldown.failed(replica, error);
        continue;
      }
      try {
        // Closing rolls the read's transaction back: nothing to commit on a replica.
        const result = await connection.execute(statement, params, options);
        this.#cooldown.answered(replica, ticket);
        return result;
      } catch (error) {
        // A pooled connection to a replica that has since stopped: nothing ran, try another.
        if (DBAPIError.isInstance(error) && error.connectionInvalidated) {
          this.#cooldown.failed(replica, error);
          continue;
        }
        throw error;
      } finally {
        await connection.close();
      }
    }
    return fallback();
  }

  async dispose(): Promise<void> {
    await Promise.all(this.engines.map((engine) => engine.dispose()));
  }

  /**
   * The replicas to try for one read, the chosen one first, without those set aside: when
   * every replica is set aside the read goes straight to the primary.
   */
  #order(): Engine[] {
    const count = this.engines.length;
    const first =
      this.selection === 'random' ? Math.floor(Math.random() * count) : this.#next++ % count;
    return this.engines
      .map((_, index) => this.engines[(first + index) % count] as Engine)
      .filter((replica) => this.#cooldown.mayTry(replica));
  }
}
