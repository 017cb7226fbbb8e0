import {
  type Driver,
  type DriverConnection,
  type DriverCursor,
  type DriverResult,
  type IsolationLevel,
  NoSuchModuleError,
} from '@athanor/core/dialect';
import type { Results } from '@electric-sql/pglite';
import type { PGliteConnectOptions } from './pglite-connect-options.js';
import { isWasmFailure, type PGliteDatabase } from './pglite-database.js';
import { closeDatabase, openDatabase } from './pglite-instances.js';
import { toPostgresParams } from './pglite-values.js';

/** Opens connections to the PGlite database one URL names. */
export class PGliteDriver implements Driver {
  constructor(private readonly options: PGliteConnectOptions) {}

  async connect(): Promise<DriverConnection> {
    let database: PGliteDatabase;
    try {
      database = await openDatabase(this.options);
    } catch (error) {
      throw openFailure(this.options.dataDir, error);
    }
    return new PGliteDriverConnection(database, this.options.timeout);
  }
}

const rowReturningCommands = new Set(['SELECT', 'SHOW', 'FETCH', 'EXPLAIN', 'VALUES', 'TABLE']);
const arrayRows = { rowMode: 'array' } as const;
/** Statements a cursor can be declared for; others are run at once and read from memory. */
const declarable = /^[\s(]*(SELECT|VALUES|TABLE)\b/i;

/**
 * A connection to a PGlite instance. In memory, the instance is this connection's own; on a
 * data directory, every connection of the process shares the directory's one instance and
 * holds it while it is in a transaction (see {@link PGliteDatabase}).
 */
export class PGliteDriverConnection implements DriverConnection {
  #closed = false;
  /** Statements of this connection under way. */
  #busy = 0;
  #acquiring: Promise<void> | undefined;
  /** The level for the transactions that follow; PGlite's one session is not changed. */
  #isolationLevel: string | undefined;
  #cursorCount = 0;
  /** Counts transactions ended; a cursor without HOLD ends with the transaction it was in. */
  #transactionsEnded = 0;

  constructor(
    readonly database: PGliteDatabase,
    private readonly timeout: number,
  ) {}

  get alive(): boolean {
    return !this.#closed && this.database.open;
  }

  async execute(sql: string, params: readonly unknown[]): Promise<DriverResult> {
    return driverResult(await this.#query(sql, toPostgresParams(params)));
  }

  async executeMany(
    sql: string,
    paramLists: readonly (readonly unknown[])[],
  ): Promise<DriverResult> {
    let rowcount = 0;
    for (const params of paramLists) {
      const result = await this.#query(sql, toPostgresParams(params));
      rowcount += result.rowCount ?? 0;
    }
    return { columns: [], rows: [], rowcount };
  }

  /**
   * A SQL cursor (`DECLARE ... CURSOR`, read with `FETCH`) for a SELECT, so rows come out of the
   * database a batch at a time; `WITH HOLD` outside a transaction. Other statements (an INSERT
   * with RETURNING, say) run at once and their rows are handed out in batches.
   */
  async openCursor(
    sql: string,
    params: readonly unknown[],
    batchSize: number,
  ): Promise<DriverCursor> {
    if (!declarable.test(sql)) return bufferedCursor(await this.execute(sql, params), batchSize);
    const name = `athanor_cursor_${++this.#cursorCount}`;
    const hold = !this.#inTransaction();
    await this.#query(
      `DECLARE ${name} NO SCROLL CURSOR ${hold ? 'WITH HOLD ' : ''}FOR ${sql}`,
      toPostgresParams(params),
    );
    const transaction = this.#transactionsEnded;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      // A cursor without HOLD is gone once its transaction has ended; CLOSE would then fail,
      // and a failure inside the next transaction would abort it.
      const exists = hold || (transaction === this.#transactionsEnded && this.#inTransaction());
      if (exists && this.alive) await this.#query(`CLOSE ${name}`, []);
    };
    const read = async () => {
      try {
        return await this.#query(`FETCH FORWARD ${batchSize} FROM ${name}`, []);
      } catch (error) {
        await close().catch(() => undefined);
        throw error;
      }
    };
    const first = await read();
    let pending: unknown[][] | undefined = first.rows;
    return {
      columns: first.fields.map((field) => field.name),
      fetch: async () => {
        if (pending) {
          const rows = pending;
          pending = undefined;
          if (rows.length === 0) await close();
          return rows;
        }
        if (closed) return [];
        const { rows } = await read();
        if (rows.length === 0) await close();
        return rows;
      },
      close,
    };
  }

  async begin(): Promise<void> {
    const level = this.#isolationLevel;
    await this.#query(level ? `BEGIN ISOLATION LEVEL ${level}` : 'BEGIN', []);
  }

  async commit(): Promise<void> {
    if (!this.#inTransaction()) return;
    const result = await this.#query('COMMIT', []);
    this.#transactionsEnded++;
    if (result.command === 'ROLLBACK') {
      // PostgreSQL answers COMMIT of a transaction an error aborted with ROLLBACK, not an error.
      throw Object.assign(
        new Error('COMMIT rolled the transaction back: an earlier statement in it failed.'),
        { code: '25P02' },
      );
    }
  }

  async rollback(): Promise<void> {
    if (!this.#inTransaction()) return;
    await this.#query('ROLLBACK', []);
    this.#transactionsEnded++;
  }

  /**
   * Applies to the transactions this connection begins from now on (`BEGIN ISOLATION LEVEL`),
   * not to PGlite's one session, which the connections on a data directory share.
   */
  async setIsolationLevel(level: Exclude<IsolationLevel, 'AUTOCOMMIT'> | 'default'): Promise<void> {
    this.#isolationLevel = level === 'default' ? undefined : isolationSql(level);
  }

  async savepoint(name: string): Promise<void> {
    await this.#query(`SAVEPOINT ${quote(name)}`, []);
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.#query(`RELEASE SAVEPOINT ${quote(name)}`, []);
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.#query(`ROLLBACK TO SAVEPOINT ${quote(name)}`, []);
  }

  async ping(): Promise<void> {
    await this.#query('SELECT 1', []);
  }

  /** Rolls back what this connection left open and lets go of the instance. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.database.heldBy(this)) {
      try {
        if (this.database.open && this.database.pg.isInTransaction()) {
          await this.database.pg.query('ROLLBACK');
        }
      } catch {
        // The instance is closing or broken; nothing is left to roll back.
      } finally {
        this.database.release(this);
      }
    }
    await closeDatabase(this.database);
  }

  /** True while this connection is in a transaction (it then holds the instance). */
  #inTransaction(): boolean {
    return this.database.heldBy(this) && this.database.open && this.database.pg.isInTransaction();
  }

  /**
   * Runs one statement, holding the instance for it; keeps holding it while the statement
   * leaves a transaction open.
   */
  async #query(sql: string, params: readonly unknown[]): Promise<Results<unknown[]>> {
    if (this.#closed) {
      throw Object.assign(new Error('The PGlite connection is closed.'), { code: '08003' });
    }
    this.#busy++;
    try {
      if (!this.database.heldBy(this)) {
        this.#acquiring ??= this.database.acquire(this, this.timeout).finally(() => {
          this.#acquiring = undefined;
        });
        await this.#acquiring;
      }
      return await this.database.pg.query<unknown[]>(sql, params as unknown[], arrayRows);
    } catch (error) {
      if (isWasmFailure(error)) this.database.broken = true;
      throw error;
    } finally {
      this.#busy--;
      if (this.#busy === 0 && !this.#inTransaction()) this.database.release(this);
    }
  }
}

