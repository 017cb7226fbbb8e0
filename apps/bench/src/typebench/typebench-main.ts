import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { markdownTable } from '../report/format.js';
import { generateFixture } from './generate-fixture.js';
import {
  type Budget,
  checkBudget,
  type Diagnostics,
  parseDiagnostics,
} from './typebench-budget.js';

const typesDir = fileURLToPath(new URL('../../types/', import.meta.url));
const budgetFile = join(typesDir, 'budget.json');
const fixture = { models: 50, queries: 200 };

/** The tsc of the workspace (TypeScript 7, the native compiler). */
function tscPath(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('typescript/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin.tsc as string);
}

function runTsc(): { diagnostics: Diagnostics; output: string } {
  const result = spawnSync(
    process.execPath,
    [tscPath(), '--extendedDiagnostics', '-p', join(typesDir, 'tsconfig.json')],
    { encoding: 'utf8' },
  );
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) {
    throw new Error(`tsc found errors in the generated fixture (or failed):\n${output}`);
  }
  return { diagnostics: parseDiagnostics(output), output };
}

/**
 * The type-check benchmark: generates 50 models and 200 queries, type-checks them with
 * `tsc --extendedDiagnostics`, and fails when instantiations or check time exceed the budget in
 * types/budget.json by more than its tolerance. `--update-budget` writes what was measured
 * (the best of `--runs`, plus headroom) as the new budget.
 */
function main(): number {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'update-budget': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  mkdirSync(join(typesDir, 'generated'), { recursive: true });
  writeFileSync(join(typesDir, 'generated', 'typebench.ts'), generateFixture(fixture));

  const runs: Diagnostics[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const { diagnostics, output } = runTsc();
    if (values.verbose && i === 0) process.stdout.write(output);
    runs.push(diagnostics);
  }
  // Time varies from run to run, counts do not: the fastest run is the least disturbed one.
  const best = runs.reduce((a, b) => (b.checkTimeMs < a.checkTimeMs ? b : a));
  process.stdout.write(
    `Type-check benchmark: ${fixture.models} models, ${fixture.queries} queries, best of ${runs.length} runs\n\n`,
  );

  if (values['update-budget']) {
    const budget: Budget = {
      note: 'Set by `pnpm --filter @athanor/bench typebench --update-budget` from a measurement, with headroom; a run fails past tolerance.',
      tolerance: 0.2,
      instantiations: Math.ceil(best.instantiations * 1.1),
      checkTimeMs: Math.ceil(best.checkTimeMs * 2),
      measured: best,
    };
    writeFileSync(budgetFile, `${JSON.stringify(budget, null, 2)}\n`);
    process.stdout.write(`Budget written to ${budgetFile}\n`);
  }
  const budget = JSON.parse(readFileSync(budgetFile, 'utf8')) as Budget;
  const verdicts = checkBudget(best, budget);
  process.stdout.write(
    `${markdownTable(
      ['measure', 'measured', 'budget', 'fails above', 'verdict'],
      verdicts.map((v) => [v.measure, v.measured, v.budget, v.limit, v.ok ? 'ok' : 'OVER BUDGET']),
      new Set([1, 2, 3]),
    )}\n\n`,
  );
  const rest = Object.entries(best.other).map(([k, v]) => `${k}: ${v}`);
  if (rest.length > 0) process.stdout.write(`Also reported by tsc: ${rest.join('; ')}\n`);
  return verdicts.every((v) => v.ok) ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
