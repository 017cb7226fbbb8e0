import {
  type AnyTable,
  Column,
  DateTime,
  type Engine,
  Integer,
  MetaData,
  String as Str,
  Table,
} from '@athanor/core';
import { declarativeBase } from '@athanor/orm';
import { postsTable, streamTable, usersTable } from '../dataset.js';

/** The users columns, a fresh set for each table that has them. */
function userColumns() {
  return {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Str(50), { nullable: false }),
    email: new Column(Str(100), { nullable: false }),
    age: new Column(Integer),
    createdAt: new Column(DateTime, { name: 'created_at' }),
  };
}

function postColumns() {
  return {
    id: new Column(Integer, { primaryKey: true }),
    userId: new Column(Integer, {
      name: 'user_id',
      foreignKey: `${usersTable}.id`,
      nullable: false,
      // W4 loads each user's posts by it (ix_bench_posts_user_id; the raw DDL makes the same).
      index: true,
    }),
    title: new Column(Str(100), { nullable: false }),
  };
}

/** Core's tables, in a MetaData of their own. */
export function coreTables() {
  const metadata = new MetaData();
  return {
    metadata,
    users: new Table(usersTable, metadata, userColumns()),
    posts: new Table(postsTable, metadata, postColumns()),
    stream: new Table(streamTable, metadata, userColumns()),
  };
}

/**
 * The ORM's models, in a declarative base of their own: `user.posts` and `post.user` mirror
 * each other (W4 loads the first with `selectinload`). Both load only when asked (`lazy` is
 * `'select'`), so the workloads that select users alone do not touch posts.
 */
export function ormModels() {
  const Base = declarativeBase();
  class User extends Base.model(usersTable, userColumns()) {
    declare posts: Post[];
  }
  class Post extends Base.model(postsTable, postColumns()) {
    declare user: User;
  }
  User.relationship('posts', () => Post, { backPopulates: 'user' });
  Post.relationship('user', () => User, { backPopulates: 'posts' });
  class StreamUser extends Base.model(streamTable, userColumns()) {}
  return { metadata: Base.metadata, User, Post, StreamUser };
}

/**
 * Makes the users and posts tables empty and as Athanor defines them: dropped first, since
 * another contender may have left its own on a server (W7's table is written once and kept).
 */
export async function freshTables(
  engine: Engine,
  metadata: MetaData,
  tables: readonly AnyTable[],
): Promise<void> {
  await metadata.dropAll(engine, { tables });
  await metadata.createAll(engine, { tables });
}
