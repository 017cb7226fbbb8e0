import type { ResultRow } from '../results.js';

/** Milliseconds as a table shows them: more decimals for short times. */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** A ratio to the baseline: `1.23×`. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '—';
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}

/** A target and whether it was met, with by how much it was missed: `≤ 2 ✗ +34%`. */
export function formatTarget(row: Pick<ResultRow, 'target' | 'ratio' | 'withinTarget'>): string {
  const { target, ratio, withinTarget } = row;
  if (target === null) return '';
  if (withinTarget === null || ratio === null) return `≤ ${target}`;
  if (withinTarget) return `≤ ${target} ✓`;
  return `≤ ${target} ✗ +${Math.round((ratio / target - 1) * 100)}%`;
}

/** A Markdown table with its columns padded, so it also reads as plain text. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number> = new Set(),
): string {
  const widths = headers.map((header, c) =>
    Math.max(3, header.length, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const pad = (text: string, c: number) =>
    rightAligned.has(c) ? text.padStart(widths[c] as number) : text.padEnd(widths[c] as number);
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => pad(cell, c)).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (rightAligned.has(c) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
