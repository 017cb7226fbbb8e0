import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompilableStatement,
  type Connection,
  type Dialect,
  type Engine,
  type Executable,
  text,
} from '@athanor/core';
import { mysqlDialect } from '@athanor/mysql';
import { pgliteDialect } from '@athanor/pglite';
import { postgresDialect } from '@athanor/postgres';
import { sqliteDialect } from '@athanor/sqlite';
import { useLiveDatabase } from '@athanor/testing';
import { afterAll, describe, type TestContext } from 'vitest';
import { type MigrationContext, Operations } from '../src/index.js';

/** One database the operation tests run on, with online and offline runs of `op`. */
export interface OpsDatabase {
  readonly name: 'sqlite' | 'postgresql' | 'mariadb' | 'pglite';
  readonly engine: Engine;
  /** A table name unique to this run (servers are shared with other processes). */
  table(name: string): string;
  /** An identifier quoted for the database. */
  q(name: string): string;
  /** The rows of a raw query. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Runs raw SQL on its own. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `body` online in one transaction and returns the SQL it sent. On SQLite, foreign key
   * enforcement is off for the transaction (set before BEGIN, as the runtime does) unless
   * `foreignKeys` is 'on'.
   */
  online(
    body: (op: Operations, connection: Connection) => Promise<void>,
    options?: { foreignKeys?: 'on' },
  ): Promise<string[]>;
  /** Runs `body` offline and returns the SQL it wrote. */
  offline(body: (op: Operations) => Promise<void>): Promise<string[]>;
  skipIfUnreachable(context: TestContext): void;
}

/** The SQL of a statement as the offline script writes it: values inline. */
function sqlOf(dialect: Dialect, statement: Executable | string): string {
  if (typeof statement === 'string') return statement;
  if (!(statement instanceof CompilableStatement)) {
    throw new Error('every operation emits SQL text or a compilable statement');
  }
  return statement.compile({ dialect, literalBinds: true }).sql;
}

const sqliteDirectory = mkdtempSync(join(tmpdir(), 'athanor-migrate-ops-'));
afterAll(() => rmSync(sqliteDirectory, { recursive: true, force: true }));

const targets = [
  {
    name: 'sqlite',
    dialect: sqliteDialect,
    url: `sqlite:///${join(sqliteDirectory, 'ops.db')}`,
    envVar: '',
  },
  {
    name: 'postgresql',
    dialect: postgresDialect,
    url: process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
    envVar: 'ATHANOR_PG_URL',
  },
  {
    name: 'mariadb',
    dialect: mysqlDialect,
    url: process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
    envVar: 'ATHANOR_MYSQL_URL',
  },
  { name: 'pglite', dialect: pgliteDialect, url: 'pglite://', envVar: '' },
] as const;

/** Registers `body`'s tests once per database, in a describe block named after it. */
export function onEveryDatabase(body: (db: OpsDatabase) => void): void {
  for (const target of targets) {
    describe(target.name, () => {
      const live = useLiveDatabase(target);
      const prefix = `m${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}_`;
      const engine = live.engine;
      const q = (name: string) => engine.dialect.compiler.quoteIdentifier(name);
      body({
        name: target.name,
        engine,
        table: (name) => prefix + name,
        q,
        rows: async (sql) => (await engine.execute(text(sql))).all() as Record<string, unknown>[],
        exec: async (sql) => {
          await engine.execute(text(sql));
        },
        skipIfUnreachable: (context) => live.skipIfUnreachable(context),
        online: async (work, options = {}) => {
          const sent: string[] = [];
          const connection = await engine.connect();
          const sqlite = target.name === 'sqlite';
          try {
            if (sqlite && options.foreignKeys !== 'on') await foreignKeys(connection, 'OFF');
            const transaction = await connection.begin();
            const context: MigrationContext = {
              dialect: engine.dialect,
              mode: 'online',
              connection,
              emit: async (statement) => {
                sent.push(sqlOf(engine.dialect, statement));
                await connection.execute(
                  typeof statement === 'string' ? text(statement) : statement,
                );
              },
              withoutForeignKeys: (run) => run(),
            };
            try {
              await work(new Operations(context), connection);
              await transaction.commit();
            } catch (error) {
              await transaction.rollback();
              throw error;
            }
          } finally {
            if (sqlite) await foreignKeys(connection, 'ON');
            await connection.close();
          }
          return sent;
        },
        offline: async (work) => {
          const written: string[] = [];
          const context: MigrationContext = {
            dialect: engine.dialect,
            mode: 'offline',
            connection: null,
            emit: async (statement) => {
              written.push(sqlOf(engine.dialect, statement));
            },
          };
          await work(new Operations(context));
          return written;
        },
      });
    });
  }
}

/** SQLite's `PRAGMA foreign_keys`, outside any transaction (inside one SQLite ignores it). */
async function foreignKeys(connection: Connection, state: 'ON' | 'OFF'): Promise<void> {
  await connection.setIsolationLevel('AUTOCOMMIT');
  await connection.execute(text(`PRAGMA foreign_keys = ${state}`));
  await connection.setIsolationLevel('SERIALIZABLE');
}
