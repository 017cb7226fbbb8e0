import { and, type ColumnElement, type Connection, select, tuple } from '@athanor/core';
import { type InstanceState, stateOf } from '../mapping/instance-state.js';
import type { Relationship } from '../mapping/relationship.js';
import { collectionFor, manyToOneWithoutQuery } from '../mapping/relationship-accessor.js';
import { planJoinedLoad, readJoinedRows } from './joined-loading.js';
import type { LoadTree } from './loader-options.js';
import { instanceFor, type LoadingSession } from './loading.js';

/** At most this many keys go into one `IN (...)`: 1,000 parents load in one statement. */
const maxKeysPerStatement = 5000;

/**
 * Loads a relationship for many objects at once (SQLAlchemy's `selectinload`): one SELECT of
 * the targets whose keys are among the parents' — `WHERE posts.user_id IN (...)` — then each
 * parent gets its share. Parents whose relationship is already loaded are left alone.
 *
 * @returns every object the relationship now holds for these parents, for loading further.
 */
export async function loadRelationship(
  session: LoadingSession,
  connection: Connection,
  relationship: Relationship,
  parents: readonly InstanceState[],
  /** What to load under the targets: relationships to load `joined` come in the same SELECT. */
  next?: LoadTree,
): Promise<object[]> {
  const todo = parents.filter((parent) => !parent.related?.has(relationship.key));
  const toQuery: InstanceState[] = [];
  for (const parent of todo) {
    if (relationship.direction === 'many-to-one') {
      const known = manyToOneWithoutQuery(parent, relationship);
      if (known !== undefined) {
        parent.setLoaded(relationship.key, known);
        continue;
      }
    }
    if (relationship.localIndexes.some((index) => parent.values[index] == null)) {
      assign(parent, relationship, []);
      continue;
    }
    toQuery.push(parent);
  }
  if (toQuery.length > 0) {
    const groups = await fetchRelated(session, connection, relationship, toQuery, next);
    for (const parent of toQuery) {
      assign(
        parent,
        relationship,
        groups.get(keyOf(parent.values, relationship.localIndexes)) ?? [],
      );
    }
  }
  const related: object[] = [];
  for (const parent of parents) {
    const value = parent.related?.get(relationship.key);
    if (Array.isArray(value)) related.push(...value);
    else if (value) related.push(value as object);
  }
  return related;
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

/** The related objects, grouped by the parent key they belong to (in the collection's order). */
async function fetchRelated(
  session: LoadingSession,
  connection: Connection,
  relationship: Relationship,
  parents: readonly InstanceState[],
  next: LoadTree | undefined,
): Promise<Map<string, object[]>> {
  const target = relationship.target;
  const keys = new Map<string, unknown[]>();
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
  const groups = new Map<string, object[]>();
  const allKeys = [...keys.values()];
  for (let start = 0; start < allKeys.length; start += perStatement) {
    const chunk = allKeys.slice(start, start + perStatement);
    const membership =
      width === 1
        ? (matched[0] as ColumnElement).in(chunk.map((key) => key[0]) as never)
        : tuple(...(matched as never[])).in(chunk as never);
    let statement = manyToMany
      ? select(...target.columns, ...matched)
          .selectFrom(target.table)
          .join(
            relationship.secondary as NonNullable<Relationship['secondary']>,
            and(...relationship.secondaryPairs.map((pair) => pair.local.eq(pair.remote as never))),
          )
      : select(...target.columns);
    statement = statement.where(
      membership,
      ...(relationship.criteria ? [relationship.criteria] : []),
    );
    const orderBy = relationship.orderBy;
    if (orderBy.length > 0) statement = statement.orderBy(...orderBy);
    const joined = planJoinedLoad(
      statement,
      [{ slot: 0, mapper: target, start: 0 }],
      next ?? new Map(),
    );
    const rows = (
      await connection.execute(joined?.statement ?? statement)
    ).takeRaw() as unknown[][];
    const columnCount = target.columns.length;
    const instances = rows.map((row) =>
      instanceFor(session, target, joined || manyToMany ? row.slice(0, columnCount) : row),
    );
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
        : keyOf((stateOf(instance) as InstanceState).values, relationship.remoteIndexes);
      let group = groups.get(key);
      if (!group) {
        group = [];
        groups.set(key, group);
      }
      if (!group.includes(instance)) group.push(instance);
    }
  }
  return groups;
}

/** A map key for the values at `indexes`. */
function keyOf(values: readonly unknown[], indexes: readonly number[]): string {
  return indexes
    .map((index) => {
      const value = values[index];
      if (typeof value === 'bigint') return `${value}n`;
      if (value instanceof Date) return value.toISOString();
      return typeof value === 'string' ? `s${value}` : String(value);
    })
    .join('\u0000');
}
