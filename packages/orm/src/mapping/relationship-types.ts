import type { ColumnElement, OrderTerm, Table } from '@athanor/core';

/** Marks model instances in the type system only, so relationships can be told from columns. */
declare const modelBrand: unique symbol;

/** Any model instance (what `new User()` gives), as the types see it. */
export interface ModelBranded {
  readonly [modelBrand]?: true;
}

/** A model class that makes instances of `T`. */
export type ModelClassOf<T> = abstract new (...args: never[]) => T;

/** The model a relationship field holds: `Post` for `Post[]`, `User` for `User | null`. */
export type RelatedModel<V> = V extends readonly (infer E)[] ? E : NonNullable<V>;

/** The keys of `T` whose fields hold models or arrays of models: its relationships. */
export type RelationshipKey<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends ModelBranded | readonly ModelBranded[]
    ? K extends string
      ? K
      : never
    : never;
}[keyof T];

/** The cascades SQLAlchemy has that Athanor follows. */
export type CascadeName = 'save-update' | 'merge' | 'delete' | 'delete-orphan' | 'expunge' | 'all';

/** How a relationship loads when a query does not say (`lazy`). */
export type LazyStrategy = 'select' | 'selectin' | 'joined' | 'raise';

/** Something given now or by a function called once every model is defined. */
export type Deferred<T> = T | (() => T);

/** The options of `Model.relationship(key, () => Target, options)`. */
export interface RelationshipOptions<Target> {
  /** The relationship on the target that mirrors this one; each side updates the other. */
  readonly backPopulates?: RelationshipKey<Target>;
  /** Creates the mirror relationship on the target under this name. */
  readonly backref?: string;
  /** The order of a collection. */
  readonly orderBy?: Deferred<OrderTerm | readonly OrderTerm[]>;
  /** The foreign key columns to follow when several paths join the two tables. */
  readonly foreignKeys?: Deferred<readonly ColumnElement<unknown, string>[]>;
  /** A custom join condition: equalities between the two tables' columns, plus any criteria. */
  readonly primaryjoin?: () => ColumnElement<boolean | null, string>;
  /** The association table of a many-to-many. */
  readonly secondary?: Deferred<Table>;
  /**
   * For a self-referential relationship, the columns on the far side: given the primary key,
   * the relationship is a many-to-one (`parent`); by default it is a one-to-many (`children`).
   */
  readonly remoteSide?: Deferred<readonly ColumnElement<unknown, string>[]>;
  /** A collection (true) or a single object (false, for a one-to-one). Follows from the keys by default. */
  readonly uselist?: boolean;
  /** What follows the parent: a comma-separated list or an array. Default `save-update, merge`. */
  readonly cascade?: string | readonly CascadeName[];
  /** Leave children to the database's ON DELETE instead of loading them when the parent is deleted. */
  readonly passiveDeletes?: boolean;
  /** The loader when a query does not name one. Default `'select'`: loaded only when asked. */
  readonly lazy?: LazyStrategy;
  /**
   * Read only: assigning it, or adding to or removing from its collection, throws an
   * `ArgumentError` (code `viewonly`), and nothing cascades along it.
   */
  readonly viewonly?: boolean;
  /** Write this relationship's foreign key with a second UPDATE, to break a cycle between rows. */
  readonly postUpdate?: boolean;
}
