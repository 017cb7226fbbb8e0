import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './report/format.js';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) this reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's share of a profile. */
export interface FunctionTime {
  readonly name: string;
  /** `file:line`, in the TypeScript source when the built file has a source map. */
  readonly location: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sourceMaps = new Map<string, SourceMap | null>();

/** A built file's position as a place in its source (`packages/core/src/x.ts:12`). */
function locate(url: string, line: number, column: number): string {
  if (!url) return '(native)';
  if (!url.startsWith('file://')) return `${url}:${line + 1}`;
  const file = fileURLToPath(url);
  let map = sourceMaps.get(file);
  if (map === undefined) {
    map = existsSync(`${file}.map`)
      ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')))
      : null;
    sourceMaps.set(file, map);
  }
  const entry = map?.findEntry(line, column) as
    | { originalSource?: string; originalLine?: number }
    | undefined;
  if (entry?.originalSource && entry.originalLine !== undefined) {
    const source = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(file), entry.originalSource);
    return `${relative(repoRoot, source)}:${entry.originalLine + 1}`;
  }
  return `${relative(repoRoot, file)}:${line + 1}`;
}

/** Self and total time per function (recursion counted once per sample). */
export function summarizeProfile(profile: CpuProfile): FunctionTime[] {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = new Map<number, string>();
  const info = new Map<string, { name: string; location: string; self: number; total: number }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const location = locate(url, lineNumber, columnNumber);
    const name = functionName || '(anonymous)';
    const key = `${name} ${location}`;
    keyOf.set(node.id, key);
    if (!info.has(key)) info.set(key, { name, location, self: 0, total: 0 });
  }
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const own = info.get(keyOf.get(id) as string);
    if (own) own.self += micros;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf.get(at) as string;
      if (seen.has(key) || !byId.has(at)) continue;
      seen.add(key);
      (info.get(key) as { total: number }).total += micros;
    }
  });
  return [...info.values()]
    .map(({ name, location, self, total }) => ({
      name,
      location,
      selfMs: self / 1000,
      totalMs: total / 1000,
    }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

function main(): void {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('Usage: node dist/profile-summary.js FILE.cpuprofile [TOP]\n');
    process.exitCode = 2;
    return;
  }
  const functions = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const all = functions.reduce((sum, f) => sum + f.selfMs, 0);
  const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
  const rows = functions
    .slice(0, Number(top))
    .map((f) => [
      f.selfMs.toFixed(1),
      `${((f.selfMs / all) * 100).toFixed(1)}%`,
      f.totalMs.toFixed(1),
      f.name,
      idle.has(f.name) ? '' : f.location,
    ]);
  process.stdout.write(
    `${markdownTable(['self ms', 'self %', 'total ms', 'function', 'where'], rows, new Set([0, 1, 2]))}\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
