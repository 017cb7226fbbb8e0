import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildJob, ChildReply } from './child-protocol.js';
import type { Contender } from './contender.js';
import type { DatabaseTarget } from './database-target.js';
import { prepareStreamTable } from './stream-fixture.js';
import { scaledSize, type WorkloadId, workloads } from './workloads.js';

/** What to run. */
export interface BenchPlan {
  readonly workloads: readonly WorkloadId[];
  readonly contenders: readonly Contender[];
  readonly target: DatabaseTarget;
  /** Child processes per contender and workload; the median of their timings is reported. */
  readonly runs: number;
  /** Multiplies each workload's size. */
  readonly scale: number;
  /** Untimed runs per child, instead of each workload's own. */
  readonly warmup?: number | undefined;
  /** Timed runs per child, instead of each workload's own. */
  readonly timed?: number | undefined;
  /** Writes a `--cpu-prof` profile of every child into this folder. */
  readonly profileDir?: string | undefined;
}

/** One child's timed runs. */
export interface Sample {
  readonly workload: WorkloadId;
  readonly contender: string;
  readonly size: number;
  /** Each timed run, in milliseconds. */
  readonly ms: readonly number[];
  readonly maxRssKb: number;
}

const childScript = fileURLToPath(new URL('./child.js', import.meta.url));

/**
 * Runs the plan: workload by workload, `runs` rounds, and in each round every contender once,
 * in an order that rotates from round to round, so a slow spell of the machine falls on all.
 */
export async function runPlan(
  plan: BenchPlan,
  progress: (message: string) => void = () => undefined,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const workload of plan.workloads) {
    const size = scaledSize(workload, plan.scale);
    const entrants = plan.contenders.filter((contender) => contender.workloads[workload]);
    let target = plan.target;
    let cleanUp: () => void = () => undefined;
    if (workload === 'W7') {
      progress(`W7: writing ${size} rows to stream`);
      const prepared = await prepareStreamTable(plan.target, size);
      target = prepared.target;
      cleanUp = prepared.remove;
    }
    try {
      for (let round = 0; round < plan.runs; round++) {
        for (let i = 0; i < entrants.length; i++) {
          const contender = entrants[(i + round) % entrants.length] as Contender;
          const job: ChildJob = {
            contender: contender.name,
            workload,
            target,
            size,
            warmup: plan.warmup ?? workloads[workload].warmup,
            timed: plan.timed ?? workloads[workload].timed,
          };
          const reply = await runChild(job, plan.profileDir);
          if (!reply.ok) throw new Error(`${contender.name} ${workload} failed:\n${reply.error}`);
          samples.push({
            workload,
            contender: contender.name,
            size,
            ms: reply.ms,
            maxRssKb: reply.maxRssKb,
          });
          progress(
            `${workload} run ${round + 1}/${plan.runs} ${contender.name}: ` +
              `${reply.ms.map((ms) => ms.toFixed(1)).join(' ')} ms, ` +
              `${(reply.maxRssKb / 1024).toFixed(0)} MiB`,
          );
        }
      }
    } finally {
      cleanUp();
    }
  }
  return samples;
}

/** Forks the child script for one job and waits for its reply. */
function runChild(job: ChildJob, profileDir: string | undefined): Promise<ChildReply> {
  const execArgv = ['--expose-gc'];
  if (profileDir) {
    execArgv.push(
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      `--cpu-prof-name=${job.workload}-${job.contender}-${Date.now()}.cpuprofile`,
    );
  }
  return new Promise((resolve, reject) => {
    const child = fork(childScript, [JSON.stringify(job)], {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reply: ChildReply | undefined;
    child.on('message', (message) => {
      reply = message as ChildReply;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (reply) resolve(reply);
      else
        resolve({
          ok: false,
          error: `the child exited (${signal ?? `code ${code}`}) without a reply`,
        });
    });
  });
}
