import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SoakReport } from '../src/soak/soak.js';

const soakMain = join(import.meta.dirname, '..', 'dist', 'soak', 'soak-main.js');

/** Runs the built soak command as `pnpm soak` does, and returns its JSON report. */
function soak(...args: string[]): { status: number | null; report: SoakReport } {
  const run = spawnSync(process.execPath, ['--expose-gc', soakMain, '--json', ...args], {
    encoding: 'utf8',
  });
  if (run.status === null || run.stdout === '') throw new Error(`the soak failed: ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as SoakReport };
}

describe('the soak', () => {
  it('runs every kind of work on a SQLite file for a second, without an error', () => {
    const { status, report } = soak('--seconds', '1', '--sessions', '3');
    expect(report.errors).toEqual({});
    expect(status).toBe(0);
    expect(report.url).toMatch(/^sqlite:\/\/\/.*soak\.db$/);
    expect(report.sessions).toBe(3);
    expect(report.ops).toBeGreaterThan(0);
    // Each session does every kind of work once, however slow the machine.
    expect(Object.keys(report.opsByKind).sort()).toEqual(
      ['add', 'delete', 'load', 'query', 'rollback', 'update'].sort(),
    );
    expect(report.gcForced).toBe(true);
    expect(report.heapAfterMb).toBeGreaterThan(0);
  });

  it('runs on SQLite in memory too, its one connection lent to each session in turn', () => {
    const { status, report } = soak('--seconds', '1', '--sessions', '2', '--url', 'sqlite://');
    expect(report.errors).toEqual({});
    expect(status).toBe(0);
    expect(report.url).toBe('sqlite://');
    expect(report.ops).toBeGreaterThan(0);
  });

  it('refuses a number of seconds that is not positive, saying which option', () => {
    const run = spawnSync(process.execPath, [soakMain, '--seconds', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--seconds takes a positive number');
  });

  it('refuses a database on another machine, without showing its password', () => {
    const url = 'postgresql://app:secret@db.example.com/shop';
    const run = spawnSync(process.execPath, [soakMain, '--url', url], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('only on a database on this machine');
    expect(run.stderr).not.toContain('secret');
  });
});
