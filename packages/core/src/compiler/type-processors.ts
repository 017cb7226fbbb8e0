import { ArgumentError } from '../errors.js';
import type { BigIntegerType, NumericType } from '../types/numeric-types.js';
import { jsonNull } from '../types/other-types.js';
import { TypeDecorator } from '../types/type-decorator.js';
import type { TypeDialect, TypeEngine, TypeName } from '../types/type-engine.js';
import { keyedByInstance, typeKey } from '../types/type-key.js';
import { UserDefinedType } from '../types/user-defined-type.js';

/** Converts one value on its way to or from the driver (never NULL: that passes as it is). */
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
  // Not String(): that is a function's whole source.
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  return value === null
    ? 'null'
    : typeof value === 'object'
      ? (value.constructor?.name ?? 'object')
      : String(value);
}

/** What a refused value was and what its column takes, kept to restate with the target's name. */
interface Refusal {
  readonly value: string;
  readonly type: string;
  readonly expected: string;
}

/** The type named in refusals of values that have no SQL type. */
const untyped = 'untyped';

const refusals = new WeakMap<Error, Refusal>();

function refusalMessage(refusal: Refusal, target?: string): string {
  const article = /^[AEIO]/.test(refusal.type) ? 'an' : 'a';
  const where =
    refusal.type === untyped
      ? (target ?? 'a parameter without a SQL type')
      : `${article} ${refusal.type} column${target ? ` (${target})` : ''}`;
  return `Cannot bind ${refusal.value} to ${where}: expected ${refusal.expected}.`;
}

function refuse(value: unknown, type: string, expected: string): never {
  const refusal = { value: describe(value), type, expected };
  const error = new ArgumentError(refusalMessage(refusal), { code: 'bad-bind-value' });
  refusals.set(error, refusal);
  throw error;
}

/**
 * A `bad-bind-value` error restated with the parameter or column the value was for (`column
 * 'scores.n'`, `parameter 'id'`): the processors see only values, the statement knows where each
 * goes. Any other error is given back as it is.
 */
export function withBindTarget(error: unknown, target: string): unknown {
  const refusal = error instanceof Error ? refusals.get(error) : undefined;
  if (!refusal) return error;
  return new ArgumentError(refusalMessage(refusal, target), { code: 'bad-bind-value' });
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The whole numbers each integer type holds, as the SQL standard sizes them (2, 4 and 8 bytes). */
const integerRanges = {
  SmallInteger: [-32768, 32767],
  Integer: [-2147483648, 2147483647],
} as const;

const bigIntegerMin = -(2n ** 63n);
const bigIntegerMax = 2n ** 63n - 1n;

/**
 * Binds a whole number (a number, a bigint or a string of digits) to a SMALLINT or an INTEGER
 * column, refusing what the column cannot hold instead of letting the database round 1.5, store
 * NaN as 0 or NULL, or wrap around: every database then refuses the same values.
 */
const bindInteger = (type: keyof typeof integerRanges): Processor => {
  const [min, max] = integerRanges[type];
  const expected = `a whole number from ${min} to ${max}`;
  return (value) => {
    if (typeof value === 'number') {
      // Integers in range only: NaN, Infinity and fractions fail Number.isInteger.
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      return refuse(value, type, expected);
    }
    if (typeof value === 'bigint') {
      if (value >= min && value <= max) return value;
      return refuse(value, type, expected);
    }
    if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) {
      const number = Number(value);
      if (number >= min && number <= max) return number;
      return refuse(value, type, expected);
    }
    if (typeof value === 'boolean') return value ? 1 : 0;
    return refuse(value, type, expected);
  };
};

/** Binds a whole number to a BIGINT: a bigint in 64 bits, or a number exact as an integer. */
const bindBigInteger: Processor = (value) => {
  const expected = 'a bigint from -(2n ** 63n) to 2n ** 63n - 1n, or a safe integer';
  if (typeof value === 'bigint') {
    if (value >= bigIntegerMin && value <= bigIntegerMax) return value;
    return refuse(value, 'BigInteger', expected);
  }
  if (typeof value === 'number') {
    // Past 2 ** 53 a number is no longer the integer it was written as (2 ** 53 + 1 reads as
    // 2 ** 53): refused, so a bigint is used for such values.
    if (Number.isSafeInteger(value)) return value;
    return refuse(value, 'BigInteger', expected);
  }
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) {
    const number = BigInt(value.trim());
    if (number >= bigIntegerMin && number <= bigIntegerMax) return number;
    return refuse(value, 'BigInteger', expected);
  }
  return refuse(value, 'BigInteger', expected);
};

