import type { BenchReport, ResultRow } from '../results.js';
import { workloads } from '../workloads.js';
import { formatRatio } from './format.js';

const palette = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#b279a2',
  '#e45756',
  '#72b7b2',
  '#9d755d',
  '#eeca3b',
  '#ff9da6',
  '#bab0ac',
];

const width = 760;
const labelWidth = 250;
const plotLeft = labelWidth + 10;
const plotRight = width - 70;
const barHeight = 16;
const barGap = 4;
const groupGap = 14;
const top = 48;

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );
}

/** A bar's value: the ratio, and the peak RSS where memory is what the workload measures. */
function label(row: ResultRow & { ratio: number }): string {
  const ratio = formatRatio(row.ratio);
  return workloads[row.workload].measuresMemory
    ? `${ratio}, ${row.peakRssMiB.toFixed(0)} MiB peak`
    : ratio;
}

/**
 * A bar chart of each contender's ratio to the baseline, grouped by workload, on a log scale
 * (W6's hand-written SQL is a floor far below the rest). A red tick marks each target; a bar
 * that misses its target is drawn with a red outline.
 */
export function svgChart(report: BenchReport): string {
  const rows = report.rows.filter(
    (row): row is ResultRow & { ratio: number } =>
      row.contender !== report.baseline && row.ratio !== null && row.ratio > 0,
  );
  const contenders = [...new Set(rows.map((row) => row.contender))];
  const colour = (name: string) => palette[contenders.indexOf(name) % palette.length] as string;
  const values = rows.flatMap((row) => [row.ratio, row.target ?? row.ratio]);
  const lo = 2 ** Math.floor(Math.log2(Math.min(0.5, ...values)));
  const hi = 2 ** Math.ceil(Math.log2(Math.max(2, ...values) * 1.05));
  const x = (ratio: number) =>
    plotLeft +
    ((Math.log2(ratio) - Math.log2(lo)) / (Math.log2(hi) - Math.log2(lo))) * (plotRight - plotLeft);

  const parts: string[] = [];
  let y = top;
  for (const workload of [...new Set(rows.map((row) => row.workload))]) {
    const group = rows.filter((row) => row.workload === workload);
    parts.push(
      `<text x="8" y="${y + 12}" font-weight="bold">${escapeXml(`${workload} ${group[0]?.title ?? ''}`)}</text>`,
    );
    y += barHeight + barGap;
    for (const row of group) {
      const missed = row.withinTarget === false;
      const end = x(row.ratio);
      const target = row.target;
      parts.push(
        `<text x="${labelWidth}" y="${y + 12}" text-anchor="end">${escapeXml(row.contender)}</text>`,
        `<rect x="${plotLeft}" y="${y}" width="${Math.max(1, end - plotLeft).toFixed(1)}" height="${barHeight}" fill="${colour(row.contender)}"${missed ? ' stroke="#d62728" stroke-width="2"' : ''}/>`,
        `<text x="${(Math.max(end, target === null ? 0 : x(target)) + 4).toFixed(1)}" y="${y + 12}">${escapeXml(label(row))}</text>`,
      );
      if (target !== null) {
        const tx = x(target).toFixed(1);
        parts.push(
          `<line x1="${tx}" x2="${tx}" y1="${y - 2}" y2="${y + barHeight + 2}" stroke="#d62728" stroke-width="2"><title>target ≤ ${row.target}×</title></line>`,
        );
      }
      y += barHeight + barGap;
    }
    y += groupGap;
  }
  const bottom = y;

  const grid: string[] = [];
  for (let tick = lo; tick <= hi; tick *= 2) {
    const tx = x(tick).toFixed(1);
    grid.push(
      `<line x1="${tx}" x2="${tx}" y1="${top - 6}" y2="${bottom}" stroke="${tick === 1 ? '#333' : '#ddd'}"${tick === 1 ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${tx}" y="${bottom + 16}" text-anchor="middle" fill="#555">${tick >= 1 ? tick : `1/${1 / tick}`}×</text>`,
    );
  }
  const height = bottom + 28;
  const heading = `Time relative to ${report.baseline} on ${report.database} (median, log scale; red tick: target)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(heading)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${escapeXml(heading)}</text>`,
    ...grid,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
