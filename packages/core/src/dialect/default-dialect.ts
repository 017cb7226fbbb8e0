import { SqlCompiler } from '../compiler/sql-compiler.js';
import type { URL } from '../engine/url.js';
import { DatabaseError, type DBAPIErrorClass } from '../errors.js';
import { type DialectCapabilities, defaultCapabilities } from './capabilities.js';
import { type Dialect, type DialectProvision, dialectSpecVersion } from './dialect.js';
import type { Driver, DriverConnection } from './driver.js';

/**
 * A base for dialects, with the defaults a dialect overrides where its database differs.
 * Subclasses set `name`, `driverName`, `packageName` and implement `createDriver`.
 */
export abstract class DefaultDialect implements Dialect {
  readonly specVersion = dialectSpecVersion;
  abstract readonly name: string;
  abstract readonly driverName: string;
  abstract readonly packageName: string;
  readonly capabilities: DialectCapabilities = defaultCapabilities;
  readonly serverVersion: readonly number[] | undefined = undefined;
  readonly compiler: SqlCompiler = new SqlCompiler();
  readonly provision: DialectProvision | undefined = undefined;

  abstract createDriver(url: URL, connectArgs: Readonly<Record<string, unknown>>): Driver;

  async initialize(_connection: DriverConnection): Promise<Dialect> {
    return this;
  }

  errorClassFor(_error: unknown): DBAPIErrorClass {
    return DatabaseError;
  }

  isDisconnect(_error: unknown): boolean {
    return false;
  }

  poolClassFor(_url: URL): 'queue' | 'static' {
    return 'queue';
  }

  toString(): string {
    return `${this.name}+${this.driverName}`;
  }
}
