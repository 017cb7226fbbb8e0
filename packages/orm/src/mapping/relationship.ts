import {
  type AnyTable,
  ArgumentError,
  adaptColumns,
  and,
  type Column,
  ColumnElement,
  type ColumnNode,
  type ColumnSource,
  type ExpressionNode,
  type ForeignKeyConstraint,
  type OrderTerm,
  type Table,
} from '@athanor/core';
import { UnmappedError } from '../errors.js';
import { type Mapper, mapperOf } from './mapper.js';
import type {
  CascadeName,
  Deferred,
  LazyStrategy,
  RelationshipOptions,
} from './relationship-types.js';

/** Which side holds the foreign key. */
export type Direction = 'many-to-one' | 'one-to-many' | 'many-to-many';

/**
 * Two columns a relationship joins on. `local` is on the parent's table; `remote` on the
 * target's table (on the association table, for a many-to-many).
 */
export interface ColumnPair {
  readonly local: Column;
  readonly remote: Column;
}

const defaultCascade: readonly CascadeName[] = ['save-update', 'merge'];
const allCascade: readonly CascadeName[] = ['save-update', 'merge', 'expunge', 'delete'];

/**
 * One relationship of a model (SQLAlchemy's `RelationshipProperty`): declared with a target
 * given by a function, so models can refer to each other in any order, and resolved — target,
 * direction, join columns — when the mappers are configured, on first use.
 */
export class Relationship {
  readonly cascade: ReadonlySet<CascadeName>;
  readonly lazy: LazyStrategy;
  readonly viewonly: boolean;
  readonly passiveDeletes: boolean;
  readonly postUpdate: boolean;
  #resolved: Resolved | null = null;

  constructor(
    /** The model that has the relationship. */
    readonly parent: Mapper,
    /** The attribute name: `posts` in `user.posts`. */
    readonly key: string,
    readonly targetFn: () => unknown,
    readonly options: RelationshipOptions<unknown>,
  ) {
    // A viewonly relationship writes nothing, so nothing cascades along it either.
    this.cascade = options.viewonly
      ? new Set()
      : parseCascade(options.cascade, `${parent.name}.${key}`);
    this.lazy = options.lazy ?? 'select';
    this.viewonly = options.viewonly ?? false;
    this.passiveDeletes = options.passiveDeletes ?? false;
    this.postUpdate = options.postUpdate ?? false;
    if (!['select', 'selectin', 'joined', 'raise'].includes(this.lazy)) {
      throw new ArgumentError(
        `${this.name}: lazy must be 'select', 'selectin', 'joined' or 'raise', not '${this.lazy}'.`,
      );
    }
  }

  /** `User.posts`, for messages. */
  get name(): string {
    return `${this.parent.name}.${this.key}`;
  }

  get target(): Mapper {
    return this.#get().target;
  }

  get direction(): Direction {
    return this.#get().direction;
  }

  /** True for a collection (an array), false for a single object or null. */
  get uselist(): boolean {
    return this.#get().uselist;
  }

  /** The join columns: parent ↔ target, or parent ↔ association table for a many-to-many. */
  get pairs(): readonly ColumnPair[] {
    return this.#get().pairs;
  }

  /** For a many-to-many: target (as `local`) ↔ association table (as `remote`). */
  get secondaryPairs(): readonly ColumnPair[] {
    return this.#get().secondaryPairs;
  }

  /** The association table of a many-to-many. */
  get secondary(): Table | null {
    return this.#get().secondary;
  }

  /** Conditions of a custom `primaryjoin` beyond its column equalities. */
  get criteria(): ColumnElement<boolean> | null {
    return this.#get().criteria;
  }

  /** The relationship on the target that mirrors this one. */
  get reverse(): Relationship | null {
    return this.#get().reverse;
  }

  /** The ORDER BY of a collection. */
  get orderBy(): readonly OrderTerm[] {
    const given = this.options.orderBy;
    if (given === undefined) return [];
    const value = typeof given === 'function' ? (given as () => unknown)() : given;
    return (Array.isArray(value) ? value : [value]) as OrderTerm[];
  }

