import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root (this file is in apps/package-check/src or apps/package-check/dist). */
export const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  [field: string]: unknown;
}

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute directory. */
  dir: string;
  /** The directory relative to the root, with forward slashes: `packages/core`. */
  relativeDir: string;
  manifest: Manifest;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The workspace's packages under `packages/` and `apps/`, sorted by directory. */
export function workspacePackages(root = workspaceRoot): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of ['packages', 'apps']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const dir = join(groupDir, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
      const manifest = readManifest(dir);
      found.push({
        name: manifest.name,
        version: manifest.version,
        dir,
        relativeDir: `${group}/${entry.name}`,
        manifest,
      });
    }
  }
  return found.sort((a, b) => a.relativeDir.localeCompare(b.relativeDir));
}

/** The packages that are published: every workspace package not marked `private`. */
export function publicPackages(root = workspaceRoot): WorkspacePackage[] {
  return workspacePackages(root).filter((pkg) => pkg.manifest.private !== true);
}
