import type { DatabaseUrl, Driver, DriverConnection, DriverOptions } from '@athanor/core/dialect';
import { createPool, type Pool } from 'mysql2/promise';
import { MysqlDialect } from '../src/index.js';

/**
 * The MySQL dialect with causal reads on one replica, for the conformance suite through an
 * engine with a MariaDB replica: before a transaction begins on a connection to the replica
 * (or before a statement outside one), the connection waits, with `MASTER_GTID_WAIT`, for the
 * replica to have applied everything the primary had committed at that moment. MariaDB has no
 * counterpart to PostgreSQL's `synchronous_commit = remote_apply`, which the PostgreSQL run
 * uses; an application that needs to read its own writes on a MariaDB replica does this (or
 * reads on the primary), and the suite reads right after it writes.
 *
 * Only the driver is changed: the engine creates its driver from the dialect it was given, and
 * the dialect the first connection initializes is the plain one.
 */
export class CausalReplicaDialect extends MysqlDialect {
  /** One connection to the primary, to read its position: ended by {@link end}. */
  readonly #primary: Pool;
  readonly #replicaPort: string;

  constructor(primaryUrl: string, replicaUrl: string) {
    super();
    this.#primary = createPool({ uri: primaryUrl, connectionLimit: 1 });
    this.#replicaPort = new URL(replicaUrl).port;
  }

  override createDriver(
    url: DatabaseUrl,
    connectArgs: Readonly<Record<string, unknown>>,
    options?: DriverOptions,
  ): Driver {
    const driver = super.createDriver(url, connectArgs, options);
    if (String(url.port) !== this.#replicaPort) return driver;
    return { connect: async () => this.#waiting(await driver.connect()) };
  }

  /** Ends the connection to the primary. */
  async end(): Promise<void> {
    await this.#primary.end();
  }

  /** `connection`, waiting for the primary's position before each transaction or lone statement. */
  #waiting(connection: DriverConnection): DriverConnection {
    let inTransaction = false;
    const catchUp = async () => {
      const [rows] = await this.#primary.query('SELECT @@gtid_binlog_pos AS position');
      const [{ position }] = rows as [{ position: string }];
      const { rows: waited } = await connection.execute('SELECT MASTER_GTID_WAIT(?, 60)', [
        position,
      ]);
      if (Number(waited[0]?.[0]) !== 0) {
        throw new Error(`The replica did not apply the primary's GTID ${position}.`);
      }
    };
    const outside = async () => {
      if (!inTransaction) await catchUp();
    };
    const overrides: Partial<DriverConnection> = {
      begin: async (options) => {
        await catchUp();
        await connection.begin(options);
        inTransaction = true;
      },
      commit: async () => {
        inTransaction = false;
        await connection.commit();
      },
      rollback: async () => {
        inTransaction = false;
        await connection.rollback();
      },
      execute: async (sql, params, options) => {
        await outside();
        return connection.execute(sql, params, options);
      },
      executeMany: async (sql, paramLists) => {
        await outside();
        return connection.executeMany(sql, paramLists);
      },
      openCursor: async (sql, params, batchSize, options) => {
        await outside();
        return connection.openCursor(sql, params, batchSize, options);
      },
    };
    // A Proxy rather than a copy: `alive` is read live, and the driver's methods keep their
    // own `this` (the connection's class has private fields).
    return new Proxy(connection, {
      get(target, name) {
        if (Object.hasOwn(overrides, name)) return overrides[name as keyof DriverConnection];
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
