import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type PackedPackage, packAll } from '../src/pack.js';
import { publicPackages } from '../src/workspace.js';

export interface PackCheck {
  /** A fresh directory under the system's temp dir, outside the workspace. */
  dir: string;
  packed: PackedPackage[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    packCheck: PackCheck;
  }
}

/** Packs every public package once, into a temp dir that the test files share. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'athanor-package-check-'));
  const tarballs = join(dir, 'tarballs');
  await mkdir(tarballs);
  const packed = await packAll(publicPackages(), tarballs);
  project.provide('packCheck', { dir, packed });
  return async () => {
    if (process.env.ATHANOR_KEEP_PACKAGE_CHECK) console.log(`package-check: kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  };
}
