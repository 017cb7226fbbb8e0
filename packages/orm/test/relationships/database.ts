import {
  type Connection,
  createEngine,
  delete_,
  type Engine,
  type LogRecord,
  type MetaData,
} from '@athanor/core';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { type SessionFactory, type SessionOptions, sessionmaker } from '../../src/index.js';
import { type OpenedDatabase, openTestDatabase } from './test-server.js';

/** A test file's database, with the statements it ran. */
export interface TestDatabase {
  /** The engine (from `beforeAll` on). */
  readonly engine: Engine;
  /** A sessionmaker bound to it. */
  readonly Session: SessionFactory;
  /** The SQL of the statements run since the test began (or since `clearLog`). */
  statements(): string[];
  /** Of those, the SELECTs. */
  selects(): string[];
  /** Forgets the statements run so far, to count what comes next. */
  clearLog(): void;
}

/**
 * The ORM's behaviour tests' database (what @athanor/testing's useOrmDatabase is to the
 * conformance suite): the models' tables created before the file's tests, emptied after each
 * (children first; `beforeEmpty` clears references within a table first), in a database of the
 * file's own on the project's database (SQLite in memory, PostgreSQL or MariaDB: see
 * vitest.config.ts). What these tests prove does not depend on the database; running them on the
 * servers too shows it. When the project's server cannot be reached (outside CI) the file's
 * tests skip, saying how to point them at one.
 */
export function useDatabase(
  metadata: MetaData,
  options: {
    readonly session?: SessionOptions;
    readonly beforeEmpty?: (conn: Connection) => Promise<void>;
  } = {},
): TestDatabase {
  const records: LogRecord[] = [];
  let engine: Engine | undefined;
  let Session: SessionFactory | undefined;
  let opened: OpenedDatabase | undefined;

  beforeAll(async () => {
    opened = await openTestDatabase(inject('database'));
    if ('unreachable' in opened) return;
    engine = createEngine(opened.url, {
      dialect: opened.dialect,
      echo: true,
      logger: (record) => records.push(record),
    });
    await metadata.createAll(engine);
    records.length = 0; // each test sees only its own statements
    Session = sessionmaker({ bind: engine, ...options.session });
  });
  beforeEach((context) => {
    if (opened && 'unreachable' in opened) context.skip(opened.unreachable);
  });
  afterEach(async () => {
    await engine?.begin(async (conn) => {
      await options.beforeEmpty?.(conn);
      for (const table of metadata.sortedTables.reverse()) await conn.execute(delete_(table));
    });
    records.length = 0;
  });
  afterAll(async () => {
    await engine?.dispose();
    if (opened && 'drop' in opened) await opened.drop();
  });

  const statements = () =>
    records.map((record) => record.message).filter((m) => /^(SELECT|INSERT|UPDATE|DELETE)/.test(m));
  return {
    get engine() {
      if (!engine) throw new Error('The database is made in beforeAll; use it in tests.');
      return engine;
    },
    get Session() {
      if (!Session) throw new Error('The database is made in beforeAll; use it in tests.');
      return Session;
    },
    statements,
    selects: () => statements().filter((sql) => sql.startsWith('SELECT')),
    clearLog: () => {
      records.length = 0;
    },
  };
}
