import { ArgumentError } from '../errors.js';
import type { ColumnElement } from '../sql/column-element.js';
import { type ForeignKeyLink, TableClause } from '../sql/from-clauses.js';
import { checkIdentifierName } from '../sql/identifier-name.js';
import { type Insert, insert } from '../sql/insert.js';
import type { TableNode } from '../sql/nodes.js';
import type { Simplify } from '../sql/row-types.js';
import { type Select, select } from '../sql/select.js';
import { type Delete, delete_, type Update, update } from '../sql/update.js';
import type { TypeEngine } from '../types/type-engine.js';
import {
  Column,
  type ColumnBindOf,
  type ColumnOptions,
  type ColumnValueOf,
  type IsOptionalOnInsert,
} from './column.js';
import {
  CheckConstraint,
  type Constraint,
  ForeignKeyConstraint,
  Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from './constraints.js';
import type { DdlBind, MetaData } from './metadata.js';

/** The columns of a table, by key. */
export type ColumnMap = Readonly<Record<string, Column<TypeEngine, ColumnOptions, string>>>;

/** A table's columns as `table.c` has them: each knows its key. */
export type TableColumns<Cols extends ColumnMap> = {
  readonly [K in keyof Cols & string]: Cols[K] extends Column<infer Type, infer O, string>
    ? Column<Type, O, K>
    : never;
};

/** A row of the table as SELECT reads it. */
export type TableRow<Cols extends ColumnMap> = {
  [K in keyof Cols & string]: Cols[K] extends Column<infer Type, infer O, string>
    ? ColumnValueOf<Type, O>
    : never;
};

export type OptionalKeys<Cols extends ColumnMap> = {
  [K in keyof Cols & string]: IsOptionalOnInsert<Cols[K]> extends true ? K : never;
}[keyof Cols & string];
export type RequiredKeys<Cols extends ColumnMap> = Exclude<keyof Cols & string, OptionalKeys<Cols>>;

/** The values an INSERT takes: required columns must be given; the rest may be. */
export type TableInsert<Cols extends ColumnMap> = Simplify<
  { [K in RequiredKeys<Cols>]: ColumnBindOf<Cols[K]> | InsertExpression<Cols[K]> } & {
    [K in OptionalKeys<Cols>]?: ColumnBindOf<Cols[K]> | InsertExpression<Cols[K]> | null;
  }
>;

/** An expression in place of a value (`users.c.age.add(1)`, a scalar subquery). */
export type InsertExpression<C> =
  C extends Column<infer Type, infer O, string>
    ? ColumnElement<NonNullable<ColumnValueOf<Type, O>> | null, string>
    : never;

/** The values an UPDATE takes: any of the columns. */
export type TableUpdate<Cols extends ColumnMap> = {
  [K in keyof Cols & string]?: ColumnBindOf<Cols[K]> | InsertExpression<Cols[K]>;
};

/** Options of a table. */
export interface TableOptions {
  /** The schema (namespace) it lives in (PostgreSQL). */
  readonly schema?: string;
  /** A comment stored in the database. */
  readonly comment?: string;
  /** Table-level constraints: composite keys, UNIQUE and CHECK over several columns... */
  readonly constraints?: readonly Constraint[];
  /** Indexes. */
  readonly indexes?: readonly Index[];
}

/**
 * A table (SQLAlchemy's `Table`): its columns, constraints and indexes, registered in a
 * {@link MetaData}, and a FROM clause for statements. `table.c` holds its columns, typed.
 *
 * @example
 * const metadata = new MetaData();
 * const users = new Table('users', metadata, {
 *   id: new Column(Integer, { primaryKey: true }),
 *   name: new Column(Varchar(50), { nullable: false }),
 *   age: new Column(Integer),
 * });
 * select(users.c.name).where(users.c.age.gt(25));
 */
export class Table<
  Name extends string = string,
  Cols extends ColumnMap = ColumnMap,
> extends TableClause<TableRow<Cols>, TableColumns<Cols>, TableInsert<Cols>, TableUpdate<Cols>> {
  readonly node: TableNode;
  readonly schema: string | null;
  readonly comment: string | undefined;
  readonly columns: readonly Column[];
  readonly primaryKey: PrimaryKeyConstraint;
  readonly foreignKeys: ForeignKeyConstraint[] = [];
  readonly constraints: Constraint[] = [];
  readonly indexes: Index[] = [];

  constructor(
    readonly name: Name,
    readonly metadata: MetaData,
    columns: Cols,
    options: TableOptions = {},
  ) {
    super();
    if (typeof name !== 'string' || name === '') {
      throw new ArgumentError('A table needs a name');
    }
    checkIdentifierName(name, 'Table name');
    this.schema = options.schema ?? metadata.schema ?? null;
    if (this.schema !== null) checkIdentifierName(this.schema, 'Schema name');
    this.comment = options.comment;
    this.node = { kind: 'table', name, schema: this.schema };
    const ordered: Column[] = [];
    for (const [key, column] of Object.entries(columns)) {
      if (!(column instanceof Column)) {
        throw new ArgumentError(
          `Table '${name}': '${key}' is not a Column (use new Column(type, options))`,
        );
      }
      column.attach(this, key, this.node);
      ordered.push(column as Column);
    }
    if (ordered.length === 0) throw new ArgumentError(`Table '${name}' needs at least one column`);
    this.columns = ordered;

    const explicitKey = options.constraints?.find((c) => c instanceof PrimaryKeyConstraint) as
      | PrimaryKeyConstraint
      | undefined;
    const flagged = ordered.filter((column) => column.primaryKey);
    if (explicitKey && flagged.length > 0) {
      throw new ArgumentError(
        `Table '${name}': give the primary key either with primaryKey: true on columns or as a PrimaryKeyConstraint, not both`,
      );
    }
    this.primaryKey = explicitKey ?? new PrimaryKeyConstraint(...flagged);
    this.primaryKey.attach(this);

    for (const column of ordered) {
      for (const foreignKey of column.foreignKeys) {
        this.#addConstraint(
          new ForeignKeyConstraint([column], [foreignKey.target], foreignKey.options),
        );
      }
      if (column.unique) this.#addConstraint(new UniqueConstraint(column));
    }
    for (const constraint of options.constraints ?? []) {
      if (constraint !== explicitKey) this.#addConstraint(constraint);
    }
    for (const column of ordered) {
      if (column.index) this.addIndex(new Index(`ix_${name}_${column.name}`, column.key));
    }
    for (const index of options.indexes ?? []) this.addIndex(index);
    metadata.add(this);
  }

  /** The name with its schema, as MetaData keys it: `users` or `archive.users`. */
  get fullname(): string {
    return this.schema ? `${this.schema}.${this.name}` : this.name;
  }

  /** @internal Adds an index (an `Index` made from this table's columns calls this). */
  addIndex(index: Index): void {
    if (!this.indexes.includes(index)) {
      index.attach(this);
      this.indexes.push(index);
    }
  }

  #addConstraint(constraint: Constraint): void {
    constraint.attach(this);
    if (constraint instanceof ForeignKeyConstraint) {
      // Check the columns now, so a typo fails where the table is defined.
      void constraint.columns;
      this.foreignKeys.push(constraint);
    } else if (constraint instanceof UniqueConstraint) {
      void constraint.columns;
    } else if (!(constraint instanceof CheckConstraint)) {
      throw new ArgumentError(`Table '${this.name}': unsupported constraint ${String(constraint)}`);
    }
    this.constraints.push(constraint);
  }

  /**
   * A column by key, for tables whose columns the type system does not know (reflected ones):
   * `reflected.column('name').eq('x')`.
   * @throws {ArgumentError} naming the table's columns when there is no such column.
   */
  column(key: string): Column {
    const column = this.columns.find((candidate) => candidate.key === key);
    if (!column) {
      throw new ArgumentError(
        `Table '${this.name}' has no column '${key}'; its columns are ${this.columns.map((c) => c.key).join(', ')}.`,
      );
    }
    return column;
  }

  /** `INSERT INTO this table` (same as `insert(table)`). */
  insert(): Insert<this> {
    return insert(this);
  }

  /** `UPDATE this table` (same as `update(table)`). */
  update(): Update<this> {
    return update(this);
  }

  /** `DELETE FROM this table` (same as `delete_(table)`). */
  delete(): Delete<this> {
    return delete_(this);
  }

  /** `SELECT` every column of this table. */
  select(): Select<TableRow<Cols>, unknown[]> {
    return select(this) as unknown as Select<TableRow<Cols>, unknown[]>;
  }

  /** CREATE TABLE (and its indexes), unless it exists with `checkFirst` (the default). */
  async create(bind: DdlBind, options: { checkFirst?: boolean } = {}): Promise<void> {
    await this.metadata.createAll(bind, { tables: [this], checkFirst: options.checkFirst ?? true });
  }

  /** DROP TABLE, if it exists with `checkFirst` (the default). */
  async drop(bind: DdlBind, options: { checkFirst?: boolean } = {}): Promise<void> {
    await this.metadata.dropAll(bind, { tables: [this], checkFirst: options.checkFirst ?? true });
  }

  /**
   * Reads a table from the database into `metadata` (SQLAlchemy's `Table(name, metadata,
   * autoload_with=engine)`), with the tables its foreign keys refer to.
   */
  static autoload(
    name: string,
    metadata: MetaData,
    bind: DdlBind,
    options: { schema?: string } = {},
  ): Promise<AnyTable> {
    return metadata.reflectTable(bind, name, options);
  }

  /** @internal */
  override columnDefault(column: ColumnElement): unknown {
    return (column as Column).default;
  }

  /** @internal */
  override columnOnUpdate(column: ColumnElement): unknown {
    return (column as Column).onupdate;
  }

  /** @internal */
  override primaryKeyColumns(): readonly Column[] {
    return this.primaryKey.columns;
  }

  override foreignKeyLinks(): readonly ForeignKeyLink[] {
    const links: ForeignKeyLink[] = [];
    for (const foreignKey of this.foreignKeys) {
      const { schema, table } = foreignKey.referred;
      if (!this.metadata.tables.has(schema ? `${schema}.${table}` : table)) continue;
      links.push({ columns: foreignKey.columns, referred: foreignKey.referredColumns });
    }
    return links;
  }

  override toString(): string {
    return this.fullname;
  }
}

/** A table whose columns are not known to the type system (a reflected table). */
export type AnyTable = Table<string, ColumnMap>;
