import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the command after this many milliseconds. */
  timeout?: number;
}

/** Runs a command to its end and collects its output (never throws for a non-zero exit). */
export function run(command: string, args: readonly string[], options: RunOptions) {
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeout,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Like {@link run}, but a non-zero exit is an error that shows the command and its output. */
export async function runOrThrow(command: string, args: readonly string[], options: RunOptions) {
  const result = await run(command, args, options);
  if (result.status !== 0) {
    throw new Error(
      `\`${[command, ...args].join(' ')}\` in ${options.cwd} exited with ${result.status}\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

/** Environment variables an outer `pnpm run` sets that must not reach a plain npm project. */
const inherited = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);

/**
 * The environment of a user's shell, for commands run in a project outside the workspace:
 * without the npm_* variables and the NODE_PATH that pnpm sets for the scripts it runs (a
 * NODE_PATH into the workspace's store would let a consumer find packages it never installed).
 */
export function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.toLowerCase().startsWith('npm_') && !inherited.has(key.toLowerCase())) continue;
    if (key === 'NODE_PATH') continue;
    env[key] = value;
  }
  // better-sqlite3 compiles from source where its prebuilt binary cannot be downloaded; node-gyp
  // then needs Node's headers, which are on disk when Node is installed under a prefix.
  const prefix = dirname(dirname(process.execPath));
  if (process.env.npm_config_nodedir) env.npm_config_nodedir = process.env.npm_config_nodedir;
  else if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  else if (existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  env.npm_config_update_notifier = 'false';
  env.NO_COLOR = '1';
  return env;
}

const require = createRequire(import.meta.url);

/** The workspace's own TypeScript compiler: the path of its `tsc`, to run with node. */
export function workspaceTsc(): string {
  const manifestPath = require.resolve('typescript/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: { tsc: string } };
  return join(dirname(manifestPath), manifest.bin.tsc);
}

/** The version of a package the workspace root depends on (to give consumers the same one). */
export function rootDevDependency(root: string, name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const version = manifest.devDependencies?.[name];
  if (!version) throw new Error(`the workspace root does not depend on ${name}`);
  return version;
}
