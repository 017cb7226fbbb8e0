import { and, type ColumnElement, type Connection, select, tuple } from '@athanor/core';
// Core's helper for the ORM lives on its internal face, not on the root.
import { inValues } from '@athanor/core/dialect';
import { EXPIRED, type InstanceState, mappedState } from '../mapping/instance-state.js';
import { keyPart } from '../mapping/mapper.js';
import type { Relationship } from '../mapping/relationship.js';
import { collectionFor, manyToOneWithoutQuery } from '../mapping/relationship-accessor.js';
import { planJoinedLoad, readJoinedRows } from './joined-loading.js';
import type { LoadTree } from './loader-options.js';
import { instanceFor, type LoadingSession } from './loading.js';
import { loadSubclassTables } from './subclass-loading.js';

/** At most this many keys go into one `IN (...)` (fewer where the database allows fewer parameters). */
const maxKeysPerStatement = 5000;

/**
 * Loads a relationship for many objects at once (SQLAlchemy's `selectinload`): one SELECT of
 * the targets whose keys are among the parents' — `WHERE posts.user_id IN (...)` — then each
 * parent gets its share. Parents whose relationship is already loaded are left alone.
 */
export async function loadRelationship(
  session: LoadingSession,
  connection: Connection,
  relationship: Relationship,
  parents: readonly InstanceState[],
  /** What to load under the targets: relationships to load `joined` come in the same SELECT. */
  next?: LoadTree,
  /** The relationships followed to get to these parents. */
  path: readonly Relationship[] = [],
): Promise<void> {
  const todo = parents.filter((parent) => !parent.related?.has(relationship.key));
  // The parents' join columns must be current (a commit expires them).
  await loadExpiredColumns(session, connection, todo, relationship.localIndexes);
  const toQuery: InstanceState[] = [];
  for (const parent of todo) {
    if (relationship.direction === 'many-to-one') {
      // A target already in the session needs no query, unless it is expired: the load is
      // asked for, so it should give objects that can be read.
      const known = manyToOneWithoutQuery(parent, relationship);
      if (known === null || (known && !mappedState(known).values.includes(EXPIRED))) {
        parent.setLoaded(relationship.key, known);
        continue;
      }
    }
    // A row deleted meanwhile left its columns expired: there is nothing to load for it.
    if (relationship.localIndexes.some((index) => parent.values[index] === EXPIRED)) continue;
    if (relationship.localIndexes.some((index) => parent.values[index] == null)) {
      assign(parent, relationship, []);
      continue;
    }
    toQuery.push(parent);
  }
  if (toQuery.length > 0) {
    const groups = await fetchRelated(session, connection, relationship, toQuery, next, [
      ...path,
      relationship,
    ]);
    for (const parent of toQuery) {
      assign(
        parent,
        relationship,
        groups.get(keyOf(parent.values, relationship.localIndexes)) ?? [],
      );
    }
  }
}

function assign(
  parent: InstanceState,
  relationship: Relationship,
  members: readonly object[],
): void {
  parent.setLoaded(
    relationship.key,
    relationship.uselist ? collectionFor(parent, relationship, members) : (members[0] ?? null),
  );
}

/**
 * Loads the expired columns among `indexes` of these objects (as a commit leaves them), with
 * one SELECT by primary key per chunk; unexpired values are kept.
 */
async function loadExpiredColumns(
  session: LoadingSession,
  connection: Connection,
  states: readonly InstanceState[],
  indexes: readonly number[],
): Promise<void> {
  const stale = states.filter((state) => indexes.some((index) => state.values[index] === EXPIRED));
  const mapper = stale[0]?.mapper;
  if (!mapper) return;
  const keyColumns = mapper.primaryKeyIndexes.map(
    (index) => mapper.columns[index] as ColumnElement,
  );
  const perStatement = Math.max(
    1,
    Math.min(
      maxKeysPerStatement,
      Math.floor(connection.dialect.capabilities.maxParameters / keyColumns.length) - 1,
    ),
  );
  for (let start = 0; start < stale.length; start += perStatement) {
    const chunk = stale.slice(start, start + perStatement);
    const keys = chunk.map((state) => state.primaryKey());
    const membership =
      keyColumns.length === 1
        ? inValues(
            keyColumns[0] as ColumnElement,
            keys.map((key) => key[0]),
          )
        : tuple(...keyColumns).in(keys);
    const rows = (await connection.execute(select(...mapper.columns).where(membership))).takeRaw();
    for (const row of rows as unknown[][]) {
      // Through the identity map, which fills expired values and keeps the rest.
      instanceFor(session, mapper, [...row]);
    }
  }
}

