import {
  type AnyTable,
  bindparam,
  type Condition,
  createEngine,
  delete_,
  type Engine,
  func,
  insert,
  select,
  update,
} from '@athanor/core';
import type { Contender, WorkloadContext, WorkloadRun } from '../contender.js';
import {
  keysPerQuery,
  makePosts,
  makeUsers,
  nextMarker,
  type PostRow,
  postsPerUser,
  usersWithTheirPosts,
  w6Values,
} from '../dataset.js';
import { coreTables, freshTables } from './athanor-schema.js';

/** `SELECT count(*)`, as the harness checks what a workload did. */
export async function countRows(
  engine: Engine,
  table: AnyTable,
  where?: Condition,
): Promise<number> {
  const query = select(func.count()).selectFrom(table);
  return Number((await engine.execute(where ? query.where(where) : query)).scalar());
}

/**
 * An engine with the users and posts tables, `seed` users (ids 1..seed) in them, and with
 * `withPosts` (W4) `postsPerUser` posts for each.
 */
async function setUp(context: WorkloadContext, seed: number, withPosts = false) {
  const tables = coreTables();
  const engine = createEngine(context.target.url);
  await freshTables(engine, tables.metadata, [tables.users, tables.posts]);
  if (seed > 0) await engine.execute(insert(tables.users), makeUsers(seed, true));
  if (seed > 0 && withPosts) await engine.execute(insert(tables.posts), makePosts(seed));
  return { engine, ...tables };
}

function disposing(engine: Engine): Pick<WorkloadRun, 'close'> {
  return { close: () => engine.dispose() };
}

/** Athanor Core: Tables and statements run on a connection, rows as Core returns them. */
export const athanorCoreWorkloads: Contender['workloads'] = {
  async W1(context) {
    const { engine, users } = await setUp(context, 0);
    const rows = makeUsers(context.size);
    return {
      reset: async () => void (await engine.execute(delete_(users))),
      run: () => engine.begin(async (conn) => (await conn.execute(insert(users), rows)).rowcount),
      verify: () => countRows(engine, users),
      ...disposing(engine),
    };
  },

  async W2(context) {
    const { engine, users } = await setUp(context, context.size);
    return {
      reset: async () => undefined,
      run: async () => {
        await using conn = await engine.connect();
        return (await conn.execute(select(users))).all().length;
      },
      verify: () => countRows(engine, users),
      ...disposing(engine),
    };
  },

  async W3(context) {
    const { engine, users } = await setUp(context, context.size);
    return {
      reset: async () => undefined,
      run: async () => {
        await using conn = await engine.connect();
        let found = 0;
        for (let id = 1; id <= context.size; id++) {
          const row = (await conn.execute(select(users).where(users.c.id.eq(id)))).first();
          if (row) found++;
        }
        return found;
      },
      verify: () => countRows(engine, users),
      ...disposing(engine),
    };
  },

  async W4(context) {
    const { engine, users, posts } = await setUp(context, context.size, true);
    type UserWithPosts = {
      id: number;
      name: string;
      email: string;
      age: number | null;
      createdAt: Date | null;
      posts: PostRow[];
    };
    // The raw driver's two queries, as Core statements; the rows stitched by hand.
    const load = async (): Promise<UserWithPosts[]> => {
      await using conn = await engine.connect();
      const userRows = (await conn.execute(select(users))).all();
      const loaded = new Array<UserWithPosts>(userRows.length);
      const ids = new Array<number>(userRows.length);
      const byId = new Map<number, PostRow[]>();
      for (let i = 0; i < userRows.length; i++) {
        const row = userRows[i] as (typeof userRows)[number];
        const user: UserWithPosts = {
          id: row.id,
          name: row.name,
          email: row.email,
          age: row.age,
          createdAt: row.createdAt,
          posts: [],
        };
        loaded[i] = user;
        ids[i] = user.id;
        byId.set(user.id, user.posts);
      }
      for (let start = 0; start < ids.length; start += keysPerQuery) {
        const keys = ids.length <= keysPerQuery ? ids : ids.slice(start, start + keysPerQuery);
        const postRows = (await conn.execute(select(posts).where(posts.c.userId.in(keys)))).all();
        for (const post of postRows) byId.get(post.userId)?.push(post);
      }
      return loaded;
    };
    return {
      reset: async () => undefined,
      run: async () => {
        let complete = 0;
        for (const user of await load()) if (user.posts.length === postsPerUser) complete++;
        return complete;
      },
      // Loads once more, untimed, and checks every post (no run's objects are kept alive).
      verify: async () =>
        usersWithTheirPosts(await load(), await countRows(engine, posts), {
          id: (user) => user.id,
          posts: (user) => user.posts,
          owner: (post) => post.userId,
        }),
      ...disposing(engine),
    };
  },

  async W5(context) {
    const { engine, users } = await setUp(context, context.size);
    const setAge = update(users)
      .where(users.c.id.eq(bindparam('pk')))
      .values({ age: bindparam('newAge') });
    let marker = 0;
    return {
      reset: async () => undefined,
      run: () =>
        engine.begin(async (conn) => {
          marker = nextMarker(marker);
          const rows = (
            await conn.execute(select(users).orderBy(users.c.id).limit(context.size))
          ).all();
          const changes = rows.map((row) => ({ pk: row.id, newAge: marker }));
          return (await conn.execute(setAge, changes)).rowcount;
        }),
      verify: () => countRows(engine, users, users.c.age.eq(marker)),
      ...disposing(engine),
    };
  },

  async W6(context) {
    const { users, posts } = coreTables();
    const engine = createEngine(context.target.url);
    const compiler = (await engine.loadDialect()).compiler;
    let last = 0;
    return {
      reset: async () => undefined,
      run: async () => {
        let built = 0;
        for (let i = 0; i < context.size; i++) {
          const { minAge, namePattern, title } = w6Values(i);
          const stmt = select(users.c.id, users.c.name, posts.c.title)
            .join(posts, posts.c.userId.eq(users.c.id))
            .where(users.c.age.gt(minAge), users.c.name.like(namePattern), posts.c.title.ne(title))
            .orderBy(users.c.name)
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
    const { stream } = coreTables();
    const engine = createEngine(context.target.url);
    return {
      reset: async () => undefined,
      run: async () => {
        await using conn = await engine.connect();
        const result = await conn.stream(select(stream));
        let seen = 0;
        for await (const row of result) if (row) seen++;
        return seen;
      },
      verify: () => countRows(engine, stream),
      ...disposing(engine),
    };
  },
};
