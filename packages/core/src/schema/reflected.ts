import type { Executable } from '../sql/executable.js';
import type { TypeEngine } from '../types/type-engine.js';

/** A column as the database describes it. */
export interface ReflectedColumn {
  readonly name: string;
  readonly type: TypeEngine;
  /**
   * The type as the database spells it (MySQL's `int unsigned`), where {@link type} may say
   * less than the column has; absent where the dialect does not report it.
   */
  readonly sqlType?: string;
  readonly nullable: boolean;
  /** The server default as SQL, or null. */
  readonly default: string | null;
  /** Generated on insert (SERIAL, AUTO_INCREMENT, identity, the SQLite rowid). */
  readonly autoincrement: boolean;
  readonly comment: string | null;
}

/** The primary key as the database describes it. */
export interface ReflectedPrimaryKey {
  readonly name: string | null;
  readonly constrainedColumns: readonly string[];
}

/** A foreign key as the database describes it. */
export interface ReflectedForeignKey {
  readonly name: string | null;
  readonly constrainedColumns: readonly string[];
  readonly referredSchema: string | null;
  readonly referredTable: string;
  readonly referredColumns: readonly string[];
  readonly onDelete: string | null;
  readonly onUpdate: string | null;
}

/** An index as the database describes it. */
export interface ReflectedIndex {
  readonly name: string;
  readonly columnNames: readonly string[];
  readonly unique: boolean;
}

/** A UNIQUE constraint as the database describes it. */
export interface ReflectedUniqueConstraint {
  readonly name: string | null;
  readonly columnNames: readonly string[];
}

/** A CHECK constraint as the database describes it. */
export interface ReflectedCheckConstraint {
  readonly name: string | null;
  readonly sqltext: string;
}

/** What reflection needs to run a query: a connection. */
export interface QueryRunner {
  execute(
    statement: Executable,
    params?: Readonly<Record<string, unknown>>,
  ): Promise<{ all(): readonly Record<string, unknown>[] }>;
}

/**
 * How a dialect reads the schema from its database. Each method runs on the connection given.
 * Names are as the database stores them; `schema` null means the default schema.
 */
export interface ReflectionQueries {
  getSchemaNames(conn: QueryRunner): Promise<string[]>;
  getTableNames(conn: QueryRunner, schema: string | null): Promise<string[]>;
  getViewNames(conn: QueryRunner, schema: string | null): Promise<string[]>;
  hasTable(conn: QueryRunner, table: string, schema: string | null): Promise<boolean>;
  getColumns(conn: QueryRunner, table: string, schema: string | null): Promise<ReflectedColumn[]>;
  getPkConstraint(
    conn: QueryRunner,
    table: string,
    schema: string | null,
  ): Promise<ReflectedPrimaryKey>;
  getForeignKeys(
    conn: QueryRunner,
    table: string,
    schema: string | null,
  ): Promise<ReflectedForeignKey[]>;
  getIndexes(conn: QueryRunner, table: string, schema: string | null): Promise<ReflectedIndex[]>;
  getUniqueConstraints(
    conn: QueryRunner,
    table: string,
    schema: string | null,
  ): Promise<ReflectedUniqueConstraint[]>;
  getCheckConstraints(
    conn: QueryRunner,
    table: string,
    schema: string | null,
  ): Promise<ReflectedCheckConstraint[]>;
  getTableComment(conn: QueryRunner, table: string, schema: string | null): Promise<string | null>;
}