/** The related objects, grouped by the parent key they belong to (in the collection's order). */
async function fetchRelated(
  session: LoadingSession,
  connection: Connection,
  relationship: Relationship,
  parents: readonly InstanceState[],
  next: LoadTree | undefined,
  path: readonly Relationship[],
): Promise<Map<unknown, object[]>> {
  const target = relationship.target;
  const keys = new Map<unknown, unknown[]>();
  for (const parent of parents) {
    const values = relationship.localIndexes.map((index) => parent.values[index]);
    keys.set(
      keyOf(
        values,
        values.map((_, i) => i),
      ),
      values,
    );
  }
  const manyToMany = relationship.direction === 'many-to-many';
  // The columns the parents' keys are matched against: the target's, or the association table's.
  const matched: ColumnElement[] = relationship.pairs.map((pair) => pair.remote as ColumnElement);
  const width = matched.length;
  const perStatement = Math.max(
    1,
    Math.min(
      maxKeysPerStatement,
      Math.floor(connection.dialect.capabilities.maxParameters / width) - 1,
    ),
  );
  const groups = new Map<unknown, object[]>();
  const allKeys = [...keys.values()];
  for (let start = 0; start < allKeys.length; start += perStatement) {
    const chunk = allKeys.slice(start, start + perStatement);
    const membership =
      width === 1
        ? inValues(
            matched[0] as ColumnElement,
            chunk.map((key) => key[0]),
          )
        : tuple(...matched).in(chunk);
    let statement = manyToMany
      ? select(...target.columns, ...matched)
          .selectFrom(target.selectable)
          .join(
            relationship.secondary as NonNullable<Relationship['secondary']>,
            and(...relationship.secondaryPairs.map((pair) => pair.local.eq(pair.remote))),
          )
      : target.joined
        ? select(...target.columns).selectFrom(target.selectable)
        : select(...target.columns);
    // A subclass target (single-table) reads its own rows only.
    const criterion = target.discriminatorCriterion;
    statement = statement.where(
      membership,
      ...(relationship.criteria ? [relationship.criteria] : []),
      ...(criterion ? [criterion] : []),
    );
    const orderBy = relationship.orderBy;
    if (orderBy.length > 0) statement = statement.orderBy(...orderBy);
    const joined = planJoinedLoad(
      statement,
      [{ slot: 0, mapper: target, start: 0 }],
      next ?? new Map(),
      path,
    );
    const rows = (
      await connection.execute(joined?.statement ?? statement)
    ).takeRaw() as unknown[][];
    const columnCount = target.columns.length;
    const instances = rows.map((row) =>
      instanceFor(session, target, joined || manyToMany ? row.slice(0, columnCount) : row),
    );
    if (target.polymorphism?.hasJoined()) {
      const states = instances.flatMap((instance) => (instance ? [mappedState(instance)] : []));
      await loadSubclassTables(session, connection, target, states);
    }
    if (joined)
      readJoinedRows(
        session,
        joined.paths,
        rows,
        instances.map((instance) => [instance]),
      );
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as unknown[];
      const instance = instances[r];
      if (!instance) continue;
      const key = manyToMany
        ? keyOf(
            row.slice(columnCount),
            matched.map((_, i) => i),
          )
        : keyOf(mappedState(instance).values, relationship.remoteIndexes);
      let group = groups.get(key);
      if (!group) {
        group = [];
        groups.set(key, group);
      }
      // Rows repeat an object only through a many-to-many's pairs or joined rows.
      if (!(manyToMany || joined) || !group.includes(instance)) group.push(instance);
    }
  }
  return groups;
}

/** A map key for the values at `indexes`: the value itself for one column. */
function keyOf(values: readonly unknown[], indexes: readonly number[]): unknown {
  if (indexes.length === 1) return values[indexes[0] as number];
  return indexes.map((index) => keyPart(values[index])).join('\u0000');
}
