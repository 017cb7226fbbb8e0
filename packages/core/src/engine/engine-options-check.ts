import type { Dialect } from '../dialect/dialect.js';
import type { IsolationLevel } from '../dialect/driver.js';
import { ArgumentError } from '../errors.js';
import { closestName } from '../util/closest-name.js';
import type { EngineOptions } from './engine.js';
import type { PoolOptions } from './pool.js';
import { checkTimeout, maxTimerDelay } from './statement-timeout.js';
import { DatabaseUrl } from './url.js';

/**
 * Checks `createEngine`'s options when the engine is made, so that a mistyped name or a wrong
 * value fails at once with the option's name and what it accepts, instead of being ignored or
 * failing later as something else (SQLAlchemy refuses unknown keyword arguments the same way).
 */

/** Checks one option's value; throws an ArgumentError naming `name`. */
type Check = (value: unknown, name: string) => void;

/** The isolation levels `isolationLevel` may name; which ones work depends on the dialect. */
const isolationLevelNames: readonly IsolationLevel[] = [
  'SERIALIZABLE',
  'REPEATABLE READ',
  'READ COMMITTED',
  'READ UNCOMMITTED',
  'AUTOCOMMIT',
];

const poolChecks: Record<keyof PoolOptions, Check> = {
  size: accepting((v) => Number.isInteger(v) && (v as number) > 0, 'a positive integer'),
  maxOverflow: accepting((v) => Number.isInteger(v) && (v as number) >= 0, 'an integer >= 0'),
  timeout: accepting(
    (v) => typeof v === 'number' && v >= 0 && v <= maxTimerDelay,
    `a number of milliseconds from 0 to ${maxTimerDelay} (about 24 days, the longest a timer waits)`,
  ),
  recycle: accepting(
    (v) => typeof v === 'number' && (v === -1 || (v >= 0 && Number.isFinite(v))),
    'a number of milliseconds >= 0, or -1 for never',
  ),
  prePing: accepting((v) => typeof v === 'boolean', 'true or false'),
};

// A Record of every key: an option added to EngineOptions does not compile until it is checked.
const engineChecks: Record<keyof EngineOptions, Check> = {
  echo: accepting((v) => typeof v === 'boolean' || v === 'debug', "true, false or 'debug'"),
  echoPool: accepting((v) => typeof v === 'boolean', 'true or false'),
  logger: accepting((v) => typeof v === 'function', 'a function that receives each log record'),
  hideParameters: accepting((v) => typeof v === 'boolean', 'true or false'),
  pool: (value, name) => checkObject(value, name, poolChecks),
  // createEngine checks it with checkDialect, which also compares the dialect interface version.
  dialect: () => undefined,
  // Checked where the engine keeps them, with the message the timeouts have always had.
  statementTimeout: (value, name) => void checkTimeout(name, value),
  connectTimeout: (value, name) => void checkTimeout(name, value),
  connectArgs: accepting(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    'an object of driver options',
  ),
  replicas: accepting(
    (v) =>
      Array.isArray(v) &&
      v.every((url) => (typeof url === 'string' && url !== '') || url instanceof DatabaseUrl),
    'an array of replica URLs',
  ),
  replicaSelection: accepting(
    (v) => v === 'round-robin' || v === 'random',
    "'round-robin' or 'random'",
  ),
  replicaCooldown: accepting(
    (v) => typeof v === 'number' && v >= 0 && Number.isFinite(v),
    'a number of milliseconds >= 0',
  ),
  isolationLevel: (value, name) => {
    if (typeof value === 'string' && (isolationLevelNames as readonly string[]).includes(value))
      return;
    const hint = typeof value === 'string' ? closestName(value, isolationLevelNames) : undefined;
    throw optionError(
      name,
      value,
      `one of ${isolationLevelNames.map((level) => `'${level}'`).join(', ')}`,
      hint && `'${hint}'`,
    );
  },
};

/**
 * Checks `createEngine`'s options: every name known, every value of the accepted kind.
 * @throws {ArgumentError} naming the option and what it accepts.
 */
export function checkEngineOptions(options: unknown): void {
  checkObject(options, undefined, engineChecks);
}

/**
 * Checks that the dialect supports the engine's isolation level; called once the dialect is
 * known (at the first connection, unless it was given as an option).
 * @throws {ArgumentError} naming the levels the dialect supports.
 */
export function checkIsolationLevelSupport(
  level: IsolationLevel | undefined,
  dialect: Dialect,
): void {
  if (level === undefined || level === 'AUTOCOMMIT') return;
  const supported = dialect.capabilities.isolationLevels;
  if (supported.includes(level)) return;
  throw new ArgumentError(
    `Engine option 'isolationLevel' is '${level}', which ${dialect.name} does not support; ` +
      `use one of ${[...supported, 'AUTOCOMMIT'].map((l) => `'${l}'`).join(', ')}.`,
    { code: 'bad-engine-option' },
  );
}

function checkObject(
  value: unknown,
  name: string | undefined,
  checks: Record<string, Check>,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (name === undefined) {
      throw new ArgumentError(`createEngine's options must be an object, got ${describe(value)}.`, {
        code: 'bad-engine-option',
      });
    }
    throw optionError(name, value, `an object with ${Object.keys(checks).join(', ')}`);
  }
  const prefix = name === undefined ? '' : `${name}.`;
  const known = Object.keys(checks).flatMap((key) =>
    key === 'pool' && name === undefined
      ? [key, ...Object.keys(poolChecks).map((inner) => `pool.${inner}`)]
      : [`${prefix}${key}`],
  );
  for (const [key, option] of Object.entries(value)) {
    const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
    if (!check) {
      // Never the value: an unknown option may well be `password`.
      const hint = closestName(`${prefix}${key}`, known) ?? closestName(key, known);
      throw new ArgumentError(
        `Unknown engine option '${prefix}${key}'${hint ? `: did you mean '${hint}'?` : '.'} ` +
          `The ${name === undefined ? 'engine' : name} options are ${known.join(', ')}.`,
        { code: 'bad-engine-option' },
      );
    }
    // undefined means "the default", as when options are spread from an optional setting.
    if (option !== undefined) check(option, `${prefix}${key}`);
  }
}

function accepting(test: (value: unknown) => boolean, accepted: string): Check {
  return (value, name) => {
    if (!test(value)) throw optionError(name, value, accepted);
  };
}

function optionError(name: string, value: unknown, accepted: string, hint?: string): ArgumentError {
  return new ArgumentError(
    `Engine option '${name}' must be ${accepted}, got ${describe(value)}` +
      `${hint ? `: did you mean ${hint}?` : '.'}`,
    { code: 'bad-engine-option' },
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
