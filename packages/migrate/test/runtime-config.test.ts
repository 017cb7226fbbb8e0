import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MetaData } from '@athanor/core';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig, loadMetadata, loadRevisionMap, resolveConfig } from '../src/index.js';
import { CliProject } from './support/cli-project.js';

const run = promisify(execFile);
const distIndex = join(import.meta.dirname, '..', 'dist', 'index.js');

const models = `import * as sa from '@athanor/core';
import { accountColumns } from './columns.js';
export const metadata = new sa.MetaData();
new sa.Table('accounts', metadata, accountColumns());
const other = new sa.MetaData();
new sa.Table('audit', other, { id: new sa.Column(sa.Integer, { primaryKey: true }) });
export class AuditBase { static metadata = other; }
export default other;
`;
const columns = `import * as sa from '@athanor/core';
export function accountColumns(): Record<string, sa.Column> {
  return { id: new sa.Column(sa.Integer, { primaryKey: true }) };
}
`;

describe('config and metadata loading', () => {
  const projects: CliProject[] = [];
  const project = () => {
    const made = new CliProject();
    projects.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of projects.splice(0)) made.remove();
  });

  test('--url wins over DATABASE_URL, which wins over the config', () => {
    const config = { url: 'sqlite:///config.db', migrations: './db' };
    expect(resolveConfig(config, { baseDir: '/app', env: {} })).toMatchObject({
      url: 'sqlite:///config.db',
      migrations: '/app/db',
      versionTable: 'athanor_version',
    });
    const env = { DATABASE_URL: 'sqlite:///env.db' };
    expect(resolveConfig(config, { env }).url).toBe('sqlite:///env.db');
    expect(resolveConfig(config, { env, url: 'sqlite:///flag.db' }).url).toBe('sqlite:///flag.db');
  });

  test('a config with a wrong type or no default export is refused, naming the file', async () => {
    const cli = project();
    cli.write('athanor.config.mjs', 'export const config = {};\n');
    await expect(loadConfig({ cwd: cli.dir })).rejects.toThrow(
      /athanor\.config\.mjs has no default export: write export default defineConfig/,
    );
    expect(() => resolveConfig(JSON.parse('{"url": 5}'), { configFile: 'x.ts' })).toThrow(
      "x.ts: 'url' must be a string, got number.",
    );
  });

  test('TypeScript config, models and revisions load in plain Node 20 (no build step)', async () => {
    const cli = project();
    await cli.athanor(['init', '--url', 'sqlite:///app.db']);
    cli.write('models.ts', models);
    cli.write('columns.ts', columns);
    cli.write(
      'athanor.config.ts',
      "import { defineConfig } from '@athanor/migrate';\nconst where: string = './models.ts';\nexport default defineConfig({ url: 'sqlite:///app.db', metadata: where });\n",
    );
    await cli.athanor(['revision', '-m', 'first', '--rev-id', 'abcdef012345']);
    const script = `
      import { loadConfig, loadMetadata, loadRevisionMap, resolveConfig } from ${JSON.stringify(distIndex)};
      const config = await loadConfig();
      const tables = async (spec) => [...(await loadMetadata({ ...config, metadata: spec })).tables.keys()];
      const map = await loadRevisionMap(config.migrations);
      console.log(JSON.stringify({
        byName: await tables(config.metadata),
        base: await tables(config.metadata + '#AuditBase'),
        heads: map.heads.map((r) => r.id),
      }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: cli.dir,
    });
    expect(JSON.parse(stdout)).toEqual({
      byName: ['accounts'],
      base: ['audit'],
      heads: ['abcdef012345'],
    });
  });

  test('metadata: the metadata export, a Base, the default, or #Name; else the exports listed', async () => {
    const cli = project();
    cli.write('models.ts', models);
    cli.write('columns.ts', columns);
    cli.write('empty.ts', 'export const nothing = 1;\n');
    const config = (metadata: string) => resolveConfig({ metadata }, { baseDir: cli.dir, env: {} });
    const tables = async (spec: string) => [...(await loadMetadata(config(spec))).tables.keys()];
    expect(await tables('./models.ts')).toEqual(['accounts']);
    expect(await tables('./models.ts#AuditBase')).toEqual(['audit']);
    expect(await tables('./models.ts#default')).toEqual(['audit']);
    const given = new MetaData();
    expect(await loadMetadata(resolveConfig({ metadata: given }))).toBe(given);
    await expect(loadMetadata(config('./empty.ts'))).rejects.toThrow(
      /empty\.ts exports no MetaData \(looked for 'metadata', 'Base' with \.metadata, and the default; it exports nothing\)/,
    );
    await expect(loadMetadata(config('./models.ts#Nope'))).rejects.toThrow(
      /has no MetaData or Base export 'Nope' \(it exports AuditBase, default, metadata\)/,
    );
  });

  test('a revision file missing an export is refused, naming the file and the export', async () => {
    const cli = project();
    await cli.athanor(['init']);
    cli.write(
      'migrations/versions/aaaa_bad.mjs',
      "export const revision = 'aaaa';\nexport const downRevision = null;\nexport async function upgrade() {}\n",
    );
    const config = resolveConfig({}, { baseDir: cli.dir, env: {} });
    await expect(loadRevisionMap(config.migrations)).rejects.toThrow(
      /Revision file .*aaaa_bad\.mjs: it has no 'export async function downgrade\(op\)'/,
    );
  });
});
