import {
  ArgumentError,
  and,
  ColumnElement,
  type Condition,
  select as coreSelect,
  delete_,
  type Executable,
  exists,
  type FromClause,
  func,
  type HasClauseElement,
  MultipleResultsFound,
  NoResultFound,
  type OrderTerm,
  update,
} from '@athanor/core';
// Core's helper for the ORM lives on its internal face, not on the root.
import { equalTo } from '@athanor/core/dialect';
import type { Mapper } from '../mapping/mapper.js';
import { RelationshipAttribute } from '../mapping/relationship-attribute.js';
import type { AnyLoaderOption } from './loader-options.js';
import { type OrmSelect, select } from './orm-select.js';

/** What a legacy query needs from its session. */
export interface QuerySession {
  execute(statement: Executable<object, readonly unknown[]>): Promise<unknown>;
  get<T extends object>(
    model: abstract new (...args: never[]) => T,
    primaryKey: unknown,
  ): Promise<T | null>;
}

/** The attributes `filterBy()` compares: the model's columns. */
export type FilterByValues<T> = { [K in keyof T]?: T[K] };

/**
 * SQLAlchemy's legacy `Query`, as the guide uses it: `session.query(User).filterBy({ name:
 * 'Alice' }).first()`. Each method returns a new query; the ones that run it are async.
 * New code can use `select(User)` with `session.execute` / `session.scalars` the same way.
 */
export class Query<T extends object> implements AsyncIterable<T> {
  readonly #session: QuerySession;
  readonly #mapper: Mapper;
  /** The select this query runs. */
  readonly statement: OrmSelect<Record<string, unknown>, [T]>;

  constructor(
    session: QuerySession,
    mapper: Mapper,
    statement?: OrmSelect<Record<string, unknown>, [T]>,
  ) {
    this.#session = session;
    this.#mapper = mapper;
    this.statement =
      statement ??
      // The mapper's class is typed by the model only where the caller names it (`T`); here it
      // is the registry's `MappedClass`, which the typed select() does not take.
      (select(mapper.entity as never) as unknown as OrmSelect<Record<string, unknown>, [T]>);
  }

  #with(statement: OrmSelect<Record<string, unknown>, [T]>): Query<T> {
    return new Query<T>(this.#session, this.#mapper, statement);
  }

  /** Adds WHERE conditions: `filter(User.c.age.gt(25))`. */
  filter(...conditions: Condition[]): Query<T> {
    return this.#with(this.statement.where(...conditions));
  }

