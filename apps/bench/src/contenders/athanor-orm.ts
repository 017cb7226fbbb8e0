import { createEngine, delete_, type Engine, insert } from '@athanor/core';
import { type SessionFactory, select, selectinload, sessionmaker } from '@athanor/orm';
import type { Contender, WorkloadContext, WorkloadRun } from '../contender.js';
import {
  makePosts,
  makeUsers,
  nextMarker,
  postsPerUser,
  usersWithTheirPosts,
  w6Values,
} from '../dataset.js';
import { countRows } from './athanor-core.js';
import { freshTables, ormModels } from './athanor-schema.js';

/**
 * An engine with the models' tables, `seed` users (ids 1..seed) in them, with `withPosts` (W4)
 * `postsPerUser` posts for each, and a sessionmaker.
 */
async function setUp(context: WorkloadContext, seed: number, withPosts = false) {
  const models = ormModels();
  const engine = createEngine(context.target.url);
  await freshTables(engine, models.metadata, [models.User.table, models.Post.table]);
  if (seed > 0) await engine.execute(insert(models.User), makeUsers(seed, true));
  if (seed > 0 && withPosts) await engine.execute(insert(models.Post), makePosts(seed));
  const Session: SessionFactory = sessionmaker({ bind: engine });
  return { engine, Session, ...models };
}

function disposing(engine: Engine): Pick<WorkloadRun, 'close'> {
  return { close: () => engine.dispose() };
}

/** Athanor's ORM: models, a Session per unit of work, objects tracked in its identity map. */
export const athanorOrmWorkloads: Contender['workloads'] = {
  async W1(context) {
    const { engine, Session, User } = await setUp(context, 0);
    const rows = makeUsers(context.size);
    return {
      reset: async () => void (await engine.execute(delete_(User.table))),
      run: async () => {
        await using session = Session();
        const users = rows.map((row) => new User(row));
        session.addAll(users);
        await session.commit();
        // The primary key is never expired: each one read back means the row was inserted.
        return users.filter((user) => typeof user.id === 'number').length;
      },
      verify: () => countRows(engine, User.table),
      ...disposing(engine),
    };
  },

  async W2(context) {
    const { engine, Session, User } = await setUp(context, context.size);
    return {
      reset: async () => undefined,
      run: async () => {
        await using session = Session();
        return (await session.scalars(select(User))).all().length;
      },
      verify: () => countRows(engine, User.table),
      ...disposing(engine),
    };
  },

  async W3(context) {
    const { engine, Session, User } = await setUp(context, context.size);
    return {
      reset: async () => undefined,
      run: async () => {
        await using session = Session();
        let found = 0;
        for (let id = 1; id <= context.size; id++) {
          // An empty identity map, so every get() is a query.
          session.expungeAll();
          if (await session.get(User, id)) found++;
        }
        return found;
      },
      verify: () => countRows(engine, User.table),
      ...disposing(engine),
    };
  },

  async W4(context) {
    const { engine, Session, User, Post } = await setUp(context, context.size, true);
    const load = async () => {
      await using session = Session();
      return (await session.scalars(select(User).options(selectinload(User.rel('posts'))))).all();
    };
    return {
      reset: async () => undefined,
      run: async () => {
        // Reading a collection that was not loaded throws: every user's posts are there.
        let complete = 0;
        for (const user of await load()) if (user.posts.length === postsPerUser) complete++;
        return complete;
      },
      // Loads once more, untimed, and checks every post (no run's objects are kept alive).
      verify: async () =>
        usersWithTheirPosts(await load(), await countRows(engine, Post.table), {
          id: (user) => user.id,
          posts: (user) => user.posts,
          owner: (post) => post.userId,
        }),
      ...disposing(engine),
    };
  },

  async W5(context) {
    const { engine, Session, User } = await setUp(context, context.size);
    let marker = 0;
    return {
      reset: async () => undefined,
      run: async () => {
        marker = nextMarker(marker);
        await using session = Session();
        const users = (
          await session.scalars(select(User).orderBy(User.c.id).limit(context.size))
        ).all();
        for (const user of users) user.age = marker;
        const changed = session.dirty.length;
        await session.commit();
        return changed;
      },
      verify: () => countRows(engine, User.table, User.c.age.eq(marker)),
      ...disposing(engine),
    };
  },

  async W6(context) {
    const { User, Post } = ormModels();
    const engine = createEngine(context.target.url);
    const compiler = (await engine.loadDialect()).compiler;
    let last = 0;
    return {
      reset: async () => undefined,
      run: async () => {
        let built = 0;
        for (let i = 0; i < context.size; i++) {
          const { minAge, namePattern, title } = w6Values(i);
          const stmt = select(User)
            .join(Post, Post.c.userId.eq(User.c.id))
            .where(User.c.age.gt(minAge), User.c.name.like(namePattern), Post.c.title.ne(title))
            .orderBy(User.c.name)
            .limit(10);
          const { sql, params } = compiler.compileToSql(stmt);
          if (sql.includes('JOIN') && params.length >= 3) built++;
        }
        last = built;
        return built;
      },
      verify: async () => last,
      ...disposing(engine),
    };
  },

  async W7(context) {
    const { StreamUser } = ormModels();
    const engine = createEngine(context.target.url);
    const Session = sessionmaker({ bind: engine });
    return {
      reset: async () => undefined,
      run: async () => {
        await using session = Session();
        const stream = await session.stream(select(StreamUser));
        let seen = 0;
        for await (const [user] of stream) if (user) seen++;
        return seen;
      },
      verify: () => countRows(engine, StreamUser.table),
      ...disposing(engine),
    };
  },
};
