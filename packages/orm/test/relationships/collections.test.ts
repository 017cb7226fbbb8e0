import { ArgumentError, InvalidRequestError } from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { names, rowsOf, titles } from '../../../testing/src/suites/relationships/helpers.js';
import {
  defineBlogModels,
  defineMembershipModels,
  defineTeamModels,
  type Membership,
  type Post,
  type Team,
  type User,
} from '../../../testing/src/suites/relationships/models.js';
import { ALICE, BOB, seedKeyedUsers } from '../../../testing/src/suites/relationships/seeds.js';
import { declarativeBase, inspect, type Session, select, selectinload } from '../../src/index.js';
import { useDatabase } from './database.js';

// Collections as arrays: changed by index or length, spliced, popped and shifted, through an
// association proxy, refused when viewonly or given a deleted object. The ORM's bookkeeping;
// the flush after it writes keys any database takes alike.
describe('relationships: collections', () => {
  const Base = declarativeBase();
  const blog = defineBlogModels(Base, 'l_', { postsCascade: 'all' });
  const { User, Post } = blog;
  const { Member, Group, Membership } = defineMembershipModels(Base, 'l_', { orderBy: 'groupId' });
  const { Team, Player } = defineTeamModels(Base, 'l_');
  const db = useDatabase(Base.metadata);
  const postRows = (session: Session) =>
    rowsOf(session, select(Post.c.id, Post.c.title, Post.c.userId).orderBy(Post.c.id));

  test('a loaded collection changed by index or by length is written at the next flush', async () => {
    await seedKeyedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const alice = (
      await session.scalars(
        select(User)
          .where(User.c.id.eq(ALICE))
          .options(selectinload(User.rel('posts'))),
      )
    ).one();
    expect(titles(alice.posts)).toEqual(['First', 'Second', 'Third']);

    const replacement = new Post({ id: 2006, title: 'Replacement' });
    alice.posts[0] = replacement;
    await session.flush();
    expect(inspect(replacement).status).toBe('persistent');
    expect(replacement.userId).toBe(ALICE);
    expect(await postRows(session)).toEqual([
      [2001, 'First', null],
      [2002, 'Cooking', BOB],
      [2003, 'Second', ALICE],
      [2004, 'Baking', BOB],
      [2005, 'Third', ALICE],
      [2006, 'Replacement', ALICE],
    ]);

    // An existing post of Bob's put in by index moves to Alice.
    const cooking = (await session.get(Post, 2002)) as Post;
    alice.posts[alice.posts.length] = cooking;
    await session.flush();
    expect(await rowsOf(session, select(Post.c.userId).where(Post.c.id.eq(2002)))).toEqual([
      [ALICE],
    ]);

    alice.posts.length = 0;
    await session.commit();
    expect(await postRows(session)).toEqual([
      [2001, 'First', null],
      [2002, 'Cooking', null],
      [2003, 'Second', null],
      [2004, 'Baking', BOB],
      [2005, 'Third', null],
      [2006, 'Replacement', null],
    ]);
  });

  test('pushing to a viewonly collection throws ArgumentError; nothing is inserted', async () => {
    await using writer = db.Session({ expireOnCommit: false });
    const team = Team.create({ name: 'Blues', players: [Player.create({ name: 'Ann' })] });
    writer.add(team);
    await writer.commit();

    await using session = db.Session({ expireOnCommit: false });
    const loaded = (await session.get(Team, team.id)) as Team;
    const roster = await session.load(loaded, 'roster');
    expect(names(roster)).toEqual(['Ann']);
    const extra = new Player({ name: 'Extra' });
    for (const change of [
      () => loaded.roster.push(extra),
      () => loaded.roster.unshift(extra),
      () => loaded.roster.splice(0, 0, extra),
    ]) {
      let error: Error | undefined;
      try {
        change();
      } catch (caught) {
        error = caught as Error;
      }
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error?.message).toMatch(/viewonly/);
    }
    expect(names(loaded.roster)).toEqual(['Ann']);
    expect(inspect(extra).status).toBe('transient');
    expect(extra.team).toBeNull();
    await session.commit();
    expect(await rowsOf(session, select(Player.c.name))).toEqual([['Ann']]);
  });

  test('association proxy pop(), shift() and splice() remove the association objects and rows', async () => {
    const groupIds = [4001, 4002, 4003, 4004, 4005];
    await using writer = db.Session({ expireOnCommit: false });
    const ann = new Member({ id: 6001, name: 'Ann' });
    for (const id of groupIds) ann.groups.push(new Group({ id, name: `g${id - 4000}` }));
    writer.add(ann);
    await writer.commit();
    expect(
      await rowsOf(writer, select(Membership.c.groupId).orderBy(Membership.c.groupId)),
    ).toEqual(groupIds.map((id) => [id]));
    await writer.commit();

    await using session = db.Session({ expireOnCommit: false });
    const member = (
      await session.scalars(
        select(Member).options(
          selectinload(Member.rel('memberships')).selectinload(Membership.rel('group')),
        ),
      )
    ).one();
    expect(names(member.groups)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    const [m1, m2, , , m5] = member.memberships as Membership[];

    expect(member.groups.pop()?.name).toBe('g5');
    expect(names(member.groups)).toEqual(['g1', 'g2', 'g3', 'g4']);
    expect(member.memberships).toHaveLength(4);
    expect(m5?.member).toBeNull();

    expect(member.groups.shift()?.name).toBe('g1');
    expect(names(member.groups)).toEqual(['g2', 'g3', 'g4']);
    expect(m1?.member).toBeNull();

    expect(names(member.groups.splice(0, 1))).toEqual(['g2']);
    expect(names(member.groups)).toEqual(['g3', 'g4']);
    expect(member.memberships).toHaveLength(2);
    expect(m2?.member).toBeNull();

    await session.commit();
    for (const gone of [m1, m2, m5]) expect(inspect(gone as Membership).status).toBe('detached');
    expect(
      await rowsOf(session, select(Membership.c.groupId).orderBy(Membership.c.groupId)),
    ).toEqual([[4003], [4004]]);
    // The groups themselves stay.
    expect(await rowsOf(session, select(Group.c.id).orderBy(Group.c.id))).toEqual(
      groupIds.map((id) => [id]),
    );
  });

  test('RelatedList.splice(0, undefined, x) inserts x and removes nothing, as arrays do', async () => {
    const user = new User({ name: 'Ula' });
    const a = new Post({ title: 'a' });
    const b = new Post({ title: 'b' });
    user.posts.push(a, b);

    const x = new Post({ title: 'x' });
    // A count that is undefined at run time (an optional argument passed on, plain JS).
    const count = undefined as unknown as number;
    const plain = ['a', 'b'];
    expect(plain.splice(0, count, 'x')).toEqual([]);
    expect(plain).toEqual(['x', 'a', 'b']);

    const removed = user.posts.splice(0, count, x);
    expect(removed).toEqual([]);
    expect(titles(user.posts)).toEqual(['x', 'a', 'b']);
    expect(x.user).toBe(user);
    expect(a.user).toBe(user);
    expect(b.user).toBe(user);

    await using session = db.Session({ expireOnCommit: false });
    session.add(user);
    await session.commit();
    expect(
      await rowsOf(session, select(Post.c.title, Post.c.userId).orderBy(Post.c.title)),
    ).toEqual([
      ['a', user.id],
      ['b', user.id],
      ['x', user.id],
    ]);
  });

  test('pop() or shift() of a member that is in the collection twice keeps its back-reference', async () => {
    const user = new User({ name: 'Ula' });
    const a = new Post({ title: 'a' });
    const b = new Post({ title: 'b' });
    user.posts.push(a, b);

    // A duplicate taken off the end is still in the collection: its user stays.
    user.posts.push(a);
    expect(user.posts.pop()).toBe(a);
    expect(a.user).toBe(user);
    user.posts.unshift(b);
    expect(user.posts.shift()).toBe(b);
    expect(b.user).toBe(user);
    expect(titles(user.posts)).toEqual(['a', 'b']);

    await using session = db.Session({ expireOnCommit: false });
    session.add(user);
    await session.commit();

    // The same on a persistent collection: the flush keeps the keys.
    user.posts.push(a);
    user.posts.pop();
    expect(a.user).toBe(user);
    await session.commit();
    expect(
      await rowsOf(session, select(Post.c.title, Post.c.userId).orderBy(Post.c.title)),
    ).toEqual([
      ['a', user.id],
      ['b', user.id],
    ]);
  });

  test('pushing a deleted object into a collection throws', async () => {
    await seedKeyedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const [alice, bob] = (
      await session.scalars(
        select(User)
          .where(User.c.id.in([ALICE, BOB]))
          .options(selectinload(User.rel('posts')))
          .orderBy(User.c.id),
      )
    ).all() as [User, User];
    const first = alice.posts[0] as Post;
    session.delete(first);
    await session.flush();
    expect(inspect(first).status).toBe('deleted');
    expect(() => bob.posts.push(first)).toThrow(InvalidRequestError);
    expect(titles(bob.posts)).toEqual(['Cooking', 'Baking']);

    // Marked for deletion, not yet flushed: refused too.
    const second = alice.posts.find((post) => post.title === 'Second') as Post;
    session.delete(second);
    expect(() => bob.posts.push(second)).toThrow(InvalidRequestError);
    expect(titles(bob.posts)).toEqual(['Cooking', 'Baking']);

    await session.commit();
    expect(await postRows(session)).toEqual([
      [2002, 'Cooking', BOB],
      [2004, 'Baking', BOB],
      [2005, 'Third', ALICE],
    ]);
  });
});
