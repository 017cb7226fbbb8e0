import type { AthanorError, Connection, Engine, Executable } from '@athanor/core';
import { barrier } from './barrier.js';

/** A transaction started by {@link retryingTransaction}, and what its retries saw. */
export interface RetryingTransaction {
  /** Settles as `engine.transaction()` does: after the last attempt. */
  readonly done: Promise<void>;
  /** The errors `engine.transaction()` retried after, in the order it met them. */
  readonly seen: readonly AthanorError[];
  /** The attempts so far, retries included. */
  attempts(): number;
}

/** Options of {@link retryingTransaction}: `engine.transaction()`'s `retries`, and a wait. */
export interface ConflictOptions {
  readonly retries?: number;
  /** What to wait before each retry, in milliseconds; 0 by default. */
  readonly backoffMs?: number;
}

/**
 * Runs `work` in `engine.transaction()` and records what a test asserts about its retries:
 * every error it retried after, and the attempts (`work` gets the attempt's number, from 1, so
 * a test can make the first attempt conflict and the next one succeed).
 */
export function retryingTransaction(
  engine: Engine,
  work: (connection: Connection, attempt: number) => Promise<void>,
  options: ConflictOptions = {},
): RetryingTransaction {
  return recordedTransaction(engine, work, options, []);
}

/** {@link retryingTransaction}, recording into `seen`: two transactions can share one record. */
function recordedTransaction(
  engine: Engine,
  work: (connection: Connection, attempt: number) => Promise<void>,
  options: ConflictOptions,
  seen: AthanorError[],
): RetryingTransaction {
  let attempts = 0;
  const done = engine.transaction(
    async (connection) => {
      attempts++;
      await work(connection, attempts);
    },
    {
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      // The backoff sees every error retried after: the test's record of them.
      backoff: (_retry, error) => {
        seen.push(error);
        return options.backoffMs ?? 0;
      },
    },
  );
  return { done, seen, attempts: () => attempts };
}

/** Two transactions started by {@link conflictingTransactions}, and what their retries saw. */
export interface ConflictingTransactions {
  /** How the two ended, in order of side (`Promise.allSettled`). */
  readonly outcome: Promise<PromiseSettledResult<void>[]>;
  /** The errors `engine.transaction()` retried after, of both, in the order it met them. */
  readonly seen: readonly AthanorError[];
  /** The attempts of both so far, retries included. */
  attempts(): number;
}

/**
 * Runs `work` in two `engine.transaction()`s at once (side 0 and side 1), so that they conflict
 * for real: each first attempt waits at `meet()` until the other has reached it too, so both
 * hold their locks (or have their snapshots) when they go on. In a retry `meet()` returns at
 * once: the other side may have committed and never come back.
 */
export function conflictingTransactions(
  engine: Engine,
  work: (connection: Connection, meet: () => Promise<void>, side: 0 | 1) => Promise<void>,
  options: ConflictOptions = {},
): ConflictingTransactions {
  const bothThere = barrier(2);
  const alone = async () => undefined;
  const seen: AthanorError[] = [];
  const start = (side: 0 | 1) =>
    recordedTransaction(
      engine,
      (connection, attempt) => work(connection, attempt === 1 ? bothThere : alone, side),
      options,
      seen,
    );
  const sides = [start(0), start(1)] as const;
  return {
    outcome: Promise.allSettled(sides.map((side) => side.done)),
    seen,
    attempts: () => sides[0].attempts() + sides[1].attempts(),
  };
}

/**
 * Two transactions that deadlock: side 0 runs `bump` for id 1 then id 2, side 1 for id 2 then
 * id 1, and both hold their first row when they ask for the other's, so the database rolls one
 * back. `bump` is an UPDATE of one row by `:id`.
 */
export function crossingUpdates(
  engine: Engine,
  bump: Executable,
  options: ConflictOptions = {},
): ConflictingTransactions {
  return conflictingTransactions(
    engine,
    async (connection, meet, side) => {
      const [first, second] = side === 0 ? [1, 2] : [2, 1];
      await connection.execute(bump, { id: first });
      await meet();
      await connection.execute(bump, { id: second });
    },
    options,
  );
}