/** Reads a number that may come back as a string or a bigint (aggregates, some drivers). */
const readNumber: Processor = (value) => (typeof value === 'number' ? value : Number(value));

/**
 * Binds a finite number to a FLOAT or DOUBLE column. NaN and ±Infinity are refused: MariaDB and
 * SQLite cannot store them (SQLite would keep NULL). A dialect whose floats hold them
 * (`capabilities.nonFiniteFloats`, PostgreSQL) binds them with {@link bindFloatOrNonFinite}.
 */
const bindFloat: Processor = (value) => {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return refuse(value, 'Float', 'a finite number (this database cannot store NaN or Infinity)');
  }
  if (typeof value === 'string' && numberPattern.test(value.trim())) {
    const number = Number(value);
    // '1e400' is past the largest double: Number() makes it Infinity.
    if (Number.isFinite(number)) return number;
    return refuse(value, 'Float', 'a number a double can hold');
  }
  return refuse(value, 'Float', 'a number');
};

/**
 * Core's `Float` bind for databases whose floats hold NaN and ±Infinity (PostgreSQL, which says
 * so with `capabilities.nonFiniteFloats`): any number as it is, other values checked as core does.
 */
export const bindFloatOrNonFinite: Processor = (value) =>
  typeof value === 'number' ? value : bindFloat(value);

const bindString =
  (type: string): Processor =>
  (value) =>
    typeof value === 'string' ? value : refuse(value, type, 'a string');

/** Formats a Date as the UTC calendar date `YYYY-MM-DD`. */
export function utcDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return refuse(date, 'Date', 'a valid Date');
  return date.toISOString().slice(0, 10);
}

/** Formats a Date as `YYYY-MM-DD HH:MM:SS.mmm` in UTC: the form every database reads. */
export function utcTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) return refuse(date, 'DateTime', 'a valid Date');
  const year = date.getUTCFullYear();
  // Put together by hand: two and a half times faster than toISOString() and slicing, which is
  // kept for years without four digits.
  if (year < 1000 || year > 9999) return date.toISOString().replace('T', ' ').replace('Z', '');
  return (
    `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}` +
    `.${pad3(date.getUTCMilliseconds())}`
  );
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/** Reads `YYYY-MM-DD HH:MM:SS[.fff][+zz]` as a Date; without a zone the time is UTC. */
export function parseTimestamp(value: string): Date {
  // The form utcTimestamp writes, as SQLite gives it back: read by position, without the
  // date parser (several times faster, for every timestamp of every row).
  if (value.length === 23 && value.charCodeAt(10) === 32 && value.charCodeAt(19) === 46) {
    const digits = (start: number, end: number) => {
      let n = 0;
      for (let i = start; i < end; i++) n = n * 10 + (value.charCodeAt(i) - 48);
      return n;
    };
    const month = digits(5, 7);
    const day = digits(8, 10);
    const hours = digits(11, 13);
    const minutes = digits(14, 16);
    const seconds = digits(17, 19);
    // Out-of-range fields would roll over in Date.UTC; the parser below refuses them instead.
    if (
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hours < 24 &&
      minutes < 60 &&
      seconds < 60
    ) {
      return new Date(
        Date.UTC(digits(0, 4), month - 1, day, hours, minutes, seconds, digits(20, 23)),
      );
    }
  }
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  const zoned = /([zZ]|[+-]\d\d(:?\d\d)?)$/.test(iso) ? iso : `${iso}Z`;
  return new Date(zoned.replace(/([+-]\d\d)$/, '$1:00'));
}

const datePattern = /^\d{4}-\d\d-\d\d$/;
const timestampPattern =
  /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?))?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/**
 * A timestamp string as the instant it names: an offset is honoured, none means UTC (a naive
 * column stores UTC). Every database then receives the one form {@link utcTimestamp} writes, so
 * a string compares equal to the Date it stands for, even on SQLite, which compares text.
 */
