import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeUrl } from '@athanor/core';
import { runSoak, type SoakReport } from './soak.js';

const usage = `Usage: node --expose-gc dist/soak/soak-main.js [options]
  --url URL        database URL, on this machine (default: a SQLite file in a new temporary directory)
  --sessions N     concurrent sessions (default 8)
  --seconds S      how long to run (default 60)
  --json           print the report as JSON
`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} takes a positive number, got '${value}'`);
  return n;
}

function text(report: SoakReport): string {
  const errors = Object.entries(report.errors);
  const kinds = Object.entries(report.opsByKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const growth = report.heapAfterMb - report.heapBeforeMb;
  return [
    `database   ${report.url}`,
    `sessions   ${report.sessions}, ${report.seconds.toFixed(1)} s`,
    `ops        ${report.ops} (${report.opsPerSecond.toFixed(0)} ops/s): ${kinds}`,
    `errors     ${errors.length === 0 ? 0 : errors.map(([key, n]) => `${key} ${n}`).join(', ')}`,
    `heap       ${report.heapBeforeMb.toFixed(1)} MB -> ${report.heapAfterMb.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB)${report.gcForced ? ' after gc()' : ' (no --expose-gc: garbage included)'}`,
  ].join('\n');
}

async function main(): Promise<number> {
  // `pnpm --filter @athanor/bench soak -- --seconds 20` passes the `--` on.
  const args = process.argv.slice(2);
  const { values } = parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    options: {
      url: { type: 'string' },
      sessions: { type: 'string' },
      seconds: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const sessions = Math.floor(positive('sessions', values.sessions, 8));
  const seconds = positive('seconds', values.seconds, 60);
  // The default is a file, not memory: an in-memory SQLite database is one connection, so the
  // sessions would only take turns on it.
  const dir = values.url === undefined ? mkdtempSync(join(tmpdir(), 'athanor-soak-')) : undefined;
  const url = values.url ?? `sqlite:///${join(dir as string, 'soak.db')}`;
  // A soak loads the server for its whole run: it is for a database on this machine only.
  const { host } = makeUrl(url);
  if (host && !/^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/.test(host)) {
    throw new Error(
      `--url names ${host}: the soak runs only on a database on this machine (loopback).`,
    );
  }
  try {
    const report = await runSoak({ url, sessions, seconds });
    process.stdout.write(`${values.json ? JSON.stringify(report) : text(report)}\n`);
    return Object.keys(report.errors).length === 0 ? 0 : 1;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exitCode = 2;
}
