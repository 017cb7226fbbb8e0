import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { compile, compileErrors, createConsumer, npmInstall, runScript } from '../src/consumer.js';
import { consumerEnv, rootDevDependency, run } from '../src/run.js';
import { workspaceRoot } from '../src/workspace.js';

const { dir, packed } = inject('packCheck');
const typesNode = `@types/node@${rootDevDependency(workspaceRoot, '@types/node')}`;

function tarball(name: string): string {
  const found = packed.find((pkg) => pkg.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found.tarball;
}

/** Whether something accepts TCP connections at the URL's host and port. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 5432) });
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Asserts that a module was resolved from the consumer project, not from the workspace. */
function expectInside(project: string, resolved: unknown) {
  expect(String(resolved)).toContain(pathToFileURL(join(project, 'node_modules')).href);
}

describe.concurrent('the tarballs installed with npm into empty projects outside the workspace', () => {
  it('(a) @athanor/core + @athanor/sqlite: a select from the expression language, compiled by tsc and run', async () => {
    const project = await createConsumer(join(dir, 'core-sqlite'), 'core-sqlite');
    await npmInstall(project, [tarball('@athanor/core'), tarball('@athanor/sqlite'), typesNode]);
    await compile(project);
    const { stdout } = await runScript(project, 'dist/main.js');
    const result = JSON.parse(stdout) as {
      sql: string;
      rows: { name: string; posts: number }[];
      core: string;
      dialectFace: string;
      sameCompiler: boolean;
      sqlite: string;
    };
    expect(result.rows).toEqual([
      { name: 'ALICE', posts: 2 },
      { name: 'BOB', posts: 1 },
    ]);
    expect(result.sql).toMatch(
      /^SELECT users\.name, count\(posts\.id\) AS posts\s+FROM users LEFT OUTER JOIN posts ON users\.id = posts\./,
    );
    expect(result.sql).toContain('GROUP BY users.name');
    expectInside(project, result.core);
    expectInside(project, result.dialectFace);
    expect(result.sameCompiler).toBe(true);
    expectInside(project, result.sqlite);
  });

  it('(b) @athanor/orm + @athanor/postgres: a model round trip on PostgreSQL', async ({ skip }) => {
    const url = process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
    if (!(await reachable(url))) {
      const message = `PostgreSQL is not reachable at ${url}`;
      if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
      console.warn(`SKIPPING the @athanor/orm + @athanor/postgres install check: ${message}.`);
      skip(message);
    }
    const project = await createConsumer(join(dir, 'orm-postgres'), 'orm-postgres');
    await npmInstall(project, [
      tarball('@athanor/core'),
      tarball('@athanor/orm'),
      tarball('@athanor/postgres'),
      typesNode,
    ]);
    await compile(project);
    const suffix = `${process.pid}_${Date.now()}`;
    const { stdout } = await runScript(project, 'dist/main.js', [suffix]);
    const { steps, orm } = JSON.parse(stdout) as { steps: Record<string, unknown>; orm: string };
    expect(steps).toEqual({
      insertedId: 'number',
      loaded: [{ name: 'Ursula', books: ['The Dispossessed', 'Earthsea'] }],
      updated: { name: 'Ursula K. Le Guin', books: ['The Dispossessed', 'A Wizard of Earthsea'] },
      remaining: { authors: 0, books: 0 },
    });
    expectInside(project, orm);
  });

  it('(c) a strict TypeScript consumer of core, orm and sqlite compiles against the published .d.ts', async () => {
    const project = await createConsumer(join(dir, 'typed-consumer'), 'typed-consumer');
    // Only compiled, never run: no need to build better-sqlite3.
    await npmInstall(
      project,
      [tarball('@athanor/core'), tarball('@athanor/orm'), tarball('@athanor/sqlite'), typesNode],
      { ignoreScripts: true },
    );
    await compile(project);
  });

  it('(d) the declarations of every public package compile for a strict consumer', async () => {
    const project = await createConsumer(join(dir, 'all-declarations'), 'typed-consumer');
    const vitest = `vitest@${rootDevDependency(workspaceRoot, 'vitest')}`; // @athanor/testing's peer
    await npmInstall(project, [...packed.map((pkg) => pkg.tarball), vitest, typesNode], {
      ignoreScripts: true,
    });
    const lines = packed.map((pkg, i) => `import * as package${i} from '${pkg.name}';`);
    lines.push(`export { ${packed.map((_, i) => `package${i}`).join(', ')} };`);
    await writeFile(join(project, 'index.ts'), `${lines.join('\n')}\n`);
    const { ours, theirs } = await compileErrors(project);
    if (theirs.length > 0) {
      console.warn(
        `Errors in dependencies' own declarations (not Athanor's; users with skipLibCheck: false see them too):\n${theirs.join('\n')}`,
      );
    }
    expect(ours).toEqual([]);
  });

  it('(e) npx athanor: init, revision --autogenerate, upgrade, current, downgrade on SQLite, with a .ts config and .ts models', async () => {
    const project = await createConsumer(join(dir, 'migrate-sqlite'), 'migrate-sqlite');
    await npmInstall(project, [
      tarball('@athanor/core'),
      tarball('@athanor/sqlite'),
      tarball('@athanor/migrate'),
    ]);
    /** `npx athanor ...args` in the project, as the user's shell runs it. */
    const athanor = async (...args: string[]) => {
      const { DATABASE_URL: _, ...env } = consumerEnv(); // the config's URL, as written by init
      const result = await run('npx', ['--no', '--', 'athanor', ...args], { cwd: project, env });
      const output = `${result.stdout}${result.stderr}`;
      expect(result.status, `athanor ${args.join(' ')}:\n${output}`).toBe(0);
      return output;
    };
    const database = async () => {
      const { stdout } = await runScript(project, 'rows.mjs');
      return JSON.parse(stdout) as { tables: string[]; rows: unknown[] | null };
    };

    const help = await athanor('--help');
    for (const command of ['init', 'revision', 'upgrade', 'downgrade', 'current', 'check']) {
      expect(help).toContain(command);
    }
    expect(await athanor('revision', '--help')).toContain('--autogenerate');

    expect(await athanor('init')).toContain('athanor.config.ts');
    const config = readFileSync(join(project, 'athanor.config.ts'), 'utf8');
    expect(config).toContain("metadata: './src/models.ts'");
    expect(config).toContain("url: 'sqlite:///app.db'");

    const written = await athanor('revision', '--autogenerate', '-m', 'create users');
    const id = /versions\/([0-9a-f]{12})_create_users\.ts/.exec(written)?.[1];
    if (!id) throw new Error(`revision wrote no versions/<id>_create_users.ts:\n${written}`);
    const source = readFileSync(
      join(project, 'migrations', 'versions', `${id}_create_users.ts`),
      'utf8',
    );
    expect(source).toContain("await op.createTable('users', {");
    expect(source).toContain('name: new sa.Column(sa.Varchar(50), { nullable: false })');
    expect(source).toContain("await op.dropTable('users');");

    expect(await athanor('upgrade', 'head')).toContain(id);
    expect(await athanor('current')).toContain(id);
    expect(await database()).toEqual({
      tables: ['athanor_version', 'users'],
      rows: [{ id: 1, name: 'ann' }],
    });
    expect(await athanor('check')).not.toContain('differ');

    await athanor('downgrade', '-1');
    expect(await athanor('current')).not.toContain(id);
    expect(await database()).toEqual({ tables: ['athanor_version'], rows: null });
  });
});
