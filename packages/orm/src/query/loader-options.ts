import type { Relationship } from '../mapping/relationship.js';
import type { RelationshipAttribute } from '../mapping/relationship-attribute.js';
import type { RelatedModel, RelationshipKey } from '../mapping/relationship-types.js';

/** How a relationship is loaded by a query. */
export type LoadStrategy = 'selectin' | 'joined' | 'raise';

/** One step of a loader option's path: a relationship and how to load it. */
export interface LoadStep {
  readonly relationship: Relationship;
  readonly strategy: LoadStrategy;
}

/** Any loader option, as `options()` takes it (not generic, so it does not steer inference). */
export interface AnyLoaderOption {
  readonly steps: readonly LoadStep[];
}

/**
 * A query option that says how to load relationships (SQLAlchemy's loader options), along a
 * path: `selectinload(User.rel('posts')).selectinload(Post.rel('comments'))`. `Target` is the
 * model at the end of the path, which the next step starts from.
 */
export class LoaderOption<Target> implements AnyLoaderOption {
  declare readonly [targetShape]?: Target;

  constructor(
    /** The steps from the queried model outwards. */
    readonly steps: readonly LoadStep[],
  ) {}

  /** Then loads `attribute` of the objects loaded so far with one more SELECT ... IN. */
  selectinload<K extends RelationshipKey<Target>>(
    attribute: RelationshipAttribute<Target, K>,
  ): LoaderOption<RelatedModel<Target[K]>> {
    return this.#then(attribute, 'selectin');
  }

  /** Then loads `attribute` in the same query, by LEFT OUTER JOIN. */
  joinedload<K extends RelationshipKey<Target>>(
    attribute: RelationshipAttribute<Target, K>,
  ): LoaderOption<RelatedModel<Target[K]>> {
    return this.#then(attribute, 'joined');
  }

  /** Then leaves `attribute` unloaded, whatever its `lazy` says. */
  raiseload<K extends RelationshipKey<Target>>(
    attribute: RelationshipAttribute<Target, K>,
  ): LoaderOption<RelatedModel<Target[K]>> {
    return this.#then(attribute, 'raise');
  }

  #then<K extends keyof Target>(
    attribute: RelationshipAttribute<Target, K>,
    strategy: LoadStrategy,
  ): LoaderOption<RelatedModel<Target[K]>> {
    return new LoaderOption(this.steps.concat(step(attribute, strategy)));
  }
}

/** Carries the path's end model in the type system only. */
declare const targetShape: unique symbol;

function step<O, K extends keyof O>(
  attribute: RelationshipAttribute<O, K>,
  strategy: LoadStrategy,
): LoadStep {
  return { relationship: attribute.relationship, strategy };
}

/**
 * Loads a relationship for all the objects a query returns with one more SELECT, `WHERE
 * posts.user_id IN (...)` (SQLAlchemy's `selectinload`).
 * @example select(User).options(selectinload(User.rel('posts')))
 */
export function selectinload<O, K extends RelationshipKey<O>>(
  attribute: RelationshipAttribute<O, K>,
): LoaderOption<RelatedModel<O[K]>> {
  return new LoaderOption([step(attribute, 'selectin')]);
}

/**
 * Loads a relationship in the same query, by LEFT OUTER JOIN (SQLAlchemy's `joinedload`); the
 * parents come back once each, and a LIMIT applies to parents, not joined rows.
 * @example select(User).options(joinedload(User.rel('posts')))
 */
export function joinedload<O, K extends RelationshipKey<O>>(
  attribute: RelationshipAttribute<O, K>,
): LoaderOption<RelatedModel<O[K]>> {
  return new LoaderOption([step(attribute, 'joined')]);
}

/**
 * Leaves a relationship unloaded even when its `lazy` loads it (SQLAlchemy's `raiseload`):
 * reading it throws NotLoadedError until it is loaded explicitly.
 */
export function raiseload<O, K extends RelationshipKey<O>>(
  attribute: RelationshipAttribute<O, K>,
): LoaderOption<RelatedModel<O[K]>> {
  return new LoaderOption([step(attribute, 'raise')]);
}

/** Loader options as a tree: for each relationship, how to load it and what to load under it. */
export type LoadTree = Map<Relationship, { strategy: LoadStrategy; children: LoadTree }>;

/** Merges options' paths into one tree (a later option wins for the same relationship). */
export function loadTree(options: readonly AnyLoaderOption[]): LoadTree {
  const root: LoadTree = new Map();
  for (const option of options) {
    let level = root;
    for (const { relationship, strategy } of option.steps) {
      let node = level.get(relationship);
      if (!node) {
        node = { strategy, children: new Map() };
        level.set(relationship, node);
      }
      node.strategy = strategy;
      level = node.children;
    }
  }
  return root;
}

/**
 * True when following `relationship` by its own `lazy` setting would go round: it is on the
 * path already, or is the mirror of a step on it. (`lazy: 'selectin'` on both sides of a
 * relationship, or on a tree's children, loads one level, as SQLAlchemy's eager loaders stop
 * at a cycle.) Loader options are followed as far as they go.
 */
export function repeatsPath(relationship: Relationship, path: readonly Relationship[]): boolean {
  return path.includes(relationship) || path.some((step) => step.reverse === relationship);
}
