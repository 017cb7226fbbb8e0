import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runShardingSuite } from '@athanor/testing';
import { sqliteDialect } from '../src/index.js';

// Two database files, one per shard.
runShardingSuite({
  dialect: sqliteDialect,
  envVar: 'TMPDIR',
  async createDatabases(count) {
    const directory = mkdtempSync(join(tmpdir(), 'athanor-shards-'));
    return {
      urls: Array.from({ length: count }, (_, i) => `sqlite:///${join(directory, `shard${i}.db`)}`),
      async drop() {
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
});
