import {
  and,
  ColumnElement,
  type ColumnNode,
  type ColumnSource,
  select as coreSelect,
  type ExpressionNode,
  type FromClause,
  type OrderTerm,
  replaceColumns,
  type Select,
  TextClause,
} from '@athanor/core';
import { type InstanceState, mappedState } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import { columnIn, type Relationship } from '../mapping/relationship.js';
import { collectionFor } from '../mapping/relationship-accessor.js';
import { type LoadTree, repeatsPath } from './loader-options.js';
import { instanceFor, type LoadingSession } from './loading.js';

/** One relationship loaded by LEFT OUTER JOIN: where its columns are in each row. */
interface JoinedPath {
  readonly relationship: Relationship;
  /** The entity slot (a number) or the joined path its parent objects come from. */
  readonly parent: number | JoinedPath;
  readonly start: number;
  readonly count: number;
}

/** A select rewritten to load relationships by joins, and how to read them from its rows. */
interface JoinedLoad {
  readonly statement: Select<object, readonly unknown[]>;
  readonly paths: readonly JoinedPath[];
}

/**
 * Rewrites a select so that the relationships to load `joined` come in the same rows
 * (SQLAlchemy's `joinedload`): each is a LEFT OUTER JOIN to an anonymous alias of its table,
 * whose columns are added at the end. A select with LIMIT or OFFSET is wrapped in a subquery
 * first, so the limit counts parents, not joined rows. Null when nothing is loaded by join.
 */
export function planJoinedLoad(
  statement: Select<object, readonly unknown[]>,
  entities: readonly { slot: number; mapper: Mapper; start: number }[],
  tree: LoadTree,
  /** The relationships followed to get here, when loading a level further down. */
  path: readonly Relationship[] = [],
): JoinedLoad | null {
  const wanted = entities.flatMap((entity) =>
    joinedUnder(entity.mapper, tree).some(
      (relationship) => tree.has(relationship) || !repeatsPath(relationship, path),
    )
      ? [entity]
      : [],
  );
  if (wanted.length === 0) return null;

  let outer: Select<object, readonly unknown[]> = statement;
  // Where each entity's columns are read from: its table, or the subquery that wraps a limited
  // select, so that LIMIT counts parents, not joined rows.
  let entityFrom = (entity: (typeof wanted)[number]): ColumnSource => entity.mapper.table;
  const node = statement.node;
  if (node.limit !== null || node.offset !== null) {
    // Inside, every column gets a name of its own (two tables may both have an `id`), and each
    // ORDER BY expression is selected too, so the outside can keep the order.
    const count = statement.selected.length;
    const orderTerms = node.orderBy.map((term) => (term.kind === 'order_by' ? term.element : term));
    const inner = statement
      .withOnlyColumns(
        ...statement.selected.map((column, i) => column.label(`c${i}`)),
        ...orderTerms.map((term, i) => new ColumnElement(term).label(`o${i}`)),
      )
      .subquery();
    const columns = inner.columns as readonly ColumnElement[];
    outer = coreSelect(...columns.slice(0, count)).selectFrom(inner);
    if (node.orderBy.length > 0) {
      outer = outer.orderBy(
        ...node.orderBy.map((term, i) => {
          const by = (columns[count + i] as ColumnElement).node;
          return new ColumnElement(term.kind === 'order_by' ? { ...term, element: by } : by);
        }),
      );
    }
    entityFrom = (entity) => ({
      correspondingColumn: (column) => {
        // Widened (a Column is a ColumnElement) to look any element up; only a column is found.
        const columnsOf: readonly ColumnElement[] = entity.mapper.columns;
        const index = columnsOf.indexOf(column);
        return index >= 0 ? columns[entity.start + index] : undefined;
      },
    });
  }

  const paths: JoinedPath[] = [];
  let width = statement.selected.length;
  const join = (
    parentMapper: Mapper,
    parentFrom: ColumnSource,
    parent: number | JoinedPath,
    level: LoadTree | undefined,
    path: readonly Relationship[],
  ) => {
    for (const relationship of joinedUnder(parentMapper, level)) {
      const target = relationship.target;
      // `lazy: 'joined'` on both sides of a relationship, or on a tree's children, would join
      // forever: a relationship's own setting is not followed again, nor back along its mirror.
      const again =
        path.includes(relationship) || path.some((step) => step.reverse === relationship);
      if (!level?.has(relationship) && again) continue;
      const alias = target.table.alias();
      if (relationship.direction === 'many-to-many') {
        const secondary = (
          relationship.secondary as NonNullable<Relationship['secondary']>
        ).alias();
        outer = outer.outerJoin(
          secondary,
          and(
            ...relationship.pairs.map((pair) =>
              columnIn(parentFrom, pair.local).eq(columnIn(secondary, pair.remote)),
            ),
          ),
        );
        outer = outer.outerJoin(
          alias,
          and(
            ...relationship.secondaryPairs.map((pair) =>
              columnIn(alias, pair.local).eq(columnIn(secondary, pair.remote)),
            ),
          ),
        );
      } else {
        outer = outer.outerJoin(alias, relationship.joinOn(parentFrom, alias));
      }
      outer = outer.addColumns(...(alias.columns as ColumnElement[]));
      const orderBy = relationship.orderBy.map((term) => onAlias(term, target, alias));
      if (orderBy.length > 0) outer = outer.orderBy(...orderBy);
      const joinedPath: JoinedPath = {
        relationship,
        parent,
        start: width,
        count: target.columns.length,
      };
      width += joinedPath.count;
      paths.push(joinedPath);
      join(target, alias, joinedPath, level?.get(relationship)?.children, [...path, relationship]);
    }
  };
  for (const entity of wanted) {
    join(entity.mapper, entityFrom(entity), entity.slot, tree, path);
  }
  return { statement: outer, paths };
}

