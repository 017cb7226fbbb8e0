import { join } from 'node:path';
import { createEngine, type Dialect, text } from '@athanor/core';
import { mysqlDialect } from '@athanor/mysql';
import { postgresDialect } from '@athanor/postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { markdownFiles, prepareProject, runModule, typecheckProject } from '../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const servers = {
  postgres: {
    url: process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
    envVar: 'ATHANOR_PG_URL',
    dialect: postgresDialect as Dialect,
  },
  mysql: {
    url: process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
    envVar: 'ATHANOR_MYSQL_URL',
    dialect: mysqlDialect as Dialect,
  },
};

// Written at collection time, so that every Markdown file gets a test of its own.
const project = prepareProject(root, join(import.meta.dirname, '..', '.tmp'), markdownFiles(root), {
  urls: { postgres: servers.postgres.url, mysql: servers.mysql.url },
});
let typeErrors = new Map<string, string[]>();
const unreachable = new Map<'postgres' | 'mysql', string>();

beforeAll(async () => {
  typeErrors = typecheckProject(project);
  const needed = new Set(project.files.flatMap((f) => f.modules.map((m) => m.server)));
  for (const name of ['postgres', 'mysql'] as const) {
    if (!needed.has(name)) continue;
    const server = servers[name];
    const engine = createEngine(server.url, { dialect: server.dialect });
    try {
      await engine.execute(text('SELECT 1'));
    } catch (error) {
      const reason = `cannot reach ${engine.url} (${(error as Error).message.split('\n')[0]})`;
      if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true this fails.`);
      unreachable.set(name, `${reason}; set ${server.envVar} to point at a server`);
    } finally {
      await engine.dispose();
    }
  }
});

describe('every TypeScript block of the docs and READMEs', () => {
  it('finds the blocks', () => {
    expect(project.files.map((f) => f.file)).toContain('README.md');
    const blocks = project.files.reduce((n, f) => n + f.blocks.length, 0);
    console.log(`docs-check: ${blocks} blocks in ${project.files.length} Markdown files`);
  });

  for (const file of project.files) {
    const count = file.blocks.length;
    it.concurrent(`${file.file}: ${count} block${count === 1 ? '' : 's'} type-check and run`, async () => {
      const errors = typeErrors.get(file.file) ?? [];
      if (errors.length > 0) throw new Error(`Type errors:\n${errors.join('\n')}`);
      const failures: string[] = [];
      for (const module of file.modules) {
        if (!module.run) continue;
        const reason = module.server && unreachable.get(module.server);
        if (reason) {
          console.warn(`SKIPPING ${file.file} block ${module.blocks.join(', ')}: ${reason}.`);
          continue;
        }
        const failure = await runModule(project, file, module);
        if (failure) failures.push(failure);
      }
      if (failures.length > 0) throw new Error(failures.join('\n\n'));
    });
  }
});
