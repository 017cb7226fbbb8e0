import { describe, expect, it } from 'vitest';
import { rowClassFor } from '../src/engine/row.js';

describe('rows', () => {
  it('hold unique names as plain properties and read positions through the prototype', () => {
    const Row = rowClassFor(['id', 'name']);
    const row = new Row([1, 'Alice']) as unknown as Record<string | number, unknown>;
    expect(Object.keys(row)).toEqual(['id', 'name']);
    expect([row[0], row[1], row.name]).toEqual([1, 'Alice', 'Alice']);
    expect([...(row as unknown as Iterable<unknown>)]).toEqual([1, 'Alice']);
  });

  it('keep a column named __proto__ as data, not as the prototype', () => {
    const Row = rowClassFor(['__proto__', 'x']);
    const row = new Row([{ polluted: true }, 2]) as unknown as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toEqual({ polluted: true });
    expect((row as { polluted?: unknown }).polluted).toBeUndefined();
    expect(row[1]).toBe(2);
  });

  it('leave a column named like a position readable only by position', () => {
    const Row = rowClassFor(['1', 'a']);
    const row = new Row(['one', 'A']) as unknown as Record<number, unknown>;
    expect([row[0], row[1]]).toEqual(['one', 'A']);
  });
});
