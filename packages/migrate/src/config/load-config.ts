import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ArgumentError } from '@athanor/core';
import { importModule } from '../loader/import-module.js';
import type { AthanorConfig } from './define-config.js';
import type { ResolvedConfig } from './resolved-config.js';

/** The file names `loadConfig` looks for, in this order. */
export const configFileNames = ['athanor.config.ts', 'athanor.config.mjs', 'athanor.config.js'];

/** Where to find the config and what overrides it (the CLI's flags and environment). */
export interface LoadConfigOptions {
  /** The folder to look in (default: the working directory). */
  readonly cwd?: string | undefined;
  /** A config file to use instead of looking (`--config`). */
  readonly configFile?: string | undefined;
  /** A URL that wins over the file's and the environment's (`--url`). */
  readonly url?: string | undefined;
  /** The environment to read `DATABASE_URL` from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Finds and loads `athanor.config.ts|mjs|js` (or `--config`), then applies `DATABASE_URL` and
 * `--url`.
 * @throws {ArgumentError} when there is no config file, or its default export is not a config.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.configFile ? resolve(cwd, options.configFile) : findConfigFile(cwd);
  if (!existsSync(file)) {
    throw new ArgumentError(`Config file ${file} does not exist. Check the --config path.`, {
      code: 'no-config',
    });
  }
  const module = await importModule(file);
  const config = module.default;
  if (typeof config !== 'object' || config === null) {
    throw new ArgumentError(
      `${file} has no default export: write export default defineConfig({ url, metadata, migrations }).`,
      { code: 'bad-config' },
    );
  }
  return resolveConfig(config as AthanorConfig, {
    baseDir: dirname(file),
    configFile: file,
    url: options.url,
    env: options.env,
  });
}

/**
 * Turns a config object into what commands take: paths relative to `baseDir` made absolute,
 * defaults filled in, `url` then `DATABASE_URL` overriding the config's URL.
 *
 * @example
 * const config = resolveConfig(defineConfig({ url: 'sqlite:///app.db' }));
 * await upgrade(config, 'head');
 */
export function resolveConfig(
  config: AthanorConfig,
  options: {
    readonly baseDir?: string | undefined;
    readonly configFile?: string | undefined;
    readonly url?: string | undefined;
    readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  } = {},
): ResolvedConfig {
  const baseDir = options.baseDir ?? process.cwd();
  const where = options.configFile ?? 'the config';
  const check = (name: keyof AthanorConfig, value: unknown) => {
    if (value !== undefined && typeof value !== 'string') {
      throw new ArgumentError(`${where}: '${name}' must be a string, got ${typeof value}.`, {
        code: 'bad-config',
      });
    }
  };
  for (const name of ['url', 'migrations', 'versionTable', 'versionTableSchema'] as const) {
    check(name, config[name]);
  }
  const env = options.env ?? process.env;
  const { metadata } = config;
  return {
    url: options.url ?? (env.DATABASE_URL || undefined) ?? config.url,
    metadata: typeof metadata === 'string' ? absoluteModule(metadata, baseDir) : metadata,
    migrations: resolve(baseDir, config.migrations ?? './migrations'),
    versionTable: config.versionTable ?? 'athanor_version',
    versionTableSchema: config.versionTableSchema,
    includeObject: config.includeObject,
    configFile: options.configFile,
  };
}

function findConfigFile(cwd: string): string {
  for (const name of configFileNames) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new ArgumentError(
    `No ${configFileNames.join(' / ')} in ${cwd}. Run athanor init to create one, or pass --config <file>.`,
    { code: 'no-config' },
  );
}

/** `./models.ts#Base` relative to the config's folder → an absolute path, keeping `#Base`. */
function absoluteModule(spec: string, baseDir: string): string {
  const hash = spec.lastIndexOf('#');
  const [path, name] = hash > 0 ? [spec.slice(0, hash), spec.slice(hash)] : [spec, ''];
  return (isAbsolute(path) ? path : resolve(baseDir, path)) + name;
}
