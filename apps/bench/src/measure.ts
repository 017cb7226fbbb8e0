import { performance } from 'node:perf_hooks';
import type { Contender, WorkloadContext } from './contender.js';
import type { WorkloadId } from './workloads.js';

/** The timed runs of one workload by one contender, in one process. */
export interface Measurement {
  /** Wall time of each timed `run()`, in milliseconds. */
  readonly ms: readonly number[];
  /** What the last `run()` reported handling. */
  readonly rows: number;
  /** What `verify()` found after the last run. */
  readonly verified: number;
}

/**
 * Lets the event loop turn, as it does between an application's requests. Over a synchronous
 * driver (better-sqlite3) the awaits of a run never leave the microtask queue, and V8 keeps every
 * object a WeakRef was made for (the ORM's identity map) alive until the loop turns: without
 * this, the warm-up runs' objects would still be on the heap during the timed run.
 */
function betweenRuns(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Sets the workload up, runs it `warmup` times untimed and `timed` times timed, checks it did
 * its work, and tears it down. Throws when the work is short: a benchmark of work not done is
 * worse than none.
 */
export async function measureWorkload(
  contender: Contender,
  workload: WorkloadId,
  context: WorkloadContext,
  options: { warmup: number; timed: number },
): Promise<Measurement> {
  const factory = contender.workloads[workload];
  if (!factory) throw new Error(`${contender.name} does not implement ${workload}`);
  const run = await factory(context);
  try {
    for (let i = 0; i < options.warmup; i++) {
      await run.reset();
      await run.run();
      await betweenRuns();
    }
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < Math.max(1, options.timed); i++) {
      await run.reset();
      await betweenRuns();
      // No forced gc() here: a full collection shrinks V8's young generation, and the run then
      // pays to grow it again, which no running application does; allocation-heavy code would
      // look up to twice as slow as it is. The garbage a run makes is still collected in it.
      const start = performance.now();
      rows = await run.run();
      ms.push(performance.now() - start);
      if (rows !== context.size) break;
    }
    const verified = await run.verify();
    if (rows !== context.size || verified !== context.size) {
      throw new Error(
        `${contender.name} ${workload} on ${context.target.kind}: expected ${context.size} ` +
          `rows, run() reported ${rows} and verify() found ${verified}`,
      );
    }
    return { ms, rows, verified };
  } finally {
    await run.close();
  }
}