function timestampFromString(value: string): Date {
  const match = timestampPattern.exec(value.trim());
  if (!match) return refuse(value, 'DateTime', "a Date or a 'YYYY-MM-DD HH:MM:SS' string");
  const [, day, time = '00:00:00', zone = 'Z'] = match;
  const offset = zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2');
  const date = new Date(`${day}T${time}${offset.toUpperCase()}`);
  if (Number.isNaN(date.getTime())) {
    return refuse(value, 'DateTime', "a Date or a 'YYYY-MM-DD HH:MM:SS' string");
  }
  return date;
}

/** Binds a Date, or a string naming an instant, as `YYYY-MM-DD HH:MM:SS.mmm` in UTC. */
const bindTimestamp: Processor = (value) => {
  if (value instanceof Date) return utcTimestamp(value);
  if (typeof value === 'string') return utcTimestamp(timestampFromString(value));
  return refuse(value, 'DateTime', "a Date or a 'YYYY-MM-DD HH:MM:SS' string");
};

const timePattern = /^-?\d{2,3}:\d\d:\d\d(\.\d+)?$/;

/** Drops the zeros a fraction of a second ends with: `12:00:00.500` is `12:00:00.5`. */
function trimFraction(time: string): string {
  if (!time.includes('.')) return time;
  let end = time.length;
  while (time.charCodeAt(end - 1) === 48) end--;
  if (time.charCodeAt(end - 1) === 46) end--;
  return end === time.length ? time : time.slice(0, end);
}

const canonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const anyUuid =
  /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/**
 * What a value without a SQL type (a `text()` parameter, an untyped `literal()` or `bindparam()`)
 * may be: a string, a boolean, a bigint, a finite number, a Date, a Buffer or Uint8Array, a plain
 * object or an array of such values. Anything else (a function, a symbol, a Map or Set, an
 * instance of another class) has no SQL form, and a driver would send some made-up text for it
 * (pg sends a function's source, `"{}"` for a Map): refused instead.
 */
function checkUntyped(value: unknown, allowNonFinite: boolean): undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return;
    case 'number':
      if (allowNonFinite || Number.isFinite(value)) return;
      return refuse(value, untyped, 'a finite number (this database cannot store NaN or Infinity)');
    case 'object': {
      if (value === null || value instanceof Date || value instanceof Uint8Array) return;
      if (Array.isArray(value)) {
        for (const item of value) checkUntyped(item, allowNonFinite);
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) return;
      break;
    }
  }
  refuse(
    value,
    untyped,
    'a string, number, bigint, boolean, Date, Buffer, Uint8Array, plain object or array',
  );
}

/**
 * Checks a value without a SQL type (a `text()` parameter, an untyped `literal()`) and gives it
 * back: a string, boolean, bigint, finite number, Date, Buffer, Uint8Array, plain object or array
 * of such values passes; anything else is refused with `bad-bind-value`.
 */
export const bindUntyped: Processor = (value) => {
  checkUntyped(value, false);
  return value;
};

/** {@link bindUntyped} for databases that store NaN and ±Infinity (`nonFiniteFloats`). */
export const bindUntypedOrNonFinite: Processor = (value) => {
  checkUntyped(value, true);
  return value;
};

