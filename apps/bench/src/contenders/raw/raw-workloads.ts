import type { WorkloadFactory } from '../../contender.js';
import type { DatabaseTarget } from '../../database-target.js';

/** What each raw driver module implements (W6 builds SQL by hand and needs no driver). */
export interface RawWorkloads {
  readonly W1: WorkloadFactory;
  readonly W2: WorkloadFactory;
  readonly W3: WorkloadFactory;
  /** W4 in one statement, posts aggregated as JSON: the fastest hand-written load. */
  readonly W4: WorkloadFactory;
  /** W4 as two queries (users, then their posts by key) stitched by hand: `raw-2q`. */
  readonly W4TwoQueries: WorkloadFactory;
  readonly W5: WorkloadFactory;
  readonly W7: WorkloadFactory;
  /** Writes W7's table with `size` rows, once, for every contender to read. */
  fillStreamTable(target: DatabaseTarget, size: number): Promise<void>;
}
