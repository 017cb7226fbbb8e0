/** Formats parameters for a log line or an error message: `('Alice', 25)`. */
export function formatParams(params: readonly unknown[]): string {
  const shown = params.slice(0, 10).map(formatValue);
  if (params.length > 10) shown.push(`... ${params.length - 10} more`);
  return `(${shown.join(', ')})`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
