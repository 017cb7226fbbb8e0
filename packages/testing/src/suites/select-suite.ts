import {
  ArgumentError,
  and,
  bindparam,
  Column,
  case_,
  cast,
  except_,
  exists,
  func,
  Integer,
  intersect,
  literal,
  not,
  or,
  String,
  select,
  Table,
  text,
  union,
  unionAll,
} from '@athanor/core';
import { beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

/** SELECT: columns, conditions, joins, grouping, ordering, subqueries, CTEs, set operations, windows. */
export function selectSuite(h: Harness): void {
  describe('select', () => {
    const { tables } = useTables(h, (md) => {
      const users = new Table(h.table('sel_users'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        name: new Column(String(50), { nullable: false }),
        age: new Column(Integer),
        team: new Column(String(20)),
        managerId: new Column(Integer, { name: 'manager_id' }),
      });
      const posts = new Table(h.table('sel_posts'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        userId: new Column(Integer, {
          foreignKey: `${users.name}.id`,
          name: 'user_id',
          nullable: false,
        }),
        title: new Column(String(100), { nullable: false }),
        score: new Column(Integer),
      });
      const messages = new Table(h.table('sel_messages'), md, {
        id: new Column(Integer, { primaryKey: true }),
        senderId: new Column(Integer, { foreignKey: `${users.name}.id` }),
        recipientId: new Column(Integer, { foreignKey: `${users.name}.id` }),
      });
      return { users, posts, messages };
    });

    beforeAll(async () => {
      if (h.unreachable) return;
      const { users, posts } = tables;
      await h.engine.execute(users.insert(), [
        { id: 1, name: 'Alice', age: 25, team: 'red', managerId: null },
        { id: 2, name: 'Bob', age: 30, team: 'red', managerId: 1 },
        { id: 3, name: 'Carol', age: null, team: 'blue', managerId: 1 },
        { id: 4, name: 'dave', age: 41, team: 'blue', managerId: 2 },
        { id: 5, name: '50%_off', age: 19, team: null, managerId: null },
      ]);
      await h.engine.execute(posts.insert(), [
        { id: 1, userId: 1, title: 'Hello', score: 10 },
        { id: 2, userId: 1, title: 'Again', score: 5 },
        { id: 3, userId: 2, title: 'Bob here', score: 7 },
        { id: 4, userId: 4, title: 'Late', score: null },
      ]);
    });

    const names = async (stmt: { readonly node: { readonly kind: string } }) =>
      (await h.engine.execute(stmt as never)).scalars().all();

    test(h, 'selects columns, typed by name and by position', async () => {
      const { users } = tables;
      const rows = (
        await h.engine.execute(
          select(users.c.id, users.c.name).where(users.c.id.le(2)).orderBy(users.c.id),
        )
      ).all();
      expect(rows.map((row) => ({ ...row }))).toEqual([
        { id: 1, name: 'Alice' },
        { id: 2, name: 'Bob' },
      ]);
      const [id, name] = rows[1] ?? [];
      expect([id, name]).toEqual([2, 'Bob']);
    });

    test(h, 'selects every column of a table, by key', async () => {
      const { users } = tables;
      const row = (await h.engine.execute(select(users).where(users.c.id.eq(2)))).one();
      expect({ ...row }).toEqual({ id: 2, name: 'Bob', age: 30, team: 'red', managerId: 1 });
    });

    test(h, 'compares with =, !=, <, <=, >, >= and IS NULL for null', async () => {
      const { users } = tables;
      const ids = (condition: Parameters<ReturnType<typeof select>['where']>[0]) =>
        names(select(users.c.id).where(condition).orderBy(users.c.id));
      expect(await ids(users.c.age.eq(30))).toEqual([2]);
      expect(await ids(users.c.age.ne(30))).toEqual([1, 4, 5]);
      expect(await ids(users.c.age.lt(25))).toEqual([5]);
      expect(await ids(users.c.age.le(25))).toEqual([1, 5]);
      expect(await ids(users.c.age.gt(30))).toEqual([4]);
      expect(await ids(users.c.age.ge(30))).toEqual([2, 4]);
      expect(await ids(users.c.age.eq(null))).toEqual([3]);
      expect(await ids(users.c.age.isNotNull())).toEqual([1, 2, 4, 5]);
      expect(await ids(users.c.team.isNull())).toEqual([5]);
    });

    test(h, 'combines conditions with and, or, not, and where() called twice', async () => {
      const { users } = tables;
      const query = select(users.c.id).orderBy(users.c.id);
      expect(await names(query.where(and(users.c.team.eq('red'), users.c.age.gt(26))))).toEqual([
        2,
      ]);
      expect(await names(query.where(or(users.c.id.eq(1), users.c.id.eq(4))))).toEqual([1, 4]);
      expect(await names(query.where(not(users.c.team.eq('red'))))).toEqual([3, 4]);
      expect(await names(query.where(users.c.team.eq('blue')).where(users.c.age.gt(40)))).toEqual([
        4,
      ]);
      expect(
        await names(
          query.where(and(users.c.team.eq('red'), or(users.c.age.eq(25), users.c.age.eq(30)))),
        ),
      ).toEqual([1, 2]);
    });

    test(h, 'IN and NOT IN with lists, an empty list, and a subquery', async () => {
      const { users, posts } = tables;
      const query = select(users.c.id).orderBy(users.c.id);
      expect(await names(query.where(users.c.name.in(['Bob', 'dave', 'nobody'])))).toEqual([2, 4]);
      expect(await names(query.where(users.c.id.notIn([1, 2, 3])))).toEqual([4, 5]);
      expect(await names(query.where(users.c.id.in([])))).toEqual([]);
      expect(await names(query.where(users.c.id.notIn([])))).toEqual([1, 2, 3, 4, 5]);
      expect(await names(query.where(users.c.id.in(select(posts.c.userId))))).toEqual([1, 2, 4]);
    });

    test(h, 'BETWEEN includes both ends', async () => {
      const { users } = tables;
      expect(
        await names(select(users.c.id).where(users.c.age.between(25, 30)).orderBy(users.c.id)),
      ).toEqual([1, 2]);
      expect(
        await names(select(users.c.id).where(users.c.age.notBetween(25, 30)).orderBy(users.c.id)),
      ).toEqual([4, 5]);
    });

    test(h, 'LIKE, NOT LIKE and case-insensitive ILIKE', async () => {
      const { users } = tables;
      const query = select(users.c.name).orderBy(users.c.id);
      expect(await names(query.where(users.c.name.like('%o%')))).toEqual([
        'Bob',
        'Carol',
        '50%_off',
      ]);
      expect(await names(query.where(users.c.name.notLike('%o%')))).toEqual(['Alice', 'dave']);
      expect(await names(query.where(users.c.name.ilike('DA%')))).toEqual(['dave']);
      expect(await names(query.where(users.c.name.ilike('%A%')))).toEqual([
        'Alice',
        'Carol',
        'dave',
      ]);
    });

    test(h, 'startsWith, endsWith and contains treat % and _ in the value literally', async () => {
      const { users } = tables;
      const query = select(users.c.name).orderBy(users.c.id);
      expect(await names(query.where(users.c.name.startsWith('50%')))).toEqual(['50%_off']);
      expect(await names(query.where(users.c.name.contains('%_')))).toEqual(['50%_off']);
      expect(await names(query.where(users.c.name.endsWith('ol')))).toEqual(['Carol']);
      expect(await names(query.where(users.c.name.contains('_')))).toEqual(['50%_off']);
    });

    test(h, 'joins on the foreign key it infers, and on a condition given', async () => {
      const { users, posts } = tables;
      const inferred = select(users.c.name, posts.c.title)
        .selectFrom(users.join(posts))
        .orderBy(posts.c.id);
      const rows = (await h.engine.execute(inferred)).all().map((row) => [...row]);
      expect(rows).toEqual([
        ['Alice', 'Hello'],
        ['Alice', 'Again'],
        ['Bob', 'Bob here'],
        ['dave', 'Late'],
      ]);
      const explicit = select(users.c.name, posts.c.title)
        .join(posts, users.c.id.eq(posts.c.userId))
        .where(posts.c.score.gt(6))
        .orderBy(posts.c.id);
      expect((await h.engine.execute(explicit)).all().map((row) => row.title)).toEqual([
        'Hello',
        'Bob here',
      ]);
    });

    test(h, 'an outer join keeps rows without a match, with nulls', async () => {
      const { users, posts } = tables;
      const stmt = select(users.c.name, posts.c.title)
        .outerJoin(posts)
        .where(users.c.team.eq('blue'))
        .orderBy(users.c.id);
      expect((await h.engine.execute(stmt)).all().map((row) => [...row])).toEqual([
        ['Carol', null],
        ['dave', 'Late'],
      ]);
    });

    test(h, 'join() finds its left side among the tables of the selected columns', async () => {
      const { users, posts } = tables;
      // The first column is a label: the table to join from is still that of the columns.
      const labelled = select(users.c.id.label('userId'), posts.c.title)
        .join(posts, users.c.id.eq(posts.c.userId))
        .where(posts.c.score.gt(6))
        .orderBy(posts.c.id);
      expect((await h.engine.execute(labelled)).all().map((row) => ({ ...row }))).toEqual([
        { userId: 1, title: 'Hello' },
        { userId: 2, title: 'Bob here' },
      ]);
      // An aggregate of the joined table first, no ON: the foreign key gives the condition.
      const counted = select(func.count(posts.c.id).label('n'), users.c.name)
        .outerJoin(posts)
        .groupBy(users.c.id, users.c.name)
        .orderBy(users.c.id);
      expect((await h.engine.execute(counted)).all().map((row) => [row.name, row.n])).toEqual([
        ['Alice', 2],
        ['Bob', 1],
        ['Carol', 0],
        ['dave', 1],
        ['50%_off', 0],
      ]);
      // Two tables selected from: the ON condition says which one the join hangs on.
      const manager = users.alias('boss');
      const byOn = select(manager.c.name.label('boss'), users.c.name, posts.c.title)
        .join(posts, posts.c.userId.eq(users.c.id))
        .where(users.c.managerId.eq(manager.c.id), posts.c.score.gt(6))
        .orderBy(posts.c.id);
      expect((await h.engine.execute(byOn)).all().map((row) => [row.boss, row.title])).toEqual([
        ['Alice', 'Bob here'],
      ]);
    });

    test(
      h,
      'join() with nothing to join to, or several candidates, says to use selectFrom',
      async () => {
        const { users, posts } = tables;
        const nothing = await errorFrom(
          Promise.resolve().then(() => select(posts.c.title.label('t')).join(posts)),
        );
        expect(nothing).toBeInstanceOf(ArgumentError);
        expect(nothing.message).toContain('nothing to join it to');
        expect(nothing.message).toContain('selectFrom(');
        const manager = users.alias('boss');
        const ambiguous = await errorFrom(
          Promise.resolve().then(() => select(users.c.name, manager.c.name.label('b')).join(posts)),
        );
        expect(ambiguous).toBeInstanceOf(ArgumentError);
        expect(ambiguous.message).toContain('cannot tell which FROM element');
        expect(ambiguous.message).toContain('boss');
        expect(ambiguous.message).toContain('selectFrom(');
        // Named, the same join runs.
        const named = select(users.c.name, manager.c.name.label('b'))
          .selectFrom(manager)
          .join(posts)
          .where(users.c.id.eq(manager.c.managerId), posts.c.score.gt(6))
          .orderBy(posts.c.id);
        expect((await h.engine.execute(named)).all().map((row) => [row.name, row.b])).toEqual([
          ['Alice', 'Bob'],
        ]);
      },
    );

    test(
      h,
      'a full outer join keeps unmatched rows on both sides',
      async () => {
        const { users, posts } = tables;
        const stmt = select(users.c.id, posts.c.id.label('post_id'))
          .selectFrom(
            users.fullJoin(posts, and(users.c.id.eq(posts.c.userId), posts.c.score.gt(6))),
          )
          .orderBy(users.c.id.nullsLast(), posts.c.id.nullsLast());
        const rows = (await h.engine.execute(stmt)).all().map((row) => [...row]);
        expect(rows).toEqual([
          [1, 1],
          [2, 3],
          [3, null],
          [4, null],
          [5, null],
          [null, 2],
          [null, 4],
        ]);
      },
      () => !h.dialect.capabilities.fullOuterJoin && 'the database has no FULL OUTER JOIN',
    );

    test(h, 'a join with no foreign key, or several, asks for the ON clause', async () => {
      const { users, messages } = tables;
      const other = users.alias('other');
      const none = await errorFrom(Promise.resolve().then(() => users.join(other)));
      expect(none).toBeInstanceOf(ArgumentError);
      expect(none.message).toContain("Can't find any foreign key relationships");
      const several = await errorFrom(Promise.resolve().then(() => users.join(messages)));
      expect(several).toBeInstanceOf(ArgumentError);
      expect(several.message).toContain('2 foreign key paths');
      const explicit = select(users.c.name).join(messages, messages.c.senderId.eq(users.c.id));
      expect((await h.engine.execute(explicit)).all()).toEqual([]);
    });

    test(h, 'an alias joins a table to itself', async () => {
      const { users } = tables;
      const manager = users.alias('manager');
      const stmt = select(users.c.name, manager.c.name.label('manager'))
        .join(manager, users.c.managerId.eq(manager.c.id))
        .orderBy(users.c.id);
      expect((await h.engine.execute(stmt)).all().map((row) => [row.name, row.manager])).toEqual([
        ['Bob', 'Alice'],
        ['Carol', 'Alice'],
        ['dave', 'Bob'],
      ]);
    });

    test(h, 'ORDER BY ascending, descending, nulls first and last, and by label', async () => {
      const { users } = tables;
      expect(
        await names(select(users.c.id).orderBy(users.c.age.desc().nullsLast(), users.c.id)),
      ).toEqual([4, 2, 1, 5, 3]);
      expect(
        await names(select(users.c.id).orderBy(users.c.age.asc().nullsFirst(), users.c.id)),
      ).toEqual([3, 5, 1, 2, 4]);
      const total = func.count(users.c.id).label('total');
      const byTeam = select(users.c.team, total)
        .where(users.c.team.isNotNull())
        .groupBy(users.c.team)
        .orderBy(total.desc(), users.c.team);
      expect((await h.engine.execute(byTeam)).all().map((row) => [row.team, row.total])).toEqual([
        ['blue', 2],
        ['red', 2],
      ]);
    });

    test(h, 'LIMIT and OFFSET, including 0 and an OFFSET alone', async () => {
      const { users } = tables;
      const query = select(users.c.id).orderBy(users.c.id);
      expect(await names(query.limit(2))).toEqual([1, 2]);
      expect(await names(query.limit(2).offset(2))).toEqual([3, 4]);
      expect(await names(query.limit(0))).toEqual([]);
      expect(await names(query.offset(3))).toEqual([4, 5]);
      expect(await names(query.limit(10).offset(0))).toEqual([1, 2, 3, 4, 5]);
    });

    test(h, 'DISTINCT', async () => {
      const { users } = tables;
      expect(
        await names(
          select(users.c.team).distinct().where(users.c.team.isNotNull()).orderBy(users.c.team),
        ),
      ).toEqual(['blue', 'red']);
    });

    test(h, 'GROUP BY with count, sum, min, max, avg, and HAVING', async () => {
      const { posts } = tables;
      const stmt = select(
        posts.c.userId,
        func.count().label('n'),
        func.sum(posts.c.score).label('total'),
        func.min(posts.c.score).label('low'),
        func.max(posts.c.score).label('high'),
      )
        .groupBy(posts.c.userId)
        .having(func.count().gt(1))
        .orderBy(posts.c.userId);
      const rows = (await h.engine.execute(stmt)).all().map((row) => ({ ...row }));
      expect(rows).toEqual([{ userId: 1, n: 2, total: 15, low: 5, high: 10 }]);
      const avg = (
        await h.engine.execute(select(func.avg(posts.c.score)).where(posts.c.userId.eq(1)))
      ).scalar();
      expect(Number(avg)).toBe(7.5);
      expect(typeof avg).toBe('string');
    });

    test(h, 'a function without a label is named after it; count(*) counts rows', async () => {
      const { users } = tables;
      const row = (await h.engine.execute(select(func.count(), func.max(users.c.age)))).one();
      expect(row.count).toBe(5);
      expect(row.max).toBe(41);
    });

    test(h, 'a subquery in FROM, with typed columns', async () => {
      const { users, posts } = tables;
      const counts = select(posts.c.userId, func.count().label('posts'))
        .groupBy(posts.c.userId)
        .subquery('counts');
      const stmt = select(users.c.name, counts.c.posts)
        .join(counts, users.c.id.eq(counts.c.userId))
        .orderBy(counts.c.posts.desc(), users.c.name);
      expect((await h.engine.execute(stmt)).all().map((row) => [row.name, row.posts])).toEqual([
        ['Alice', 2],
        ['Bob', 1],
        ['dave', 1],
      ]);
      const anonymous = select(users.c.id).where(users.c.age.gt(26)).subquery();
      expect(await names(select(anonymous.c.id).orderBy(anonymous.c.id))).toEqual([2, 4]);
    });

    test(h, 'a correlated scalar subquery in the column list and in WHERE', async () => {
      const { users, posts } = tables;
      const postCount = select(func.count()).where(posts.c.userId.eq(users.c.id)).scalarSubquery();
      const stmt = select(users.c.name, postCount.label('posts'))
        .where(postCount.ge(1))
        .orderBy(users.c.id);
      expect((await h.engine.execute(stmt)).all().map((row) => [row.name, row.posts])).toEqual([
        ['Alice', 2],
        ['Bob', 1],
        ['dave', 1],
      ]);
    });

    test(h, 'EXISTS, correlated to the enclosing select', async () => {
      const { users, posts } = tables;
      const hasHighScore = exists(
        select(posts.c.id).where(posts.c.userId.eq(users.c.id), posts.c.score.ge(7)),
      );
      expect(await names(select(users.c.id).where(hasHighScore).orderBy(users.c.id))).toEqual([
        1, 2,
      ]);
      expect(await names(select(users.c.id).where(not(hasHighScore)).orderBy(users.c.id))).toEqual([
        3, 4, 5,
      ]);
    });

    test(h, 'a CTE, used in FROM and in a join', async () => {
      const { users, posts } = tables;
      const scored = select(posts.c.userId, func.sum(posts.c.score).label('total'))
        .groupBy(posts.c.userId)
        .cte('scored');
      const stmt = select(users.c.name, scored.c.total)
        .join(scored, users.c.id.eq(scored.c.userId))
        .orderBy(users.c.id);
      expect((await h.engine.execute(stmt)).all().map((row) => [row.name, row.total])).toEqual([
        ['Alice', 15],
        ['Bob', 7],
        ['dave', null],
      ]);
    });

    test(h, 'a recursive CTE walks a tree', async () => {
      const { users } = tables;
      const chain = select(users.c.id, users.c.name, literal(0, Integer).label('depth'))
        .where(users.c.id.eq(1))
        .cte('chain', { recursive: true });
      const next = select(users.c.id, users.c.name, chain.c.depth.add(1)).join(
        chain,
        users.c.managerId.eq(chain.c.id),
      );
      chain.unionAll(next);
      const rows = (
        await h.engine.execute(
          select(chain.c.name, chain.c.depth).orderBy(chain.c.depth, chain.c.name),
        )
      )
        .all()
        .map((row) => [row.name, row.depth]);
      expect(rows).toEqual([
        ['Alice', 0],
        ['Bob', 1],
        ['Carol', 1],
        ['dave', 2],
      ]);
    });

    test(h, 'a recursive CTE counts from 1 to 10', async () => {
      const counter = select(literal(1, Integer).label('n')).cte('counter', { recursive: true });
      counter.unionAll(select(counter.c.n.add(1)).where(counter.c.n.lt(10)));
      const total = (await h.engine.execute(select(func.sum(counter.c.n), func.count()))).one();
      expect([...total]).toEqual([55, 10]);
    });

    test(
      h,
      'UNION, UNION ALL, INTERSECT and EXCEPT, with ORDER BY and LIMIT on the whole',
      async () => {
        const { users } = tables;
        const red = select(users.c.id).where(users.c.team.eq('red'));
        const old = select(users.c.id).where(users.c.age.ge(30));
        expect(await names(union(red, old).orderBy(users.c.id))).toEqual([1, 2, 4]);
        expect((await names(unionAll(red, old))).sort()).toEqual([1, 2, 2, 4]);
        expect(await names(intersect(red, old))).toEqual([2]);
        expect(await names(except_(red, old))).toEqual([1]);
        expect(await names(red.union(old).orderBy(users.c.id.desc()).limit(2))).toEqual([4, 2]);
      },
    );

    test(h, 'a member of a UNION with its own ORDER BY and LIMIT', async () => {
      const { users } = tables;
      const youngest = select(users.c.id)
        .where(users.c.age.isNotNull())
        .orderBy(users.c.age)
        .limit(1);
      const oldest = select(users.c.id)
        .where(users.c.age.isNotNull())
        .orderBy(users.c.age.desc())
        .limit(1);
      expect((await names(union(youngest, oldest))).sort()).toEqual([4, 5]);
    });

    test(
      h,
      'window functions: row_number and rank over partitions',
      async () => {
        const { users } = tables;
        const rank = func
          .rowNumber()
          .over({ partitionBy: users.c.team, orderBy: users.c.id.desc() });
        const stmt = select(users.c.name, rank.label('pos'))
          .where(users.c.team.isNotNull())
          .orderBy(users.c.id);
        expect((await h.engine.execute(stmt)).all().map((row) => [row.name, row.pos])).toEqual([
          ['Alice', 2],
          ['Bob', 1],
          ['Carol', 2],
          ['dave', 1],
        ]);
      },
      () => !h.dialect.capabilities.windowFunctions && 'the database has no window functions',
    );

    test(
      h,
      'func.call by its SQL name; CASE without else is NULL where no branch matches',
      async () => {
        const { users } = tables;
        const stmt = select(
          users.c.id,
          func.call<number>('length', users.c.name).label('chars'),
          case_([[users.c.age.lt(20), 'teen']]).label('bracket'),
        )
          .where(users.c.id.in([1, 5]))
          .orderBy(users.c.id);
        const rows = (await h.engine.execute(stmt)).all().map((row) => ({ ...row }));
        expect(rows).toEqual([
          { id: 1, chars: 5, bracket: null },
          { id: 5, chars: 7, bracket: 'teen' },
        ]);
      },
    );

    test(h, 'CASE, CAST, COALESCE, lower, upper, concatenation and arithmetic', async () => {
      const { users } = tables;
      const stmt = select(
        case_([[users.c.age.lt(26), 'young']], { else: 'older' }).label('bracket'),
        cast(users.c.id, String(10)).label('id_text'),
        func.coalesce(users.c.team, 'none').label('team'),
        func.lower(users.c.name).label('lower'),
        func.upper(users.c.name).label('upper'),
        users.c.name.concat('!').label('shout'),
        users.c.age.mul(2).add(1).label('calc'),
      )
        .where(users.c.id.in([1, 5]))
        .orderBy(users.c.id);
      const rows = (await h.engine.execute(stmt)).all().map((row) => ({ ...row }));
      expect(rows).toEqual([
        {
          bracket: 'young',
          id_text: '1',
          team: 'red',
          lower: 'alice',
          upper: 'ALICE',
          shout: 'Alice!',
          calc: 51,
        },
        {
          bracket: 'young',
          id_text: '5',
          team: 'none',
          lower: '50%_off',
          upper: '50%_OFF',
          shout: '50%_off!',
          calc: 39,
        },
      ]);
    });

    test(h, 'raw SQL fragments with text() in WHERE and ORDER BY', async () => {
      const { users } = tables;
      const stmt = select(users.c.id)
        .where(text(`${h.q(users.name)}.age > :min`))
        .orderBy(text(`${h.q(users.name)}.id DESC`));
      expect((await h.engine.execute(stmt, { min: 26 })).scalars().all()).toEqual([4, 2]);
    });

    test(h, 'bindparam() takes its value at execution', async () => {
      const { users } = tables;
      const byName = select(users.c.id).where(users.c.name.eq(bindparam('who')));
      expect((await h.engine.execute(byName, { who: 'Carol' })).scalar()).toBe(3);
      expect((await h.engine.execute(byName, { who: 'Bob' })).scalar()).toBe(2);
      expect((await errorFrom(h.engine.execute(byName))).message).toContain("bind parameter 'who'");
    });

    test(h, 'a statement run again with new values is not compiled again', async () => {
      const { users } = tables;
      const byId = (id: number) =>
        select(users.c.name).where(users.c.id.eq(id), users.c.age.gt(0)).limit(1);
      // An engine with read replicas runs these on a replica, whose engine compiles for its
      // own server: count the compilations of all of them.
      const compilations = () =>
        [h.engine, ...h.engine.replicas].reduce(
          (sum, engine) => sum + engine.dialect.compiler.compilations,
          0,
        );
      await h.engine.execute(byId(1));
      const before = compilations();
      const seen: unknown[] = [];
      for (const id of [2, 4, 5]) seen.push((await h.engine.execute(byId(id))).scalar());
      expect(seen).toEqual(['Bob', 'dave', '50%_off']);
      expect(compilations()).toBe(before);
      await h.engine.execute(byId(1).offset(1));
      expect(compilations()).toBe(before + 1);
    });

    test(
      h,
      'FOR UPDATE locks the rows it reads inside a transaction',
      async () => {
        const { users } = tables;
        await h.engine.begin(async (conn) => {
          const rows = (
            await conn.execute(
              select(users.c.id).where(users.c.id.le(2)).orderBy(users.c.id).forUpdate(),
            )
          )
            .scalars()
            .all();
          expect(rows).toEqual([1, 2]);
        });
      },
      () => !h.dialect.capabilities.rowLocking && 'the database has no row locks',
    );
  });
}
