import type { Dialect } from '@athanor/core';
import {
  DefaultDialect,
  type DialectCapabilities,
  type Driver,
  defaultCapabilities,
  type ReflectionQueries,
} from '@athanor/core/dialect';
import { describe, expect, it } from 'vitest';
import { dialectShortcomings } from '../src/suite-requirements.js';

/** A dialect complete as far as the start-up check can tell without a database. */
class CompleteDialect extends DefaultDialect {
  readonly name = 'complete';
  readonly driverName = 'none';
  readonly packageName = 'complete';
  override get reflection(): ReflectionQueries {
    return { ...super.reflection, hasTable: async () => false };
  }
  createDriver(): Driver {
    throw new Error('never connects');
  }
}

/** The same dialect with one member replaced, as a hand-written dialect object might be. */
function without(change: Record<string, unknown>): Dialect {
  const dialect = new CompleteDialect();
  return new Proxy(dialect, {
    get: (target, key) => (key in change ? change[key as string] : Reflect.get(target, key)),
  });
}

describe('what the conformance suite checks before its tests', () => {
  it('finds nothing missing in a complete dialect', () => {
    expect(dialectShortcomings(new CompleteDialect())).toEqual([]);
  });

  it('names reflection, and hasTable in it, when the dialect has none', () => {
    const [problem] = dialectShortcomings(without({ reflection: undefined }));
    expect(problem).toMatch(/^dialect\.reflection is missing: .*at least hasTable/);
    expect(problem).toContain('metadata.createAll() and dropAll()');
  });

  it('names hasTable when reflection lacks it', () => {
    const { hasTable: _, ...rest } = new CompleteDialect().reflection;
    expect(dialectShortcomings(without({ reflection: rest }))).toEqual([
      expect.stringMatching(/^dialect\.reflection\.hasTable is not a function: implement it/),
    ]);
  });

  it('names the capability flags a hand-written capabilities object leaves out', () => {
    const { rowLocking: _, multiRowInsertIds: __, ...rest } = defaultCapabilities;
    const problems = dialectShortcomings(
      without({ capabilities: rest as unknown as DialectCapabilities }),
    );
    expect(problems).toEqual([
      'dialect.capabilities has no rowLocking, multiRowInsertIds: start from ' +
        '{ ...defaultCapabilities, ... } and change what differs.',
    ]);
  });
});

describe('the reflection a dialect inherits from DefaultDialect', () => {
  class NoReflection extends DefaultDialect {
    readonly name = 'bare';
    readonly driverName = 'none';
    readonly packageName = 'bare';
    createDriver(): Driver {
      throw new Error('never connects');
    }
  }

  it('names the missing function, and for hasTable the way round it', () => {
    const reflection = new NoReflection().reflection;
    expect(() => reflection.hasTable(undefined as never, 't', null)).toThrow(
      /reflection has no hasTable\(\)\. createAll\(\) and dropAll\(\) call it .* pass \{ checkFirst: false \}/,
    );
    expect(() => reflection.getColumns(undefined as never, 't', null)).toThrow(
      /reflection has no getColumns\(\)\. Implement it/,
    );
  });
});
