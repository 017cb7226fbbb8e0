import {
  Column,
  exceptAll,
  func,
  Integer,
  intersectAll,
  String,
  select,
  Table,
} from '@athanor/core';
import { beforeAll, describe, expect } from 'vitest';
import { type Harness, conformanceTest as test, useTables } from '../harness.js';

/**
 * A case-sensitive (binary) collation of each database's default text, by the name it has
 * there: which collations exist is the database's business, so the test names them.
 */
function binaryCollation(dialectName: string): string {
  if (dialectName === 'sqlite') return 'BINARY';
  if (dialectName === 'mysql') return 'utf8mb4_bin';
  return 'C';
}

/**
 * The expression language's less common SQL, run on each database: aggregates with FILTER
 * (emulated on MySQL), DISTINCT ON, COLLATE, INTERSECT ALL and EXCEPT ALL.
 */
export function sqlDepthSuite(h: Harness): void {
  describe('sql depth', () => {
    const { tables } = useTables(h, (md) => ({
      people: new Table(h.table('sd_people'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        name: new Column(String(50), { nullable: false }),
        team: new Column(String(20), { nullable: false }),
        age: new Column(Integer),
      }),
    }));

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.engine.execute(tables.people.insert(), [
        { id: 1, name: 'alice', team: 'red', age: 25 },
        { id: 2, name: 'Bob', team: 'red', age: 30 },
        { id: 3, name: 'carol', team: 'blue', age: null },
        { id: 4, name: 'Dave', team: 'blue', age: 41 },
        { id: 5, name: 'eve', team: 'red', age: 30 },
      ]);
    });

    test(h, 'an aggregate with filter() counts and sums only the rows it names', async () => {
      const p = tables.people;
      const stmt = select(
        p.c.team,
        func.count().filter(p.c.age.ge(30)).label('older'),
        func.sum(p.c.age).filter(p.c.name.ne('eve')).label('ages'),
        func.count(p.c.age.distinct()).filter(p.c.id.gt(1)).label('distinctAges'),
      )
        .groupBy(p.c.team)
        .orderBy(p.c.team);
      const rows = (await h.engine.execute(stmt)).all();
      expect(
        rows.map((row) => ({ ...row, ages: row.ages === null ? null : Number(row.ages) })),
      ).toEqual([
        { team: 'blue', older: 1, ages: 41, distinctAges: 1 },
        { team: 'red', older: 2, ages: 55, distinctAges: 1 },
      ]);
      // No row matches: count is 0, sum is NULL, as with FILTER.
      const none = select(
        func.count().filter(p.c.age.gt(99)),
        func.sum(p.c.age).filter(p.c.age.gt(99)),
      );
      expect([...(await h.engine.execute(none)).one()]).toEqual([0, null]);
    });

    test(
      h,
      'distinct(column) keeps the first row of each value, by ORDER BY (DISTINCT ON)',
      async () => {
        const p = tables.people;
        const oldest = select(p.c.team, p.c.name)
          .distinct(p.c.team)
          .orderBy(p.c.team, p.c.age.desc().nullsLast(), p.c.id);
        expect((await h.engine.execute(oldest)).all()).toEqual([
          { team: 'blue', name: 'Dave' },
          { team: 'red', name: 'Bob' },
        ]);
      },
      () => !h.dialect.capabilities.distinctOn && 'the database has no DISTINCT ON',
    );

    test(h, 'collate() orders and compares by the collation named', async () => {
      const p = tables.people;
      const binary = binaryCollation(h.dialect.name);
      const ordered = select(p.c.name).orderBy(p.c.name.collate(binary));
      // Binary order: upper case before lower case.
      expect((await h.engine.execute(ordered)).scalars().all()).toEqual([
        'Bob',
        'Dave',
        'alice',
        'carol',
        'eve',
      ]);
      const exact = select(p.c.id).where(p.c.name.collate(binary).eq('BOB'));
      expect((await h.engine.execute(exact)).scalars().all()).toEqual([]);
      const labelled = select(p.c.name.collate(binary).label('n')).where(p.c.id.eq(2));
      expect((await h.engine.execute(labelled)).one()).toEqual({ n: 'Bob' });
    });

    test(
      h,
      'intersectAll and exceptAll keep duplicates',
      async () => {
        const p = tables.people;
        const red = select(p.c.age).where(p.c.team.eq('red'));
        const all = select(p.c.age).where(p.c.age.isNotNull());
        const both = (await h.engine.execute(intersectAll(red, all))).scalars().all();
        expect([...both].sort()).toEqual([25, 30, 30]);
        const rest = (await h.engine.execute(exceptAll(all, red))).scalars().all();
        expect(rest).toEqual([41]);
        const once = red.exceptAll(select(p.c.age).where(p.c.id.eq(2)));
        expect([...(await h.engine.execute(once)).scalars().all()].sort()).toEqual([25, 30]);
      },
      () => !h.dialect.capabilities.compoundAll && 'the database has no INTERSECT ALL',
    );
  });
}
