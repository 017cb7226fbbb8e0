import type { Engine } from '@athanor/core';
import { insert } from '@athanor/core';
import type { SessionFactory } from '@athanor/orm';
import type { BlogModels, FamilyModels } from './models.js';

/** What a seed needs of the test's database (the conformance suite's or the ORM tests'). */
export interface SeedDatabase {
  readonly engine: Engine;
  readonly Session: SessionFactory;
  clearLog(): void;
}

/**
 * Alice with posts First/Second/Third, Bob with Cooking, Carol with none; added through a
 * session (the keys are the database's) and committed. @internal
 */
export async function seedUsers(
  db: SeedDatabase,
  { User, Post }: BlogModels,
): Promise<{ aliceId: number; bobId: number; carolId: number }> {
  await using session = db.Session({ expireOnCommit: false });
  const alice = User.create({
    name: 'Alice',
    posts: [
      Post.create({ title: 'First' }),
      Post.create({ title: 'Second' }),
      Post.create({ title: 'Third' }),
    ],
  });
  const bob = User.create({ name: 'Bob', posts: [Post.create({ title: 'Cooking' })] });
  const carol = User.create({ name: 'Carol', posts: [] });
  session.addAll([alice, bob, carol]);
  await session.commit();
  db.clearLog();
  return { aliceId: alice.id, bobId: bob.id, carolId: carol.id };
}

// Keys given explicitly by seedKeyedUsers, far above what the databases' sequences reach.
export const ALICE = 1001;
export const BOB = 1002;
export const CAROL = 1003;

/**
 * Alice (profile 'zz') with posts First 2001, Second 2003, Third 2005; Bob (profile 'aa')
 * with Cooking 2002, Baking 2004; Carol (profile 'mm') with none. Written with Core, with the
 * keys given. @internal
 */
export async function seedKeyedUsers(
  db: SeedDatabase,
  { User, Post, Profile }: BlogModels,
): Promise<void> {
  await db.engine.execute(insert(User), [
    { id: ALICE, name: 'Alice' },
    { id: BOB, name: 'Bob' },
    { id: CAROL, name: 'Carol' },
  ]);
  await db.engine.execute(insert(Post), [
    { id: 2001, title: 'First', userId: ALICE },
    { id: 2002, title: 'Cooking', userId: BOB },
    { id: 2003, title: 'Second', userId: ALICE },
    { id: 2004, title: 'Baking', userId: BOB },
    { id: 2005, title: 'Third', userId: ALICE },
  ]);
  await db.engine.execute(insert(Profile), [
    { id: 3001, bio: 'zz', userId: ALICE },
    { id: 3002, bio: 'aa', userId: BOB },
    { id: 3003, bio: 'mm', userId: CAROL },
  ]);
  db.clearLog();
}

/**
 * Ann with kids Ada, Ben (inactive) and Cy and the Chess club; Bo with Dot (inactive);
 * committed. @internal
 */
export async function seedFamily(
  db: SeedDatabase,
  { Parent, Kid, Club }: FamilyModels,
): Promise<void> {
  await using session = db.Session();
  const ann = Parent.create({
    name: 'Ann',
    kids: [
      Kid.create({ name: 'Ada' }),
      Kid.create({ name: 'Ben', active: false }),
      Kid.create({ name: 'Cy' }),
    ],
    clubs: [Club.create({ name: 'Chess' })],
  });
  const bo = Parent.create({ name: 'Bo', kids: [Kid.create({ name: 'Dot', active: false })] });
  session.addAll([ann, bo]);
  await session.commit();
}
