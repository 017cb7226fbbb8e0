import type { DatabaseTarget } from './database-target.js';
import type { WorkloadId } from './workloads.js';

/** What the harness asks one child process to measure. */
export interface ChildJob {
  readonly contender: string;
  readonly workload: WorkloadId;
  readonly target: DatabaseTarget;
  readonly size: number;
  readonly warmup: number;
  readonly timed: number;
}

/** What the child sends back before it exits. */
export type ChildReply =
  | {
      readonly ok: true;
      /** Each timed run, in milliseconds. */
      readonly ms: readonly number[];
      readonly rows: number;
      /** `process.resourceUsage().maxRSS`: the child's peak resident set, in KiB. */
      readonly maxRssKb: number;
    }
  | { readonly ok: false; readonly error: string };
