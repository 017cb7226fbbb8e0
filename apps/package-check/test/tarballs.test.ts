import { describe, expect, inject, it } from 'vitest';
import { inspectTarball } from '../src/pack.js';
import { publicPackages } from '../src/workspace.js';

const { packed } = inject('packCheck');
const sources = new Map(publicPackages().map((pkg) => [pkg.name, pkg]));
const versions = new Map([...sources.values()].map((pkg) => [pkg.name, pkg.version]));

describe('the tarballs pnpm pack makes', () => {
  it('cover every public package', () => {
    expect(packed.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining([
        '@athanor/core',
        '@athanor/mysql',
        '@athanor/orm',
        '@athanor/postgres',
        '@athanor/sqlite',
        '@athanor/testing',
      ]),
    );
  });

  for (const pkg of packed) {
    it(`${pkg.name}: compiled code with declarations, a README, full metadata, no workspace: ranges`, () => {
      const source = sources.get(pkg.name)!;
      const { files, manifest, problems } = inspectTarball(pkg, source, versions);
      expect(problems).toEqual([]);
      expect(files).toContain('dist/index.js');
      expect(files).toContain('dist/index.d.ts');
      expect(manifest.version).toBe(source.version);
    });
  }
});
