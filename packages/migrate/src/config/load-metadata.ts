import { ArgumentError, MetaData } from '@athanor/core';
import { importModule } from '../loader/import-module.js';
import type { ResolvedConfig } from './resolved-config.js';

/**
 * The MetaData autogenerate compares with the database: the config's module's `metadata`
 * export, a declarative `Base` (its `.metadata`), or the default export of either; `#Name`
 * after the path picks the export.
 * @throws {ArgumentError} naming the module and the exports it has when none fits.
 */
export async function loadMetadata(config: ResolvedConfig): Promise<MetaData> {
  const spec = config.metadata;
  if (spec === undefined) {
    throw new ArgumentError(
      `${config.configFile ?? 'The config'} has no 'metadata': set it to the module that exports your models' MetaData, e.g. metadata: './src/models.ts'.`,
      { code: 'no-metadata' },
    );
  }
  if (typeof spec !== 'string') return asMetadata(spec, 'metadata', 'the config') ?? notMetadata();
  const hash = spec.lastIndexOf('#');
  const [path, name] = hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, undefined];
  const module = await importModule(path);
  const names = name === undefined ? ['metadata', 'Base', 'default'] : [name];
  for (const exportName of names) {
    const found = asMetadata(module[exportName], exportName, path);
    if (found) return found;
  }
  const exported = Object.keys(module).sort().join(', ') || 'nothing';
  throw new ArgumentError(
    name === undefined
      ? `${path} exports no MetaData (looked for 'metadata', 'Base' with .metadata, and the default; it exports ${exported}). Export one, or name it: '${path}#Name'.`
      : `${path} has no MetaData or Base export '${name}' (it exports ${exported}).`,
    { code: 'no-metadata' },
  );
}

function asMetadata(value: unknown, name: string, where: string): MetaData | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof MetaData) return value;
  const inner = (value as { metadata?: unknown }).metadata;
  if (inner instanceof MetaData) return inner;
  if (isMetadataLike(value)) return value;
  if (isMetadataLike(inner)) return inner;
  throw new ArgumentError(`${where}: '${name}' is neither a MetaData nor a Base with .metadata.`, {
    code: 'no-metadata',
  });
}

/** A MetaData from another copy of @athanor/core (the project's, beside the CLI's). */
function isMetadataLike(value: unknown): value is MetaData {
  return (
    typeof value === 'object' &&
    value !== null &&
    value.constructor?.name === 'MetaData' &&
    'tables' in value
  );
}

function notMetadata(): never {
  throw new ArgumentError("The config's 'metadata' must be a module path or a MetaData.", {
    code: 'no-metadata',
  });
}
