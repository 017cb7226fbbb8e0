/** The workloads of the benchmark issue. */
export const workloadIds = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'] as const;

export type WorkloadId = (typeof workloadIds)[number];

/** What a workload does and how it is measured. */
export interface WorkloadSpec {
  readonly id: WorkloadId;
  /** One line for tables and charts. */
  readonly title: string;
  /** Rows (or iterations) at `--size 1`; for W4, users (each with `postsPerUser` posts). */
  readonly baseSize: number;
  /** Untimed runs in each child before the timed ones, so the JIT has compiled the code. */
  readonly warmup: number;
  /** Timed runs in each child; every one is a sample for the median. */
  readonly timed: number;
  /** Whether peak memory, not time, is what it is about (the chart labels it). */
  readonly measuresMemory: boolean;
  /** The ratio to the raw driver the issue asks for, per Athanor contender. */
  readonly targets: Readonly<Partial<Record<'athanor-core' | 'athanor-orm', number>>>;
}

export const workloads: Readonly<Record<WorkloadId, WorkloadSpec>> = {
  W1: {
    id: 'W1',
    title: 'insert rows in one transaction',
    baseSize: 10_000,
    warmup: 5,
    timed: 5,
    measuresMemory: false,
    targets: { 'athanor-core': 1.3, 'athanor-orm': 2 },
  },
  W2: {
    id: 'W2',
    title: 'select rows into objects',
    baseSize: 10_000,
    warmup: 5,
    timed: 5,
    measuresMemory: false,
    targets: { 'athanor-core': 1.1, 'athanor-orm': 2 },
  },
  W3: {
    id: 'W3',
    title: 'primary-key lookups, one query each',
    baseSize: 10_000,
    warmup: 2,
    timed: 3,
    measuresMemory: false,
    targets: { 'athanor-core': 3, 'athanor-orm': 5 },
  },
  W4: {
    id: 'W4',
    title: 'load users with their posts eagerly (10 each)',
    baseSize: 1_000,
    // The ORM's loading code settles after 10 to 25 runs.
    warmup: 20,
    timed: 5,
    measuresMemory: false,
    // To the fastest hand-written code: raw's one JSON-aggregating query (the benchmark
    // issue's floor). raw-2q, the same two queries selectinload sends, is shown beside it.
    targets: { 'athanor-orm': 2 },
  },
  W5: {
    id: 'W5',
    title: 'load rows, change one attribute each, save',
    baseSize: 1_000,
    warmup: 20,
    timed: 5,
    measuresMemory: false,
    targets: { 'athanor-core': 3, 'athanor-orm': 5 },
  },
  W6: {
    id: 'W6',
    title: 'build and compile a join select (no execution)',
    baseSize: 10_000,
    warmup: 3,
    timed: 5,
    measuresMemory: false,
    targets: {},
  },
  W7: {
    id: 'W7',
    title: 'stream rows (peak RSS)',
    baseSize: 1_000_000,
    warmup: 0,
    timed: 1,
    measuresMemory: true,
    targets: {},
  },
};

/** The number of rows (or iterations) a workload runs at a scale factor: at least one. */
export function scaledSize(id: WorkloadId, scale: number): number {
  return Math.max(1, Math.round(workloads[id].baseSize * scale));
}

export function isWorkloadId(value: string): value is WorkloadId {
  return (workloadIds as readonly string[]).includes(value);
}
