import { ArgumentError } from '@athanor/core';
import type { Mapper } from './mapper.js';

/** Options of `Model.associationProxy(key, via, attribute, options)`. */
export interface AssociationProxyOptions<Via, A extends keyof Via> {
  /** Makes the association object for a value added through the proxy. */
  readonly creator?: (value: Via[A]) => Via;
}

/**
 * Installs a field that reads through a relationship to one attribute of its objects
 * (SQLAlchemy's `association_proxy`): with `user.memberships` holding Membership objects,
 * `user.groups` reads as `user.memberships.map((m) => m.group)`, and `push(group)` adds a
 * Membership made by the creator.
 */
export function defineAssociationProxy(
  mapper: Mapper,
  key: string,
  via: string,
  attribute: string,
  options: AssociationProxyOptions<object, never>,
): void {
  const relationship = mapper.relationships.get(via);
  if (!relationship) {
    throw new ArgumentError(
      `${mapper.name}.${key}: associationProxy goes through '${via}', which is not a relationship of ${mapper.name}; map it first.`,
    );
  }
  if (mapper.indexOf.has(key) || mapper.relationships.has(key)) {
    throw new ArgumentError(
      `${mapper.name}.${key} is already mapped; the proxy needs a field of its own.`,
    );
  }
  const creator = options.creator as ((value: unknown) => object) | undefined;
  const create = (value: unknown): object => {
    if (!creator) {
      throw new ArgumentError(
        `${mapper.name}.${key} cannot add ${String(value)}: give the association proxy a creator, ` +
          `e.g. { creator: (value) => Association.create({ ${attribute}: value }) }.`,
      );
    }
    return creator(value);
  };
  Object.defineProperty(mapper.entity.prototype as object, key, {
    configurable: true,
    enumerable: false,
    get(this: Record<string, unknown>) {
      const through = this[via];
      if (!Array.isArray(through)) {
        return through === null ? null : (through as Record<string, unknown>)[attribute];
      }
      return ProxiedList.over(through as Record<string, unknown>[], attribute, create);
    },
    set(this: Record<string, unknown>, values: unknown) {
      if (!relationship.uselist) {
        this[via] = values === null ? null : create(values);
        return;
      }
      if (!Array.isArray(values)) {
        throw new ArgumentError(`${mapper.name}.${key} is a collection; assign an array.`);
      }
      this[via] = values.map(create);
    },
  });
}

/**
 * The values an association proxy reads: an array of one attribute of the objects in the
 * relationship's collection. Adding (`push`, `unshift`, `splice`) makes association objects
 * with the creator; removing (`pop`, `shift`, `splice`, `remove`) takes them out of the
 * collection, which its cascade then saves or deletes.
 */
class ProxiedList<T> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  #through: Record<string, unknown>[] = [];
  #attribute = '';
  #create: (value: unknown) => object = () => ({});

  static over<T>(
    through: Record<string, unknown>[],
    attribute: string,
    create: (value: unknown) => object,
  ): ProxiedList<T> {
    const list = new ProxiedList<T>();
    for (const item of through) Array.prototype.push.call(list, item[attribute]);
    list.#through = through;
    list.#attribute = attribute;
    list.#create = create;
    return list;
  }

  override push(...values: T[]): number {
    for (const value of values) {
      this.#through.push(this.#create(value) as Record<string, unknown>);
      Array.prototype.push.call(this, value);
    }
    return this.length;
  }

  override unshift(...values: T[]): number {
    this.#through.unshift(...values.map((value) => this.#create(value) as Record<string, unknown>));
    return Array.prototype.unshift.apply(this, values);
  }

  override pop(): T | undefined {
    this.#through.pop();
    return Array.prototype.pop.call(this) as T | undefined;
  }

  override shift(): T | undefined {
    this.#through.shift();
    return Array.prototype.shift.call(this) as T | undefined;
  }

  override splice(start: number, ...rest: [deleteCount?: number, ...values: T[]]): T[] {
    const [deleteCount, ...values] = rest;
    const made = values.map((value) => this.#create(value) as Record<string, unknown>);
    if (rest.length === 0) {
      this.#through.splice(start);
      return (Array.prototype.splice as (start: number) => T[]).call(this, start);
    }
    this.#through.splice(start, deleteCount ?? 0, ...made);
    return Array.prototype.splice.call(this, start, deleteCount ?? 0, ...values) as T[];
  }

  /** Removes the association object that holds `value`; true when there was one. */
  remove(value: T): boolean {
    const index = this.#through.findIndex((item) => item[this.#attribute] === value);
    if (index < 0) return false;
    this.#through.splice(index, 1);
    Array.prototype.splice.call(this, index, 1);
    return true;
  }
}
