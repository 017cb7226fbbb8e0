import type { Dialect } from '@athanor/core';
import type { DriverConnection } from '@athanor/core/dialect';
import { MysqlDialect } from '../src/index.js';

/**
 * The MySQL dialect as it is on a server without `INSERT ... RETURNING` (MySQL, MariaDB before
 * 10.5), run against a MariaDB that has it: Core and the ORM then learn the keys of a many-row
 * INSERT from the first id the server reports and the step the driver reads, the path MySQL
 * takes. The server's real lock mode decides, as on MySQL.
 */
export class WithoutReturningDialect extends MysqlDialect {
  override async initialize(connection: DriverConnection): Promise<Dialect> {
    const server = (await super.initialize(connection)) as MysqlDialect;
    const { rows } = await connection.execute('SELECT @@innodb_autoinc_lock_mode', []);
    return new WithoutReturningDialect({
      // MariaDB's last version before RETURNING; MySQL as it is.
      version: server.isMariaDB ? [10, 4, 0] : (server.serverVersion ?? []),
      mariadb: server.isMariaDB,
      autoincLockMode: Number(rows[0]?.[0]),
    });
  }
}
