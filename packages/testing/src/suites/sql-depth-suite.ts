import {
  Column,
  delete_,
  exceptAll,
  exists,
  func,
  Integer,
  intersectAll,
  String,
  select,
  Table,
  update,
} from '@athanor/core';
import { afterEach, beforeAll, describe, expect } from 'vitest';
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
 * (emulated on MySQL), DISTINCT ON, COLLATE, INTERSECT ALL and EXCEPT ALL; UPDATE and DELETE
 * whose WHERE names other tables, and their correlated subqueries.
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
      // Rows the UPDATE and DELETE tests change; put back after each.
      scores: new Table(h.table('sd_scores'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        personId: new Column(Integer, { name: 'person_id', nullable: false }),
        points: new Column(Integer, { nullable: false }),
      }),
    }));

    const scoreRows = [
      { id: 1, personId: 1, points: 10 },
      { id: 2, personId: 2, points: 20 },
      { id: 3, personId: 4, points: 30 },
      { id: 4, personId: 4, points: 30 },
    ];
    const resetScores = async () => {
      await h.engine.execute(delete_(tables.scores));
      await h.engine.execute(tables.scores.insert(), scoreRows);
    };
    const points = async () =>
      (
        await h.engine.execute(
          select(tables.scores.c.id, tables.scores.c.points).orderBy(tables.scores.c.id),
        )
      )
        .all()
        .map((row) => [row.id, row.points]);

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.engine.execute(tables.scores.insert(), scoreRows);
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

    describe('UPDATE and DELETE naming other tables', () => {
      afterEach(async () => {
        if (!h.unreachable) await resetScores();
      });

      test(
        h,
        'update() whose WHERE names another table updates by it (UPDATE ... FROM)',
        async () => {
          const { people, scores } = tables;
          const result = await h.engine.execute(
            update(scores)
              .values({ points: scores.c.points.add(1) })
              .where(scores.c.personId.eq(people.c.id), people.c.team.eq('blue')),
          );
          expect(result.rowcount).toBe(2);
          expect(await points()).toEqual([
            [1, 10],
            [2, 20],
            [3, 31],
            [4, 31],
          ]);
        },
      );

      test(
        h,
        'delete_() whose WHERE names another table deletes by it (DELETE ... USING)',
        async () => {
          const { people, scores } = tables;
          const result = await h.engine.execute(
            delete_(scores).where(scores.c.personId.eq(people.c.id), people.c.name.eq('Bob')),
          );
          expect(result.rowcount).toBe(1);
          expect((await points()).map(([id]) => id)).toEqual([1, 3, 4]);
        },
        () => !h.dialect.capabilities.deleteUsing && 'the database has no DELETE ... USING',
      );

      test(h, 'a subquery of UPDATE and DELETE correlates to the target table', async () => {
        const { people, scores } = tables;
        // Each score gets its person's age: the subquery reads the row being updated.
        const age = select(people.c.age).where(people.c.id.eq(scores.c.personId)).scalarSubquery();
        await h.engine.execute(
          update(scores).values({ points: age }).where(scores.c.personId.ne(3), scores.c.id.lt(3)),
        );
        expect(await points()).toEqual([
          [1, 25],
          [2, 30],
          [3, 30],
          [4, 30],
        ]);
        // Only the scores of people in red go: not every score as soon as one red person exists.
        const red = select(people.c.id).where(
          people.c.id.eq(scores.c.personId),
          people.c.team.eq('red'),
        );
        await h.engine.execute(delete_(scores).where(exists(red)));
        expect((await points()).map(([id]) => id)).toEqual([3, 4]);
      });

      test(h, 'a subquery on the target table alone is not correlated away', async () => {
        const { scores } = tables;
        // Keeps the first score of each (person, points): the subquery reads the whole table.
        const firsts = select(func.min(scores.c.id)).groupBy(scores.c.personId, scores.c.points);
        const result = await h.engine.execute(
          delete_(scores).where(scores.c.id.notIn(select(firsts.subquery('f').c.min))),
        );
        expect(result.rowcount).toBe(1);
        expect((await points()).map(([id]) => id)).toEqual([1, 2, 3]);
      });
    });
  });
}
