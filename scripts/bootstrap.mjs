#!/usr/bin/env node
// Makes a fresh clone runnable with nothing but Node and npm, then runs the command it is given.
//
//   node scripts/bootstrap.mjs "turbo run test"
//   node scripts/bootstrap.mjs --quiet "turbo run build"   (the command's output only if it fails)
//
// 1. installs the pinned pnpm when it is missing (corepack cannot verify pnpm's signature on
//    some machines, so npm installs it);
// 2. points node-gyp at Node's own headers when they are on disk, so better-sqlite3 can compile
//    from source where its prebuilt binary cannot be downloaded (pnpm ignores `nodedir` in
//    .npmrc; only the environment variable works);
// 3. runs `pnpm install` (quick when nothing changed), its output shown only if it fails: on a
//    first run it compiles better-sqlite3, and a newcomer's first screen should be what they
//    asked for (the walkthrough, the tests), not a page of compiler warnings;
// 4. runs the command with the workspace's binaries on PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
const pnpmVersion = pinned.replace(/^pnpm@/, '');
const env = { ...process.env };

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function pnpmOnPath() {
  try {
    return execFileSync('pnpm', ['--version'], { env, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function ensurePnpm() {
  const found = pnpmOnPath();
  if (found) {
    if (found !== pnpmVersion) log(`using pnpm ${found} (the project pins ${pnpmVersion})`);
    return;
  }
  log(`pnpm not found: installing pnpm@${pnpmVersion} with npm`);
  const result = spawnSync('npm', ['install', '--global', `pnpm@${pnpmVersion}`], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0 || !pnpmOnPath()) {
    log(`could not install pnpm. Install it yourself: npm install --global pnpm@${pnpmVersion}`);
    process.exit(1);
  }
}

function pointNodeGypAtLocalHeaders() {
  if (env.npm_config_nodedir) return;
  // Node installed under /usr keeps its headers in /usr/include/node; any prefix works the same.
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
}

/** Runs a command with its output captured; prints the output only if the command fails. */
function runCaptured(file, args, what, options = {}) {
  const settings = {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  };
  // A shell command line goes without an argument list (newer Node warns about the two together).
  const result = args ? spawnSync(file, args, settings) : spawnSync(file, settings);
  if (result.status === 0) return;
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  log(`${what} failed (its output is above)${result.error ? `: ${result.error.message}` : ''}`);
  process.exit(result.status ?? 1);
}

function install() {
  // pnpm writes node_modules/.modules.yaml once an install has finished.
  if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
    log('installing dependencies (first run compiles better-sqlite3, ~1 min)…');
  }
  runCaptured('pnpm', ['install', '--prefer-offline'], 'pnpm install');
}

ensurePnpm();
pointNodeGypAtLocalHeaders();
install();

const args = process.argv.slice(2);
const quiet = args[0] === '--quiet';
const command = (quiet ? args.slice(1) : args).join(' ');
if (command) {
  env.PATH = [join(root, 'node_modules', '.bin'), env.PATH].join(delimiter);
  if (quiet) {
    runCaptured(command, null, command, { shell: true });
    process.exit(0);
  }
  const result = spawnSync(command, { cwd: root, stdio: 'inherit', env, shell: true });
  process.exit(result.status ?? 1);
}
