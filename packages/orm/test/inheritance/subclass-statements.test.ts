import {
  ArgumentError,
  Column,
  select as coreSelect,
  delete_,
  func,
  type HasClauseElement,
  Integer,
  type Table,
  update,
  Varchar,
} from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { declarativeBase, select } from '../../src/index.js';
import { useDatabase } from '../relationships/database.js';

// Statements that name a subclass, other than select(Subclass): bulk UPDATE/DELETE, counts,
// column selects. Each keeps to the subclass's rows, as SQLAlchemy's ORM-enabled statements do.
describe('single-table subclass in UPDATE, DELETE and column selects', () => {
  const Base = declarativeBase();
  class Employee extends Base.model(
    'sts_employees',
    {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(Varchar(50), { nullable: false }),
      type: new Column(Varchar(20), { nullable: false }),
    },
    { polymorphicOn: 'type', polymorphicIdentity: 'employee' },
  ) {}
  class Manager extends Employee.submodel({
    polymorphicIdentity: 'manager',
    columns: { budget: new Column(Integer) },
  }) {}
  class Engineer extends Employee.submodel({
    polymorphicIdentity: 'engineer',
    columns: { language: new Column(Varchar(20)) },
  }) {}
  class Director extends Manager.submodel({ polymorphicIdentity: 'director' }) {}
  const db = useDatabase(Base.metadata);
  // A subclass stands for its hierarchy's table in update() and delete_(); its static type says
  // FromClause (a joined subclass stands for a join), so the table's type is given here.
  const asTable = (cls: unknown) => cls as HasClauseElement<typeof Employee.table>;

  async function seed() {
    await using session = db.Session();
    session.add(new Employee({ name: 'Eve' }));
    session.add(new Manager({ name: 'Mia', budget: 1 }));
    session.add(new Engineer({ name: 'Ed', language: 'ts' }));
    session.add(new Director({ name: 'Dee', budget: 2 }));
    await session.commit();
  }
  const rows = async () =>
    (await db.engine.execute(coreSelect(Employee.table).orderBy(Employee.table.c.id)))
      .all()
      .map((row) => `${row.name}:${row.type}`);

  test('update(Subclass) changes the rows of the subclass and its subclasses only', async () => {
    await seed();
    await using session = db.Session();
    await session.execute(update(asTable(Manager)).values({ name: 'X' }));
    await session.commit();
    expect(await rows()).toEqual(['Eve:employee', 'X:manager', 'Ed:engineer', 'X:director']);
  });

  test('delete_(Subclass) deletes the rows of the subclass and its subclasses only', async () => {
    await seed();
    await using session = db.Session();
    await session.execute(delete_(asTable(Manager)).where(Employee.table.c.name.ne('nobody')));
    await session.execute(delete_(asTable(Engineer)));
    await session.commit();
    expect(await rows()).toEqual(['Eve:employee']);
  });

  test('update(Base) still changes every row', async () => {
    await seed();
    await using session = db.Session();
    await session.execute(update(asTable(Employee)).values({ name: 'Y' }));
    await session.commit();
    expect((await rows()).map((row) => row.split(':')[0])).toEqual(['Y', 'Y', 'Y', 'Y']);
  });

  test("a count from the subclass and a select of the subclass's columns keep to its rows", async () => {
    await seed();
    await using session = db.Session();
    const count = await session.execute(select(func.count()).selectFrom(Manager));
    expect(count.all().map((row) => row[0])).toEqual([2]);
    const names = await session.execute(select(Manager.c.name).orderBy(Manager.c.name));
    expect(names.all().map((row) => row[0])).toEqual(['Dee', 'Mia']);
    const engineers = await session.execute(select(Engineer.c.language, Engineer.c.name));
    expect(engineers.all().map((row) => [...row])).toEqual([['ts', 'Ed']]);
    // The base's columns are every row's.
    const all = await session.execute(select(func.count(Employee.c.id)));
    expect(all.all()[0]?.[0]).toBe(4);
  });
});

