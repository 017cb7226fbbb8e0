import { describe, expect, it } from 'vitest';
import { extendDefaultProcessors, TypeProcessors } from '../src/dialect/index.js';
import { ArgumentError, Boolean, DateTime, Float, Integer, String } from '../src/index.js';

describe('extendDefaultProcessors', () => {
  it("keeps core's checks on the values bound when a dialect changes only the result", () => {
    const processors = new TypeProcessors(
      extendDefaultProcessors({
        float: () => ({ result: undefined }),
        integer: () => ({ result: (value) => Number(value) * 10 }),
      }),
    );
    const float = processors.for(Float());
    expect(float.result).toBeUndefined();
    expect(float.bind?.('1.5')).toBe(1.5);
    expect(() => float.bind?.('one')).toThrow(ArgumentError);
    expect(() => float.bind?.('one')).toThrow('Cannot bind "one" to a Float column');

    const integer = processors.for(Integer());
    expect(integer.result?.('4')).toBe(40);
    expect(() => integer.bind?.({})).toThrow('Cannot bind Object to an Integer column');
  });

  it("hands a dialect core's bind to build on: checked first, then converted", () => {
    const processors = new TypeProcessors(
      extendDefaultProcessors({
        boolean: (core) => ({ bind: (value) => (core.bind(value) ? 1 : 0) }),
      }),
    );
    const boolean = processors.for(Boolean());
    expect(boolean.bind?.(true)).toBe(1);
    expect(boolean.bind?.(false)).toBe(0);
    expect(() => boolean.bind?.('yes')).toThrow('Cannot bind "yes" to a Boolean column');
    // The result conversion it did not change is core's.
    expect(boolean.result?.(0)).toBe(false);
    expect(boolean.result?.(1)).toBe(true);
  });

  it('passes the type, and the value as it is where core converts nothing', () => {
    const seen: string[] = [];
    const processors = new TypeProcessors(
      extendDefaultProcessors({
        string: (core, type) => {
          seen.push(type.typeName);
          return { result: (value) => `${core.result(value)}!` };
        },
        datetime: (core) => ({ bind: (value) => `${core.bind(value)}+00` }),
      }),
    );
    expect(processors.for(String(20)).result?.('a')).toBe('a!');
    expect(seen).toEqual(['string']);
    expect(processors.for(DateTime()).bind?.(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe(
      '2024-01-02 03:04:05.000+00',
    );
  });

  it("differs from a plain table entry, which replaces core's processor and its checks", () => {
    const replaced = new TypeProcessors({ boolean: () => ({ result: (value) => value === 1 }) });
    expect(replaced.for(Boolean()).bind).toBeUndefined();
  });
});
