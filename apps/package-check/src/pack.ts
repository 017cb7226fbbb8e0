import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runOrThrow } from './run.js';
import { readTarball } from './tarball.js';
import type { Manifest, WorkspacePackage } from './workspace.js';

export interface PackedPackage {
  name: string;
  version: string;
  /** The package's directory in the workspace, relative to the root: `packages/core`. */
  relativeDir: string;
  /** Absolute path of the `.tgz`. */
  tarball: string;
}

/** `pnpm pack` of one package into `destination` (pnpm rewrites `workspace:` ranges here). */
export async function packPackage(
  pkg: WorkspacePackage,
  destination: string,
): Promise<PackedPackage> {
  const { stdout } = await runOrThrow(
    'pnpm',
    ['pack', '--json', '--pack-destination', destination],
    {
      cwd: pkg.dir,
      timeout: 120_000,
    },
  );
  const packed = JSON.parse(stdout) as { name: string; version: string; filename: string };
  return {
    name: packed.name,
    version: packed.version,
    relativeDir: pkg.relativeDir,
    tarball: packed.filename.startsWith('/') ? packed.filename : join(destination, packed.filename),
  };
}

export function packAll(packages: readonly WorkspacePackage[], destination: string) {
  return Promise.all(packages.map((pkg) => packPackage(pkg, destination)));
}

export interface TarballReport {
  files: string[];
  manifest: Manifest;
  /** What is wrong with the tarball; empty when nothing is. */
  problems: string[];
}

const dependencyFields = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;

/**
 * Checks what a package would publish: the files (compiled JavaScript with its declarations,
 * the README, no tests or build info), the metadata, and that every `workspace:` range was
 * replaced by the version of the workspace package it points to.
 *
 * @param source the package in the workspace the tarball was made from
 * @param versions the version of each workspace package, by name, when the tarball was made
 */
export function inspectTarball(
  packed: PackedPackage,
  source: WorkspacePackage,
  versions: ReadonlyMap<string, string>,
): TarballReport {
  const contents = readTarball(packed.tarball);
  const files = [...contents.keys()].sort();
  const problems: string[] = [];
  const manifestText = contents.get('package.json')?.toString('utf8');
  if (!manifestText) throw new Error(`${packed.tarball} has no package.json`);
  const manifest = JSON.parse(manifestText) as Manifest & Record<string, unknown>;

  // Files.
  if (!contents.has('README.md')) problems.push('no README.md');
  const js = files.filter((file) => file.startsWith('dist/') && file.endsWith('.js'));
  if (js.length === 0) problems.push('no dist/*.js');
  for (const file of js) {
    if (!contents.has(file.replace(/\.js$/, '.d.ts'))) problems.push(`${file} has no .d.ts`);
  }
  for (const file of files) {
    if (/\.tsbuildinfo$/.test(file)) problems.push(`ships build info: ${file}`);
    if (/(^|\/)(test|tests|__tests__)\//.test(file) || /\.(test|spec)\.[cm]?[jt]s$/.test(file)) {
      problems.push(`ships a test: ${file}`);
    }
  }
  // Source maps and declaration maps point at the TypeScript sources; without them "go to
  // definition" and stack traces lead nowhere.
  const unshipped = new Set<string>();
  for (const map of files.filter((file) => file.endsWith('.map'))) {
    const sources = (JSON.parse(contents.get(map)!.toString('utf8')) as { sources?: string[] })
      .sources;
    for (const mapped of sources ?? []) {
      const target = join('/', map, '..', mapped).slice(1);
      if (contents.has(target)) continue;
      if (existsSync(join(source.dir, target))) unshipped.add(target);
      else {
        // Left in dist/ by an earlier build: tsc -b does not delete what it no longer emits.
        problems.push(
          `stale build output: ${map.replace(/\.map$/, '')} was compiled from ${target}, which ` +
            'no longer exists (delete dist/ and build again)',
        );
      }
    }
  }
  if (unshipped.size > 0) {
    const examples = [...unshipped].slice(0, 3).join(', ');
    problems.push(`source maps point at ${unshipped.size} files not shipped (${examples}, ...)`);
  }

  // Entry points: the root and every subpath (`@athanor/core/dialect`) with types and code.
  const exportsField = (manifest.exports ?? {}) as Record<
    string,
    string | { types?: string; default?: string }
  >;
  if (!exportsField['.']) problems.push('exports["."] needs types and default');
  const entries: unknown[] = [manifest.types, manifest.main];
  for (const [subpath, target] of Object.entries(exportsField)) {
    if (subpath === './package.json') continue;
    if (typeof target !== 'object' || !target.types || !target.default) {
      problems.push(`exports["${subpath}"] needs types and default`);
      continue;
    }
    entries.push(target.types, target.default);
  }
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    if (!contents.has(entry.replace(/^\.\//, ''))) problems.push(`entry point ${entry} missing`);
  }
  if (typeof manifest.types !== 'string') problems.push('no "types"');

  // Metadata.
  if (manifest.license !== 'MIT') problems.push(`license is ${String(manifest.license)}`);
  const repository = manifest.repository as { url?: string; directory?: string } | undefined;
  if (!repository?.url) problems.push('no repository.url');
  if (repository?.directory !== packed.relativeDir) {
    problems.push(`repository.directory is ${repository?.directory}, not ${packed.relativeDir}`);
  }
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) {
    problems.push('no keywords');
  }
  if (!(manifest.engines as { node?: string } | undefined)?.node) problems.push('no engines.node');
  if (manifest.sideEffects === undefined) problems.push('no sideEffects');
  if (!Array.isArray(manifest.files)) problems.push('no files');
  if (!manifest.description) problems.push('no description');
  if ((manifest.publishConfig as { access?: string } | undefined)?.access !== 'public') {
    problems.push('publishConfig.access is not "public" (a scoped package publishes restricted)');
  }

  // Dependencies on the workspace: `workspace:^` becomes `^1.2.3`, `workspace:~` `~1.2.3`,
  // `workspace:*` the exact version and `workspace:<range>` the range.
  for (const field of dependencyFields) {
    const ranges = (manifest[field] ?? {}) as Record<string, string>;
    const sourceRanges = (source.manifest[field] ?? {}) as Record<string, string>;
    for (const [name, range] of Object.entries(ranges)) {
      if (range.startsWith('workspace:')) problems.push(`${field}.${name} is still ${range}`);
      const declared = sourceRanges[name];
      const version = versions.get(name);
      if (!declared?.startsWith('workspace:') || !version) continue;
      const expected = publishedRange(declared, version);
      if (range !== expected) {
        problems.push(`${field}.${name}: ${declared} was published as ${range}, not ${expected}`);
      }
    }
  }
  return { files, manifest, problems };
}

/** The range pnpm publishes for a `workspace:` range, given the version it points at. */
export function publishedRange(declared: string, version: string): string {
  const range = declared.slice('workspace:'.length);
  if (range === '*') return version;
  if (range === '^' || range === '~') return `${range}${version}`;
  return range;
}
