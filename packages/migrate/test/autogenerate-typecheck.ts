import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RevisionBody } from '../src/index.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(
  dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
  'bin',
  'tsc',
);

/** A revision file around a rendered body, its `op` typed as the real `Operations` class. */
function revisionFile(body: RevisionBody): string {
  return [
    ...body.imports,
    "import type { Operations } from '../../src/index.js';",
    '',
    'export async function upgrade(op: Operations): Promise<void> {',
    body.upgrade,
    '}',
    '',
    'export async function downgrade(op: Operations): Promise<void> {',
    body.downgrade,
    '}',
    '',
  ].join('\n');
}

/**
 * Writes each body into a revision file in a folder of the test directory and runs the repo's
 * tsc on them (strict, as the package's tests are checked): a rendered revision that does not
 * compile fails with tsc's messages.
 */
export async function typeCheckBodies(
  name: string,
  bodies: readonly RevisionBody[],
): Promise<void> {
  const dir = join(here, `.rendered-${name}-${process.pid}`);
  await mkdir(dir, { recursive: true });
  try {
    await Promise.all(
      bodies.map((body, i) => writeFile(join(dir, `revision_${i}.ts`), revisionFile(body))),
    );
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.json',
        include: ['*.ts'],
      }),
    );
    try {
      await run(process.execPath, [tsc, '--noEmit', '-p', dir]);
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`Rendered revisions in ${dir} do not type-check:\n${stdout}${stderr}`);
    }
  } finally {
    if (!process.env.ATHANOR_KEEP_RENDERED) await rm(dir, { recursive: true, force: true });
  }
}
