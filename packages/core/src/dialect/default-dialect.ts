import { type DialectCapabilities, defaultCapabilities } from '../compiler/capabilities.js';
import { DdlCompiler } from '../compiler/ddl-compiler.js';
import { type CompilerSettings, SqlCompiler } from '../compiler/sql-compiler.js';
import { TypeCompiler } from '../compiler/type-compiler.js';
import type { TypeProcessorTable } from '../compiler/type-processors.js';
import type { DatabaseUrl } from '../engine/url.js';
import { DatabaseError, type DBAPIErrorClass, NotSupportedError } from '../errors.js';
import type { ReflectionQueries } from '../schema/reflected.js';
import { type Dialect, type DialectProvision, dialectSpecVersion } from './dialect.js';
import type { Driver, DriverConnection, DriverOptions } from './driver.js';

/**
 * A base for dialects, with the defaults a dialect overrides where its database differs.
 * Subclasses set `name`, `driverName`, `packageName`, implement `createDriver`, and override
 * `createCompiler`, `createDdlCompiler` and `createTypeCompiler` for their SQL, and `reflection`
 * for reading their schema.
 *
 * The dialect holds its three compilers side by side and wires them: the statement compiler
 * gets the type compiler (for CAST) and the DDL compiler (for DDL statements); the DDL compiler
 * gets the statement compiler (names, literals, expressions) and the type compiler.
 */
export abstract class DefaultDialect implements Dialect {
  readonly specVersion = dialectSpecVersion;
  abstract readonly name: string;
  abstract readonly driverName: string;
  abstract readonly packageName: string;
  readonly capabilities: DialectCapabilities = defaultCapabilities;
  readonly serverVersion: readonly number[] | undefined = undefined;
  readonly provision: DialectProvision | undefined = undefined;
  /** Value conversions where this dialect's driver differs from the core's defaults. */
  readonly typeProcessors: TypeProcessorTable = {};
  #compiler: SqlCompiler | undefined;
  #ddlCompiler: DdlCompiler | undefined;
  #typeCompiler: TypeCompiler | undefined;

  // Each compiler is made on first use, after a subclass has set its capabilities.

  /** The statement compiler: what `stmt.compile({ dialect })` and the engine compile with. */
  get compiler(): SqlCompiler {
    this.#compiler ??= this.createCompiler(this.compilerSettings());
    return this.#compiler;
  }

  /** The DDL compiler: CREATE, DROP, ALTER and COMMENT statements. */
  get ddlCompiler(): DdlCompiler {
    this.#ddlCompiler ??= this.createDdlCompiler(this.compiler, this.typeCompiler);
    return this.#ddlCompiler;
  }

  /** The type compiler: SQL types in DDL and CAST. */
  get typeCompiler(): TypeCompiler {
    if (!this.#typeCompiler) {
      this.#typeCompiler = this.createTypeCompiler(this.describe());
      // Custom types choose their variant and impl by the dialect: this one.
      this.#typeCompiler.dialect = this;
    }
    return this.#typeCompiler;
  }

  /** The statement compiler for this dialect; subclasses return their own. */
  protected createCompiler(settings: CompilerSettings): SqlCompiler {
    return new SqlCompiler(settings);
  }

  /** The DDL compiler for this dialect; subclasses return their own. */
  protected createDdlCompiler(sql: SqlCompiler, types: TypeCompiler): DdlCompiler {
    return new DdlCompiler(sql, types);
  }

  /** The type compiler for this dialect (`name` for its messages); subclasses return their own. */
  protected createTypeCompiler(name: string): TypeCompiler {
    return new TypeCompiler(name);
  }

  protected compilerSettings(): CompilerSettings {
    return {
      name: this.describe(),
      capabilities: this.capabilities,
      typeProcessors: this.typeProcessors,
      dialect: this,
      typeCompiler: this.typeCompiler,
      ddlCompiler: () => this.ddlCompiler,
    };
  }

  /** The dialect as messages name it: the database and, when known, its version. */
  describe(): string {
    return this.serverVersion ? `${this.name} ${this.serverVersion.join('.')}` : this.name;
  }

  get reflection(): ReflectionQueries {
    // Named per function: `hasTable` is what createAll/dropAll call first, so a dialect author
    // who skipped reflection learns which function to write and how to do without it.
    const fail = (fn: keyof ReflectionQueries) => (): never => {
      throw new NotSupportedError(
        `The ${this.name} dialect cannot read the schema back: its reflection has no ${fn}(). ` +
          (fn === 'hasTable'
            ? 'createAll() and dropAll() call it to skip tables that exist (or are gone); implement it, or pass { checkFirst: false }.'
            : "Implement it in the dialect's reflection (see Writing a dialect in the docs)."),
      );
    };
    return {
      getSchemaNames: fail('getSchemaNames'),
      getTableNames: fail('getTableNames'),
      getViewNames: fail('getViewNames'),
      hasTable: fail('hasTable'),
      getColumns: fail('getColumns'),
      getPkConstraint: fail('getPkConstraint'),
      getForeignKeys: fail('getForeignKeys'),
      getIndexes: fail('getIndexes'),
      getUniqueConstraints: fail('getUniqueConstraints'),
      getCheckConstraints: fail('getCheckConstraints'),
      getTableComment: fail('getTableComment'),
    };
  }

  abstract createDriver(
    url: DatabaseUrl,
    connectArgs: Readonly<Record<string, unknown>>,
    options?: DriverOptions,
  ): Driver;

  async initialize(_connection: DriverConnection): Promise<Dialect> {
    return this;
  }

  errorClassFor(_error: unknown): DBAPIErrorClass {
    return DatabaseError;
  }

  isDisconnect(_error: unknown): boolean {
    return false;
  }

  isRetryable(_error: unknown): boolean {
    return false;
  }

  poolClassFor(_url: DatabaseUrl): 'queue' | 'static' {
    return 'queue';
  }

  toString(): string {
    return `${this.name}+${this.driverName}`;
  }
}