/**
 * A database that would not start, as SQLSTATE 08001 (the client could not connect), which is
 * an OperationalError, as a file SQLite cannot open is.
 */
function openFailure(dataDir: string | undefined, error: unknown): Error {
  if (NoSuchModuleError.isInstance(error)) return error;
  const reason = error instanceof Error && error.message ? `: ${error.message}` : '';
  const where = dataDir === undefined ? 'in memory' : `in the data directory ${dataDir}`;
  const hint = dataDir === undefined ? '' : ' (its parent folder must exist)';
  return Object.assign(new Error(`PGlite could not start a database ${where}${hint}${reason}`), {
    code: '08001',
    cause: error,
  });
}

function driverResult(result: Results<unknown[]>): DriverResult {
  const returnsPlainRows = result.command !== undefined && rowReturningCommands.has(result.command);
  return {
    columns: result.fields.map((field) => field.name),
    rows: result.rows,
    rowcount: returnsPlainRows ? -1 : (result.rowCount ?? -1),
  };
}

/** Rows already read, handed out `batchSize` at a time. */
function bufferedCursor(result: DriverResult, batchSize: number): DriverCursor {
  let offset = 0;
  return {
    columns: result.columns,
    fetch: async () => {
      const rows = result.rows.slice(offset, offset + batchSize);
      offset += rows.length;
      return rows;
    },
    close: async () => {
      offset = result.rows.length;
    },
  };
}

const isolationLevels = ['SERIALIZABLE', 'REPEATABLE READ', 'READ COMMITTED', 'READ UNCOMMITTED'];

function isolationSql(level: string): string {
  // Core checks the level against the dialect's list; this keeps the SQL safe regardless.
  if (!isolationLevels.includes(level)) throw new RangeError(`Unknown isolation level ${level}`);
  return level;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
