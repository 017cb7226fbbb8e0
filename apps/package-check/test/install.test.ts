import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { compile, compileErrors, createConsumer, npmInstall, runScript } from '../src/consumer.js';
import { rootDevDependency } from '../src/run.js';
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
});
