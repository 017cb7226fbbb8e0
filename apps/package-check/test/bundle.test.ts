import { join } from 'node:path';
import { rolldown } from 'rolldown';
import { expect, inject, it } from 'vitest';
import { createConsumer, npmInstall, runScript } from '../src/consumer.js';

const { dir, packed } = inject('packCheck');

it('a bundler honouring "sideEffects" keeps what @athanor/core needs at load', async () => {
  const core = packed.find((pkg) => pkg.name === '@athanor/core')!;
  const project = await createConsumer(join(dir, 'bundle'), 'bundle');
  await npmInstall(project, [core.tarball], { ignoreScripts: true });
  const unbundled = await runScript(project, 'query-only.js');
  const bundle = await rolldown({
    input: join(project, 'query-only.js'),
    cwd: project,
    platform: 'node',
    logLevel: 'silent',
  });
  await bundle.write({ file: join(project, 'out', 'query-only.mjs'), format: 'esm' });
  await bundle.close();
  const bundled = await runScript(project, join('out', 'query-only.mjs'));
  expect(unbundled.stdout.trim()).toMatch(/^SELECT users\.name\s+FROM users\s+WHERE users\.id = /);
  expect(bundled.stdout).toBe(unbundled.stdout);
});