  /**
   * Adds equality conditions by attribute name: `filterBy({ name: 'Alice', age: 25 })`.
   * @throws {ArgumentError} for a name that is not a column of the model.
   */
  filterBy(values: FilterByValues<T>): Query<T> {
    const conditions = Object.entries(values as Record<string, unknown>).map(([key, value]) => {
      const index = this.#mapper.indexOf.get(key);
      if (index === undefined && this.#mapper.relationships.has(key)) {
        // A many-to-one compared with an object: filterBy({ user: alice }). The relationship is
        // found by name at run time, so its attribute's target type is unknown (`never`) here.
        return RelationshipAttribute.of(this.#mapper, key).eq(value as never);
      }
      if (index === undefined) {
        throw new ArgumentError(
          `filterBy(): ${this.#mapper.name} has no column '${key}'; its columns are ${this.#mapper.keys.join(', ')}.`,
        );
      }
      return equalTo(this.#mapper.columns[index] as ColumnElement, value);
    });
    return conditions.length === 0 ? this : this.filter(and(...conditions));
  }

  /** ORDER BY. */
  orderBy(...terms: OrderTerm[]): Query<T> {
    return this.#with(this.statement.orderBy(...terms));
  }

  /** LIMIT. */
  limit(count: number | null): Query<T> {
    return this.#with(this.statement.limit(count));
  }

  /** OFFSET. */
  offset(count: number | null): Query<T> {
    return this.#with(this.statement.offset(count));
  }

  /** SELECT DISTINCT. */
  distinct(): Query<T> {
    return this.#with(this.statement.distinct());
  }

  /**
   * Joins along a relationship (`join(User.rel('posts'))`), or another model or table (ON from
   * the foreign key when not given).
   */
  join<O, K extends keyof O>(
    target:
      | FromClause<object, unknown>
      | HasClauseElement<FromClause<object, unknown>>
      | RelationshipAttribute<O, K>,
    on?: Condition | FromClause<object, unknown>,
  ): Query<T> {
    return this.#with(this.statement.join(target, on));
  }

  /** LEFT OUTER JOIN along a relationship, or to another model or table. */
  outerJoin<O, K extends keyof O>(
    target:
      | FromClause<object, unknown>
      | HasClauseElement<FromClause<object, unknown>>
      | RelationshipAttribute<O, K>,
    on?: Condition | FromClause<object, unknown>,
  ): Query<T> {
    return this.#with(this.statement.outerJoin(target, on));
  }

  /** How to load relationships: `options(selectinload(User.rel('posts')))`. */
  options(...options: AnyLoaderOption[]): Query<T> {
    return this.#with(this.statement.options(...options));
  }

  /** Every object the query matches. */
  async all(): Promise<T[]> {
    const result = (await this.#session.execute(this.statement)) as {
      scalars(): { all(): T[] };
    };
    return result.scalars().all();
  }

  /** The first object, or null (with LIMIT 1). */
  async first(): Promise<T | null> {
    const rows = await this.limit(1).all();
    return rows[0] ?? null;
  }

  /**
   * Exactly one object.
   * @throws {NoResultFound} @throws {MultipleResultsFound}
   */
  async one(): Promise<T> {
    const row = await this.oneOrNone();
    if (row === null)
      throw new NoResultFound('No row was found when one was required.', { code: 'no-result' });
    return row;
  }

  /** One object or null. @throws {MultipleResultsFound} */
  async oneOrNone(): Promise<T | null> {
    const rows = await this.limit(2).all();
    if (rows.length > 1) {
      throw new MultipleResultsFound('Multiple rows were found when exactly one was required.', {
        code: 'multiple-results',
      });
    }
    return rows[0] ?? null;
  }

  /** How many rows the query matches: `SELECT count(*) FROM (query)`. */
  async count(): Promise<number> {
    const counted = coreSelect(func.count()).selectFrom(this.statement.subquery());
    const result = (await this.#session.execute(counted)) as { scalar(): unknown };
    return Number(result.scalar());
  }

  /** True when the query matches any row. */
  async exists(): Promise<boolean> {
    const result = (await this.#session.execute(
      coreSelect(exists(this.statement).label('exists')),
    )) as {
      scalar(): unknown;
    };
    return Boolean(result.scalar());
  }

  /** The object with this primary key (the identity map first): `query(User).get(5)`. */
  get(primaryKey: unknown): Promise<T | null> {
    return this.#session.get(this.#mapper.entity, primaryKey) as Promise<T | null>;
  }

  /** Deletes the rows the query's WHERE matches, in one statement; returns how many. */
  async delete(): Promise<number> {
    const where = this.#where();
    const stmt = where ? delete_(this.#mapper.table).where(where) : delete_(this.#mapper.table);
    const result = (await this.#session.execute(stmt)) as { rowcount: number };
    return result.rowcount;
  }

  /** Updates the rows the query's WHERE matches, in one statement; returns how many. */
  async update(values: FilterByValues<T>): Promise<number> {
    const where = this.#where();
    const base = update(this.#mapper.table);
    const stmt = (where ? base.where(where) : base).values(values);
    const result = (await this.#session.execute(stmt)) as { rowcount: number };
    return result.rowcount;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this.all();
  }

  #where(): ColumnElement<boolean> | undefined {
    const node = this.statement.node;
    if (node.froms.length > 0) {
      throw new ArgumentError(
        'delete() and update() of a query take its WHERE only; this one has joins.',
      );
    }
    return node.where ? new ColumnElement<boolean>(node.where) : undefined;
  }
}