  /**
   * The join condition from the parent to the target (not for a many-to-many), read from the
   * FROM elements given: the tables themselves, or aliases or subqueries of them.
   */
  joinOn(
    parentFrom: ColumnSource = this.parent.table,
    targetFrom: ColumnSource = this.target.table,
  ): ColumnElement<boolean> {
    const side = (from: ColumnSource, column: Column) => columnIn(from, column);
    const equalities = this.pairs.map((pair) =>
      side(parentFrom, pair.local).eq(side(targetFrom, pair.remote)),
    );
    let criteria = this.criteria;
    if (criteria && targetFrom !== this.target.table && this.target.table !== this.parent.table) {
      criteria = adaptColumns(criteria, this.target.table, targetFrom);
    }
    if (criteria && parentFrom !== this.parent.table && this.target.table !== this.parent.table) {
      criteria = adaptColumns(criteria, this.parent.table, parentFrom);
    }
    return and(...equalities, criteria ?? undefined);
  }

  /** The parent's column positions whose values identify the related rows. */
  get localIndexes(): readonly number[] {
    return this.#get().localIndexes;
  }

  /** The target's column positions that hold those values (not for a many-to-many). */
  get remoteIndexes(): readonly number[] {
    return this.#get().remoteIndexes;
  }

  /** Works out the target, direction and join columns. @throws {ArgumentError} when they are unclear. */
  resolve(): void {
    if (this.#resolved) return;
    const targetClass = this.targetFn();
    let target: Mapper;
    try {
      target = mapperOf(targetClass);
    } catch {
      const what =
        typeof targetClass === 'function' ? targetClass.name || 'a class' : String(targetClass);
      throw new UnmappedError(
        `${this.name}: the relationship's target, ${what}, is not a mapped class. ` +
          "Give a function returning a model: relationship('posts', () => Post).",
        { code: 'unmapped-target' },
      );
    }
    const secondary = deferred(this.options.secondary) ?? null;
    const joined = secondary
      ? this.#manyToMany(target, secondary)
      : this.options.primaryjoin
        ? this.#fromPrimaryjoin(target)
        : this.#fromForeignKeys(target);
    const uselist = this.options.uselist ?? joined.direction !== 'many-to-one';
    const localIndexes = joined.pairs.map((pair) => this.parent.columnIndex(pair.local));
    const remoteIndexes = secondary
      ? []
      : joined.pairs.map((pair) => target.columnIndex(pair.remote));
    this.#resolved = {
      target,
      uselist,
      secondary,
      reverse: null,
      localIndexes,
      remoteIndexes,
      ...joined,
    };
  }

  /** Links `backPopulates` partners, once every relationship is resolved. */
  linkReverse(): void {
    const resolved = this.#get();
    const name = this.options.backPopulates as string | undefined;
    if (name === undefined || resolved.reverse) return;
    const reverse = resolved.target.relationships.get(name);
    if (!reverse) {
      const known = [...resolved.target.relationships.keys()];
      throw new ArgumentError(
        `${this.name}: backPopulates '${name}' names no relationship of ${resolved.target.name}` +
          (known.length > 0 ? ` (it has ${known.join(', ')}).` : ' (it has none).') +
          ` Map it: ${resolved.target.name}.relationship('${name}', () => ${this.parent.name}, { backPopulates: '${this.key}' }).`,
        { code: 'back-populates' },
      );
    }
    reverse.resolve();
    const mirrored: Record<Direction, Direction> = {
      'many-to-one': 'one-to-many',
      'one-to-many': 'many-to-one',
      'many-to-many': 'many-to-many',
    };
    if (reverse.target !== this.parent || reverse.direction !== mirrored[resolved.direction]) {
      throw new ArgumentError(
        `${this.name} (a ${resolved.direction} to ${resolved.target.name}) and ${reverse.name} ` +
          `(a ${reverse.direction} to ${reverse.target.name}) do not mirror each other, so ` +
          `backPopulates '${name}' cannot link them. Each side must point at the other's model over the same foreign key.`,
        { code: 'back-populates' },
      );
    }
    const backName = reverse.options.backPopulates as string | undefined;
    if (backName !== undefined && backName !== this.key) {
      throw new ArgumentError(
        `${this.name} names ${reverse.name} in backPopulates, but ${reverse.name} names '${backName}'.`,
        { code: 'back-populates' },
      );
    }
    resolved.reverse = reverse;
    reverse.#setReverse(this);
  }

