import { ArgumentError } from '../errors.js';
import { TypeEngine } from './type-engine.js';

/*
 * The key of a type in the compiled-statement cache and the processor cache: two types with the
 * same key must compile (DDL, CAST) and convert values alike on every dialect.
 *
 * A built-in type's key is its `cacheKey()` (its name and parameters). A user's type (a
 * TypeDecorator, a UserDefinedType) is keyed by its class first, by identity, never by name
 * (two classes may share one), so it never equals a built-in type's key or another class's,
 * whatever its `cacheKey()` returns. Then, as SQLAlchemy's `cache_ok`:
 *  - unless the class declares `cacheOk = true`, by the instance itself: nothing the key could
 *    read (its `#private` fields, closures, getters) is trusted to say what its conversions
 *    depend on, so two instances never share compiled SQL or processors;
 *  - with `cacheOk = true` (the author's promise that its own enumerable fields are everything
 *    its SQL and conversions depend on), by its `cacheKey()`: by default the value of each such
 *    field (its impl included, by that type's key); an override names the parameters itself.
 */

/** A user's type, as the key reads it. */
interface CustomType extends TypeEngine {
  readonly typeName: 'decorator' | 'user_defined';
  /** True: instances with equal parameters (see `cacheKey()`) may share compiled statements. */
  readonly cacheOk?: boolean;
}

/** Fields every custom type has that are not parameters (variants are keyed by `typeKey`). */
const notParameters = new Set(['typeName', 'cacheOk', 'variants']);

const classIds = new WeakMap<object, number>();
const instanceIds = new WeakMap<object, number>();
let nextId = 0;

function idOf(ids: WeakMap<object, number>, object: object): number {
  let id = ids.get(object);
  if (id === undefined) {
    id = nextId++;
    ids.set(object, id);
  }
  return id;
}

function isCustom(type: TypeEngine): type is CustomType {
  return type.typeName === 'decorator' || type.typeName === 'user_defined';
}

/** True for a user's type keyed by its instance (it does not declare `cacheOk = true`). */
export function keyedByInstance(type: TypeEngine): boolean {
  return isCustom(type) && type.cacheOk !== true;
}

/** The key of a type with its variants, by the rules above. */
export function typeKey(type: TypeEngine): string {
  const key = isCustom(type) ? customTypeKey(type) : type.cacheKey();
  const variants = type.variants;
  if (!variants) return key;
  const names = Object.keys(variants).sort();
  return `${key}{${names.map((name) => `${JSON.stringify(name)}:${typeKey(variants[name] as TypeEngine)}`).join(',')}}`;
}

function customTypeKey(type: CustomType): string {
  // The class is its prototype: an own field named `constructor` cannot stand in for it.
  const prefix = `${type.typeName}#${idOf(classIds, Object.getPrototypeOf(type) as object)}`;
  if (type.cacheOk !== true) return `${prefix}@${idOf(instanceIds, type)}`;
  return `${prefix}(${type.cacheKey()})`;
}

/**
 * The default parameters of a user's type that declares `cacheOk = true`: the value of each of
 * its own enumerable fields. A value that cannot be read as a key (a function, an instance of
 * some class, an object that contains itself) is refused.
 */
export function fieldsKey(type: TypeEngine): string {
  const record = type as unknown as Record<string, unknown>;
  const fields = Object.keys(type)
    .filter((name) => !notParameters.has(name))
    .sort();
  const seen = new Set<object>();
  return fields.map((name) => `${name}=${fieldKey(record[name], type, name, seen)}`).join(',');
}

/** `seen` holds the objects being keyed around this value: finding one again is a cycle. */
function fieldKey(value: unknown, type: TypeEngine, field: string, seen: Set<object>): string {
  if (value instanceof TypeEngine) return typeKey(value);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
  }
  if (value === null) return 'null';
  if (typeof value === 'object') {
    if (seen.has(value)) return refuse(type, field, 'an object that contains itself');
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value) || proto === Object.prototype || proto === null) {
      seen.add(value);
      const key = Array.isArray(value)
        ? `[${value.map((item) => fieldKey(item, type, field, seen)).join(',')}]`
        : objectKey(value as Record<string, unknown>, type, field, seen);
      seen.delete(value);
      return key;
    }
  }
  const what =
    typeof value === 'function'
      ? 'a function'
      : `a ${(Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'value'}`;
  return refuse(type, field, what);
}

function objectKey(
  record: Record<string, unknown>,
  type: TypeEngine,
  field: string,
  seen: Set<object>,
): string {
  const names = Object.keys(record).sort();
  return `{${names.map((name) => `${JSON.stringify(name)}:${fieldKey(record[name], type, field, seen)}`).join(',')}}`;
}

function refuse(type: TypeEngine, field: string, what: string): never {
  throw new ArgumentError(
    `${className(type)}: its field '${field}' holds ${what}, which cannot be part of the ` +
      'compiled-statement cache key. Override cacheKey() to return a string naming every ' +
      'parameter of the type, or leave out `cacheOk = true` so each instance has its own key.',
    { code: 'uncacheable-type' },
  );
}

function className(type: TypeEngine): string {
  return (
    (Object.getPrototypeOf(type) as { constructor?: { name?: string } }).constructor?.name ?? 'type'
  );
}
