import { ArgumentError } from '../errors.js';
import { TypeEngine, typeKey } from './type-engine.js';

/*
 * The cache key of a user's type (a TypeDecorator, a UserDefinedType). A type's key must hold
 * every parameter that changes its DDL or its conversions, or two statements with different
 * types would share compiled SQL and processors. A user's class cannot be trusted to say so
 * itself, so the rule is SQLAlchemy's `cache_ok = True` made automatic: the key is the class (by
 * identity, never by name: two classes may share one) and the value of every field of the
 * instance (its impl included, by that type's key). Fields that cannot be read as a key (a
 * function, an instance of some class) are refused: the class then overrides `cacheKey()` to
 * say what matters, or sets `cacheOk = false` so that each instance gets its own key.
 */

/** What the key reads of a user's type. */
interface CustomType extends TypeEngine {
  /** False: every instance is its own key (its statements are never shared with another's). */
  readonly cacheOk: boolean;
}

/** Fields every type has that are not parameters (variants are added by `typeKey`). */
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

/** The key of a user's type, by the rule above; `kind` is its type name. */
export function customTypeKey(type: CustomType, kind: string): string {
  const prefix = `${kind}#${idOf(classIds, type.constructor)}`;
  if (!type.cacheOk) return `${prefix}@${idOf(instanceIds, type)}`;
  const record = type as unknown as Record<string, unknown>;
  const fields = Object.keys(type)
    .filter((name) => !notParameters.has(name))
    .sort();
  const parts = fields.map((name) => `${name}=${fieldKey(record[name], type, name)}`);
  return `${prefix}(${parts.join(',')})`;
}

function fieldKey(value: unknown, type: TypeEngine, field: string): string {
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
  if (Array.isArray(value)) {
    return `[${value.map((item) => fieldKey(item, type, field)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const record = value as Record<string, unknown>;
      const names = Object.keys(record).sort();
      return `{${names.map((name) => `${JSON.stringify(name)}:${fieldKey(record[name], type, field)}`).join(',')}}`;
    }
  }
  const what =
    typeof value === 'function' ? 'a function' : `a ${value?.constructor?.name ?? 'value'}`;
  throw new ArgumentError(
    `${type.constructor.name}: its field '${field}' holds ${what}, which cannot be part of the ` +
      'compiled-statement cache key. Override cacheKey() to return a string naming every ' +
      'parameter of the type, or set `readonly cacheOk = false` so each instance has its own key.',
    { code: 'uncacheable-type' },
  );
}
