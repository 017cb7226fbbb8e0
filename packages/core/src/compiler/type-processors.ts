import { ArgumentError } from '../errors.js';
import type { BigIntegerType, NumericType } from '../types/numeric-types.js';
import { jsonNull } from '../types/other-types.js';
import type { TypeEngine, TypeName } from '../types/type-engine.js';

/** Converts one value on its way to or from the driver. */
export type Processor = (value: unknown) => unknown;

/** How one type's values are converted: to the driver (bind) and from it (result). */
export interface TypeProcessor {
  readonly bind?: Processor | undefined;
  readonly result?: Processor | undefined;
}

/** The processor for each type name; a dialect overrides the entries where its driver differs. */
export type TypeProcessorTable = Partial<Record<TypeName, (type: TypeEngine) => TypeProcessor>>;

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  return value === null
    ? 'null'
    : typeof value === 'object'
      ? (value.constructor?.name ?? 'object')
      : String(value);
}

function refuse(value: unknown, type: string, expected: string): never {
  throw new ArgumentError(
    `Cannot bind ${describe(value)} to a ${type} column: expected ${expected}.`,
    {
      code: 'bad-bind-value',
    },
  );
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Binds a JavaScript number (or a numeric string) to an integer column. */
const bindInteger: Processor = (value) => {
  if (value === null || typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return refuse(value, 'integer', 'a number');
};

/** Reads a number that may come back as a string or a bigint (aggregates, some drivers). */
const readNumber: Processor = (value) =>
  value === null || typeof value === 'number' ? value : Number(value);

const bindFloat: Processor = (value) => {
  if (value === null || typeof value === 'number') return value;
  if (typeof value === 'string' && numberPattern.test(value.trim())) return Number(value);
  return refuse(value, 'float', 'a number');
};

/** Formats a Date as the UTC calendar date `YYYY-MM-DD`. */
export function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Formats a Date as `YYYY-MM-DD HH:MM:SS.mmm` in UTC: the form every database reads. */
export function utcTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) return refuse(date, 'datetime', 'a valid Date');
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Reads `YYYY-MM-DD HH:MM:SS[.fff][+zz]` as a Date; without a zone the time is UTC. */
export function parseTimestamp(value: string): Date {
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  const zoned = /([zZ]|[+-]\d\d(:?\d\d)?)$/.test(iso) ? iso : `${iso}Z`;
  return new Date(zoned.replace(/([+-]\d\d)$/, '$1:00'));
}

/** The core's processors: conversions every dialect needs unless it says otherwise. */
export const defaultTypeProcessors: TypeProcessorTable = {
  integer: () => ({ bind: bindInteger, result: readNumber }),
  small_integer: () => ({ bind: bindInteger, result: readNumber }),
  big_integer: (type) => ({
    bind: (value) => {
      if (value === null || typeof value === 'bigint') return value;
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) refuse(value, 'big integer', 'a whole number');
        return value;
      }
      if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return BigInt(value);
      return refuse(value, 'big integer', 'a bigint or a whole number');
    },
    result:
      (type as BigIntegerType<'bigint' | 'number'>).mode === 'number'
        ? readNumber
        : (value) =>
            value === null || typeof value === 'bigint'
              ? value
              : BigInt(typeof value === 'number' ? Math.trunc(value) : (value as string)),
  }),
  float: () => ({ bind: bindFloat, result: readNumber }),
  numeric: (type) => ({
    bind: (value) => {
      if (value === null || typeof value === 'number') return value;
      if (typeof value === 'string' && numberPattern.test(value.trim())) return value;
      if (typeof value === 'bigint') return value.toString();
      return refuse(value, 'numeric', 'a number or a numeric string');
    },
    result: (type as NumericType<boolean>).asNumber
      ? readNumber
      : (value) => (value === null || typeof value === 'string' ? value : String(value)),
  }),
  boolean: () => ({
    bind: (value) => {
      if (value === null || typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      return refuse(value, 'boolean', 'true or false');
    },
    result: (value) => (value === null || typeof value === 'boolean' ? value : Number(value) !== 0),
  }),
  date: () => ({
    bind: (value) => (value instanceof Date ? utcDate(value) : value),
    result: (value) => (value instanceof Date ? utcDate(value) : value),
  }),
  datetime: () => ({
    bind: (value) => (value instanceof Date ? utcTimestamp(value) : value),
    result: (value) => (typeof value === 'string' ? parseTimestamp(value) : value),
  }),
  json: () => ({
    bind: (value) => (value === null ? null : value === jsonNull ? 'null' : JSON.stringify(value)),
    result: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  }),
  large_binary: () => ({
    bind: (value) =>
      value instanceof Uint8Array && !Buffer.isBuffer(value)
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : value,
  }),
  enum: (type) => {
    const values = new Set((type as unknown as { values: readonly string[] }).values);
    return {
      bind: (value) => {
        if (value === null || (typeof value === 'string' && values.has(value))) return value;
        return refuse(
          value,
          'enum',
          `one of ${[...values].map((v) => JSON.stringify(v)).join(', ')}`,
        );
      },
    };
  },
};

/**
 * The processors for one dialect: its own table over the core's, resolved once per type and
 * cached, so a statement pays only for the conversions its types need.
 */
export class TypeProcessors {
  readonly #table: TypeProcessorTable;
  readonly #cache = new Map<string, TypeProcessor>();

  constructor(overrides: TypeProcessorTable = {}) {
    this.#table = { ...defaultTypeProcessors, ...overrides };
  }

  /** The processor for a type; an empty one when values pass as they are. */
  for(type: TypeEngine): TypeProcessor {
    // Enum processors depend on the enum's values, so they are not shared by name.
    const key = type.typeName === 'enum' ? undefined : type.cacheKey();
    const cached = key === undefined ? undefined : this.#cache.get(key);
    if (cached) return cached;
    const processor = this.#table[type.typeName]?.(type) ?? {};
    if (key !== undefined) this.#cache.set(key, processor);
    return processor;
  }
}