/** The core's processors: conversions every dialect needs unless it says otherwise. */
export const defaultTypeProcessors: TypeProcessorTable = {
  null: () => ({ bind: bindUntyped }),
  integer: () => ({ bind: bindInteger('Integer'), result: readNumber }),
  small_integer: () => ({ bind: bindInteger('SmallInteger'), result: readNumber }),
  big_integer: (type) => ({
    bind: bindBigInteger,
    result:
      (type as BigIntegerType<'bigint' | 'number'>).mode === 'number'
        ? readNumber
        : (value) =>
            typeof value === 'bigint'
              ? value
              : BigInt(typeof value === 'number' ? Math.trunc(value) : (value as string)),
  }),
  float: () => ({ bind: bindFloat, result: readNumber }),
  numeric: (type) => ({
    bind: (value) => {
      if (typeof value === 'number') {
        if (Number.isFinite(value)) return value;
        return refuse(value, 'Numeric', 'a finite number or a numeric string');
      }
      if (typeof value === 'string' && numberPattern.test(value.trim())) return value;
      if (typeof value === 'bigint') return value.toString();
      return refuse(value, 'Numeric', 'a number or a numeric string');
    },
    result: (type as NumericType<boolean>).asNumber
      ? readNumber
      : (value) => (typeof value === 'string' ? value : String(value)),
  }),
  string: () => ({ bind: bindString('String') }),
  text: () => ({ bind: bindString('Text') }),
  boolean: () => ({
    bind: (value) => {
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      return refuse(value, 'Boolean', 'true or false');
    },
    result: (value) => (typeof value === 'boolean' ? value : Number(value) !== 0),
  }),
  date: () => ({
    bind: (value) => {
      if (typeof value === 'string' && datePattern.test(value)) return value;
      if (value instanceof Date) return utcDate(value);
      return refuse(value, 'Date', "a 'YYYY-MM-DD' string or a Date");
    },
    result: (value) => (value instanceof Date ? utcDate(value) : value),
  }),
  datetime: () => ({
    bind: bindTimestamp,
    result: (value) => (typeof value === 'string' ? parseTimestamp(value) : value),
  }),
  time: () => ({
    bind: (value) =>
      typeof value === 'string' && timePattern.test(value)
        ? trimFraction(value)
        : refuse(value, 'Time', "an 'HH:MM:SS[.ffffff]' string"),
  }),
  interval: () => ({ bind: bindString('Interval') }),
  json: () => ({
    bind: (value) => {
      if (value === jsonNull) return 'null';
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        // a bigint, or a cycle
      }
      return json === undefined ? refuse(value, 'JSON', 'a value JSON.stringify can write') : json;
    },
    result: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  }),
  large_binary: () => ({
    bind: (value) => {
      if (Buffer.isBuffer(value)) return value;
      if (value instanceof Uint8Array) {
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
      return refuse(value, 'LargeBinary', 'a Uint8Array or a Buffer');
    },
  }),
  uuid: () => ({
    bind: (value) => {
      if (typeof value === 'string') {
        if (canonicalUuid.test(value)) return value;
        const parts = anyUuid.exec(value);
        // One form everywhere, as PostgreSQL's uuid has: CHAR(36) elsewhere compares text.
        if (parts) return parts.slice(1).join('-').toLowerCase();
      }
      return refuse(value, 'Uuid', "a UUID string ('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx')");
    },
  }),
  enum: (type) => {
    const values = new Set((type as unknown as { values: readonly string[] }).values);
    return {
      bind: (value) => {
        if (typeof value === 'string' && values.has(value)) return value;
        return refuse(
          value,
          'Enum',
          `one of ${[...values].map((v) => JSON.stringify(v)).join(', ')}`,
        );
      },
    };
  },
};

/**
 * Core's processor for one type, as {@link extendDefaultProcessors} hands it to a dialect: where
 * core does nothing, `bind` or `result` gives the value back as it is.
 */
export interface DefaultProcessor {
  readonly bind: Processor;
  readonly result: Processor;
}

/** How a dialect changes core's processor for a type: the entries it returns win. */
export type ProcessorExtension = (core: DefaultProcessor, type: TypeEngine) => TypeProcessor;

const asItIs: Processor = (value) => value;

/**
 * A dialect's `typeProcessors` built on core's instead of replacing them. An entry of a plain
 * table replaces core's whole processor for that type, and with it core's checks on the values
 * bound ("Cannot bind 'x' to a Boolean column"); an entry made here starts from core's processor
 * and changes only the `bind` or `result` it returns. `result: undefined` drops core's
 * conversion, for a driver that already reads the value right; `core.bind(value)` inside a new
 * `bind` keeps core's checks and then converts further.
 *
 * @example
 * override readonly typeProcessors = extendDefaultProcessors({
 *   float: () => ({ result: undefined }), // the driver reads floats as numbers
 *   boolean: (core) => ({ bind: (value) => (core.bind(value) ? 1 : 0) }), // checked, then 1 or 0
 * });
 */
