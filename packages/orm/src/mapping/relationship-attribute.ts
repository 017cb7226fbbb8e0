import {
  ArgumentError,
  adaptColumns,
  and,
  type Column,
  ColumnElement,
  type Condition,
  exists,
  type FromClause,
  literalColumn,
  not,
  or,
  select,
} from '@athanor/core';
// Core's helper for the ORM lives on its internal face, not on the root.
import { equalTo } from '@athanor/core/dialect';
import { EXPIRED, type InstanceState, stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { Relationship } from './relationship.js';
import type { RelatedModel } from './relationship-types.js';

/** Carries the owner model's type in the type system only. */
declare const ownerShape: unique symbol;

/**
 * A relationship as a query element (SQLAlchemy's `User.posts` attribute), from
 * `User.rel('posts')`: loader options take it, `join()` follows it, and `any()`, `has()` and
 * `eq()` make conditions from it.
 */
export class RelationshipAttribute<Owner, K extends keyof Owner> {
  declare readonly [ownerShape]?: { readonly owner: Owner; readonly key: K };

  private constructor(
    readonly parent: Mapper,
    readonly key: K & string,
  ) {}

  /** @internal The attribute for a mapper's relationship. @throws {ArgumentError} for an unknown key. */
  static of(mapper: Mapper, key: string): RelationshipAttribute<object, never> {
    if (!mapper.relationships.has(key)) {
      const known = [...mapper.relationships.keys()];
      throw new ArgumentError(
        `${mapper.name} has no relationship '${key}'` +
          (known.length > 0 ? `; its relationships are ${known.join(', ')}.` : '.'),
        { code: 'unknown-relationship' },
      );
    }
    // Checked above at run time; the attribute's key type is the caller's to state.
    return new RelationshipAttribute(mapper, key as never);
  }

  /** The relationship, resolved. */
  get relationship(): Relationship {
    return this.parent.relationships.get(this.key) as Relationship;
  }

  /**
   * `EXISTS` a related row (matching `criteria`) for a collection: users with a post titled so.
   * @example select(User).where(User.rel('posts').any(Post.c.title.like('%SQL%')))
   */
  any(...criteria: Condition[]): ColumnElement<boolean> {
    const relationship = this.relationship;
    if (!relationship.uselist) {
      throw new ArgumentError(
        `${relationship.name} is a single object; use has() instead of any().`,
      );
    }
    return relatedExists(relationship, criteria);
  }

  /**
   * `EXISTS` the related row (matching `criteria`) for a single object: posts whose user is so.
   * @example select(Post).where(Post.rel('user').has(User.c.name.eq('Alice')))
   */
  has(...criteria: Condition[]): ColumnElement<boolean> {
    const relationship = this.relationship;
    if (relationship.uselist) {
      throw new ArgumentError(`${relationship.name} is a collection; use any() instead of has().`);
    }
    return relatedExists(relationship, criteria);
  }

  /**
   * The rows related to `target` (or to none, for null): `Post.rel('user').eq(alice)` is
   * `posts.user_id = :id`, with alice's key as a bound value.
   */
  eq(target: RelatedModel<Owner[K]> | null): ColumnElement<boolean> {
    const relationship = this.relationship;
    if (relationship.uselist) {
      throw new ArgumentError(
        `${relationship.name} is a collection; compare with contains(obj), or any() for conditions.`,
      );
    }
    if (target === null) {
      if (relationship.direction === 'many-to-one') {
        return and(...relationship.pairs.map((pair) => pair.local.isNull()));
      }
      return not(relatedExists(relationship, []));
    }
    return this.#matching(target as object);
  }

  /**
   * The rows not related to `target`: for a many-to-one, `posts.user_id != :id OR
   * posts.user_id IS NULL`, so rows related to nothing count too, as in SQLAlchemy.
   */
  ne(target: RelatedModel<Owner[K]> | null): ColumnElement<boolean> {
    const relationship = this.relationship;
    if (target === null || relationship.direction !== 'many-to-one') return not(this.eq(target));
    return or(not(this.eq(target)), ...relationship.pairs.map((pair) => pair.local.isNull()));
  }

  /** The rows whose collection holds `member`: `User.rel('posts').contains(post)`. */
  contains(member: RelatedModel<Owner[K]>): ColumnElement<boolean> {
    const relationship = this.relationship;
    if (!relationship.uselist) {
      throw new ArgumentError(`${relationship.name} is a single object; compare it with eq().`);
    }
    if (relationship.direction === 'many-to-many') {
      const state = targetState(relationship, member as object);
      const secondary = relationship.secondary as NonNullable<Relationship['secondary']>;
      const conditions = relationship.secondaryPairs.map((pair) =>
        equalTo(pair.remote, keyValue(relationship, state, pair.local)),
      );
      return exists(
        select(literalColumn('1'))
          .selectFrom(secondary)
          .where(...relationship.pairs.map((pair) => pair.local.eq(pair.remote)), ...conditions),
      );
    }
    return this.#matching(member as object);
  }

  /** The parent's columns equal to what `target` holds for them. */
  #matching(target: object): ColumnElement<boolean> {
    const relationship = this.relationship;
    const state = targetState(relationship, target);
    return and(
      ...relationship.pairs.map((pair) =>
        equalTo(pair.local, keyValue(relationship, state, pair.remote)),
      ),
      relationship.criteria ?? undefined,
    );
  }

  /**
   * @internal What `join()` along this relationship adds: each FROM element and its ON. A
   * many-to-many adds the association table, then the target.
   */
  joinSteps(
    to?: FromClause<object, unknown>,
  ): { target: FromClause<object, unknown>; on: ColumnElement<boolean> }[] {
    const relationship = this.relationship;
    const parentTable = relationship.parent.table;
    const targetFrom = to ?? relationship.target.table;
    if (relationship.direction === 'many-to-many') {
      const secondary = relationship.secondary as NonNullable<Relationship['secondary']>;
      return [
        {
          target: secondary,
          on: and(...relationship.pairs.map((pair) => pair.local.eq(pair.remote))),
        },
        {
          target: targetFrom,
          on: and(
            ...relationship.secondaryPairs.map((pair) =>
              column(targetFrom, pair.local).eq(pair.remote),
            ),
          ),
        },
      ];
    }
    if (to === undefined && relationship.target.table === parentTable) {
      throw new ArgumentError(
        `${relationship.name} joins '${parentTable.name}' to itself: give an alias to join to, ` +
          `join(${relationship.parent.name}.rel('${this.key}'), ${relationship.parent.name}.table.alias('other')).`,
      );
    }
    return [{ target: targetFrom, on: relationship.joinOn(parentTable, targetFrom) }];
  }
}

