/** What `tsc --extendedDiagnostics` reports that the budget watches, and the rest as printed. */
export interface Diagnostics {
  readonly instantiations: number;
  readonly types: number;
  readonly checkTimeMs: number;
  readonly totalTimeMs: number;
  readonly memoryKb: number;
  /** Every other `Name: value` line, as tsc printed it. */
  readonly other: Readonly<Record<string, string>>;
}

/** The limits a type-check run must stay within. */
export interface Budget {
  readonly note: string;
  /** How far over a budget a run may go before it fails: 0.2 is 20%. */
  readonly tolerance: number;
  readonly instantiations: number;
  readonly checkTimeMs: number;
  /** What the budget was set from. */
  readonly measured: Diagnostics;
}

/** A duration as tsc prints it (`0.52s`, `120ms`) in milliseconds. */
function milliseconds(value: string): number {
  const n = Number.parseFloat(value);
  return /ms$/.test(value) ? n : n * 1000;
}

/** A memory size (`123456K`, `120MB`) in KiB. */
function kibibytes(value: string): number {
  const n = Number.parseFloat(value);
  if (/MB$/i.test(value)) return n * 1024;
  if (/GB$/i.test(value)) return n * 1024 * 1024;
  return n;
}

/** Reads the `Name: value` lines of `tsc --extendedDiagnostics`. */
export function parseDiagnostics(output: string): Diagnostics {
  const lines = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([A-Za-z][A-Za-z ()/.-]*?):\s+(\S+)\s*$/.exec(line.trim());
    if (match) lines.set(match[1] as string, match[2] as string);
  }
  const take = (name: string) => {
    const value = lines.get(name);
    lines.delete(name);
    return value;
  };
  const instantiations = take('Instantiations');
  const checkTime = take('Check time');
  if (instantiations === undefined || checkTime === undefined) {
    throw new Error(`tsc printed no Instantiations or Check time:\n${output}`);
  }
  const types = take('Types');
  const totalTime = take('Total time');
  const memory = take('Memory used');
  return {
    instantiations: Number(instantiations),
    types: types === undefined ? Number.NaN : Number(types),
    checkTimeMs: milliseconds(checkTime),
    totalTimeMs: totalTime === undefined ? Number.NaN : milliseconds(totalTime),
    memoryKb: memory === undefined ? Number.NaN : kibibytes(memory),
    other: Object.fromEntries(lines),
  };
}

export interface Verdict {
  readonly measure: string;
  readonly measured: string;
  readonly budget: string;
  readonly limit: string;
  readonly ok: boolean;
}

/** Instantiations and check time against the budget, each allowed `tolerance` over it. */
export function checkBudget(measured: Diagnostics, budget: Budget): Verdict[] {
  const factor = 1 + budget.tolerance;
  const verdict = (measure: string, value: number, limit: number, unit: string): Verdict => ({
    measure,
    measured: `${Math.round(value).toLocaleString('en-US')}${unit}`,
    budget: `${Math.round(limit).toLocaleString('en-US')}${unit}`,
    limit: `${Math.round(limit * factor).toLocaleString('en-US')}${unit}`,
    ok: value <= limit * factor,
  });
  return [
    verdict('instantiations', measured.instantiations, budget.instantiations, ''),
    verdict('check time', measured.checkTimeMs, budget.checkTimeMs, ' ms'),
    {
      measure: 'types',
      measured: measured.types.toLocaleString('en-US'),
      budget: '—',
      limit: '—',
      ok: true,
    },
    {
      measure: 'memory',
      measured: `${Math.round(measured.memoryKb / 1024)} MiB`,
      budget: '—',
      limit: '—',
      ok: true,
    },
  ];
}
