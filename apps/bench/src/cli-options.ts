import { parseArgs } from 'node:util';
import type { Contender } from './contender.js';
import { contenders } from './contenders/index.js';
import { type DatabaseKind, databaseKinds, isDatabaseKind } from './database-target.js';
import { isWorkloadId, type WorkloadId, workloadIds } from './workloads.js';

/** The command line, read and checked. */
export interface BenchOptions {
  readonly workloads: readonly WorkloadId[];
  readonly contenders: readonly Contender[];
  readonly database: DatabaseKind;
  readonly runs: number;
  readonly scale: number;
  readonly warmup: number | undefined;
  readonly timed: number | undefined;
  /** Base name of the result files in `results/`. */
  readonly out: string;
  readonly profile: boolean;
  readonly help: boolean;
}

export const usage = `Usage: pnpm bench [options]      (from the repository root; or npm run bench -- [options])

  --workload W1,W2      workloads to run (default: all: ${workloadIds.join(',')})
  --contender a,b       contenders (default: all: ${contenders.map((c) => c.name).join(',')})
  --db sqlite|postgres|mysql
                        the database (default sqlite, in memory); servers from
                        ATHANOR_PG_URL / ATHANOR_MYSQL_URL
  --runs N              child processes per contender and workload (default 7)
  --size F              scale factor for every workload's rows (default 1; 0.01 for a quick look)
  --warmup N            untimed runs in each child (default: each workload's own)
  --timed N             timed runs in each child, each a sample (default: each workload's own)
  --out NAME            result files results/NAME.{md,json,svg} (a path is taken as given;
                        default latest on sqlite, latest-<db> on a server)
  --profile             write a --cpu-prof profile of each child to results/profiles/
  --help                this text
`;

/** Thrown for a command line that does not make sense; main prints it with the usage. */
export class UsageError extends Error {}

function list<T extends string>(
  value: string | undefined,
  all: readonly T[],
  valid: (item: string) => item is T,
  what: string,
): T[] {
  if (value === undefined) return [...all];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!valid(item)) throw new UsageError(`unknown ${what} '${item}' (known: ${all.join(', ')})`);
  }
  // Keep the canonical order, whatever order they were asked for in.
  return all.filter((item) => items.includes(item));
}

function positive(value: string | undefined, fallback: number, what: string, integer: boolean) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `${what} must be a positive ${integer ? 'integer' : 'number'}, got '${value}'`,
    );
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        workload: { type: 'string' },
        contender: { type: 'string' },
        db: { type: 'string' },
        runs: { type: 'string' },
        size: { type: 'string' },
        warmup: { type: 'string' },
        timed: { type: 'string' },
        out: { type: 'string' },
        profile: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const str = (key: string) => values[key] as string | undefined;
  const names = contenders.map((c) => c.name);
  const chosen = list(str('contender'), names, (n): n is string => names.includes(n), 'contender');
  const database = str('db') ?? 'sqlite';
  if (!isDatabaseKind(database)) {
    throw new UsageError(`unknown database '${database}' (known: ${databaseKinds.join(', ')})`);
  }
  const warmup = str('warmup');
  if (warmup !== undefined && !(Number.isInteger(Number(warmup)) && Number(warmup) >= 0))
    throw new UsageError(`--warmup must be a whole number, got '${warmup}'`);
  return {
    workloads: list(str('workload'), workloadIds, isWorkloadId, 'workload'),
    contenders: contenders.filter((c) => chosen.includes(c.name)),
    database,
    runs: positive(str('runs'), 7, '--runs', true),
    scale: positive(str('size'), 1, '--size', false),
    warmup: warmup === undefined ? undefined : Number(warmup),
    timed: str('timed') === undefined ? undefined : positive(str('timed'), 1, '--timed', true),
    out: str('out') ?? (database === 'sqlite' ? 'latest' : `latest-${database}`),
    profile: values.profile === true,
    help: values.help === true,
  };
}
