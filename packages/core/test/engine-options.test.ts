import { describe, expect, it } from 'vitest';
import { ArgumentError, createEngine, type EngineOptions } from '../src/index.js';

/** createEngine with options as a caller's untyped configuration would pass them. */
function engineWith(options: unknown) {
  return createEngine('sqlite://', options as EngineOptions);
}

function errorFor(options: unknown): ArgumentError {
  try {
    engineWith(options);
  } catch (error) {
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect((error as ArgumentError).code).toBe('bad-engine-option');
    return error as ArgumentError;
  }
  throw new Error(`createEngine accepted ${JSON.stringify(options)}`);
}

describe('createEngine options', () => {
  it('accepts every documented option', () => {
    const engine = engineWith({
      echo: 'debug',
      echoPool: false,
      logger: () => undefined,
      hideParameters: true,
      pool: { size: 2, maxOverflow: 0, timeout: 1000, recycle: -1, prePing: true },
      connectArgs: { timeout: 5 },
      isolationLevel: 'READ COMMITTED',
      dialect: undefined,
    });
    expect(String(engine)).toBe('Engine(sqlite://)');
  });

  it.each([
    ['poolSize', 'pool.size'],
    ['pool_size', 'pool.size'],
    ['max_overflow', 'pool.maxOverflow'],
    ['pool_pre_ping', 'pool.prePing'],
    ['isolation_level', 'isolationLevel'],
    ['connect_args', 'connectArgs'],
    ['eccho', 'echo'],
    ['loger', 'logger'],
  ])('refuses the unknown option %s and suggests %s', (name, suggestion) => {
    const error = errorFor({ [name]: 5 });
    expect(error.message).toContain(
      `Unknown engine option '${name}': did you mean '${suggestion}'?`,
    );
    expect(error.message).toContain('echo, echoPool, logger');
  });

  it('refuses an unknown pool option, suggesting the nearest', () => {
    expect(errorFor({ pool: { sise: 3 } }).message).toContain(
      "Unknown engine option 'pool.sise': did you mean 'pool.size'?",
    );
  });

  it('names an unknown option without its value, which may be a secret', () => {
    const error = errorFor({ password: 'Zq9-secret' });
    expect(error.message).toContain("Unknown engine option 'password'");
    expect(error.message).not.toContain('Zq9');
  });

  it.each([
    [{ echo: 'loud' }, `'echo' must be true, false or 'debug', got "loud".`],
    [{ echoPool: 1 }, `'echoPool' must be true or false, got 1.`],
    [{ logger: 42 }, `'logger' must be a function that receives each log record, got 42.`],
    [{ hideParameters: 'yes' }, `'hideParameters' must be true or false, got "yes".`],
    [
      { pool: 5 },
      `'pool' must be an object with size, maxOverflow, timeout, recycle, prePing, got 5.`,
    ],
    [{ pool: { size: 0 } }, `'pool.size' must be a positive integer, got 0.`],
    [{ pool: { size: '5' } }, `'pool.size' must be a positive integer, got "5".`],
    [{ pool: { maxOverflow: -1 } }, `'pool.maxOverflow' must be an integer >= 0, got -1.`],
    [{ pool: { timeout: 2 ** 31 } }, `'pool.timeout' must be a number of milliseconds from 0 to`],
    [
      { pool: { recycle: 'x' } },
      `'pool.recycle' must be a number of milliseconds >= 0, or -1 for never, got "x".`,
    ],
    [
      { pool: { recycle: -5 } },
      `'pool.recycle' must be a number of milliseconds >= 0, or -1 for never, got -5.`,
    ],
    [{ pool: { prePing: 'true' } }, `'pool.prePing' must be true or false, got "true".`],
    [{ connectArgs: 'ssl' }, `'connectArgs' must be an object of driver options, got "ssl".`],
    [
      { isolationLevel: 'BOGUS' },
      `'isolationLevel' must be one of 'SERIALIZABLE', 'REPEATABLE READ', 'READ COMMITTED', 'READ UNCOMMITTED', 'AUTOCOMMIT', got "BOGUS".`,
    ],
    [{ isolationLevel: 'read_committed' }, `got "read_committed": did you mean 'READ COMMITTED'?`],
  ])('refuses %j, naming the option and what it accepts', (options, message) => {
    expect(errorFor(options).message).toContain(message);
  });

  it('refuses options that are not an object', () => {
    expect(errorFor(42).message).toBe("createEngine's options must be an object, got 42.");
    expect(errorFor(null).message).toBe("createEngine's options must be an object, got null.");
  });

  it('takes undefined as the default, as when options are spread from optional settings', () => {
    expect(() => engineWith({ echo: undefined, pool: { size: undefined } })).not.toThrow();
  });
});
