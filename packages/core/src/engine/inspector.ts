import type { Dialect } from '../dialect/dialect.js';
import { ArgumentError } from '../errors.js';
import type {
  ReflectedCheckConstraint,
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedPrimaryKey,
  ReflectedUniqueConstraint,
} from '../schema/reflected.js';
import { Connection } from './connection.js';
import { Engine } from './engine.js';

/**
 * Reads the schema of a database (SQLAlchemy's `Inspector`): tables, columns with their types,
 * keys, indexes, constraints. Each method runs on a connection of its own when made from an
 * engine, or on the connection it was made from.
 *
 * @example
 * const insp = inspect(engine);
 * await insp.getTableNames();            // ['posts', 'users']
 * await insp.getColumns('users');        // [{ name: 'id', type: IntegerType, nullable: false, ... }]
 */
export class Inspector {
  constructor(readonly bind: Engine | Connection) {}

  async #run<T>(work: (conn: Connection, dialect: Dialect) => Promise<T>): Promise<T> {
    if (this.bind instanceof Connection) return work(this.bind, this.bind.dialect);
    const conn = await this.bind.connect();
    try {
      return await work(conn, conn.dialect);
    } finally {
      await conn.close();
    }
  }

  /** The schemas (namespaces) of the database. */
  getSchemaNames(): Promise<string[]> {
    return this.#run((conn, d) => d.reflection.getSchemaNames(conn));
  }

  /** The tables, sorted by name. */
  getTableNames(schema?: string): Promise<string[]> {
    return this.#run((conn, d) => d.reflection.getTableNames(conn, schema ?? null));
  }

  /** The views, sorted by name. */
  getViewNames(schema?: string): Promise<string[]> {
    return this.#run((conn, d) => d.reflection.getViewNames(conn, schema ?? null));
  }

  /** True when the table (or view) exists. */
  hasTable(table: string, schema?: string): Promise<boolean> {
    return this.#run((conn, d) => d.reflection.hasTable(conn, table, schema ?? null));
  }

  /** The columns of a table, in order. */
  getColumns(table: string, schema?: string): Promise<ReflectedColumn[]> {
    return this.#exists(table, schema, (conn, d) =>
      d.reflection.getColumns(conn, table, schema ?? null),
    );
  }

  /** The primary key of a table. */
  getPkConstraint(table: string, schema?: string): Promise<ReflectedPrimaryKey> {
    return this.#exists(table, schema, (conn, d) =>
      d.reflection.getPkConstraint(conn, table, schema ?? null),
    );
  }

  /** The foreign keys of a table. */
  getForeignKeys(table: string, schema?: string): Promise<ReflectedForeignKey[]> {
    return this.#exists(table, schema, (conn, d) =>
      d.reflection.getForeignKeys(conn, table, schema ?? null),
    );
  }

  /** The indexes of a table (not those that only back a UNIQUE constraint). */
  getIndexes(table: string, schema?: string): Promise<ReflectedIndex[]> {
    return this.#exists(table, schema, (conn, d) =>
      d.reflection.getIndexes(conn, table, schema ?? null),
    );
  }

  /**
   * True when the table has an index of that name, counting the index behind a UNIQUE
   * constraint: MySQL reports a unique index as a UNIQUE constraint (there the two are one
   * thing), so a unique `Index` would otherwise be found on some databases and not on others.
   */
  hasIndex(table: string, index: string, schema?: string): Promise<boolean> {
    return this.#exists(table, schema, async (conn, d) => {
      const indexes = await d.reflection.getIndexes(conn, table, schema ?? null);
      if (indexes.some((found) => found.name === index)) return true;
      const uniques = await d.reflection.getUniqueConstraints(conn, table, schema ?? null);
      return uniques.some((found) => found.name === index);
    });
  }

  /** The UNIQUE constraints of a table. */
  getUniqueConstraints(table: string, schema?: string): Promise<ReflectedUniqueConstraint[]> {
    return this.#exists(table, schema, (conn, d) =>
      d.reflection.getUniqueConstraints(conn, table, schema ?? null),
    );
  }

  /** The CHECK constraints of a table. */
  getCheckConstraints(table: string, schema?: string): Promise<ReflectedCheckConstraint[]> {
    return this.#exists(table, schema, (conn, d) =>
      d.reflection.getCheckConstraints(conn, table, schema ?? null),
    );
  }

  /** The comment on a table, or null. */
  getTableComment(table: string, schema?: string): Promise<string | null> {
    return this.#exists(table, schema, (conn, d) =>
      d.reflection.getTableComment(conn, table, schema ?? null),
    );
  }

  #exists<T>(
    table: string,
    schema: string | undefined,
    work: (conn: Connection, dialect: Dialect) => Promise<T>,
  ): Promise<T> {
    return this.#run(async (conn, dialect) => {
      if (!(await dialect.reflection.hasTable(conn, table, schema ?? null))) {
        throw new ArgumentError(
          `No table '${schema ? `${schema}.` : ''}${table}' in the database.`,
          {
            code: 'no-such-table',
          },
        );
      }
      return work(conn, dialect);
    });
  }
}

/** An {@link Inspector} for an engine or a connection (SQLAlchemy's `inspect()`). */
export function inspect(bind: Engine | Connection): Inspector {
  if (!(bind instanceof Engine) && !(bind instanceof Connection)) {
    throw new ArgumentError('inspect() takes an Engine or a Connection');
  }
  return new Inspector(bind);
}
