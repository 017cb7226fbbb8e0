/**
 * What the dialect tells its MySQL compilers about the server it has connected to (nothing is
 * known before the first connection): MariaDB, whose syntax differs in places, and the version.
 */
export interface MysqlServerFlags {
  /** True on MariaDB. */
  readonly mariadb: boolean;
  /** The server's version, once known. */
  readonly version?: readonly number[] | undefined;
}

/** Before a connection: MySQL, version unknown. */
export const unknownMysqlServer: MysqlServerFlags = { mariadb: false };
