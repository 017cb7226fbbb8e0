import type { BenchReport } from '../results.js';
import { formatMs, formatRatio, formatTarget, markdownTable } from './format.js';

/** The results table, one row per contender and workload. */
export function resultsTable(report: BenchReport): string {
  let previous = '';
  const rows = report.rows.map((row) => {
    const first = row.workload !== previous;
    previous = row.workload;
    return [
      first ? `${row.workload} ${row.title}` : '',
      first ? row.size.toLocaleString('en-US') : '',
      row.contender,
      String(row.samples),
      formatMs(row.medianMs),
      `${formatMs(row.minMs)}–${formatMs(row.maxMs)}`,
      row.contender === report.baseline ? '1.00×' : formatRatio(row.ratio),
      formatTarget(row),
      row.peakRssMiB.toFixed(0),
    ];
  });
  return markdownTable(
    [
      'workload',
      'rows',
      'contender',
      'samples',
      'median ms',
      'min–max ms',
      `× ${report.baseline}`,
      'target',
      'peak RSS MiB',
    ],
    rows,
    new Set([1, 3, 4, 5, 6, 8]),
  );
}

/** The whole Markdown report: what was run, where, and the table. */
export function markdownReport(report: BenchReport): string {
  const { machine } = report;
  return [
    `# Benchmark results: ${report.database}`,
    '',
    `${report.date.slice(0, 16).replace('T', ' ')} UTC. Each cell: ${report.runs} child processes ` +
      'per contender, interleaved, each timing its own runs after warm-up; the median of all ' +
      `those samples. Scale ${report.scale}. ` +
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `${machine.platform}.`,
    '',
    resultsTable(report),
    '',
    `× ${report.baseline}: median time over the ${report.baseline} driver's median (lower is better). ` +
      'Peak RSS: the median of the children’s `maxRSS`, set-up and warm-up included.',
    '',
  ].join('\n');
}
