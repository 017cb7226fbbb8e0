import {
  ArgumentError,
  Column,
  select as coreSelect,
  Integer,
  listen,
  Varchar,
} from '@athanor/core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { declarativeBase, inspect, select } from '../../src/index.js';
import { useDatabase } from '../relationships/database.js';

// Single-table inheritance: one table for a class hierarchy, a discriminator column telling
// the classes' rows apart (SQLAlchemy's polymorphic_on / polymorphic_identity).
describe('single-table inheritance', () => {
  const Base = declarativeBase();

  class Employee extends Base.model(
    'sti_employees',
    {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(Varchar(50), { nullable: false }),
      type: new Column(Varchar(20), { nullable: false }),
    },
    { polymorphicOn: 'type', polymorphicIdentity: 'employee' },
  ) {
    describe(): string {
      return `${this.type} ${this.name}`;
    }
  }

  class Manager extends Employee.submodel({
    polymorphicIdentity: 'manager',
    columns: { budget: new Column(Integer) },
  }) {}

  class Engineer extends Employee.submodel({
    polymorphicIdentity: 'engineer',
    columns: { language: new Column(Varchar(20)) },
  }) {}

  class Principal extends Engineer.submodel({ polymorphicIdentity: 'principal' }) {}

  const db = useDatabase(Base.metadata);

  async function seed() {
    await using session = db.Session();
    session.add(new Employee({ name: 'Eve' }));
    session.add(new Manager({ name: 'Mia', budget: 1000 }));
    session.add(new Engineer({ name: 'Ed', language: 'ts' }));
    session.add(new Principal({ name: 'Pat', language: 'rust' }));
    await session.commit();
  }

  test("the subclasses' columns are in the one table, nullable; the discriminator is set when the object is made", async () => {
    expect(Employee.table.columns.map((column) => column.key)).toEqual([
      'id',
      'name',
      'type',
      'budget',
      'language',
    ]);
    expect(
      Employee.table.columns.every(
        (c) => c.key === 'id' || c.key === 'name' || c.key === 'type' || c.nullable,
      ),
    ).toBe(true);
    expect(new Manager({ name: 'Mia' }).type).toBe('manager');
    expect(new Employee({ name: 'Eve' }).type).toBe('employee');
    expect(Manager.create({ name: 'Max' }).type).toBe('manager');
    await seed();
    const rows = await db.engine.execute(coreSelect(Employee.table).orderBy(Employee.c.id));
    expect(rows.all().map((r) => ({ ...r }))).toEqual([
      { id: expect.anything(), name: 'Eve', type: 'employee', budget: null, language: null },
      { id: expect.anything(), name: 'Mia', type: 'manager', budget: 1000, language: null },
      { id: expect.anything(), name: 'Ed', type: 'engineer', budget: null, language: 'ts' },
      { id: expect.anything(), name: 'Pat', type: 'principal', budget: null, language: 'rust' },
    ]);
  });

  test('select(Base) makes each row an instance of its class', async () => {
    await seed();
    await using session = db.Session();
    const all = (await session.scalars(select(Employee).orderBy(Employee.c.id))).all();
    expect(all.map((e) => e.constructor)).toEqual([Employee, Manager, Engineer, Principal]);
    const [eve, mia, ed, pat] = all;
    expect(eve?.describe()).toBe('employee Eve');
    expect(mia instanceof Manager && mia.budget).toBe(1000);
    expect(ed instanceof Engineer && ed.language).toBe('ts');
    expect(pat instanceof Engineer && pat instanceof Principal).toBe(true);
    expect(inspect(mia as Manager).mapper).toBe(inspect(Manager));
  });

  test("select(Subclass) adds WHERE type IN (its identities and its subclasses')", async () => {
    await seed();
    await using session = db.Session();
    db.clearLog();
    const managers = (await session.scalars(select(Manager))).all();
    expect(managers.map((m) => [m.name, m.budget])).toEqual([['Mia', 1000]]);
    expect(db.selects()[0]).toMatch(/WHERE .*type IN \(/);
    const engineers = (await session.scalars(select(Engineer).orderBy(Engineer.c.id))).all();
    expect(engineers.map((e) => e.name)).toEqual(['Ed', 'Pat']);
    expect(engineers[1]).toBeInstanceOf(Principal);
    const rich = (await session.scalars(select(Manager).where(Manager.c.budget.gt(10)))).all();
    expect(rich.map((m) => m.name)).toEqual(['Mia']);
  });

  test('get(Base, id) returns the subclass; the identity map is shared by the hierarchy', async () => {
    await seed();
    let id: number;
    {
      await using session = db.Session();
      const [mia] = (await session.scalars(select(Manager))).all();
      id = (mia as Manager).id;
      // The identity map answers without a query, whichever class asks.
      db.clearLog();
      expect(await session.get(Employee, id)).toBe(mia);
      expect(await session.get(Manager, id)).toBe(mia);
      expect(await session.get(Engineer, id)).toBeNull();
      expect(db.selects()).toEqual([]);
    }
    {
      await using session = db.Session();
      const loaded = await session.get(Employee, id);
      expect(loaded).toBeInstanceOf(Manager);
      expect((loaded as Manager).budget).toBe(1000);
    }
    // get() of a subclass reads only its rows.
    await using session = db.Session();
    expect(await session.get(Engineer, id)).toBeNull();
    expect(await session.get(Manager, id)).toBeInstanceOf(Manager);
  });

  test('update and delete of a subclass object', async () => {
    await seed();
    {
      await using session = db.Session();
      const [mia] = (await session.scalars(select(Manager))).all();
      (mia as Manager).budget = 2000;
      await session.commit();
    }
    {
      await using session = db.Session();
      const [mia] = (await session.scalars(select(Manager))).all();
      expect((mia as Manager).budget).toBe(2000);
      await session.delete(mia as Manager);
      await session.commit();
    }
    await using session = db.Session();
    const names = (await session.scalars(select(Employee).orderBy(Employee.c.id))).all();
    expect(names.map((e) => e.name)).toEqual(['Eve', 'Ed', 'Pat']);
  });

  test("a listener on the base hears its subclasses' objects", async () => {
    const seen: string[] = [];
    listen(Employee, 'beforeInsert', (_mapper, _conn, target) => {
      seen.push(target.name);
    });
    await using session = db.Session();
    session.add(new Manager({ name: 'Mo' }));
    await session.commit();
    expect(seen).toEqual(['Mo']);
  });

  test("a subclass's attributes are its own: the base and its siblings do not have them", () => {
    expect(() => new Employee({ budget: 1 } as never)).toThrow(
      /'budget' is not a column of Employee/,
    );
    expect(() => new Engineer({ budget: 1 } as never)).toThrow(ArgumentError);
    expect('budget' in new Engineer()).toBe(false);
    expect(JSON.parse(JSON.stringify(new Manager({ budget: 5 })))).toEqual({
      type: 'manager',
      budget: 5,
    });
  });

  test('types: base rows typed as the base, subclass attributes on the subclass', () => {
    expectTypeOf<Manager['budget']>().toEqualTypeOf<number | null>();
    expectTypeOf<Manager['name']>().toEqualTypeOf<string>();
    expectTypeOf<Principal['language']>().toEqualTypeOf<string | null>();
    expectTypeOf(Manager.c.budget).not.toBeAny();
    expectTypeOf(Manager.table).toEqualTypeOf(Employee.table);
    const rows = () => select(Employee);
    expectTypeOf<Awaited<ReturnType<typeof rows>>>().not.toBeAny();
    const narrow = (e: Employee) => (e instanceof Manager ? e.budget : null);
    expectTypeOf(narrow).returns.toEqualTypeOf<number | null>();
    // @ts-expect-error: budget is a Manager's, not an Employee's
    const wrong = (e: Employee) => e.budget;
    // @ts-expect-error: language is an Engineer's, not a Manager's
    const sibling = (m: Manager) => m.language;
    // @ts-expect-error: an unknown column in the constructor
    const typo = () => new Manager({ budgett: 1 });
    expect([wrong, sibling, typo]).toHaveLength(3);
  });
});

describe('single-table inheritance: mistakes in the set-up', () => {
  const Base = declarativeBase();
  class Plain extends Base.model('sti_plain', { id: new Column(Integer, { primaryKey: true }) }) {}
  class Staff extends Base.model(
    'sti_staff',
    { id: new Column(Integer, { primaryKey: true }), kind: new Column(Varchar(10)) },
    { polymorphicOn: 'kind', polymorphicIdentity: 'staff' },
  ) {}

  test('a subclass of a model with no polymorphicOn', () => {
    expect(() => Plain.submodel({ polymorphicIdentity: 'x' })).toThrow(
      /Plain names no discriminator column.*polymorphicOn: 'type'/,
    );
  });

  test('a polymorphicOn that is not a column', () => {
    expect(() =>
      Base.model(
        'sti_bad',
        { id: new Column(Integer, { primaryKey: true }) },
        { polymorphicOn: 'kind' },
      ),
    ).toThrow(/polymorphicOn: 'kind' is not a column of table 'sti_bad'/);
    expect(Base.metadata.tables.has('sti_bad')).toBe(false);
  });

  test('a duplicate identity, and a NOT NULL subclass column', () => {
    expect(() => Staff.submodel({ polymorphicIdentity: 'staff' })).toThrow(
      /"staff" is already the identity of Staff; give each class/,
    );
    expect(() =>
      Staff.submodel({
        polymorphicIdentity: 'boss',
        columns: { level: new Column(Integer, { nullable: false }) },
      }),
    ).toThrow(/'level' is NOT NULL.*Leave it nullable/);
    expect(Staff.table.columns.map((c) => c.key)).toEqual(['id', 'kind']);
  });
});