  #setReverse(reverse: Relationship): void {
    this.#get().reverse = reverse;
  }

  #get(): Resolved {
    if (!this.#resolved) {
      this.parent.registry.configure();
      if (!this.#resolved) this.resolve();
    }
    return this.#resolved as Resolved;
  }

  #fromForeignKeys(target: Mapper): Joined {
    const ownerTable = this.parent.table;
    const targetTable = target.table;
    const usable = this.#usable();
    const toParent = targetTable.foreignKeys.filter(
      (fk) => fk.referredTable === ownerTable && usable(fk),
    );
    if (ownerTable === targetTable) {
      if (toParent.length !== 1) throw this.#pathError(toParent, target);
      const fk = toParent[0] as ForeignKeyConstraint;
      const remoteSide = deferred(this.options.remoteSide);
      const manyToOne =
        remoteSide?.every((column) => fk.referredColumns.includes(column as Column)) ?? false;
      return manyToOne ? manyToOneOver(fk) : oneToManyOver(fk);
    }
    const toTarget = ownerTable.foreignKeys.filter(
      (fk) => fk.referredTable === targetTable && usable(fk),
    );
    const paths = [...toTarget, ...toParent];
    if (paths.length !== 1) throw this.#pathError(paths, target);
    return toTarget.length === 1
      ? manyToOneOver(toTarget[0] as ForeignKeyConstraint)
      : oneToManyOver(toParent[0] as ForeignKeyConstraint);
  }

  #manyToMany(target: Mapper, secondary: Table): Joined {
    const usable = this.#usable();
    const toParent = secondary.foreignKeys.filter(
      (fk) => fk.referredTable === this.parent.table && usable(fk),
    );
    const toTarget = secondary.foreignKeys.filter(
      (fk) => fk.referredTable === target.table && usable(fk),
    );
    if (this.parent.table === target.table) {
      throw new ArgumentError(
        `${this.name}: a many-to-many from a table to itself through '${secondary.name}' is not supported yet. ` +
          'Map the association table as a model with two many-to-one relationships instead.',
      );
    }
    for (const [fks, side] of [
      [toParent, this.parent],
      [toTarget, target],
    ] as const) {
      if (fks.length !== 1) {
        const found = fks.map((fk) => fk.columns.map((c) => `${secondary.name}.${c.name}`));
        throw new ArgumentError(
          `${this.name}: the association table '${secondary.name}' needs exactly one foreign key to ` +
            `'${side.table.name}'; it has ${fks.length === 0 ? 'none' : found.join(' and ')}.` +
            (fks.length > 1 ? ' Say which with foreignKeys.' : ''),
          { code: fks.length > 1 ? 'ambiguous-foreign-keys' : 'no-foreign-key' },
        );
      }
    }
    const pairsOf = (fk: ForeignKeyConstraint) =>
      fk.columns.map((column, i) => ({
        local: fk.referredColumns[i] as Column,
        remote: column,
      }));
    return {
      direction: 'many-to-many',
      pairs: pairsOf(toParent[0] as ForeignKeyConstraint),
      secondaryPairs: pairsOf(toTarget[0] as ForeignKeyConstraint),
      criteria: null,
    };
  }

  /** A custom condition: its column equalities are the join columns, the rest criteria. */
  #fromPrimaryjoin(target: Mapper): Joined {
    const condition = (this.options.primaryjoin as () => ColumnElement<boolean | null>)();
    const conjuncts = flattenAnd(condition.node);
    const ownerTable = this.parent.table;
    const targetTable = target.table;
    const allowed = this.#allowedColumns();
    const pairs: { owner: Column; target: Column }[] = [];
    const rest: ExpressionNode[] = [];
    for (const node of conjuncts) {
      if (node.kind === 'binary' && node.operator === '=') {
        const left = columnOf(node.left, [ownerTable, targetTable]);
        const right = columnOf(node.right, [ownerTable, targetTable]);
        if (left && right && left.table !== right.table) {
          pairs.push(
            left.table === ownerTable
              ? { owner: left, target: right }
              : { owner: right, target: left },
          );
          continue;
        }
      }
      rest.push(node);
    }
    if (pairs.length === 0) {
      throw new ArgumentError(
        `${this.name}: primaryjoin has no equality between a column of '${ownerTable.name}' and one of '${targetTable.name}'.`,
      );
    }
    const ownerIsForeign = pairs.every(({ owner, target: other }) =>
      allowed
        ? allowed.has(owner)
        : ownerTable.foreignKeys.some(
            (fk) =>
              fk.columns.includes(owner) && fk.referredColumns[fk.columns.indexOf(owner)] === other,
          ),
    );
    const criteria =
      rest.length === 0 ? null : and(...rest.map((node) => new ColumnElement<boolean>(node)));
    return {
      direction: ownerIsForeign ? 'many-to-one' : 'one-to-many',
      pairs: pairs.map(({ owner, target: other }) => ({ local: owner, remote: other })),
      secondaryPairs: [],
      criteria,
    };
  }

  /** Which foreign keys may be followed: those among `foreignKeys`, when given. */
  #usable(): (fk: ForeignKeyConstraint) => boolean {
    const allowed = this.#allowedColumns();
    return (fk) => !allowed || fk.columns.every((column) => allowed.has(column));
  }

  #allowedColumns(): Set<Column> | null {
    const given = deferred(this.options.foreignKeys);
    return given ? new Set(given as readonly Column[]) : null;
  }

  #pathError(paths: readonly ForeignKeyConstraint[], target: Mapper): ArgumentError {
    const ownerTable = this.parent.table;
    if (paths.length === 0) {
      return new ArgumentError(
        `${this.name}: no foreign key joins '${ownerTable.name}' and '${target.table.name}'` +
          (this.options.foreignKeys ? ' among the foreignKeys given' : '') +
          '. Add a foreignKey to a column of one of them, or give primaryjoin.',
        { code: 'no-foreign-key' },
      );
    }
    const columns = paths.map((fk) =>
      fk.columns.map((column) => `${fk.table.name}.${column.name}`).join(', '),
    );
    return new ArgumentError(
      `${this.name}: several foreign keys join '${ownerTable.name}' and '${target.table.name}' ` +
        `(${columns.join(' and ')}), so the relationship is ambiguous. ` +
        `Say which with foreignKeys, e.g. { foreignKeys: () => [${target.name}.c.${keyOf(paths[0] as ForeignKeyConstraint)}] }.`,
      { code: 'ambiguous-foreign-keys' },
    );
  }
}

