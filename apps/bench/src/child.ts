import type { ChildJob, ChildReply } from './child-protocol.js';
import { contenderNamed } from './contenders/index.js';
import { measureWorkload } from './measure.js';

/**
 * One measurement in a process of its own (forked by the harness with the job as its argument),
 * so no contender warms the JIT, fills the heap or leaves handles open for another.
 */
async function main(): Promise<ChildReply> {
  const job = JSON.parse(process.argv[2] ?? '') as ChildJob;
  const contender = contenderNamed(job.contender);
  if (!contender) return { ok: false, error: `unknown contender ${job.contender}` };
  try {
    const { ms, rows } = await measureWorkload(
      contender,
      job.workload,
      { target: job.target, size: job.size },
      { warmup: job.warmup, timed: job.timed },
    );
    return { ok: true, ms, rows, maxRssKb: process.resourceUsage().maxRSS };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

const reply = await main();
if (process.send) {
  // Exit once the reply is out: a driver's idle socket must not keep the child alive.
  process.send(reply, () => process.exit(reply.ok ? 0 : 1));
} else {
  console.log(JSON.stringify(reply));
  process.exit(reply.ok ? 0 : 1);
}
