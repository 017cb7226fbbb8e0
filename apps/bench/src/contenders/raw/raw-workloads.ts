import type { WorkloadFactory } from '../../contender.js';
import type { DatabaseTarget } from '../../database-target.js';

/** What each raw driver module implements (W6 builds SQL by hand and needs no driver). */
export interface RawWorkloads {
  readonly W1: WorkloadFactory;
  readonly W2: WorkloadFactory;
  readonly W3: WorkloadFactory;
  readonly W4: WorkloadFactory;
  readonly W5: WorkloadFactory;
  readonly W7: WorkloadFactory;
  /** Writes W7's table with `size` rows, once, for every contender to read. */
  fillStreamTable(target: DatabaseTarget, size: number): Promise<void>;
}