/**
 * Fills the joined relationships from the rows: each parent's collection gets the distinct
 * objects its rows joined to, in row order.
 */
export function readJoinedRows(
  session: LoadingSession,
  paths: readonly JoinedPath[],
  rows: readonly unknown[][],
  items: readonly unknown[][],
): void {
  const found = new Map<JoinedPath, Map<InstanceState, object[]>>();
  for (const path of paths) found.set(path, new Map());
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as unknown[];
    const here = new Map<JoinedPath, object | null>();
    for (const path of paths) {
      const owner =
        typeof path.parent === 'number'
          ? ((items[r] as unknown[])[path.parent] as object | null)
          : (here.get(path.parent) ?? null);
      const child = instanceFor(
        session,
        path.relationship.target,
        row.slice(path.start, path.start + path.count),
      );
      here.set(path, child);
      if (!owner) continue;
      const byOwner = found.get(path) as Map<InstanceState, object[]>;
      const ownerState = mappedState(owner);
      let members = byOwner.get(ownerState);
      if (!members) {
        members = [];
        byOwner.set(ownerState, members);
      }
      if (child && !members.includes(child)) members.push(child);
    }
  }
  for (const [path, byOwner] of found) {
    const relationship = path.relationship;
    for (const [owner, members] of byOwner) {
      if (owner.related?.has(relationship.key)) continue;
      owner.setLoaded(
        relationship.key,
        relationship.uselist ? collectionFor(owner, relationship, members) : (members[0] ?? null),
      );
    }
  }
}

/** The relationships of a mapper to load by join at this level of the options. */
function joinedUnder(mapper: Mapper, level: LoadTree | undefined): Relationship[] {
  return [...mapper.relationships.values()].filter((relationship) => {
    const strategy = level?.get(relationship)?.strategy ?? relationship.lazy;
    return strategy === 'joined';
  });
}

/** An ORDER BY term of the target's table, read from its alias. */
function onAlias(term: OrderTerm, target: Mapper, alias: FromClause<object, unknown>): OrderTerm {
  if (term instanceof TextClause) return term;
  return rewriteNode(term.node, (column) =>
    column.table === target.table.node
      ? columnIn(alias, target.columns.find((c) => c.name === column.name) as ColumnElement).node
      : undefined,
  );
}

function rewriteNode(
  node: ExpressionNode,
  replace: (node: ColumnNode) => ExpressionNode | undefined,
): ColumnElement {
  return replaceColumns(new ColumnElement(node), replace);
}
