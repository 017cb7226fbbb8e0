import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '@athanor/core';
import { importModule } from '../loader/import-module.js';
import { type Revision, revisionFromModule } from './revision.js';
import { RevisionMap } from './revision-map.js';

/** File names that hold revisions: `<id>_<slug>.ts|mts|js|mjs`, not declarations or tests. */
const revisionFile = /^[^._][^/]*\.(ts|mts|js|mjs)$/;
const notRevision = /\.(d\.ts|d\.mts|test\.\w+|spec\.\w+)$/;

/** The versions folder inside a migrations folder. */
export function versionsDir(migrations: string): string {
  return join(migrations, 'versions');
}

/**
 * Loads every revision file in `<migrations>/versions` and builds their graph.
 * @throws {ArgumentError} when the folder is missing, or a file is not a valid revision.
 */
export async function loadRevisionMap(migrations: string): Promise<RevisionMap> {
  const dir = versionsDir(migrations);
  if (!existsSync(dir)) {
    throw new ArgumentError(
      `No versions folder at ${dir}. Run athanor init, or set 'migrations' in the config to the folder that has versions/.`,
      { code: 'no-versions-folder' },
    );
  }
  const names = (await readdir(dir))
    .filter((name) => revisionFile.test(name) && !notRevision.test(name))
    .sort();
  const revisions: Revision[] = [];
  for (const name of names) {
    const path = join(dir, name);
    revisions.push(revisionFromModule(await importModule(path), path));
  }
  return new RevisionMap(revisions);
}
