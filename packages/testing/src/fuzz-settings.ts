/**
 * How many cases the fuzz properties run, and from which seed. CI runs the defaults: a fixed
 * seed, so a failure there is reproducible and a pass is not luck. Run more, or other, cases
 * locally with the environment:
 *
 * ```sh
 * ATHANOR_FUZZ_RUNS=2000 ATHANOR_FUZZ_SEED=123 pnpm exec vitest run test/conformance.test.ts -t fuzz
 * ```
 *
 * `ATHANOR_FUZZ_SEED=random` takes a new seed each run; fast-check prints it with any failure.
 */
interface FuzzSettings {
  /** Property runs; each run checks a batch of generated values (see the suite). */
  readonly numRuns: number;
  /** fast-check's seed; undefined for a random one. */
  readonly seed: number | undefined;
}

/** The seed CI runs with. Any fixed number serves; changing it changes the cases CI sees. */
const defaultFuzzSeed = 20261201;

/**
 * The settings for a property whose default is `defaultRuns` runs. `ATHANOR_FUZZ_RUNS` scales
 * every property alike: it is a multiple of the defaults (`ATHANOR_FUZZ_RUNS=10` runs ten times
 * as many cases), so slow properties stay proportionally smaller. `scale` is the suite's
 * `fuzzScale` option.
 */
export function fuzzSettings(defaultRuns: number, scale = 1): FuzzSettings {
  const runs = process.env.ATHANOR_FUZZ_RUNS || '1';
  const factor = Number(runs);
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new Error(`ATHANOR_FUZZ_RUNS must be a positive number, got ${JSON.stringify(runs)}.`);
  }
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`fuzzScale must be a positive number, got ${String(scale)}.`);
  }
  const seedText = process.env.ATHANOR_FUZZ_SEED || String(defaultFuzzSeed);
  const seed = seedText === 'random' ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new Error(
      `ATHANOR_FUZZ_SEED must be an integer or 'random', got ${JSON.stringify(seedText)}.`,
    );
  }
  return { numRuns: Math.max(1, Math.round(defaultRuns * factor * scale)), seed };
}
