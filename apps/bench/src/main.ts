import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, UsageError, usage } from './cli-options.js';
import { baselineName } from './contenders/index.js';
import { defaultTarget } from './database-target.js';
import { machineInfo } from './machine.js';
import { runPlan } from './orchestrator.js';
import { markdownReport } from './report/markdown-report.js';
import { svgChart } from './report/svg-chart.js';
import { summarize } from './results.js';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(usage);
    return 0;
  }
  const profileDir = options.profile ? join(resultsDir, 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const samples = await runPlan(
    {
      workloads: options.workloads,
      contenders: options.contenders,
      target: defaultTarget(options.database),
      runs: options.runs,
      scale: options.scale,
      warmup: options.warmup,
      timed: options.timed,
      profileDir,
    },
    (message) => process.stderr.write(`${message}\n`),
  );
  const report = summarize(samples, {
    database: options.database,
    runs: options.runs,
    scale: options.scale,
    baseline: baselineName,
    machine: machineInfo(),
    contenders: options.contenders.map((c) => c.name),
  });
  const markdown = markdownReport(report);
  const base = resolve(resultsDir, options.out);
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.svg`, svgChart(report));
  process.stdout.write(`\n${markdown}\nWritten: ${base}.{md,json,svg}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
