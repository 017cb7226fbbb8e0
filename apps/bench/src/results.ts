import type { DatabaseKind } from './database-target.js';
import type { MachineInfo } from './machine.js';
import type { Sample } from './orchestrator.js';
import { median } from './stats.js';
import { type WorkloadId, workloads } from './workloads.js';

/** One contender on one workload, summarised over its runs. */
export interface ResultRow {
  readonly workload: WorkloadId;
  readonly title: string;
  readonly size: number;
  readonly contender: string;
  /** Child processes. */
  readonly runs: number;
  /** Timed runs over all children: the median is theirs. */
  readonly samples: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** The median over the baseline's median; null without a baseline run. */
  readonly ratio: number | null;
  /** The ratio the issue asks for, if any. */
  readonly target: number | null;
  /** Whether `ratio` is within the target; null without a target or a baseline run. */
  readonly withinTarget: boolean | null;
  /** The median over runs of each child's peak RSS, in MiB. */
  readonly peakRssMiB: number;
  readonly samplesMs: readonly number[];
}

/** Everything one benchmark run found: what `latest.json` holds. */
export interface BenchReport {
  readonly date: string;
  readonly database: DatabaseKind;
  readonly runs: number;
  readonly scale: number;
  readonly baseline: string;
  readonly machine: MachineInfo;
  readonly rows: readonly ResultRow[];
}

export function summarize(
  samples: readonly Sample[],
  options: {
    database: DatabaseKind;
    runs: number;
    scale: number;
    baseline: string;
    machine: MachineInfo;
    contenders: readonly string[];
  },
): BenchReport {
  const rows: ResultRow[] = [];
  const workloadOrder = [...new Set(samples.map((sample) => sample.workload))];
  for (const workload of workloadOrder) {
    const of = (contender: string) =>
      samples.filter((s) => s.workload === workload && s.contender === contender);
    const medianOf = (contender: string) => {
      const times = of(contender).flatMap((s) => s.ms);
      return times.length > 0 ? median(times) : null;
    };
    const baselineMedian = medianOf(options.baseline);
    for (const contender of options.contenders) {
      const mine = of(contender);
      if (mine.length === 0) continue;
      const times = mine.flatMap((s) => s.ms);
      const medianMs = median(times);
      const ratio = baselineMedian ? medianMs / baselineMedian : null;
      const target =
        workloads[workload].targets[contender as 'athanor-core' | 'athanor-orm'] ?? null;
      rows.push({
        workload,
        title: workloads[workload].title,
        size: (mine[0] as Sample).size,
        contender,
        runs: mine.length,
        samples: times.length,
        medianMs,
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
        ratio,
        target,
        withinTarget: target === null || ratio === null ? null : ratio <= target,
        peakRssMiB: median(mine.map((s) => s.maxRssKb)) / 1024,
        samplesMs: times,
      });
    }
  }
  return {
    date: new Date().toISOString(),
    database: options.database,
    runs: options.runs,
    scale: options.scale,
    baseline: options.baseline,
    machine: options.machine,
    rows,
  };
}
