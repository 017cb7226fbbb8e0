import { describe, expect, expectTypeOf, it } from 'vitest';
// SQLAlchemy's names, read through a namespace, which hides nothing.
import * as sa from '../src/index.js';
// The names a user imports: none of them hides a global of this module, as the last test shows.
import {
  Bool,
  type BooleanType,
  Column,
  DateOnly,
  type DateType,
  Integer,
  type JSONType,
  Json,
  MetaData,
  type StringType,
  select,
  Table,
  type TableInsert,
  type TableRow,
  Varchar,
} from '../src/index.js';

describe('SQL type names', () => {
  it("SQLAlchemy's String, Boolean, Date and JSON are the same functions as the new names", () => {
    expect(sa.String).toBe(Varchar);
    expect(sa.Boolean).toBe(Bool);
    expect(sa.Date).toBe(DateOnly);
    expect(sa.JSON).toBe(Json);
    expect(Varchar(50)).toEqual(sa.String(50));
    expect(Varchar(50).toString()).toBe('String(50)');
  });

  it('the new names make the same types as the old', () => {
    expectTypeOf(Varchar).toEqualTypeOf(sa.String);
    expectTypeOf(Bool).toEqualTypeOf(sa.Boolean);
    expectTypeOf(DateOnly).toEqualTypeOf(sa.Date);
    expectTypeOf(Json).toEqualTypeOf(sa.JSON);
    expectTypeOf(Varchar(50)).toEqualTypeOf<StringType>();
    expectTypeOf(Bool()).toEqualTypeOf<BooleanType>();
    expectTypeOf(DateOnly()).toEqualTypeOf<DateType>();
    expectTypeOf(Json<{ tags: string[] }>()).toEqualTypeOf<JSONType<{ tags: string[] }>>();
    expectTypeOf(Json<{ tags: string[] }>()).toEqualTypeOf(sa.JSON<{ tags: string[] }>());
  });

  it('columns typed with the new names read as the same values as with the old', () => {
    const metadata = new MetaData();
    const shape = {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(Varchar(50), { nullable: false }),
      active: new Column(Bool),
      born: new Column(DateOnly),
      data: new Column(Json<{ tags: string[] }>()),
    };
    const oldShape = {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(sa.String(50), { nullable: false }),
      active: new Column(sa.Boolean),
      born: new Column(sa.Date),
      data: new Column(sa.JSON<{ tags: string[] }>()),
    };
    const people = new Table('people', metadata, shape);
    const oldPeople = new Table('old_people', metadata, oldShape);
    expectTypeOf<TableRow<typeof shape>>().toEqualTypeOf<TableRow<typeof oldShape>>();
    expectTypeOf<TableInsert<typeof shape>>().toEqualTypeOf<TableInsert<typeof oldShape>>();
    expectTypeOf<TableRow<typeof shape>>().toEqualTypeOf<{
      id: number;
      name: string;
      active: boolean | null;
      born: string | null;
      data: { tags: string[] } | null;
    }>();
    expectTypeOf(
      select(people.c.name, people.c.active, people.c.born, people.c.data),
    ).toEqualTypeOf(
      select(oldPeople.c.name, oldPeople.c.active, oldPeople.c.born, oldPeople.c.data),
    );
  });

  it("a module that imports the new names keeps JavaScript's String, Boolean, Date and JSON", () => {
    expect(String(42)).toBe('42');
    expect([0, 1, '', 'a'].filter(Boolean)).toEqual([1, 'a']);
    expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.parse('{"a":1}')).toEqual({ a: 1 });
    expectTypeOf(String(42)).toEqualTypeOf<string>();
    expectTypeOf(new Date(0)).toEqualTypeOf<Date>();
  });
});