interface Joined {
  direction: Direction;
  pairs: readonly ColumnPair[];
  secondaryPairs: readonly ColumnPair[];
  criteria: ColumnElement<boolean> | null;
}

interface Resolved extends Joined {
  target: Mapper;
  uselist: boolean;
  secondary: Table | null;
  reverse: Relationship | null;
  localIndexes: readonly number[];
  remoteIndexes: readonly number[];
}

/** Where `column` is read from in `from` (an alias or subquery of its table), or itself. */
export function columnIn(from: ColumnSource, column: ColumnElement): ColumnElement {
  return from.correspondingColumn(column) ?? column;
}

function manyToOneOver(fk: ForeignKeyConstraint): Joined {
  return {
    direction: 'many-to-one',
    pairs: fk.columns.map((column, i) => ({
      local: column,
      remote: fk.referredColumns[i] as Column,
    })),
    secondaryPairs: [],
    criteria: null,
  };
}

function oneToManyOver(fk: ForeignKeyConstraint): Joined {
  return {
    direction: 'one-to-many',
    pairs: fk.columns.map((column, i) => ({
      local: fk.referredColumns[i] as Column,
      remote: column,
    })),
    secondaryPairs: [],
    criteria: null,
  };
}

function keyOf(fk: ForeignKeyConstraint): string {
  return (fk.columns[0] as Column).key;
}

function deferred<T>(value: Deferred<T> | undefined): T | undefined {
  return typeof value === 'function' ? (value as () => T)() : value;
}

function flattenAnd(node: ExpressionNode): ExpressionNode[] {
  if (node.kind === 'clause_list' && node.operator === 'AND')
    return node.clauses.flatMap(flattenAnd);
  if (node.kind === 'grouping') return flattenAnd(node.element);
  return [node];
}

function columnOf(node: ExpressionNode, tables: readonly AnyTable[]): Column | undefined {
  if (node.kind !== 'column') return undefined;
  const column = node as ColumnNode;
  for (const table of tables) {
    if (column.table === table.node) {
      return table.columns.find((c) => c.name === column.name) as Column | undefined;
    }
  }
  return undefined;
}

function parseCascade(
  given: RelationshipOptions<unknown>['cascade'],
  name: string,
): Set<CascadeName> {
  if (given === undefined) return new Set(defaultCascade);
  const names = (typeof given === 'string' ? given.split(',') : [...given])
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const cascade = new Set<CascadeName>();
  for (const part of names) {
    if (part === 'all') for (const each of allCascade) cascade.add(each);
    else if (['save-update', 'merge', 'delete', 'delete-orphan', 'expunge'].includes(part)) {
      cascade.add(part as CascadeName);
    } else {
      throw new ArgumentError(
        `${name}: unknown cascade '${part}'; use save-update, merge, delete, delete-orphan, expunge or all.`,
      );
    }
  }
  return cascade;
}
