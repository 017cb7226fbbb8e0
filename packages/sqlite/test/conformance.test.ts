import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformanceSuite } from '@athanor/testing';
import { afterAll } from 'vitest';
import { sqliteDialect } from '../src/index.js';

runConformanceSuite({ dialect: sqliteDialect, url: 'sqlite://', label: 'sqlite (memory)' });

const directory = mkdtempSync(join(tmpdir(), 'athanor-sqlite-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
runConformanceSuite({
  dialect: sqliteDialect,
  url: `sqlite:///${join(directory, 'conformance.db')}`,
  label: 'sqlite (file)',
  // The fuzz properties run in full on the in-memory database above; here a share.
  fuzzScale: 0.2,
});
