import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Dialect, dialectSpecVersion } from '../dialect/dialect.js';
import { ArgumentError, NoSuchModuleError } from '../errors.js';
import type { DatabaseUrl } from './url.js';

/** Loads a dialect: returns it, or a module whose default export is it. */
export type DialectLoader = () => Dialect | Promise<Dialect | { readonly default: Dialect }>;

/** URL backends whose dialects we publish, and the package each lives in. */
const builtinPackages: Readonly<Record<string, string>> = {
  sqlite: '@athanor/sqlite',
  postgresql: '@athanor/postgres',
  postgres: '@athanor/postgres',
  mysql: '@athanor/mysql',
  mariadb: '@athanor/mysql',
  pglite: '@athanor/pglite',
};

const registered = new Map<string, DialectLoader>();

/**
 * Makes a URL backend name load a dialect, for third-party dialects (SQLAlchemy's
 * `registry.register`). The loader runs on the first connect of an engine with that backend.
 *
 * @example
 * registerDialect('duckdb', () => import('athanor-duckdb'));
 * const engine = createEngine('duckdb:///analytics.db');
 */
export function registerDialect(name: string, loader: DialectLoader): void {
  if (!/^[\w-]+$/.test(name)) {
    throw new ArgumentError(`A dialect name is letters, digits, '_' and '-'; got '${name}'.`);
  }
  registered.set(name, loader);
}

/**
 * Whether two URLs' backends load the same dialect: `postgres://` and `postgresql://` do, as do
 * `mysql://` and `mariadb://` (a MariaDB replica of a MySQL primary).
 */
export function sameDialect(a: DatabaseUrl, b: DatabaseUrl): boolean {
  const dialectOf = (url: DatabaseUrl) => {
    const backend = url.getBackendName();
    return registered.has(backend) ? backend : (builtinPackages[backend] ?? backend);
  };
  return dialectOf(a) === dialectOf(b);
}

/** Backend names that have a dialect: the built-in ones and any registered. */
export function knownBackends(): string[] {
  return [...new Set([...Object.keys(builtinPackages), ...registered.keys()])];
}

/**
 * Checks, without loading anything, that a URL's backend has a dialect.
 * @throws {NoSuchModuleError} for an unknown backend.
 */
export function checkBackend(url: DatabaseUrl): void {
  const backend = url.getBackendName();
  if (registered.has(backend) || Object.hasOwn(builtinPackages, backend)) return;
  throw new NoSuchModuleError(
    `No dialect for '${backend}://' (in ${url}). Known backends: ${knownBackends().join(', ')}. ` +
      `A third-party dialect registers its name with registerDialect('${backend}', () => import('its-package')), ` +
      'or pass it directly: createEngine(url, { dialect }).',
    { code: 'no-dialect' },
  );
}

/** Loads the dialect for a URL's backend and checks it speaks this core's interface version. */
export async function loadDialect(url: DatabaseUrl): Promise<Dialect> {
  checkBackend(url);
  const backend = url.getBackendName();
  const loader = registered.get(backend);
  const loaded = loader
    ? await loader()
    : await importDialectPackage(builtinPackages[backend] as string, url);
  const candidate = (loaded as { default?: Dialect }).default ?? loaded;
  return checkDriverName(url, checkDialect(candidate as Dialect, backend));
}

/**
 * Checks that a URL naming a driver (`postgresql+pg://`) names the one the dialect uses.
 * @throws {ArgumentError} for another driver, such as `postgresql+psycopg2://`.
 */
export function checkDriverName(url: DatabaseUrl, dialect: Dialect): Dialect {
  const driver = url.getDriverName();
  if (driver !== undefined && driver !== dialect.driverName) {
    const backend = url.getBackendName();
    throw new ArgumentError(
      `'${url.drivername}://' names the driver '${driver}', but the ${dialect.name} dialect ` +
        `(${dialect.packageName}) uses '${dialect.driverName}'. Write '${backend}+${dialect.driverName}://' ` +
        `or just '${backend}://'.`,
      { code: 'wrong-driver' },
    );
  }
  return dialect;
}

/** Checks that an object is a dialect this core understands. */
export function checkDialect(dialect: Dialect, source: string): Dialect {
  if (
    typeof dialect !== 'object' ||
    dialect === null ||
    typeof dialect.createDriver !== 'function'
  ) {
    throw new ArgumentError(`The dialect for '${source}' is not a Dialect object.`);
  }
  if (dialect.specVersion !== dialectSpecVersion) {
    throw new ArgumentError(
      `The dialect '${dialect.name}' implements dialect interface '${String(dialect.specVersion)}', ` +
        `but this @athanor/core speaks '${dialectSpecVersion}'. Install versions of ` +
        `@athanor/core and ${dialect.packageName ?? 'the dialect package'} that match.`,
    );
  }
  return dialect;
}

async function importDialectPackage(packageName: string, url: DatabaseUrl): Promise<unknown> {
  // A bare specifier in a variable keeps bundlers from trying to resolve every dialect.
  try {
    return await import(packageName);
  } catch (error) {
    if (!isMissing(error, packageName)) throw error;
  }
  // Under pnpm or in a monorepo, core may not see a package that only the application depends
  // on, so look from the application too: its entry script's folder, then the working directory.
  for (const base of applicationBases()) {
    let resolved: string;
    try {
      resolved = createRequire(base).resolve(packageName);
    } catch (error) {
      if (isMissing(error, packageName)) continue;
      throw error;
    }
    return import(pathToFileURL(resolved).href);
  }
  throw new NoSuchModuleError(
    `The dialect for '${url.getBackendName()}://' is in the package ${packageName}, which is not installed. ` +
      `Install it: npm install ${packageName} (or pnpm add ${packageName}).`,
    { code: 'no-dialect-package' },
  );
}

function applicationBases(): string[] {
  const bases: string[] = [];
  const entry = process.argv[1];
  if (entry && isAbsolute(entry)) bases.push(entry);
  bases.push(join(process.cwd(), 'package.json'));
  return bases;
}

function isMissing(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${packageName}'`)
  );
}