describe('joined-table subclass in UPDATE and column selects', () => {
  const Base = declarativeBase();
  class Person extends Base.model(
    'jts_people',
    {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(Varchar(50), { nullable: false }),
      kind: new Column(Varchar(20), { nullable: false }),
    },
    { polymorphicOn: 'kind', polymorphicIdentity: 'person' },
  ) {}
  class Manager extends Person.submodel({
    table: 'jts_managers',
    polymorphicIdentity: 'manager',
    columns: { budget: new Column(Integer) },
  }) {}
  class Engineer extends Person.submodel({
    table: 'jts_engineers',
    polymorphicIdentity: 'engineer',
    columns: { language: new Column(Varchar(20)) },
  }) {}
  const db = useDatabase(Base.metadata);

  test("a select of a subclass's columns reads its tables joined", async () => {
    await using session = db.Session();
    session.add(new Person({ name: 'Pam' }));
    session.add(new Manager({ name: 'Mia', budget: 1 }));
    session.add(new Manager({ name: 'Max', budget: 2 }));
    session.add(new Engineer({ name: 'Ed', language: 'ts' }));
    await session.commit();
    const rows = await session.execute(
      select(Manager.c.budget, Manager.c.name).orderBy(Manager.c.budget),
    );
    expect(rows.all().map((row) => [...row])).toEqual([
      [1, 'Mia'],
      [2, 'Max'],
    ]);
  });

  test('update(Subclass) is refused, naming the tables to update', () => {
    expect(() => update(asAny(Manager))).toThrow(ArgumentError);
    expect(() => update(asAny(Manager))).toThrow(
      /jts_people.*jts_managers|jts_managers.*jts_people/,
    );
  });

  test("a bulk update of a subclass's own table expires its objects", async () => {
    await using session = db.Session();
    const manager = new Manager({ name: 'Mia', budget: 1 });
    session.add(manager);
    await session.commit();
    await session.refresh(manager);
    expect(manager.budget).toBe(1);
    await session.execute(
      update(Manager.table as Table<string, never>).values({ budget: 99 } as never),
    );
    expect(() => manager.budget).toThrow(/expired/);
    await session.refresh(manager);
    expect(manager.budget).toBe(99);
  });
});

// update() of a joined subclass fails at run time; its static type does not say so.
function asAny(cls: unknown): HasClauseElement<Table<string, never>> {
  return cls as HasClauseElement<Table<string, never>>;
}

describe('a refused submodel() leaves its hierarchy as it was', () => {
  test('single-table: no column added, the identity free for the corrected call', () => {
    const Base = declarativeBase();
    class Employee extends Base.model(
      'stf_employees',
      { id: new Column(Integer, { primaryKey: true }), type: new Column(Varchar(20)) },
      { polymorphicOn: 'type', polymorphicIdentity: 'employee' },
    ) {}
    expect(() =>
      Employee.submodel({
        polymorphicIdentity: 'manager',
        columns: { toString: new Column(Integer) },
      }),
    ).toThrow(/reserved|cannot be a model attribute/);
    expect(Employee.table.columns.map((column) => column.key)).toEqual(['id', 'type']);
    class Manager extends Employee.submodel({
      polymorphicIdentity: 'manager',
      columns: { budget: new Column(Integer) },
    }) {}
    expect(new Manager({ budget: 3 }).type).toBe('manager');
    expect(Employee.table.columns.map((column) => column.key)).toEqual(['id', 'type', 'budget']);
  });

  test('joined-table: no table left in the MetaData', () => {
    const Base = declarativeBase();
    class Person extends Base.model(
      'jtf_people',
      { id: new Column(Integer, { primaryKey: true }), kind: new Column(Varchar(20)) },
      { polymorphicOn: 'kind', polymorphicIdentity: 'person' },
    ) {}
    expect(() =>
      Person.submodel({
        table: 'jtf_managers',
        polymorphicIdentity: 'manager',
        columns: { constructor: new Column(Integer) },
      }),
    ).toThrow(ArgumentError);
    expect(Base.metadata.tables.has('jtf_managers')).toBe(false);
    expect(() =>
      Person.submodel({ table: 'jtf_managers', polymorphicIdentity: 'manager' }),
    ).not.toThrow();
  });

  test("a duplicate identity's message names the class that has it", () => {
    const Base = declarativeBase();
    class Employee extends Base.model(
      'stf_dup',
      { id: new Column(Integer, { primaryKey: true }), type: new Column(Varchar(20)) },
      { polymorphicOn: 'type', polymorphicIdentity: 'employee' },
    ) {}
    class Manager extends Employee.submodel({ polymorphicIdentity: 'manager' }) {}
    void new Manager();
    expect(() => Employee.submodel({ polymorphicIdentity: 'manager' })).toThrow(
      /already the identity of Manager/,
    );
    expect(() => Employee.submodel({ polymorphicIdentity: 'employee' })).toThrow(
      /already the identity of Employee/,
    );
    Employee.submodel({ polymorphicIdentity: 'engineer' });
    expect(() => Employee.submodel({ polymorphicIdentity: 'engineer' })).toThrow(
      /Employee\.submodel\(\{ polymorphicIdentity: "engineer" \}\)/,
    );
  });
});
