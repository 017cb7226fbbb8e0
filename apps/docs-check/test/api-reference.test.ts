import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const here = join(import.meta.dirname, '..');

it('the API reference builds with TypeDoc without a warning', () => {
  // A warning is an error (typedoc.json): a public signature naming a type the package does not
  // export, a broken {@link}, ... Built into a temporary directory, so docs/api is left alone.
  const out = mkdtempSync(join(tmpdir(), 'athanor-api-'));
  try {
    const run = spawnSync(
      process.execPath,
      [join(here, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out],
      { cwd: here, encoding: 'utf8' },
    );
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\[warning\]|\[error\]/);
    expect(run.status).toBe(0);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