/** EXISTS (SELECT 1 FROM target WHERE <join> AND criteria), correlated to the parent. */
function relatedExists(
  relationship: Relationship,
  criteria: readonly Condition[],
): ColumnElement<boolean> {
  const target = relationship.target.table;
  if (relationship.direction === 'many-to-many') {
    const secondary = relationship.secondary as NonNullable<Relationship['secondary']>;
    return exists(
      select(literalColumn('1'))
        .selectFrom(secondary, target)
        .where(
          ...relationship.pairs.map((pair) => pair.local.eq(pair.remote)),
          ...relationship.secondaryPairs.map((pair) => pair.local.eq(pair.remote)),
          ...criteria,
        ),
    );
  }
  if (target === relationship.parent.table) {
    // The related rows of a table related to itself: the criteria are about them, so they are
    // read from the alias, not from the outer row.
    const other = target.alias();
    return exists(
      select(literalColumn('1'))
        .selectFrom(other)
        .where(
          relationship.joinOn(target, other),
          ...criteria.map((criterion) =>
            criterion instanceof ColumnElement ? adaptColumns(criterion, target, other) : criterion,
          ),
        ),
    );
  }
  return exists(
    select(literalColumn('1'))
      .selectFrom(target)
      .where(relationship.joinOn(relationship.parent.table, target), ...criteria),
  );
}

function targetState(relationship: Relationship, target: object): InstanceState {
  const state = stateOf(target);
  if (!state || state.mapper !== relationship.target) {
    throw new ArgumentError(
      `${relationship.name} compares with ${relationship.target.name} objects; got ${target?.constructor?.name ?? String(target)}.`,
    );
  }
  return state;
}

/** The value `state` holds in `column` (of its table), which must be known (flushed). */
function keyValue(relationship: Relationship, state: InstanceState, column: Column): unknown {
  const index = state.mapper.columnIndex(column);
  const value = state.values[index];
  if (value === undefined || value === EXPIRED) {
    throw new ArgumentError(
      `${relationship.name}: the ${state.mapper.name} compared with has no ${state.mapper.keys[index]} yet ` +
        '(it is new or expired); flush or refresh it first.',
    );
  }
  return value;
}

function column(from: FromClause<object, unknown>, of: ColumnElement): ColumnElement {
  return from.correspondingColumn(of) ?? of;
}
