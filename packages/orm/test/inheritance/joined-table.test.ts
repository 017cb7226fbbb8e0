import { type AnyTable, Column, select as coreSelect, Integer, Varchar } from '@athanor/core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { declarativeBase, inspect, select } from '../../src/index.js';
import { useDatabase } from '../relationships/database.js';

// Joined-table inheritance: each subclass has a table of its own whose primary key refers to
// its parent's; an object's row is spread over its class's tables.
describe('joined-table inheritance', () => {
  const Base = declarativeBase();

  class Person extends Base.model(
    'jti_people',
    {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(Varchar(50), { nullable: false }),
      kind: new Column(Varchar(20), { nullable: false }),
    },
    { polymorphicOn: 'kind', polymorphicIdentity: 'person' },
  ) {}

  class Engineer extends Person.submodel({
    table: 'jti_engineers',
    polymorphicIdentity: 'engineer',
    columns: { language: new Column(Varchar(20), { nullable: false }) },
  }) {}

  class Principal extends Engineer.submodel({
    table: 'jti_principals',
    polymorphicIdentity: 'principal',
    columns: { reports: new Column(Integer) },
  }) {}

  class Manager extends Person.submodel({
    table: 'jti_managers',
    polymorphicIdentity: 'manager',
    columns: { budget: new Column(Integer) },
  }) {}

  const db = useDatabase(Base.metadata);

  async function seed() {
    await using session = db.Session();
    session.add(new Person({ name: 'Pam' }));
    session.add(new Engineer({ name: 'Ed', language: 'ts' }));
    session.add(new Manager({ name: 'Mia', budget: 1000 }));
    session.add(new Principal({ name: 'Pat', language: 'rust', reports: 3 }));
    await session.commit();
  }

  const rowsOf = async (table: AnyTable) =>
    (await db.engine.execute(coreSelect(table))).all().map((row) => ({ ...row }));

  test("each subclass's table has a key referring to its parent's", () => {
    const engineers = Engineer.table;
    expect(engineers.name).toBe('jti_engineers');
    expect(engineers.columns.map((c) => c.key)).toEqual(['id', 'language']);
    expect(engineers.foreignKeys.map((fk) => fk.referredTable?.name)).toEqual(['jti_people']);
    expect(Principal.table.foreignKeys.map((fk) => fk.referredTable?.name)).toEqual([
      'jti_engineers',
    ]);
    expect(Object.keys(Principal.c)).toEqual(['id', 'name', 'kind', 'language', 'reports']);
  });

  test("insert writes the parent's row first, then the child's, with the parent's key", async () => {
    await seed();
    const inserts = db.statements().filter((sql) => sql.startsWith('INSERT'));
    // Every parent row goes in before the subclass rows that refer to it.
    const tableOrder = inserts.map((sql) => /INSERT INTO "?`?(\w+)/.exec(sql)?.[1]);
    for (const child of ['jti_engineers', 'jti_managers', 'jti_principals']) {
      expect(tableOrder.indexOf('jti_people')).toBeLessThan(tableOrder.indexOf(child));
    }
    expect(tableOrder.indexOf('jti_engineers')).toBeLessThan(tableOrder.indexOf('jti_principals'));
    const people = await rowsOf(Person.table);
    const idOf = (name: string) => people.find((p) => p.name === name)?.id;
    expect(people.map((p) => [p.name, p.kind]).sort()).toEqual([
      ['Ed', 'engineer'],
      ['Mia', 'manager'],
      ['Pam', 'person'],
      ['Pat', 'principal'],
    ]);
    expect((await rowsOf(Engineer.table)).sort((a, b) => Number(a.id) - Number(b.id))).toEqual(
      [
        { id: idOf('Ed'), language: 'ts' },
        { id: idOf('Pat'), language: 'rust' },
      ].sort((a, b) => Number(a.id) - Number(b.id)),
    );
    expect(await rowsOf(Manager.table)).toEqual([{ id: idOf('Mia'), budget: 1000 }]);
    expect(await rowsOf(Principal.table)).toEqual([{ id: idOf('Pat'), reports: 3 }]);
  });

  test('select(Subclass) joins its tables', async () => {
    await seed();
    await using session = db.Session();
    db.clearLog();
    const engineers = (await session.scalars(select(Engineer).orderBy(Engineer.c.id))).all();
    expect(engineers.map((e) => [e.constructor, e.name, e.language])).toEqual([
      [Engineer, 'Ed', 'ts'],
      [Principal, 'Pat', 'rust'],
    ]);
    expect(db.selects()[0]).toMatch(/JOIN .*jti_engineers/);
    const pat = engineers[1] as Principal;
    // Pat's own table is read by the second SELECT, for the Principals among the Engineers.
    expect(pat.reports).toBe(3);
    const found = (await session.scalars(select(Manager).where(Manager.c.budget.gt(10)))).all();
    expect(found.map((m) => m.name)).toEqual(['Mia']);
  });

  test('select(Base) loads the subclass tables with one more SELECT per subclass found', async () => {
    await seed();
    await using session = db.Session();
    db.clearLog();
    const everyone = (await session.scalars(select(Person).orderBy(Person.c.id))).all();
    expect(everyone.map((p) => p.constructor)).toEqual([Person, Engineer, Manager, Principal]);
    expect(db.selects()).toHaveLength(4);
    const [, ed, mia, pat] = everyone;
    expect((ed as Engineer).language).toBe('ts');
    expect((mia as Manager).budget).toBe(1000);
    expect([(pat as Principal).language, (pat as Principal).reports]).toEqual(['rust', 3]);
    expect(inspect(pat as Principal).expiredAttributes).toEqual([]);
  });

  test("a stream of the base leaves a subclass's own attributes expired; refresh() loads them", async () => {
    await seed();
    await using session = db.Session();
    const streamed: Person[] = [];
    for await (const [person] of await session.stream(select(Person).orderBy(Person.c.id))) {
      streamed.push(person);
    }
    const ed = streamed[1] as Engineer;
    expect(ed).toBeInstanceOf(Engineer);
    expect(ed.name).toBe('Ed');
    expect(() => ed.language).toThrow(/language was expired.*refresh/);
    await session.refresh(ed);
    expect(ed.language).toBe('ts');
  });

  test('get(Base, id) returns the subclass with all its tables read', async () => {
    await seed();
    let id: number;
    {
      await using session = db.Session();
      id = ((await session.scalars(select(Principal))).one() as Principal).id;
    }
    await using session = db.Session();
    const pat = await session.get(Person, id);
    expect(pat).toBeInstanceOf(Principal);
    expect([(pat as Principal).language, (pat as Principal).reports]).toEqual(['rust', 3]);
    expect(await session.get(Engineer, id)).toBe(pat);
    expect(await session.get(Manager, id)).toBeNull();
  });

  test('update writes only the tables whose columns changed', async () => {
    await seed();
    {
      await using session = db.Session();
      const pat = (await session.scalars(select(Principal))).one();
      db.clearLog();
      pat.reports = 4;
      await session.flush();
      expect(db.statements()).toEqual([expect.stringMatching(/^UPDATE "?`?jti_principals/)]);
      db.clearLog();
      pat.name = 'Patricia';
      pat.language = 'go';
      await session.commit();
      const updates = db.statements().filter((sql) => sql.startsWith('UPDATE'));
      expect(updates.map((sql) => /UPDATE "?`?(\w+)/.exec(sql)?.[1]).sort()).toEqual([
        'jti_engineers',
        'jti_people',
      ]);
    }
    await using session = db.Session();
    const pat = (await session.scalars(select(Principal))).one();
    expect([pat.name, pat.language, pat.reports]).toEqual(['Patricia', 'go', 4]);
  });

  test("delete removes the child's rows, then the parent's", async () => {
    await seed();
    {
      await using session = db.Session();
      const pat = (await session.scalars(select(Principal))).one();
      await session.delete(pat);
      db.clearLog();
      await session.commit();
      const deletes = db.statements().filter((sql) => sql.startsWith('DELETE'));
      expect(deletes.map((sql) => /DELETE FROM "?`?(\w+)/.exec(sql)?.[1])).toEqual([
        'jti_principals',
        'jti_engineers',
        'jti_people',
      ]);
    }
    expect(await rowsOf(Principal.table)).toEqual([]);
    expect((await rowsOf(Engineer.table)).map((r) => r.language)).toEqual(['ts']);
    expect((await rowsOf(Person.table)).map((r) => r.name).sort()).toEqual(['Ed', 'Mia', 'Pam']);
  });

  test('types: subclass attributes on the subclass only', () => {
    expectTypeOf<Principal['reports']>().toEqualTypeOf<number | null>();
    expectTypeOf<Principal['language']>().toEqualTypeOf<string>();
    expectTypeOf(Engineer.table.name).toEqualTypeOf<'jti_engineers'>();
    expectTypeOf(Engineer.c.language).not.toBeAny();
    // @ts-expect-error: language is an Engineer's
    const wrong = (m: Manager) => m.language;
    expect(wrong).toBeTypeOf('function');
  });
});

describe('joined-table inheritance: mistakes in the set-up', () => {
  const Base = declarativeBase();
  class Vehicle extends Base.model(
    'jti_vehicles',
    { id: new Column(Integer, { primaryKey: true }), kind: new Column(Varchar(10)) },
    { polymorphicOn: 'kind' },
  ) {}
  class Car extends Vehicle.submodel({
    table: 'jti_cars',
    polymorphicIdentity: 'car',
    columns: { seats: new Column(Integer) },
  }) {}

  test("an own column under a key the parent has, and the table is not left in the base's MetaData", () => {
    expect(() =>
      Vehicle.submodel({
        table: 'jti_bikes',
        polymorphicIdentity: 'bike',
        columns: { kind: new Column(Varchar(10)) },
      }),
    ).toThrow(/Vehicle has an attribute 'kind' already/);
    expect(() => Vehicle.submodel({ table: 'jti_boats', polymorphicIdentity: 'car' })).toThrow(
      /"car" is already the identity of (Car|jti_cars)/,
    );
    expect(Base.metadata.tables.has('jti_bikes')).toBe(false);
    expect(Base.metadata.tables.has('jti_boats')).toBe(false);
  });

  test('single-table subclasses with columns cannot join a hierarchy that has joined tables', () => {
    expect(() =>
      Car.submodel({ polymorphicIdentity: 'van', columns: { doors: new Column(Integer) } }),
    ).toThrow(/cannot take single-table subclasses with columns.*table: '...'/);
    expect(Vehicle.table.columns.map((c) => c.key)).toEqual(['id', 'kind']);
  });
});
