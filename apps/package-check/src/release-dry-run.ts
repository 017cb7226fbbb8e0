// The release, rehearsed: what `pnpm version-packages` and `pnpm release` would do, without
// consuming the changesets, changing a file of the workspace or publishing anything.
//
//   pnpm release:dry-run            (from the root: installs and builds first)
//   pnpm release:dry-run --keep     keeps the temporary copy to look at
//
// 1. copies the workspace, built, to a temp dir (no node_modules, no .git);
// 2. runs `changeset version` there: the versions and changelogs the pending changesets make;
// 3. packs each public package there and checks what it would publish: files, metadata, and
//    `workspace:` ranges replaced by the new versions (`workspace:^` becomes `^x.y.z`);
// 4. runs `pnpm publish -r --dry-run --no-git-checks` there.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { inspectTarball, packAll } from './pack.js';
import { run } from './run.js';
import { publicPackages, type WorkspacePackage, workspaceRoot } from './workspace.js';

const dependencyFields = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;

const keep = process.argv.includes('--keep');
let failed = false;

function say(line = '') {
  process.stdout.write(`${line}\n`);
}

function problem(line: string) {
  failed = true;
  process.stdout.write(`  ✗ ${line}\n`);
}

function changesetBin(): string {
  const require = createRequire(join(workspaceRoot, 'package.json'));
  return join(dirname(require.resolve('@changesets/cli/package.json')), 'bin.js');
}

/** Copies the workspace (with the build output) but not its installs, caches or history. */
async function copyWorkspace(destination: string) {
  await cp(workspaceRoot, destination, {
    recursive: true,
    filter: (source) => !/(^|[\\/])(node_modules|\.git|\.turbo)$/.test(source),
  });
}

/**
 * Links each public package's `workspace:` dependencies into its node_modules, as
 * `pnpm install` would: pnpm reads the version to publish from there.
 */
async function linkWorkspaceDependencies(packages: readonly WorkspacePackage[]) {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg.dir]));
  for (const pkg of packages) {
    for (const field of dependencyFields) {
      const ranges = (pkg.manifest[field] ?? {}) as Record<string, string>;
      for (const [name, range] of Object.entries(ranges)) {
        const target = byName.get(name);
        if (!range.startsWith('workspace:') || !target) continue;
        const link = join(pkg.dir, 'node_modules', name);
        if (existsSync(link)) continue;
        await mkdir(dirname(link), { recursive: true });
        await symlink(relative(dirname(link), target), link, 'junction');
      }
    }
  }
}

async function main() {
  const before = publicPackages();
  for (const pkg of before) {
    if (!existsSync(join(pkg.dir, 'dist', 'index.js'))) {
      throw new Error(`${pkg.name} is not built (no dist/index.js): run \`pnpm build\` first.`);
    }
  }
  const temp = await mkdtemp(join(tmpdir(), 'athanor-release-dry-run-'));
  const copy = join(temp, 'workspace');
  try {
    say(`Release dry run in a copy of the workspace: ${copy}`);
    await copyWorkspace(copy);

    say('\n== changeset version');
    const version = await run(process.execPath, [changesetBin(), 'version'], { cwd: copy });
    say((version.stdout + version.stderr).trim().replace(/^/gm, '  '));
    if (version.status !== 0) problem('changeset version failed');

    const after = publicPackages(copy);
    const versions = new Map(after.map((pkg) => [pkg.name, pkg.version]));
    say('\n== Versions that would be published');
    for (const pkg of after) {
      const old = before.find((candidate) => candidate.name === pkg.name)?.version ?? '(new)';
      const note =
        old === pkg.version
          ? '(unchanged: already published versions are skipped)'
          : old.startsWith('0.') && !pkg.version.startsWith('0.')
            ? '(leaves 0.x: a major bump, check it is meant)'
            : '';
      say(`  ${pkg.name.padEnd(20)} ${old.padStart(7)} -> ${pkg.version.padEnd(7)} ${note}`);
    }

    say('\n== What each package would publish (pnpm pack in the copy)');
    await linkWorkspaceDependencies(after);
    const tarballs = join(temp, 'tarballs');
    await mkdir(tarballs);
    const packed = await packAll(after, tarballs);
    for (const pkg of packed) {
      const source = after.find((candidate) => candidate.name === pkg.name)!;
      const { files, manifest, problems } = inspectTarball(pkg, source, versions);
      const internal: string[] = [];
      for (const field of ['dependencies', 'peerDependencies'] as const) {
        const declared = (source.manifest[field] ?? {}) as Record<string, string>;
        const published = (manifest[field] ?? {}) as Record<string, string>;
        for (const [name, range] of Object.entries(declared)) {
          if (!range.startsWith('workspace:')) continue;
          // inspectTarball reports a range that is not the one pnpm should have written.
          internal.push(`${field === 'peerDependencies' ? 'peer ' : ''}${name} ${published[name]}`);
        }
      }
      say(
        `  ${pkg.name}@${pkg.version}: ${files.length} files` +
          (internal.length ? `; ${internal.join(', ')}` : ''),
      );
      for (const line of problems) problem(`${pkg.name}: ${line}`);
    }

    say('\n== pnpm publish -r --dry-run --no-git-checks');
    const publish = await run('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], {
      cwd: copy,
    });
    say((publish.stdout + publish.stderr).trim().replace(/^/gm, '  '));
    if (publish.status !== 0) problem(`pnpm publish --dry-run exited with ${publish.status}`);
  } finally {
    if (keep) say(`\nKept ${temp}`);
    else await rm(temp, { recursive: true, force: true });
  }
  say(failed ? '\nRelease dry run: FAILED (see ✗ above)' : '\nRelease dry run: OK');
  process.exitCode = failed ? 1 : 0;
}

await main();
