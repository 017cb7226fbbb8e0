import { DataSource, type DataSourceOptions, EntitySchema, MoreThan } from 'typeorm';
import { type DatabaseKind, type DatabaseTarget, sqliteFilename } from '../../database-target.js';
import { postsTable, streamTable, usersTable, w6Values } from '../../dataset.js';
import { loadedGraph, type OpenPeer, peerInsertBatch, streamPageSize } from '../peer-kit.js';

class User {
  id!: number;
  name!: string;
  email!: string;
  age!: number | null;
  createdAt!: Date | null;
  posts?: Post[];
}

class Post {
  id!: number;
  userId!: number;
  title!: string;
  user?: User;
}

class StreamUser {
  id!: number;
  name!: string;
  email!: string;
  age!: number | null;
  createdAt!: Date | null;
}

/**
 * The entities without decorators (`EntitySchema`, which TypeORM's docs offer alongside them):
 * TypeScript 7 here emits no decorator metadata. `created_at` is TypeORM's datetime type of
 * each database, hydrated as a Date.
 */
function entitySchemas(kind: DatabaseKind) {
  const createdAt =
    kind === 'postgres'
      ? ({ name: 'created_at', type: 'timestamp', nullable: true } as const)
      : ({
          name: 'created_at',
          type: 'datetime',
          nullable: true,
          ...(kind === 'mysql' ? { precision: 6 } : {}),
        } as const);
  const userColumns = {
    id: { type: 'int', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 50 },
    email: { type: 'varchar', length: 100 },
    age: { type: 'int', nullable: true },
    createdAt,
  } as const;
  const users = new EntitySchema<User>({
    name: 'User',
    target: User,
    tableName: usersTable,
    columns: userColumns,
    relations: { posts: { type: 'one-to-many', target: 'Post', inverseSide: 'user' } },
  });
  const posts = new EntitySchema<Post>({
    name: 'Post',
    target: Post,
    tableName: postsTable,
    columns: {
      id: { type: 'int', primary: true },
      userId: { name: 'user_id', type: 'int' },
      title: { type: 'varchar', length: 100 },
    },
    relations: {
      user: {
        type: 'many-to-one',
        target: 'User',
        inverseSide: 'posts',
        joinColumn: { name: 'user_id' },
      },
    },
  });
  const stream = new EntitySchema<StreamUser>({
    name: 'StreamUser',
    target: StreamUser,
    tableName: streamTable,
    columns: userColumns,
  });
  return [users, posts, stream];
}

function optionsFor(target: DatabaseTarget): DataSourceOptions {
  const entities = entitySchemas(target.kind);
  switch (target.kind) {
    case 'sqlite':
      return { type: 'better-sqlite3', database: sqliteFilename(target), entities };
    case 'postgres':
      return { type: 'postgres', url: target.url, entities };
    case 'mysql':
      return { type: 'mariadb', url: target.url, entities };
  }
}

/**
 * W4: TypeORM's default, one LEFT JOIN ('join'). Its other strategy, a query per relation
 * ('query'), took 17 to 35 seconds here for 1,000 users and 10,000 posts (against 40 ms).
 */
const relationLoadStrategy = 'join';

export const openTypeorm: OpenPeer = async (target) => {
  const dataSource = await new DataSource(optionsFor(target)).initialize();
  const users = dataSource.getRepository(User);
  const stream = dataSource.getRepository(StreamUser);
  return {
    exec: async (statement) => void (await dataSource.query(statement)),
    count: async (table, where) => {
      const rows: { n: number | string }[] = await dataSource.query(
        `SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`,
      );
      return Number(rows[0]?.n);
    },
    // The docs' most efficient insert: InsertQueryBuilder with many values, in one transaction;
    // updateEntity(false): the generated ids are not read back into the value objects.
    insertUsers: (rows) =>
      dataSource.transaction(async (manager) => {
        let inserted = 0;
        for (let start = 0; start < rows.length; start += peerInsertBatch) {
          const batch = rows.slice(start, start + peerInsertBatch);
          await manager
            .createQueryBuilder()
            .insert()
            .into(User)
            .values(batch)
            .updateEntity(false)
            .execute();
          inserted += batch.length;
        }
        return inserted;
      }),
    selectUsers: async () => (await users.find()).length,
    lookupUsers: async (count) => {
      let found = 0;
      for (let id = 1; id <= count; id++) if (await users.findOneBy({ id })) found++;
      return found;
    },
    loadUsersWithPosts: async () =>
      loadedGraph(await users.find({ relations: { posts: true }, relationLoadStrategy }), {
        id: (user) => user.id,
        posts: (user) => user.posts ?? [],
        owner: (post) => post.userId,
      }),
    // The repository's save: it loads the rows again, diffs, and UPDATEs the changed ones in
    // a transaction of its own.
    updateAges: async (count, age) => {
      const loaded = await users.find({ order: { id: 'ASC' }, take: count });
      for (const user of loaded) user.age = age;
      return (await users.save(loaded)).length;
    },
    compileJoinSelect: (i) => {
      const { minAge, namePattern, title } = w6Values(i);
      const [sql, params] = users
        .createQueryBuilder('u')
        .innerJoin('u.posts', 'p')
        .select(['u.id', 'u.name', 'p.title'])
        .where('u.age > :minAge', { minAge })
        .andWhere('u.name LIKE :namePattern', { namePattern })
        .andWhere('p.title <> :title', { title })
        .orderBy('u.name')
        .limit(10)
        .getQueryAndParameters();
      return { sql, params };
    },
    streamUsers: async () => {
      let seen = 0;
      if (target.kind === 'sqlite') {
        // TypeORM's SQLite drivers throw on stream(): keyset pages of entities instead.
        let after = 0;
        for (;;) {
          const page = await stream.find({
            where: { id: MoreThan(after) },
            order: { id: 'ASC' },
            take: streamPageSize,
          });
          seen += page.length;
          if (page.length < streamPageSize) return seen;
          after = (page[page.length - 1] as StreamUser).id;
        }
      }
      // QueryBuilder.stream(): raw rows (not entities) through pg-query-stream or mysql2.
      for await (const row of await stream.createQueryBuilder('s').stream()) if (row) seen++;
      return seen;
    },
    close: () => dataSource.destroy(),
  };
};
