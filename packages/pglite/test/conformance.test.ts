import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformanceSuite } from '@athanor/testing';
import { afterAll } from 'vitest';
import { pgliteDialect } from '../src/index.js';

runConformanceSuite({ dialect: pgliteDialect, url: 'pglite://', label: 'pglite (memory)' });

const directory = mkdtempSync(join(tmpdir(), 'athanor-pglite-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
runConformanceSuite({
  dialect: pgliteDialect,
  url: `pglite:///${join(directory, 'data')}`,
  label: 'pglite (data directory)',
  // The fuzz properties run in full on the in-memory database above; here a share.
  fuzzScale: 0.2,
});
