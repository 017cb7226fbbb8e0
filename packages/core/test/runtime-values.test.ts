import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Column,
  equalTo,
  Integer,
  inValues,
  MetaData,
  select,
  Table,
} from '../src/dialect/index.js';

const users = new Table('users', new MetaData(), {
  id: new Column(Integer, { primaryKey: true }),
  age: new Column(Integer),
});

/** What the typed methods write, for values typed only at run time (the ORM's keys). */
describe('equalTo and inValues', () => {
  const sql = (where: ReturnType<typeof equalTo>) => select(users.c.id).where(where).toString();

  it('write what eq() and in() write', () => {
    const value: unknown = 5;
    expect(sql(equalTo(users.c.age, value))).toBe(sql(users.c.age.eq(5)));
    expect(sql(equalTo(users.c.age, null))).toBe(sql(users.c.age.eq(null)));
    expect(sql(inValues(users.c.age, [1, 2]))).toBe(sql(users.c.age.in([1, 2])));
    expect(sql(inValues(users.c.age, []))).toBe(sql(users.c.age.in([])));
  });

  it('refuse undefined, as eq() and in() do', () => {
    expect(() => equalTo(users.c.age, undefined)).toThrow(ArgumentError);
    expect(() => inValues(users.c.age, [1, undefined])).toThrow(ArgumentError);
  });
});
