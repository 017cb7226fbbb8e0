import { update } from '@athanor/core';
import { declarativeBase, select, selectinload } from '@athanor/orm';
import { describe, expect } from 'vitest';
import { type Harness, conformanceTest as test } from '../../harness.js';
import { useOrmDatabase } from '../../orm-database.js';
import { mentions, mentionsOf, names, rowsOf } from './helpers.js';
import {
  defineBlogModels,
  defineTreeModels,
  defineWriterModels,
  type Node,
  type Note,
  type Post,
  type Writer,
} from './models.js';

/**
 * The order of a flush's statements, which the database's foreign keys check as they run:
 * parents before children, a cycle between rows broken by postUpdate, two tables with keys to
 * each other, self-referential deletes from the leaves up.
 */
export function relationshipFlushOrderSuite(h: Harness): void {
  describe('ORM relationships: flush order and cycles', () => {
    const Base = declarativeBase();
    const prefix = h.table('rf_');
    const { User, Post, Comment } = defineBlogModels(Base, prefix);
    // The favourite entry points back at its blogger: a cycle between rows (postUpdate).
    const { Writer: Blogger, Note: Entry } = defineWriterModels(Base, h.table('rfb_'), {
      postUpdate: true,
    });
    const { Writer, Note } = defineWriterModels(Base, prefix, { postUpdate: false });
    // A tree whose children go with their parent, and one with the default cascade.
    const { Node } = defineTreeModels(Base, prefix, { cascade: 'all, delete-orphan' });
    const { Node: Category } = defineTreeModels(Base, h.table('rfc_'));
    type Category = Node;
    const db = useOrmDatabase(h, Base.metadata, {
      beforeEmpty: async (conn) => {
        // Rows that refer to rows of their own table, or around a cycle, let go first.
        await conn.execute(update(Blogger.table).values({ favoriteNoteId: null }));
        await conn.execute(update(Writer.table).values({ favoriteNoteId: null }));
        await conn.execute(update(Node.table).values({ parentId: null }));
        await conn.execute(update(Category.table).values({ parentId: null }));
      },
    });
    const statements = db.statements;

    test(
      h,
      'a graph of new objects is inserted in dependency order in one flush, keys propagated',
      async () => {
        await using session = db.Session({ expireOnCommit: false });
        const alice = User.create({
          name: 'Alice',
          posts: [
            Post.create({
              title: 'P1',
              comments: [Comment.create({ body: 'c1' }), Comment.create({ body: 'c2' })],
            }),
            Post.create({ title: 'P2', comments: [Comment.create({ body: 'c3' })] }),
          ],
        });
        session.add(alice);
        db.clearLog();
        await session.flush();
        const inserts = statements().filter((sql) => sql.startsWith('INSERT'));
        const firstInto = (table: string) => inserts.findIndex((sql) => mentions(sql, table));
        const lastInto = (table: string) => inserts.findLastIndex((sql) => mentions(sql, table));
        expect(firstInto(User.table.name)).toBeGreaterThanOrEqual(0);
        expect(lastInto(User.table.name)).toBeLessThan(firstInto(Post.table.name));
        expect(lastInto(Post.table.name)).toBeLessThan(firstInto(Comment.table.name));
        if (h.dialect.capabilities.insertReturning) expect(inserts).toHaveLength(3);

        const [p1, p2] = alice.posts as [Post, Post];
        expect(alice.posts.map((post) => post.userId)).toEqual([alice.id, alice.id]);
        expect(p1.comments.map((c) => c.postId)).toEqual([p1.id, p1.id]);
        expect(p2.comments.map((c) => c.postId)).toEqual([p2.id]);
        await session.commit();

        const rows = (
          await session.execute(
            select(Comment.c.body, Post.c.title, User.c.name)
              .selectFrom(Comment)
              .join(Post, Post.c.id.eq(Comment.c.postId))
              .join(User, User.c.id.eq(Post.c.userId))
              .orderBy(Comment.c.body),
          )
        ).all();
        expect(rows.map((row) => [row[0], row[1], row[2]])).toEqual([
          ['c1', 'P1', 'Alice'],
          ['c2', 'P1', 'Alice'],
          ['c3', 'P2', 'Alice'],
        ]);
      },
    );

    test(
      h,
      "postUpdate: a blogger's favourite entry that points back is inserted and deleted",
      async () => {
        await using session = db.Session({ expireOnCommit: false });
        const bea = new Blogger({ name: 'Bea' });
        const entry = new Entry({ title: 'Favourite' });
        bea.notes.push(entry);
        bea.favorite = entry;
        session.add(bea);
        db.clearLog();
        await session.flush();
        const writes = statements().filter((sql) => !sql.startsWith('SELECT'));
        // Both rows first (the blogger without its favourite), then the UPDATE that closes the cycle.
        expect(writes.map((sql) => sql.split(' ')[0])).toEqual(['INSERT', 'INSERT', 'UPDATE']);
        expect(mentions(writes[0] as string, Blogger.table.name)).toBe(true);
        expect(mentions(writes[2] as string, Blogger.table.name)).toBe(true);
        expect(bea.favoriteNoteId).toBe(entry.id);
        expect(entry.writerId).toBe(bea.id);
        await session.commit();
        const bloggerRow = (
          await session.execute(select(Blogger.c.id, Blogger.c.favoriteNoteId))
        ).one();
        const entryRow = (await session.execute(select(Entry.c.id, Entry.c.writerId))).one();
        expect([bloggerRow[0], bloggerRow[1]]).toEqual([bea.id, entry.id]);
        expect([entryRow[0], entryRow[1]]).toEqual([entry.id, bea.id]);

        session.delete(entry);
        session.delete(bea);
        db.clearLog();
        await session.commit();
        const deletes = statements().filter((sql) => !sql.startsWith('SELECT'));
        const firstDelete = deletes.findIndex((sql) => sql.startsWith('DELETE'));
        expect(deletes.slice(0, firstDelete).some((sql) => sql.startsWith('UPDATE'))).toBe(true);
        expect(await session.query(Blogger).count()).toBe(0);
        expect(await session.query(Entry).count()).toBe(0);
      },
    );

    test(
      h,
      "cascade 'all, delete-orphan' on children: deleting the root deletes a 3-level tree",
      async () => {
        const build = () =>
          Node.create({
            name: 'root',
            children: [
              Node.create({
                name: 'a',
                children: [Node.create({ name: 'a1' }), Node.create({ name: 'a2' })],
              }),
              Node.create({ name: 'b', children: [Node.create({ name: 'b1' })] }),
            ],
          });
        await using writer = db.Session({ expireOnCommit: false });
        const root = build();
        writer.addAll([
          root,
          Node.create({ name: 'other', children: [Node.create({ name: 'o1' })] }),
        ]);
        await writer.commit();

        // Nothing loaded: the cascade loads each level.
        await using session = db.Session();
        session.delete((await session.get(Node, root.id)) as Node);
        await session.commit();
        expect(await rowsOf(session, select(Node.c.name).orderBy(Node.c.name))).toEqual([
          ['o1'],
          ['other'],
        ]);
        await session.commit();

        // The whole tree loaded.
        await using again = db.Session();
        again.add(build());
        await again.commit();
        const loaded = (
          await again.scalars(
            select(Node)
              .where(Node.c.name.eq('root'))
              .options(selectinload(Node.rel('children')).selectinload(Node.rel('children'))),
          )
        ).one();
        expect(names(loaded.children)).toEqual(['a', 'b']);
        again.delete(loaded);
        await again.commit();
        expect(await rowsOf(again, select(Node.c.name).orderBy(Node.c.name))).toEqual([
          ['o1'],
          ['other'],
        ]);
      },
    );

    test(h, 'no cascade: delete(parent) then delete(child) deletes the child first', async () => {
      await using writer = db.Session({ expireOnCommit: false });
      const top = Category.create({
        name: 'top',
        children: [Category.create({ name: 'mid', children: [Category.create({ name: 'leaf' })] })],
      });
      const pair = Category.create({
        name: 'parent',
        children: [Category.create({ name: 'child' })],
      });
      writer.addAll([top, pair]);
      await writer.commit();

      await using session = db.Session();
      const parent = (await session.get(Category, pair.id)) as Category;
      const child = (await session.get(Category, (pair.children[0] as Category).id)) as Category;
      session.delete(parent);
      session.delete(child);
      await session.commit();
      expect(await rowsOf(session, select(Category.c.name).orderBy(Category.c.name))).toEqual([
        ['leaf'],
        ['mid'],
        ['top'],
      ]);
      await session.commit();

      // Three levels, deleted top down.
      const mid = top.children[0] as Category;
      const leaf = mid.children[0] as Category;
      await using three = db.Session();
      for (const id of [top.id, mid.id, leaf.id]) {
        three.delete((await three.get(Category, id)) as Category);
      }
      await three.commit();
      expect(await rowsOf(three, select(Category.c.name))).toEqual([]);
    });

    test(
      h,
      'two tables with keys to each other, no postUpdate: a writer with new notes is one flush, in any add order',
      async () => {
        await using session = db.Session({ expireOnCommit: false });
        const check = async (writer: Writer, notes: Note[]) => {
          for (const note of notes) expect(note.writerId).toBe(writer.id);
          const noteRows = await rowsOf(
            session,
            select(Note.c.title, Note.c.writerId)
              .where(Note.c.id.in(notes.map((note) => note.id)))
              .orderBy(Note.c.title),
          );
          expect(noteRows).toEqual(
            notes
              .map((note) => [note.title, writer.id])
              .sort((a, b) => (a[0] as string).localeCompare(b[0] as string)),
          );
          expect(
            await rowsOf(session, select(Writer.c.favoriteNoteId).where(Writer.c.id.eq(writer.id))),
          ).toEqual([[null]]);
        };

        // The writer added, its notes by cascade.
        const ann = new Writer({ name: 'Ann' });
        const a1 = new Note({ title: 'a1' });
        const a2 = new Note({ title: 'a2' });
        ann.notes.push(a1, a2);
        session.add(ann);
        db.clearLog();
        await session.flush();
        const inserts = statements().filter((sql) => sql.startsWith('INSERT'));
        const firstInto = (table: string) => inserts.findIndex((sql) => mentionsOf(sql, table) > 0);
        expect(firstInto(Writer.table.name)).toBeGreaterThanOrEqual(0);
        expect(firstInto(Writer.table.name)).toBeLessThan(firstInto(Note.table.name));
        await check(ann, [a1, a2]);

        // The notes added before the writer.
        const bea = new Writer({ name: 'Bea' });
        const b1 = new Note({ title: 'b1' });
        b1.writer = bea;
        session.addAll([b1, bea]);
        await session.flush();
        await check(bea, [b1]);

        // Only the note added: the writer comes by the many-to-one's cascade.
        const cy = new Writer({ name: 'Cy' });
        const c1 = new Note({ title: 'c1' });
        c1.writer = cy;
        session.add(c1);
        await session.flush();
        await check(cy, [c1]);

        // A new note of an existing writer, and a new writer, in one flush.
        const a3 = new Note({ title: 'a3' });
        a3.writer = ann;
        const dee = new Writer({ name: 'Dee' });
        session.addAll([a3, dee]);
        await session.commit();
        await check(ann, [a1, a2, a3]);
        expect(await rowsOf(session, select(Writer.c.name).orderBy(Writer.c.name))).toEqual([
          ['Ann'],
          ['Bea'],
          ['Cy'],
          ['Dee'],
        ]);
      },
    );
  });
}
