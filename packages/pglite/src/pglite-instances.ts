import { NoSuchModuleError } from '@athanor/core/dialect';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import type { PGliteConnectOptions } from './pglite-connect-options.js';
import { PGliteDatabase } from './pglite-database.js';
import { passThroughSerializers, resultParsers } from './pglite-values.js';

let pgliteModule: Promise<typeof PGlite> | undefined;

/** Loads PGlite on first use, so SQL compiles without it installed. */
function loadPGlite(): Promise<typeof PGlite> {
  pgliteModule ??= import('@electric-sql/pglite').then(
    (module) => module.PGlite,
    (error: unknown) => {
      pgliteModule = undefined;
      throw new NoSuchModuleError(
        'The PGlite dialect needs the @electric-sql/pglite package: npm install @electric-sql/pglite',
        { cause: error },
      );
    },
  );
  return pgliteModule;
}

/** A data directory's one instance, shared by every connection of this process that opens it. */
interface Shared {
  database: Promise<PGliteDatabase> | undefined;
  users: number;
  /** The previous instance's close: a new one must not open the directory before it ends. */
  closing: Promise<void>;
}

const sharedByDirectory = new Map<string, Shared>();

/**
 * Opens a PGlite instance: a new one in memory, or the data directory's one instance, shared.
 * Two instances on one directory would each overwrite the other's writes.
 */
export async function openDatabase(options: PGliteConnectOptions): Promise<PGliteDatabase> {
  const { dataDir } = options;
  if (dataDir === undefined) return startInMemory(options);
  let shared = sharedByDirectory.get(dataDir);
  if (!shared) {
    shared = { database: undefined, users: 0, closing: Promise.resolve() };
    sharedByDirectory.set(dataDir, shared);
  }
  shared.users++;
  if (!shared.database) {
    const opening = shared.closing.then(() => startInstance(options));
    shared.database = opening;
    const entry = shared;
    opening.catch(() => {
      if (entry.database === opening) entry.database = undefined;
    });
  }
  try {
    return await shared.database;
  } catch (error) {
    shared.users--;
    throw error;
  }
}

/** Lets go of an instance from {@link openDatabase}; the last user of one closes it. */
export async function closeDatabase(database: PGliteDatabase): Promise<void> {
  const shared =
    database.dataDir === undefined ? undefined : sharedByDirectory.get(database.dataDir);
  if (!shared) return closeInstance(database);
  shared.users--;
  if (shared.users > 0) return;
  shared.database = undefined;
  const closing = closeInstance(database);
  shared.closing = closing.catch(() => undefined);
  return closing;
}

/**
 * A new database starts with initdb, which takes PGlite a few seconds. The second time an
 * in-memory database is asked for, the fresh one is saved (a compressed tarball of its data
 * directory, about 5 MB) and later ones start from that copy in well under a second. A
 * process that opens one in-memory database pays nothing for this.
 */
let template: Promise<Blob | File | undefined> | undefined;
let inMemoryStarts = 0;

/** Options that leave initdb's result as it is, so a saved fresh database can stand in. */
const templateSafe = new Set(['relaxedDurability', 'debug']);

async function startInMemory(options: PGliteConnectOptions): Promise<PGliteDatabase> {
  if (!Object.keys(options.driverOptions).every((key) => templateSafe.has(key))) {
    return startInstance(options);
  }
  const saved = template && (await template);
  if (saved) return startInstance(options, saved);
  const database = await startInstance(options);
  if (++inMemoryStarts >= 2 && !template) {
    // Nothing has run on the new database yet: it is initdb's output.
    template = database.pg.dumpDataDir('gzip').catch(() => undefined);
    await template;
  }
  return database;
}

async function startInstance(
  options: PGliteConnectOptions,
  loadDataDir?: Blob | File,
): Promise<PGliteDatabase> {
  const PGliteClass = await loadPGlite();
  const given = options.driverOptions as PGliteOptions;
  const pg = new PGliteClass({
    ...given,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { ...resultParsers, ...given.parsers },
    serializers: { ...passThroughSerializers, ...given.serializers },
  });
  try {
    await pg.waitReady;
  } catch (error) {
    await pg.close().catch(() => undefined);
    throw error;
  }
  return new PGliteDatabase(pg, options.dataDir);
}

async function closeInstance(database: PGliteDatabase): Promise<void> {
  if (!database.pg.closed) await database.pg.close();
}
