import { ArgumentError } from '../errors.js';
import type { Executable } from '../sql/executable.js';
import { checkIdentifierName } from '../sql/identifier-name.js';
import { createTables, dropTables, reflectTable } from './ddl-runner.js';
import type { QueryRunner, ReflectionQueries } from './reflected.js';
import { sortTables } from './sort-tables.js';
import type { AnyTable } from './table.js';

/** What DDL needs of the database's dialect. */
export interface DdlDialect {
  readonly name: string;
  readonly capabilities: {
    /** ALTER TABLE can add and drop foreign keys (not SQLite). */
    readonly alterForeignKeys: boolean;
  };
  readonly reflection: ReflectionQueries;
}

/** A connection, as DDL uses it. */
export interface DdlConnection extends QueryRunner {
  readonly dialect: DdlDialect;
  execute(
    statement: Executable,
    params?: Readonly<Record<string, unknown>>,
  ): Promise<{
    all(): readonly Record<string, unknown>[];
  }>;
}

/** An engine, as DDL uses it: a transaction to run the statements in. */
export interface DdlEngine {
  connect(): Promise<unknown>;
  begin<T>(work: (connection: DdlConnection) => Promise<T>): Promise<T>;
}

/**
 * Where DDL runs: an engine (in a transaction of its own, committed at the end) or a connection
 * (in its transaction; commit it yourself).
 */
export type DdlBind = DdlEngine | DdlConnection;

/** Runs `work` on a connection of the bind: a new transaction for an engine. */
async function withDdlConnection<T>(
  bind: DdlBind,
  work: (connection: DdlConnection) => Promise<T>,
): Promise<T> {
  if (typeof (bind as DdlEngine).connect === 'function') return (bind as DdlEngine).begin(work);
  if (typeof (bind as DdlConnection).execute === 'function') return work(bind as DdlConnection);
  throw new ArgumentError('Expected an Engine or a Connection to run DDL on');
}

/** Options for `createAll` and `dropAll`. */
export interface CreateDropOptions {
  /** Skip tables that already exist (create) or do not exist (drop). Default true. */
  readonly checkFirst?: boolean;
  /** Only these tables (with their order still worked out). */
  readonly tables?: readonly AnyTable[];
}

/** Options for `reflect`. */
export interface ReflectOptions {
  /** The schema to read; the default schema when absent. */
  readonly schema?: string;
  /** Only these tables. */
  readonly only?: readonly string[];
  /** Include views. */
  readonly views?: boolean;
}

/**
 * A collection of tables (SQLAlchemy's `MetaData`): create or drop them all in foreign key
 * order, or read them from a database.
 *
 * @example
 * const metadata = new MetaData();
 * const users = new Table('users', metadata, { ... });
 * await metadata.createAll(engine);   // CREATE TABLE for each table that does not exist yet
 */
export class MetaData {
  /** The tables by name (`schema.name` for tables in a schema). */
  readonly tables = new Map<string, AnyTable>();
  /** The default schema for its tables. */
  readonly schema: string | undefined;

  constructor(options: { readonly schema?: string } = {}) {
    if (options.schema !== undefined) checkIdentifierName(options.schema, 'Schema name');
    this.schema = options.schema;
  }

  /** @internal Called by Table's constructor. */
  add(table: AnyTable): void {
    const key = table.fullname;
    if (this.tables.has(key)) {
      throw new ArgumentError(
        `Table '${key}' is already defined in this MetaData. Use the existing Table object, ` +
          'or a different name (or MetaData).',
        { code: 'duplicate-table' },
      );
    }
    this.tables.set(key, table);
  }

  /** Removes a table from the collection (the database is not touched). */
  remove(table: AnyTable): void {
    this.tables.delete(table.fullname);
  }

  /** The tables in creation order: each after the tables its foreign keys refer to. */
  get sortedTables(): AnyTable[] {
    return [...sortTables([...this.tables.values()]).tables];
  }

  /**
   * Creates the tables (and their indexes) in foreign key order, skipping those that exist
   * (SQLAlchemy's `create_all`). Tables that refer to each other in a cycle get their foreign
   * keys added with ALTER TABLE once all exist.
   */
  async createAll(bind: DdlBind, options: CreateDropOptions = {}): Promise<void> {
    const tables = options.tables ?? [...this.tables.values()];
    await withDdlConnection(bind, (conn) => createTables(conn, tables, options.checkFirst ?? true));
  }

  /** Drops the tables in reverse foreign key order, skipping those that do not exist. */
  async dropAll(bind: DdlBind, options: CreateDropOptions = {}): Promise<void> {
    const tables = options.tables ?? [...this.tables.values()];
    await withDdlConnection(bind, (conn) => dropTables(conn, tables, options.checkFirst ?? true));
  }

  /**
   * Reads tables from the database into this MetaData (SQLAlchemy's `reflect`): columns with
   * their types, primary and foreign keys, unique and check constraints, indexes. Tables
   * already present are kept as they are.
   */
  async reflect(bind: DdlBind, options: ReflectOptions = {}): Promise<void> {
    const schema = options.schema ?? this.schema ?? null;
    await withDdlConnection(bind, async (conn) => {
      const reflection = conn.dialect.reflection;
      let names = await reflection.getTableNames(conn, schema);
      if (options.views) names = [...names, ...(await reflection.getViewNames(conn, schema))];
      if (options.only) {
        const missing = options.only.filter((name) => !names.includes(name));
        if (missing.length > 0) {
          throw new ArgumentError(
            `Could not reflect: no table named ${missing.join(', ')} in the database`,
          );
        }
        names = [...options.only];
      }
      for (const name of names) {
        const key = schema ? `${schema}.${name}` : name;
        if (!this.tables.has(key)) await reflectTable(conn, this, name, schema);
      }
    });
  }

  /** Reads one table (and the tables its foreign keys refer to) into this MetaData. */
  async reflectTable(
    bind: DdlBind,
    name: string,
    options: { schema?: string } = {},
  ): Promise<AnyTable> {
    return withDdlConnection(bind, (conn) =>
      reflectTable(conn, this, name, options.schema ?? this.schema ?? null),
    );
  }

  /** Removes every table from the collection (the database is not touched). */
  clear(): void {
    this.tables.clear();
  }
}
