import {
  type Connection,
  delete_,
  type Engine,
  type LogRecord,
  type MetaData,
} from '@athanor/core';
import { type SessionFactory, type SessionOptions, sessionmaker } from '@athanor/orm';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Harness } from './harness.js';

/** A suite's own database for ORM tests: see {@link useOrmDatabase}. */
interface OrmDatabase {
  /** The suite's engine (from `beforeAll` on). */
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
 * Gives an ORM suite an engine of its own over its models' tables: created before the suite,
 * emptied after each test (children first; `beforeEmpty` clears references within a table or
 * round a cycle first), dropped after it. Statements are logged, so tests can count them. On
 * SQLite in memory the engine is a database of its own, which is all a suite needs.
 */
export function useOrmDatabase(
  h: Harness,
  metadata: MetaData,
  options: {
    readonly session?: SessionOptions;
    readonly beforeEmpty?: (conn: Connection) => Promise<void>;
  } = {},
): OrmDatabase {
  const records: LogRecord[] = [];
  let engine: Engine | undefined;
  let Session: SessionFactory | undefined;
  const statements = () =>
    records.map((record) => record.message).filter((m) => /^(SELECT|INSERT|UPDATE|DELETE)/.test(m));

  beforeAll(async () => {
    if (h.unreachable) return;
    engine = h.createEngine({ echo: true, logger: (record) => records.push(record) });
    await metadata.createAll(engine);
    Session = sessionmaker({ bind: engine, ...options.session });
  });
  afterEach(async () => {
    if (h.unreachable || !engine) return;
    await engine.begin(async (conn) => {
      await options.beforeEmpty?.(conn);
      for (const table of metadata.sortedTables.reverse()) await conn.execute(delete_(table));
    });
    records.length = 0;
  });
  afterAll(async () => {
    if (h.unreachable || !engine) return;
    await metadata.dropAll(engine);
  });

  return {
    get engine() {
      if (!engine) throw new Error('The suite database is made in beforeAll; use it in tests.');
      return engine;
    },
    get Session() {
      if (!Session) throw new Error('The suite database is made in beforeAll; use it in tests.');
      return Session;
    },
    statements,
    selects: () => statements().filter((sql) => sql.startsWith('SELECT')),
    clearLog: () => {
      records.length = 0;
    },
  };
}
