import { Collection, EntitySchema, type Options, QueryFlag } from '@mikro-orm/core';
import { type DatabaseTarget, sqliteFilename } from '../../database-target.js';
import { postsTable, streamTable, type UserRow, usersTable, w6Values } from '../../dataset.js';
import { loadedGraph, type OpenPeer, streamPageSize } from '../peer-kit.js';

class User {
  id!: number;
  name!: string;
  email!: string;
  age!: number | null;
  createdAt!: Date | null;
  posts = new Collection<Post>(this);
}

class Post {
  id!: number;
  user!: User;
  title!: string;
}

class StreamUser {
  id!: number;
  name!: string;
  email!: string;
  age!: number | null;
  createdAt!: Date | null;
}

/**
 * The entities without decorators (`EntitySchema`, which MikroORM's docs offer alongside them):
 * TypeScript 7 here emits no decorator metadata. On SQLite MikroORM stores a datetime as epoch
 * milliseconds; elsewhere as the database's own type.
 */
const userProperties = {
  id: { type: 'integer', primary: true },
  name: { type: 'string', length: 50 },
  email: { type: 'string', length: 100 },
  age: { type: 'integer', nullable: true },
  createdAt: { type: 'datetime', fieldName: 'created_at', nullable: true },
} as const;

const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: usersTable,
  properties: {
    ...userProperties,
    posts: { kind: '1:m', entity: () => Post, mappedBy: 'user' },
  },
});

const PostSchema = new EntitySchema<Post>({
  class: Post,
  tableName: postsTable,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: false },
    user: { kind: 'm:1', entity: () => User, fieldName: 'user_id', inversedBy: 'posts' },
    title: { type: 'string', length: 100 },
  },
});

const StreamSchema = new EntitySchema<StreamUser>({
  class: StreamUser,
  tableName: streamTable,
  properties: userProperties,
});

const entities = [UserSchema, PostSchema, StreamSchema];

/** MikroORM 6's SQL drivers, each loaded only when used: better-sqlite, postgresql, mariadb. */
async function initOrm(target: DatabaseTarget) {
  const common = { entities, discovery: { warnWhenNoEntities: false } } satisfies Options;
  switch (target.kind) {
    case 'sqlite': {
      const { MikroORM } = await import('@mikro-orm/better-sqlite');
      return MikroORM.init({ ...common, dbName: sqliteFilename(target) });
    }
    case 'postgres': {
      const { MikroORM } = await import('@mikro-orm/postgresql');
      return MikroORM.init({ ...common, clientUrl: target.url });
    }
    case 'mysql': {
      const { MikroORM } = await import('@mikro-orm/mariadb');
      return MikroORM.init({ ...common, clientUrl: target.url });
    }
  }
}

/**
 * W4: `select-in` (users, then posts by key) measured faster here than MikroORM 6's default
 * `joined` strategy (one LEFT JOIN whose 10,000 rows repeat each user's columns).
 */
const strategy = 'select-in';

export const openMikroOrm: OpenPeer = async (target) => {
  const orm = await initOrm(target);
  const connection = orm.em.getConnection();
  // W6 builds statements only: one fork for all of them (a query builder takes the metadata
  // from its EntityManager and touches no identity map until it runs).
  const builder = orm.em.fork();
  return {
    exec: async (statement) => void (await connection.execute(statement)),
    count: async (table, where) => {
      const rows = await connection.execute<{ n: number | string }[]>(
        `SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`,
      );
      return Number(rows[0]?.n);
    },
    // A fork per unit of work; em.create() makes each entity and persists it (persistOnCreate),
    // and one flush inserts them in batches of multi-row INSERTs, in a transaction.
    insertUsers: async (rows: readonly UserRow[]) => {
      const em = orm.em.fork();
      const created = rows.map((row) => em.create(User, row));
      await em.flush();
      return created.filter((user) => typeof user.id === 'number').length;
    },
    selectUsers: async () => (await orm.em.fork().find(User, {})).length,
    lookupUsers: async (count) => {
      const em = orm.em.fork();
      let found = 0;
      for (let id = 1; id <= count; id++) {
        // An empty identity map, so every findOne() is a query.
        em.clear();
        if (await em.findOne(User, id)) found++;
      }
      return found;
    },
    loadUsersWithPosts: async () =>
      loadedGraph(await orm.em.fork().find(User, {}, { populate: ['posts'], strategy }), {
        id: (user) => user.id,
        posts: (user) => user.posts.getItems(),
        owner: (post) => post.user.id,
      }),
    updateAges: async (count, age) => {
      const em = orm.em.fork();
      const users = await em.find(User, {}, { orderBy: { id: 'asc' }, limit: count });
      for (const user of users) user.age = age;
      await em.flush();
      return users.length;
    },
    compileJoinSelect: (i) => {
      const { minAge, namePattern, title } = w6Values(i);
      // A select of columns: DISABLE_PAGINATE keeps the limit on the joined rows, rather than
      // the subquery that pages whole entities when a to-many relation is joined.
      const query = builder
        .createQueryBuilder(User, 'u')
        .select(['u.id', 'u.name', 'p.title'])
        .join('u.posts', 'p')
        .where({
          'u.age': { $gt: minAge },
          'u.name': { $like: namePattern },
          'p.title': { $ne: title },
        })
        .orderBy({ 'u.name': 'asc' })
        .limit(10)
        .setFlag(QueryFlag.DISABLE_PAGINATE)
        .getKnexQuery()
        .toSQL()
        .toNative();
      return { sql: query.sql, params: query.bindings };
    },
    // MikroORM 6 has no streaming API (em.stream() arrived in 7): cursor pagination with
    // em.findByCursor(), the identity map cleared after each page.
    streamUsers: async () => {
      const em = orm.em.fork();
      let seen = 0;
      let after: string | undefined;
      for (;;) {
        const page = await em.findByCursor(
          StreamUser,
          {},
          {
            first: streamPageSize,
            orderBy: { id: 'asc' },
            includeCount: false,
            ...(after ? { after } : {}),
          },
        );
        seen += page.items.length;
        em.clear();
        if (!page.hasNextPage || page.endCursor === null) return seen;
        after = page.endCursor;
      }
    },
    close: () => orm.close(true),
  };
};