export function extendDefaultProcessors(
  extensions: Partial<Record<TypeName, ProcessorExtension>>,
): TypeProcessorTable {
  const table: TypeProcessorTable = {};
  for (const [name, extend] of Object.entries(extensions) as [TypeName, ProcessorExtension][]) {
    table[name] = (type) => {
      const core = defaultTypeProcessors[name]?.(type) ?? {};
      const changed = extend({ bind: core.bind ?? asItIs, result: core.result ?? asItIs }, type);
      return { ...core, ...changed };
    };
  }
  return table;
}

/**
 * The processors for one dialect: its own table over the core's, resolved once per type and
 * cached, so a statement pays only for the conversions its types need. A type's variant for the
 * dialect is used in its place; a {@link TypeDecorator}'s conversions run on top of its impl's,
 * and a {@link UserDefinedType} brings its own.
 */
export class TypeProcessors {
  readonly #table: TypeProcessorTable;
  readonly #cache = new Map<string, TypeProcessor>();
  readonly #byInstance = new WeakMap<TypeEngine, TypeProcessor>();

  constructor(
    overrides: TypeProcessorTable = {},
    /** The dialect, as custom types are told it (`loadDialectImpl`, `processBindParam`). */
    readonly dialect: TypeDialect = { name: 'default' },
  ) {
    this.#table = { ...defaultTypeProcessors, ...overrides };
  }

  /** The processor for a type; an empty one when values pass as they are. */
  for(type: TypeEngine): TypeProcessor {
    // A type keyed by its instance is cached by it, held weakly: a column's type is made once,
    // and instances made per statement (a literal's) must not fill the map.
    if (keyedByInstance(type)) {
      let own = this.#byInstance.get(type);
      if (!own) {
        own = this.#resolve(type);
        this.#byInstance.set(type, own);
      }
      return own;
    }
    // A type's cache key says everything its processors depend on (an enum's values, say).
    const key = typeKey(type);
    let processor = this.#cache.get(key);
    if (!processor) {
      processor = this.#resolve(type);
      this.#cache.set(key, processor);
    }
    return processor;
  }

  #resolve(type: TypeEngine): TypeProcessor {
    const chosen = type.variantFor(this.dialect);
    if (chosen !== type) return this.for(chosen);
    if (type instanceof TypeDecorator) return this.#decorated(type);
    if (type instanceof UserDefinedType) return this.#userDefined(type);
    return this.#table[type.typeName]?.(type) ?? {};
  }

  /** The decorator's conversions around its impl's on this dialect. */
  #decorated(type: TypeDecorator): TypeProcessor {
    const dialect = this.dialect;
    const impl = this.for(type.loadDialectImpl(dialect));
    // A decorator that leaves a direction alone costs nothing there.
    const ownBind = type.processBindParam !== TypeDecorator.prototype.processBindParam;
    const ownResult = type.processResultValue !== TypeDecorator.prototype.processResultValue;
    const implBind = impl.bind;
    const implResult = impl.result;
    const bind: Processor | undefined = !ownBind
      ? implBind
      : (value) => {
          const processed = type.processBindParam(value, dialect);
          // NULL is never handed to a processor: the impl's would refuse it.
          if (processed === null || processed === undefined) return null;
          return implBind ? implBind(processed) : processed;
        };
    const result: Processor | undefined = !ownResult
      ? implResult
      : implResult
        ? (value) => {
            const read = implResult(value);
            return read === null || read === undefined
              ? read
              : type.processResultValue(read, dialect);
          }
        : (value) => type.processResultValue(value, dialect);
    return { bind, result };
  }

  /** A user-defined type's own conversions; its bound values are checked as untyped ones. */
  #userDefined(type: UserDefinedType): TypeProcessor {
    const own = type.bindProcessor(this.dialect) as Processor | undefined;
    const check = this.#table.null?.(type).bind;
    const bind: Processor | undefined =
      own && check
        ? (value) => {
            const processed = own(value);
            return processed === null || processed === undefined ? null : check(processed);
          }
        : (own ?? check);
    return { bind, result: type.resultProcessor(this.dialect) };
  }
}
