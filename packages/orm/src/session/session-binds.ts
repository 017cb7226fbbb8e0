import type { AnyTable, Engine, Executable } from '@athanor/core';
import { findMapper, type Mapper } from '../mapping/mapper.js';

/** A model class or a table, as a key of a session's `binds`. */
export type BindKey = (abstract new (...args: never[]) => object) | AnyTable;

/**
 * What {@link Session.getBind} is asked about: the model a statement or flush is for, and the
 * statement itself (either may be missing, as in SQLAlchemy's `get_bind(mapper, clause)`).
 */
export interface BindTarget {
  readonly mapper?: Mapper;
  readonly clause?: Executable<object, readonly unknown[]>;
  /**
   * The object being written or refreshed, when there is one (SQLAlchemy's `instance`): a
   * sharded session sends it to its own shard.
   */
  readonly instance?: object;
}

/**
 * The engine for a target, from a session's `binds` (SQLAlchemy's lookup order): the model's
 * class or one of its base classes, then the model's table, then a table the statement uses
 * (bound itself, or the table of a bound model);
 * `undefined` when nothing is bound, and the session's own engine applies.
 */
export function findBind(
  binds: ReadonlyMap<BindKey, Engine>,
  { mapper, clause }: BindTarget,
): Engine | undefined {
  if (binds.size === 0) return undefined;
  if (mapper) {
    for (let cls: unknown = mapper.entity; typeof cls === 'function'; ) {
      const engine = binds.get(cls as BindKey);
      if (engine) return engine;
      cls = Object.getPrototypeOf(cls);
    }
    const engine = binds.get(mapper.table);
    if (engine) return engine;
  }
  if (clause) {
    const used = tableNodesOf(clause.node);
    for (const [key, engine] of binds) {
      // A model class binds its table too, as SQLAlchemy's binds do.
      const table = typeof key === 'function' ? findMapper(key)?.table : key;
      if (table && used.has(table.node)) return engine;
    }
  }
  return undefined;
}

/** Every table node in a statement's tree, subqueries and CTEs included. */
function tableNodesOf(root: { readonly kind: string }): Set<unknown> {
  const found = new Set<unknown>();
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const kind = (value as { kind?: unknown }).kind;
    if (typeof kind !== 'string') return;
    if (kind === 'table') {
      found.add(value);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(root);
  return found;
}

/** A session's `binds` option as a map, checked: model classes or tables to engines. */
export function bindsFrom(
  binds: ReadonlyMap<BindKey, Engine> | Iterable<readonly [BindKey, Engine]> | undefined,
  fail: (message: string) => never,
): ReadonlyMap<BindKey, Engine> {
  if (binds === undefined) return new Map();
  if (typeof (binds as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    fail(
      'binds is a Map (or a list of pairs) from model classes or tables to engines: ' +
        'new Session(engine, { binds: new Map([[User, usersEngine], [auditLog, auditEngine]]) }).',
    );
  }
  const map = new Map<BindKey, Engine>(binds as Iterable<readonly [BindKey, Engine]>);
  for (const [key, engine] of map) {
    const isKey =
      typeof key === 'function' || (typeof key === 'object' && key !== null && 'node' in key);
    if (!isKey) fail(`binds keys are model classes or tables; got ${String(key)}.`);
    if (!engine || typeof (engine as Engine).connect !== 'function') {
      fail(
        `binds maps ${typeof key === 'function' ? key.name : key.name} to something that is not an Engine.`,
      );
    }
  }
  return map;
}
