import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '@athanor/core';

/** Options of {@link init}. */
export interface InitOptions {
  /** The URL written into the config (default: a SQLite file beside it). */
  readonly url?: string | undefined;
  /** The models module written into the config (default `./src/models.ts`). */
  readonly metadata?: string | undefined;
}

/**
 * Starts migrations in a project folder: writes `athanor.config.ts` and creates
 * `migrations/versions/`.
 * @returns the files and folders created.
 */
export async function init(dir: string, options: InitOptions = {}): Promise<string[]> {
  const configPath = join(dir, 'athanor.config.ts');
  if (existsSync(configPath)) {
    throw new ArgumentError(`${configPath} already exists: init would overwrite it.`, {
      code: 'already-initialized',
    });
  }
  const versions = join(dir, 'migrations', 'versions');
  await mkdir(versions, { recursive: true });
  await writeFile(join(versions, '.gitkeep'), '');
  await writeFile(configPath, configSource(options), { flag: 'wx' });
  return [configPath, versions];
}

function configSource(options: InitOptions): string {
  const url = quote(options.url ?? 'sqlite:///app.db');
  const metadata = quote(options.metadata ?? './src/models.ts');
  return `import { defineConfig } from '@athanor/migrate';

export default defineConfig({
  // The database; DATABASE_URL or --url override it.
  url: ${url},
  // The module exporting your MetaData (or declarative Base) for revision --autogenerate.
  metadata: ${metadata},
  migrations: './migrations',
});
`;
}

function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
