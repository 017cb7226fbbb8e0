import {
  type Connection,
  createEngine,
  type Dialect,
  type Engine,
  MetaData,
  makeUrl,
} from '@athanor/core';
import { createPrivateDatabases, type PrivateDatabases } from '@athanor/testing';
import { afterAll, beforeAll, type TestContext } from 'vitest';
import type { CompareOptions, SchemaDiff } from '../src/index.js';
import { compareMetadata } from '../src/index.js';

/** A database to compare against, and how to get a private, empty one. */
export interface Target {
  readonly name: string;
  readonly dialect: Dialect;
  /** The database URL; a server's is replaced by a database of the test file's own. */
  readonly url: string;
  /** The variable that points the tests at another server (servers only). */
  readonly envVar?: string;
}

/** The database a test file compares against: private to the file, emptied before each test. */
export interface TargetDatabase {
  readonly engine: () => Engine;
  /** Skips the test when the server could not be reached (outside CI). */
  skipIfUnreachable(context: TestContext): void;
  /** Drops every table, so each test starts from an empty database. */
  reset(): Promise<void>;
  /** createAll(from), then compare the database with `model`. */
  drift(from: MetaData, model: MetaData, options?: CompareOptions): Promise<SchemaDiff[]>;
  /** Runs `work` on a connection. */
  withConnection<T>(work: (connection: Connection) => Promise<T>): Promise<T>;
}

/**
 * A database of this test file's own: a new database on a server (created before the tests,
 * dropped after), or the in-memory one of SQLite and PGlite.
 */
export function useTargetDatabase(target: Target): TargetDatabase {
  const url = makeUrl(target.url);
  const server = url.host !== null && url.host !== undefined && url.host !== '';
  let engine: Engine | undefined;
  let databases: PrivateDatabases | undefined;
  let unreachable: string | undefined;

  beforeAll(async () => {
    if (!server) {
      engine = createEngine(url, { dialect: target.dialect });
      return;
    }
    try {
      databases = await createPrivateDatabases({
        server: { dialect: target.dialect, url },
        prefix: `athanor_agx_${target.name}`,
      });
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      unreachable = `cannot reach ${url}; set ${target.envVar} to point at a server`;
      console.warn(`SKIPPING ${target.name} autogenerate tests: ${unreachable}.`);
      return;
    }
    // One database asked for, so one URL.
    engine = createEngine(databases.urls[0] as string, { dialect: target.dialect });
  });

  afterAll(async () => {
    await engine?.dispose();
    await databases?.drop();
  });

  const current = (): Engine => {
    if (!engine) throw new Error(`No ${target.name} database (unreachable: ${unreachable})`);
    return engine;
  };
  const withConnection = async <T>(work: (connection: Connection) => Promise<T>): Promise<T> => {
    const conn = await current().connect();
    try {
      return await work(conn);
    } finally {
      await conn.close();
    }
  };

  return {
    engine: current,
    skipIfUnreachable(context) {
      if (unreachable) context.skip(unreachable);
    },
    async reset() {
      const existing = new MetaData();
      await existing.reflect(current());
      await existing.dropAll(current());
    },
    async drift(from, model, options) {
      await this.reset();
      await from.createAll(current());
      return withConnection((conn) => compareMetadata(conn, model, options));
    },
    withConnection,
  };
}

/** The kinds of the diffs with what they are about, for short assertions. */
export function summary(diffs: readonly SchemaDiff[]): string[] {
  return diffs.map((diff) => {
    switch (diff.kind) {
      case 'createTable':
      case 'dropTable':
        return `${diff.kind} ${diff.table.table}`;
      case 'addColumn':
      case 'dropColumn':
        return `${diff.kind} ${diff.ref.table}.${diff.column.name}`;
      case 'alterColumn':
        return `alterColumn ${diff.ref.table}.${diff.to.name} ${diff.changed.join(',')}`;
      case 'changePrimaryKey':
        return `changePrimaryKey ${diff.ref.table} ${diff.to.columns.join(',')}`;
      case 'createIndex':
      case 'dropIndex':
        return `${diff.kind} ${diff.index.name}`;
      case 'addForeignKey':
      case 'dropForeignKey':
        return `${diff.kind} ${diff.foreignKey.table}(${diff.foreignKey.columns.join(',')})`;
      default:
        return `${diff.kind} ${diff.constraint.name}`;
    }
  });
}
