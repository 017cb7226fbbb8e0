import { ArgumentError } from '../errors.js';
import { checkIdentifierName } from '../sql/identifier-name.js';
import type { Column } from './column.js';
import type { Table } from './table.js';

/** What happens to referring rows when the referred row is deleted or its key updated. */
export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

/** Options of a foreign key. */
export interface ForeignKeyOptions {
  /** The constraint's name; the database names it when absent. */
  readonly name?: string;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /**
   * Add the constraint with ALTER TABLE after the tables exist, for tables that refer to each
   * other in a cycle. `createAll` does this on its own for cycles it finds.
   */
  readonly useAlter?: boolean;
}

const actions = new Set(['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION']);

function checkAction(action: string | undefined, what: string): void {
  if (action !== undefined && !actions.has(action)) {
    throw new ArgumentError(`${what} must be one of ${[...actions].join(', ')}; got '${action}'`);
  }
}

/** Parses `'table.column'` or `'schema.table.column'`. */
function parseColumnReference(reference: string): {
  schema: string | null;
  table: string;
  column: string;
} {
  const parts = typeof reference === 'string' ? reference.split('.') : [];
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new ArgumentError(
      `A foreign key refers to 'table.column' or 'schema.table.column'; got ${JSON.stringify(reference)}`,
    );
  }
  const column = parts.pop() as string;
  const table = parts.pop() as string;
  return { schema: parts[0] ?? null, table, column };
}

/** A foreign key on one column: `new ForeignKey('users.id', { onDelete: 'CASCADE' })`. */
export class ForeignKey {
  constructor(
    /** `'table.column'` or `'schema.table.column'`. */
    readonly target: string,
    readonly options: ForeignKeyOptions = {},
  ) {
    parseColumnReference(target);
    checkAction(options.onDelete, 'onDelete');
    checkAction(options.onUpdate, 'onUpdate');
  }
}

/** A table-level constraint, named or not. */
export abstract class Constraint {
  #table: Table | undefined;

  constructor(readonly name: string | undefined) {
    if (name !== undefined) checkIdentifierName(name, 'Constraint name');
  }

  /** The table it belongs to. */
  get table(): Table {
    if (!this.#table) throw new ArgumentError('This constraint has not been added to a table yet.');
    return this.#table;
  }

  /** @internal */
  attach(table: Table): void {
    this.#table = table;
  }

  /** Resolves a column given by key (or as the column itself) in the constraint's table. */
  protected resolve(column: string | Column, what: string): Column {
    const table = this.table;
    if (typeof column !== 'string') {
      if (column.table !== table) {
        throw new ArgumentError(`${what}: column ${column} is not in table '${table.name}'`);
      }
      return column;
    }
    const found = table.columns.find((c) => c.key === column || c.name === column);
    if (!found) {
      throw new ArgumentError(
        `${what}: table '${table.name}' has no column '${column}'; its columns are ${table.columns.map((c) => c.key).join(', ')}.`,
      );
    }
    return found;
  }
}

/** The primary key: from the columns marked `primaryKey`, or given as a composite. */
export class PrimaryKeyConstraint extends Constraint {
  readonly #columnRefs: readonly (string | Column)[];

  constructor(...args: (string | Column | { readonly name?: string })[]) {
    const options = args.find((arg) => typeof arg === 'object' && !('node' in arg)) as
      | { name?: string }
      | undefined;
    super(options?.name);
    this.#columnRefs = args.filter((arg) => arg !== options) as (string | Column)[];
  }

  /** The key's columns, in order. */
  get columns(): Column[] {
    return this.#columnRefs.map((ref) => this.resolve(ref, 'PrimaryKeyConstraint'));
  }
}

/** UNIQUE over one or more columns: `new UniqueConstraint('first', 'last', { name: 'uq_name' })`. */
export class UniqueConstraint extends Constraint {
  readonly #columnRefs: readonly (string | Column)[];

  constructor(...args: (string | Column | { readonly name?: string })[]) {
    const options = args.find((arg) => typeof arg === 'object' && !('node' in arg)) as
      | { name?: string }
      | undefined;
    super(options?.name);
    this.#columnRefs = args.filter((arg) => arg !== options) as (string | Column)[];
    if (this.#columnRefs.length === 0)
      throw new ArgumentError('UniqueConstraint needs at least one column');
  }

  get columns(): Column[] {
    return this.#columnRefs.map((ref) => this.resolve(ref, 'UniqueConstraint'));
  }
}

/** CHECK (condition), the condition written as SQL: `new CheckConstraint('age >= 0')`. */
export class CheckConstraint extends Constraint {
  constructor(
    /** The condition as SQL. Never put user input in it. */
    readonly sqltext: string,
    options: { readonly name?: string } = {},
  ) {
    super(options.name);
  }
}

/**
 * A foreign key over one or more columns:
 * `new ForeignKeyConstraint(['orderId', 'line'], ['lines.order_id', 'lines.line'])`.
 */
export class ForeignKeyConstraint extends Constraint {
  readonly #columnRefs: readonly (string | Column)[];
  readonly targets: readonly string[];
  readonly options: ForeignKeyOptions;

