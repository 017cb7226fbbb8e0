import { Column, Integer, Varchar } from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { declarativeBase, select, selectinload } from '../../src/index.js';
import { useDatabase } from '../relationships/database.js';

// Relationships declared on the base of a hierarchy hold for its subclasses' objects: the
// flush writes their foreign keys, and loading them from either side makes the right classes.
describe('inheritance: relationships of the base', () => {
  const Base = declarativeBase();

  class Department extends Base.model('inh_departments', {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
  }) {
    declare staff: Staff[];
    static {
      this.relationship('staff', () => Staff, {
        backPopulates: 'department',
        orderBy: () => Staff.c.id,
      });
    }
  }

  class Staff extends Base.model(
    'inh_staff',
    {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(Varchar(50), { nullable: false }),
      kind: new Column(Varchar(20), { nullable: false }),
      departmentId: new Column(Integer, { foreignKey: 'inh_departments.id' }),
    },
    { polymorphicOn: 'kind', polymorphicIdentity: 'staff' },
  ) {
    declare department: Department | null;
    static {
      this.relationship('department', () => Department, { backPopulates: 'staff' });
    }
  }

  // One subclass in the same table, one with a table of its own.
  class Clerk extends Staff.submodel({
    polymorphicIdentity: 'clerk',
  }) {}

  class Chemist extends Staff.submodel({
    table: 'inh_chemists',
    polymorphicIdentity: 'chemist',
    columns: { lab: new Column(Varchar(20)) },
  }) {}

  const db = useDatabase(Base.metadata);

  test("a subclass object's many-to-one is flushed and loaded, from both sides", async () => {
    {
      await using session = db.Session();
      const lab = new Department({ name: 'Lab' });
      session.add(lab);
      session.add(Clerk.create({ name: 'Cal', department: lab }));
      session.add(Chemist.create({ name: 'Curie', lab: 'B2', department: lab }));
      await session.commit();
    }
    {
      await using session = db.Session();
      const lab = (
        await session.scalars(select(Department).options(selectinload(Department.rel('staff'))))
      ).one();
      expect(lab.staff.map((s) => [s.constructor, s.name])).toEqual([
        [Clerk, 'Cal'],
        [Chemist, 'Curie'],
      ]);
      expect((lab.staff[1] as Chemist).lab).toBe('B2');
    }
    await using session = db.Session();
    const staff = (
      await session.scalars(
        select(Staff)
          .options(selectinload(Staff.rel('department')))
          .orderBy(Staff.c.id),
      )
    ).all();
    expect(staff.map((s) => s.department?.name)).toEqual(['Lab', 'Lab']);
    const curie = staff[1] as Chemist;
    curie.department = null;
    await session.commit();
    await using check = db.Session();
    expect((await check.get(Chemist, curie.id))?.departmentId).toBeNull();
  });
});
