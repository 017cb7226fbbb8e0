import {
  and,
  ColumnElement,
  type ColumnNode,
  select as coreSelect,
  type ExpressionNode,
  type FromClause,
  type OrderTerm,
  replaceColumns,
  type Select,
  TextClause,
} from '@athanor/core';
import { type InstanceState, stateOf } from '../mapping/instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { Relationship } from '../mapping/relationship.js';
import { collectionFor } from '../mapping/relationship-accessor.js';
import type { LoadTree } from './loader-options.js';
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
export interface JoinedLoad {
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
): JoinedLoad | null {
  const wanted = entities.flatMap((entity) =>
    joinedUnder(entity.mapper, tree).length > 0 ? [entity] : [],
  );
  if (wanted.length === 0) return null;

  let outer: Select<object, readonly unknown[]> = statement;
  // Where the entities' columns are read from: their tables, or the subquery that wraps a
  // limited select (its columns stand for the tables' columns, so joins can read them).
  let entityFrom: FromClause<object, unknown> | null = null;
  const node = statement.node;
  if (node.limit !== null || node.offset !== null) {
    const inner = statement.subquery();
    entityFrom = inner;
    outer = coreSelect(...(inner.columns as ColumnElement[])).selectFrom(inner);
    const orderBy = node.orderBy.map((term) =>
      rewriteNode(term, (column) => {
        const index = statement.selected.findIndex((selected) => sameColumn(selected.node, column));
        return index >= 0 ? (inner.columns[index] as ColumnElement).node : undefined;
      }),
    );
    if (orderBy.length > 0) outer = outer.orderBy(...orderBy);
  }

  const paths: JoinedPath[] = [];
  let width = statement.selected.length;
  const join = (
    parentMapper: Mapper,
    parentFrom: FromClause<object, unknown>,
    parent: number | JoinedPath,
    level: LoadTree | undefined,
  ) => {
    for (const relationship of joinedUnder(parentMapper, level)) {
      const target = relationship.target;
      const alias = target.table.alias();
      if (relationship.direction === 'many-to-many') {
        const secondary = (
          relationship.secondary as NonNullable<Relationship['secondary']>
        ).alias();
        outer = outer.outerJoin(
          secondary,
          and(
            ...relationship.pairs.map((pair) =>
              side(parentFrom, pair.local).eq(side(secondary, pair.remote) as never),
            ),
          ),
        );
        outer = outer.outerJoin(
          alias,
          and(
            ...relationship.secondaryPairs.map((pair) =>
              side(alias, pair.local).eq(side(secondary, pair.remote) as never),
            ),
          ),
        );
      } else {
        outer = outer.outerJoin(alias, relationship.joinOn(parentFrom, alias));
      }
      outer = outer.addColumns(...(alias.columns as ColumnElement[])) as never;
      const orderBy = relationship.orderBy.map((term) => onAlias(term, target, alias));
      if (orderBy.length > 0) outer = outer.orderBy(...orderBy);
      const path: JoinedPath = {
        relationship,
        parent,
        start: width,
        count: target.columns.length,
      };
      width += path.count;
      paths.push(path);
      join(target, alias, path, level?.get(relationship)?.children);
    }
  };
  for (const entity of wanted)
    join(entity.mapper, entityFrom ?? entity.mapper.table, entity.slot, tree);
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
      const ownerState = stateOf(owner) as InstanceState;
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

function side(from: FromClause<object, unknown>, column: ColumnElement): ColumnElement {
  return from.correspondingColumn(column) ?? column;
}

/** An ORDER BY term of the target's table, read from its alias. */
function onAlias(term: OrderTerm, target: Mapper, alias: FromClause<object, unknown>): OrderTerm {
  if (term instanceof TextClause) return term;
  return rewriteNode(term.node, (column) =>
    column.table === target.table.node
      ? side(alias, target.columns.find((c) => c.name === column.name) as ColumnElement).node
      : undefined,
  );
}

function rewriteNode(
  node: ExpressionNode,
  replace: (node: ColumnNode) => ExpressionNode | undefined,
): ColumnElement {
  return replaceColumns(new ColumnElement(node), replace);
}

function sameColumn(a: ExpressionNode, b: ColumnNode): boolean {
  return a.kind === 'column' && a.name === b.name && a.table === b.table;
}