  constructor(
    columns: readonly (string | Column)[],
    targets: readonly string[],
    options: ForeignKeyOptions = {},
  ) {
    super(options.name);
    if (columns.length === 0 || columns.length !== targets.length) {
      throw new ArgumentError(
        'ForeignKeyConstraint needs as many referred columns as columns, and at least one',
      );
    }
    const tables = new Set(
      targets.map((target) => {
        const ref = parseColumnReference(target);
        return `${ref.schema ?? ''}.${ref.table}`;
      }),
    );
    if (tables.size !== 1) throw new ArgumentError('A ForeignKeyConstraint refers to one table');
    checkAction(options.onDelete, 'onDelete');
    checkAction(options.onUpdate, 'onUpdate');
    this.#columnRefs = columns;
    this.targets = targets;
    this.options = options;
  }

  /** The referring columns, in this table. */
  get columns(): Column[] {
    return this.#columnRefs.map((ref) => this.resolve(ref, 'ForeignKeyConstraint'));
  }

  /** The referred table's name (and schema). */
  get referred(): { schema: string | null; table: string } {
    const { schema, table } = parseColumnReference(this.targets[0] as string);
    return { schema: schema ?? this.table.schema, table };
  }

  /** The referred table, found in the same MetaData. */
  get referredTable(): Table {
    const { schema, table } = this.referred;
    const found = this.table.metadata.tables.get(schema ? `${schema}.${table}` : table);
    if (!found) {
      throw new ArgumentError(
        `Foreign key on '${this.table.name}' refers to table '${table}', which is not in this MetaData. ` +
          'Define that table (in the same MetaData) first.',
      );
    }
    return found;
  }

  /** The referred columns, resolved in the referred table. */
  get referredColumns(): Column[] {
    const target = this.referredTable;
    return this.targets.map((reference) => {
      const name = parseColumnReference(reference).column;
      const column = target.columns.find((c) => c.name === name || c.key === name);
      if (!column) {
        throw new ArgumentError(
          `Foreign key target '${reference}': table '${target.name}' has no column '${name}'.`,
        );
      }
      return column;
    });
  }
}

/** A SQL expression (a column expression, `func.lower(...)`, `text('lower(name)')`). */
export interface SqlExpression {
  readonly node: { readonly kind: string };
}

/** Options of an index. */
export interface IndexOptions {
  readonly unique?: boolean;
  /**
   * A partial index: only rows where this holds are indexed (PostgreSQL, SQLite; MySQL and
   * MariaDB have none and refuse it). SQL text or an expression; never put user input in it.
   */
  readonly where?: string | SqlExpression;
}

/**
 * An index: `new Index('ix_users_name', users.c.name)`, or in the table's options by key.
 * Its parts may be expressions where the database indexes them (PostgreSQL, SQLite, MySQL 8):
 * `new Index('ix_users_lower_name', text('lower(name)'))`; `where` makes it partial.
 */
export class Index {
  #table: Table | undefined;
  readonly #refs: readonly (string | Column | SqlExpression)[];
  readonly unique: boolean;
  readonly where: string | SqlExpression | undefined;

  constructor(
    readonly name: string,
    ...args: (string | Column | SqlExpression | IndexOptions)[]
  ) {
    checkIdentifierName(name, 'Index name');
    const options = args.find((arg) => typeof arg === 'object' && !('node' in arg)) as
      | IndexOptions
      | undefined;
    this.unique = options?.unique ?? false;
    this.where = options?.where;
    this.#refs = args.filter((arg) => arg !== options) as (string | Column | SqlExpression)[];
    if (this.#refs.length === 0)
      throw new ArgumentError(`Index '${name}' needs at least one column`);
    // An index made from Column objects joins their table at once, as SQLAlchemy's does.
    const first = this.#refs.find((ref) => isColumn(ref));
    if (first && isColumn(first) && this.#refs[0] === first) first.table.addIndex(this);
  }

  get table(): Table {
    if (!this.#table)
      throw new ArgumentError(`Index '${this.name}' has not been added to a table yet.`);
    return this.#table;
  }

  /** @internal */
  attach(table: Table): void {
    this.#table = table;
  }

  /** The indexed columns (its expressions left out). */
  get columns(): Column[] {
    return this.elements.filter((element): element is Column => isColumn(element));
  }

  /** What it indexes, in order: columns, and expressions where it has them. */
  get elements(): (Column | SqlExpression)[] {
    return this.#refs.map((ref) => {
      if (typeof ref !== 'string') return ref;
      const column = this.table.columns.find((c) => c.key === ref || c.name === ref);
      if (!column)
        throw new ArgumentError(
          `Index '${this.name}': table '${this.table.name}' has no column '${ref}'`,
        );
      return column;
    });
  }
}

/** @internal A Column (not another expression or a name). */
export function isColumn(ref: string | Column | SqlExpression): ref is Column {
  return typeof ref === 'object' && ref.node.kind === 'column' && 'foreignKeys' in ref;
}
