import {
  Column,
  type Connection,
  CreateTable,
  delete_,
  type Executable,
  InvalidRequestError,
  insert,
  inspect,
  MetaData,
  String as SqlString,
  select,
  Table,
  update,
} from '@athanor/core';

/**
 * The table that records which revisions are applied (Alembic's `alembic_version`): one row
 * per applied head, `version_num VARCHAR(32) PRIMARY KEY`.
 */
export class VersionTable {
  readonly table;
  /**
   * The same table without its key, for the INSERT/UPDATE/DELETE: an INSERT into a keyed table
   * gets RETURNING of the key added when run online (to learn generated keys), which would make
   * the online statements differ from the offline script. The SQL is otherwise the same.
   */
  readonly #rows;

  constructor(name: string, schema?: string) {
    const options = schema === undefined ? {} : { schema };
    this.table = new Table(
      name,
      new MetaData(),
      { version_num: new Column(SqlString(32), { primaryKey: true, nullable: false }) },
      options,
    );
    this.#rows = new Table(
      name,
      new MetaData(),
      { version_num: new Column(SqlString(32), { nullable: false }) },
      options,
    );
  }

  get name(): string {
    return this.table.name;
  }

  /** `CREATE TABLE athanor_version (...)`. */
  create(): CreateTable {
    return new CreateTable(this.table);
  }

  async exists(connection: Connection): Promise<boolean> {
    return inspect(connection).hasTable(this.table.name, this.table.schema ?? undefined);
  }

  /** The applied heads; none when the table does not exist yet. */
  async read(connection: Connection): Promise<string[]> {
    if (!(await this.exists(connection))) return [];
    const result = await connection.execute(select(this.table.c.version_num));
    return result
      .all()
      .map((row) => row.version_num)
      .sort();
  }

  /**
   * The statements that turn the rows `before` into `after`: an UPDATE for each row replaced
   * (a step along a branch), an INSERT for a new branch, a DELETE for a merged or undone one.
   */
  changes(before: readonly string[], after: readonly string[]): Executable[] {
    const removed = before.filter((head) => !after.includes(head));
    const added = after.filter((head) => !before.includes(head));
    const table = this.#rows;
    const column = table.c.version_num;
    const statements: Executable[] = [];
    const paired = Math.min(removed.length, added.length);
    for (let index = 0; index < paired; index++) {
      statements.push(
        update(table)
          .where(column.eq(removed[index] as string))
          .values({ version_num: added[index] as string }),
      );
    }
    for (const head of removed.slice(paired)) {
      statements.push(delete_(table).where(column.eq(head)));
    }
    for (const head of added.slice(paired)) {
      statements.push(insert(table).values({ version_num: head }));
    }
    return statements;
  }

  /** Refuses ids too long for the column before a migration runs, not after. */
  check(id: string): void {
    if (id.length > 32) {
      throw new InvalidRequestError(
        `Revision id '${id}' is longer than the version table's 32 characters: use a shorter id.`,
      );
    }
  }
}
