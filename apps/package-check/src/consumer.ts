import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerEnv, run, runOrThrow, workspaceTsc } from './run.js';

/** The fixtures: a consumer's sources and tsconfig.json, one directory per scenario. */
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * Makes an empty npm project (a package.json and nothing else) in `dir`, with the files of
 * `fixtures/<fixture>` when given.
 */
export async function createConsumer(dir: string, fixture?: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = `athanor-consumer-${fixture ?? 'empty'}`;
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  if (fixture) await cp(join(fixturesDir, fixture), dir, { recursive: true });
  return dir;
}

export interface InstallOptions {
  /** Skips install scripts (no native build): for a project that is compiled, never run. */
  ignoreScripts?: boolean;
}

/** `npm install` of tarballs and registry packages, as a user would, reusing npm's cache. */
export async function npmInstall(
  dir: string,
  specs: readonly string[],
  options: InstallOptions = {},
) {
  const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'];
  if (options.ignoreScripts) args.push('--ignore-scripts');
  return runOrThrow('npm', [...args, ...specs], {
    cwd: dir,
    env: consumerEnv(),
    timeout: 480_000,
  });
}

/** Compiles the project with the workspace's tsc (`tsc -p .`). */
export async function compile(dir: string) {
  return runOrThrow(process.execPath, [workspaceTsc(), '-p', '.'], {
    cwd: dir,
    env: consumerEnv(),
    timeout: 120_000,
  });
}

/**
 * Compiles the project with the workspace's tsc and sorts the errors: in the Athanor packages'
 * files or the project's own, and in other packages' declarations (not ours to fix).
 */
export async function compileErrors(dir: string) {
  const { status, stdout, stderr } = await run(process.execPath, [workspaceTsc(), '-p', '.'], {
    cwd: dir,
    env: consumerEnv(),
    timeout: 120_000,
  });
  const errors = stdout.split('\n').filter((line) => /^\S.*: error TS\d+/.test(line));
  if (status !== 0 && errors.length === 0) throw new Error(`tsc failed:\n${stdout}\n${stderr}`);
  const thirdParty = (line: string) =>
    line.startsWith('node_modules/') && !line.startsWith('node_modules/@athanor/');
  return {
    ours: errors.filter((line) => !thirdParty(line)),
    theirs: errors.filter(thirdParty),
  };
}

/** Runs a compiled script with node, as the user's shell would (no pnpm, no NODE_PATH). */
export async function runScript(dir: string, script: string, args: readonly string[] = []) {
  return runOrThrow(process.execPath, [script, ...args], {
    cwd: dir,
    env: consumerEnv(),
    timeout: 120_000,
  });
}
