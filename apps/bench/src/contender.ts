import type { DatabaseTarget } from './database-target.js';
import type { WorkloadId } from './workloads.js';

/** What a contender is given to set a workload up. */
export interface WorkloadContext {
  /** The database, with the URL Athanor takes (SQLite: in memory, or the W7 file). */
  readonly target: DatabaseTarget;
  /** Rows or iterations: what `run()` must report back. */
  readonly size: number;
}

/**
 * One workload set up by one contender. The harness calls `reset()` then `run()` for each
 * warm-up and for the timed run (only `run()` is timed), then `verify()` once, then `close()`.
 */
export interface WorkloadRun {
  /** Untimed: puts the database in the state `run()` starts from (W1 empties the table). */
  reset(): Promise<void>;
  /** Timed: does the work once; returns how many rows (or statements) it handled. */
  run(): Promise<number>;
  /** Untimed: what the database (or the work) shows was done; must equal the size. */
  verify(): Promise<number>;
  close(): Promise<void>;
}

/** Sets a workload up: makes the schema, loads the rows it reads. */
export type WorkloadFactory = (context: WorkloadContext) => Promise<WorkloadRun>;

/**
 * A library under test, listed in `contenders/index.ts`. The peers (drizzle, kysely, knex,
 * typeorm, mikro-orm) are built by `peerContender()` (`contenders/peer-kit.ts`) from one
 * `PeerDatabase` per library; a workload a contender leaves out of `workloads` is not run for
 * it and has no row in the results (`raw-2q` does W4 alone).
 */
export interface Contender {
  /** Its name on the command line and in the results: `raw`, `athanor-orm`. */
  readonly name: string;
  /** One line for the results: what API it uses. */
  readonly description: string;
  readonly workloads: Readonly<Partial<Record<WorkloadId, WorkloadFactory>>>;
}
