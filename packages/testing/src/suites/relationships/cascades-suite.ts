import { IntegrityError } from '@athanor/core';
import { declarativeBase, inspect, select, selectinload } from '@athanor/orm';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../../harness.js';
import { useOrmDatabase } from '../../orm-database.js';
import { mentions, names, rowsOf } from './helpers.js';
import {
  type Album,
  defineAlbumModels,
  defineBlogModels,
  defineOrderModels,
  type Line,
  type Order,
  type Post,
  type User,
} from './models.js';
import { seedUsers } from './seeds.js';

/**
 * Cascades and orphans where the database takes part: the rows a delete cascade finds and
 * deletes, keys set to NULL, ON DELETE CASCADE left to the database (passiveDeletes), and a
 * constraint the database enforces failing a flush that the session then takes back.
 */
export function relationshipCascadesSuite(h: Harness): void {
  describe('ORM relationships: cascades and orphans', () => {
    const Base = declarativeBase();
    const prefix = h.table('rc_');
    const blog = defineBlogModels(Base, prefix);
    const { User, Post, Comment } = blog;
    const { Order, Line } = defineOrderModels(Base, prefix, { nullableKey: false });
    const { Album, Track } = defineAlbumModels(Base, prefix);
    const db = useOrmDatabase(h, Base.metadata);
    const statements = db.statements;

    test(h, 'delete cascade: deleting an order deletes its lines, loaded or not', async () => {
      await using writer = db.Session({ expireOnCommit: false });
      const loaded = Order.create({
        ref: 'loaded',
        lines: [Line.create({ product: 'apple' }), Line.create({ product: 'pear' })],
      });
      const unloaded = Order.create({
        ref: 'unloaded',
        lines: [Line.create({ product: 'fig' })],
      });
      const kept = Order.create({ ref: 'kept', lines: [Line.create({ product: 'plum' })] });
      writer.addAll([loaded, unloaded, kept]);
      await writer.commit();

      // `loaded` still has its lines in this session; the other session has never seen them.
      const [apple] = loaded.lines as [Line];
      writer.delete(loaded);
      await writer.flush();
      expect(inspect(apple).status).toBe('deleted');
      await writer.commit();

      await using other = db.Session({ expireOnCommit: false });
      other.delete((await other.get(Order, unloaded.id)) as Order);
      await other.commit();
      const rows = (await other.execute(select(Line.c.product, Line.c.orderId))).all();
      expect(rows.map((row) => [row[0], row[1]])).toEqual([['plum', kept.id]]);
      expect(await other.query(Order).count()).toBe(1);
    });

    test(
      h,
      'default cascade: deleting a user sets the nullable key of its posts to NULL, keeping them',
      async () => {
        const { aliceId, bobId } = await seedUsers(db, blog);
        await using session = db.Session({ expireOnCommit: false });
        const alice = (await session.get(User, aliceId)) as User; // posts not loaded
        session.delete(alice);
        await session.commit();
        const rows = (
          await session.execute(select(Post.c.title, Post.c.userId).orderBy(Post.c.id))
        ).all();
        expect(rows.map((row) => [row[0], row[1]])).toEqual([
          ['First', null],
          ['Second', null],
          ['Third', null],
          ['Cooking', bobId],
        ]);
        expect(names((await session.scalars(select(User).orderBy(User.c.id))).all())).toEqual([
          'Bob',
          'Carol',
        ]);
      },
    );

    test(
      h,
      'passiveDeletes: deleting an album leaves its tracks to ON DELETE CASCADE, unloaded',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const album = Album.create({
          title: 'Blue',
          tracks: [Track.create({ title: 'One' }), Track.create({ title: 'Two' })],
        });
        const other = Album.create({ title: 'Red', tracks: [Track.create({ title: 'Three' })] });
        writer.addAll([album, other]);
        await writer.commit();

        await using session = db.Session({ expireOnCommit: false });
        const loaded = (await session.get(Album, album.id)) as Album;
        db.clearLog();
        session.delete(loaded);
        await session.commit();
        const touched = statements().filter((sql) => mentions(sql, Track.table.name));
        expect(touched).toEqual([]); // no SELECT of the tracks, no UPDATE, no DELETE
        const rows = (await session.execute(select(Track.c.title, Track.c.albumId))).all();
        expect(rows.map((row) => [row[0], row[1]])).toEqual([['Three', other.id]]);
      },
    );

    test(
      h,
      'deleting a parent whose NOT NULL children have no delete cascade: IntegrityError, then usable',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const post = Post.create({
          title: 'Discussed',
          comments: [Comment.create({ body: 'a' }), Comment.create({ body: 'b' })],
        });
        writer.add(post);
        await writer.commit();

        const session = db.Session();
        try {
          const loaded = (await session.get(Post, post.id)) as Post;
          session.delete(loaded);
          const error = await errorFrom(session.flush());
          expect(error).toBeInstanceOf(IntegrityError);
          await session.rollback();
          expect(inspect(loaded).status).toBe('persistent');
          expect(await session.query(Post).count()).toBe(1);
          const rows = (await session.execute(select(Comment.c.postId))).all();
          expect(rows.map((row) => row[0])).toEqual([post.id, post.id]);
        } finally {
          await session.close();
        }
      },
    );

    test(
      h,
      'a failed flush after a delete cascade takes the cascade back; after rollback the session works',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        writer.addAll([
          Order.create({
            id: 5001,
            ref: 'o1',
            lines: [Line.create({ product: 'apple' }), Line.create({ product: 'pear' })],
          }),
          Order.create({ id: 5002, ref: 'o2', lines: [Line.create({ product: 'fig' })] }),
        ]);
        await writer.commit();

        const session = db.Session();
        try {
          const order = (
            await session.scalars(
              select(Order)
                .where(Order.c.id.eq(5001))
                .options(selectinload(Order.rel('lines'))),
            )
          ).one();
          const [apple, pear] = order.lines as [Line, Line];
          const kiwi = new Line({ product: 'kiwi' });
          order.lines.push(kiwi); // pending, by cascade
          session.delete(order);
          // Another row that fails: the key of an existing order.
          const duplicate = new Order({ id: 5002, ref: 'dup' });
          session.add(duplicate);
          const newBefore = new Set(session.new);
          expect(newBefore).toEqual(new Set([kiwi, duplicate]));
          expect(session.deleted).toEqual([order]);

          const error = await errorFrom(session.flush());
          expect(error).toBeInstanceOf(IntegrityError);
          // The lines the cascade marked are not left marked; the pending one is pending again.
          expect(session.deleted).toHaveLength(1);
          expect(session.deleted[0]).toBe(order);
          expect(session.deleted).not.toContain(apple);
          expect(session.deleted).not.toContain(pear);
          expect(inspect(apple).status).toBe('persistent');
          expect(inspect(kiwi).status).toBe('pending');
          expect(new Set(session.new)).toEqual(newBefore);

          await session.rollback();
          expect(session.deleted).toEqual([]);
          const again = (await session.get(Order, 5001)) as Order;
          session.delete(again);
          await session.commit();
          expect(await rowsOf(session, select(Line.c.product).orderBy(Line.c.product))).toEqual([
            ['fig'],
          ]);
          expect(await rowsOf(session, select(Order.c.ref))).toEqual([['o2']]);
          await session.commit();
        } finally {
          await session.close();
        }
      },
    );

    test(
      h,
      'a failed flush after a delete-orphan takes the orphan back; after rollback the session works',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        writer.addAll([
          Order.create({ id: 5001, ref: 'o1' }),
          Order.create({ id: 5002, ref: 'o2', lines: [Line.create({ product: 'fig' })] }),
        ]);
        await writer.commit();

        const session = db.Session();
        try {
          const order = (
            await session.scalars(
              select(Order)
                .where(Order.c.id.eq(5002))
                .options(selectinload(Order.rel('lines'))),
            )
          ).one();
          const fig = order.lines[0] as Line;
          order.lines.splice(0, 1);
          session.add(new Order({ id: 5001, ref: 'dup' }));
          expect(session.deleted).toEqual([]);

          const error = await errorFrom(session.flush());
          expect(error).toBeInstanceOf(IntegrityError);
          expect(session.deleted).toEqual([]);
          expect(inspect(fig).status).toBe('persistent');

          await session.rollback();
          expect(await rowsOf(session, select(Line.c.product, Line.c.orderId))).toEqual([
            ['fig', 5002],
          ]);
          // Usable: the orphan is deleted by a flush that succeeds.
          const reloaded = (
            await session.scalars(
              select(Order)
                .where(Order.c.id.eq(5002))
                .options(selectinload(Order.rel('lines'))),
            )
          ).one();
          reloaded.lines.splice(0, 1);
          await session.commit();
          expect(await rowsOf(session, select(Line.c.id))).toEqual([]);
          await session.commit();
        } finally {
          await session.close();
        }
      },
    );
  });
}
