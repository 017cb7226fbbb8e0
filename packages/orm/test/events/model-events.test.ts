import { listen, removeListener, select } from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { type Mapper, mapperOf, PendingRollbackError } from '../../src/index.js';
import { useDatabase } from '../relationships/database.js';
import { Author, Base, Book, label } from './models.js';

// The model events: what beforeInsert and beforeUpdate set is written, listeners on a base run
// for each of its models, a listener's error fails the flush, batching with and without
// listeners, and the instance events (load, refresh, expire).
describe('model events', () => {
  const db = useDatabase(Base.metadata);
  const stamp = new Date('2026-01-02T03:04:05.000Z');

  /** Runs `work` with the listener `add` adds (and returns the removal of). */
  async function listening<T>(add: () => () => void, work: () => Promise<T>): Promise<T> {
    const remove = add();
    try {
      return await work();
    } finally {
      remove();
    }
  }

  async function readAuthors(): Promise<{ name: string; updatedAt: Date | null }[]> {
    const rows = await db.engine.execute(
      select(Author.c.name, Author.c.updatedAt).orderBy(Author.c.id),
    );
    return rows.all().map((row) => ({ name: row.name, updatedAt: row.updatedAt }));
  }

  test('beforeUpdate sets updatedAt, and the UPDATE writes it', async () => {
    await using session = db.Session();
    const author = new Author({ name: 'Herbert' });
    session.add(author);
    await session.commit();
    const stampIt = (_mapper: Mapper, _connection: unknown, target: Author) => {
      target.updatedAt = stamp;
    };
    await listening(
      () => {
        listen(Author, 'beforeUpdate', stampIt);
        return () => removeListener(Author, 'beforeUpdate', stampIt);
      },
      async () => {
        author.name = 'Frank Herbert';
        await session.commit();
      },
    );
    expect(await readAuthors()).toEqual([{ name: 'Frank Herbert', updatedAt: stamp }]);
    // An object whose values end up unchanged is seen too, and what the listener sets is written.
    await listening(
      () => {
        listen(Author, 'beforeUpdate', stampIt);
        return () => removeListener(Author, 'beforeUpdate', stampIt);
      },
      async () => {
        await session.refresh(author);
        author.updatedAt = null;
        author.name = 'Frank Herbert';
        author.updatedAt = new Date(0);
        author.updatedAt = null;
        await session.commit();
      },
    );
    expect(await readAuthors()).toEqual([{ name: 'Frank Herbert', updatedAt: stamp }]);
  });

  test('beforeInsert sets a column, and the INSERT writes it; afterInsert sees the generated key', async () => {
    await using session = db.Session();
    const ids: number[] = [];
    const stampIt = (mapper: Mapper, _connection: unknown, target: Author) => {
      expect(mapper).toBe(mapperOf(Author));
      target.updatedAt = stamp;
    };
    const afterInsert = (_mapper: Mapper, _connection: unknown, target: Author) => {
      ids.push(target.id);
    };
    listen(Author, 'beforeInsert', stampIt);
    listen(Author, 'afterInsert', afterInsert);
    try {
      session.add(new Author({ name: 'Herbert' }));
      session.add(new Author({ name: 'Asimov', updatedAt: new Date(0) }));
      await session.commit();
    } finally {
      removeListener(Author, 'beforeInsert', stampIt);
      removeListener(Author, 'afterInsert', afterInsert);
    }
    expect(await readAuthors()).toEqual([
      { name: 'Herbert', updatedAt: stamp },
      { name: 'Asimov', updatedAt: stamp },
    ]);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
  });

  test('inserts are batched with and without listeners: the listeners run before the batch', async () => {
    await using session = db.Session();
    const insertsOf = () =>
      db.statements().filter((sql) => sql.startsWith('INSERT INTO ev_books')).length;
    session.addAll([new Book({ title: 'A' }), new Book({ title: 'B' }), new Book({ title: 'C' })]);
    db.clearLog();
    await session.flush();
    const without = insertsOf();
    const log: string[] = [];
    const fn = (_mapper: Mapper, _connection: unknown, target: Book) => {
      // Before the batch: no row of this flush has been sent yet.
      log.push(`${target.title}:${insertsOf() - without}`);
    };
    listen(Book, 'beforeInsert', fn);
    try {
      session.addAll([
        new Book({ title: 'D' }),
        new Book({ title: 'E' }),
        new Book({ title: 'F' }),
      ]);
      await session.flush();
    } finally {
      removeListener(Book, 'beforeInsert', fn);
    }
    expect(log).toEqual(['D:0', 'E:0', 'F:0']);
    // The same number of INSERT statements for three objects, listened to or not.
    expect(insertsOf() - without).toBe(without);
  });

  test('a listener on the declarative base runs for each of its models, before those of the model', async () => {
    await using session = db.Session();
    const log: string[] = [];
    const onBase = (_mapper: Mapper, _connection: unknown, target: object) => {
      log.push(label('base', target));
    };
    const onBook = (_mapper: Mapper, _connection: unknown, target: Book) => {
      log.push(label('book', target));
    };
    listen(Base, 'beforeInsert', onBase);
    listen(Book, 'beforeInsert', onBook);
    try {
      session.add(new Author({ name: 'Herbert' }));
      session.add(new Book({ title: 'Dune' }));
      await session.flush();
    } finally {
      removeListener(Base, 'beforeInsert', onBase);
      removeListener(Book, 'beforeInsert', onBook);
    }
    // The base's listeners run first.
    expect(log).toEqual(['base Author Herbert', 'base Book Dune', 'book Book Dune']);
  });

  test('a beforeInsert that throws fails the flush: rolled back, rows unchanged, the session usable after rollback()', async () => {
    await using session = db.Session();
    const author = new Author({ name: 'Herbert' });
    session.add(author);
    await session.commit();
    const refuse = (_mapper: Mapper, _connection: unknown, target: Book) => {
      if (target.title === 'Bad') throw new Error('no bad books');
    };
    listen(Book, 'beforeInsert', refuse);
    try {
      author.name = 'Frank Herbert';
      const good = new Book({ title: 'Good' });
      session.add(good);
      session.add(new Book({ title: 'Bad' }));
      await expect(session.flush()).rejects.toThrow('no bad books');
      // The objects are as before the flush.
      expect(good.id).toBeUndefined();
      expect(session.new).toHaveLength(2);
      await expect(session.flush()).rejects.toThrow(PendingRollbackError);
      await session.rollback();
    } finally {
      removeListener(Book, 'beforeInsert', refuse);
    }
    // (Read after the rollback: an in-memory SQLite has one connection, the session's until then.)
    expect(await readAuthors()).toEqual([{ name: 'Herbert', updatedAt: null }]);
    expect((await db.engine.execute(select(Book.c.title))).scalars().all()).toEqual([]);
    session.add(new Book({ title: 'Fine' }));
    await session.commit();
    expect((await db.engine.execute(select(Book.c.title))).scalars().all()).toEqual(['Fine']);
  });

  test('beforeDelete and afterDelete', async () => {
    await using session = db.Session();
    const book = new Book({ title: 'Dune' });
    session.add(book);
    await session.commit();
    const log: string[] = [];
    const before = (_mapper: Mapper, _connection: unknown, target: Book) => {
      log.push(label('beforeDelete', target));
    };
    const after = (_mapper: Mapper, _connection: unknown, target: Book) => {
      log.push(label('afterDelete', target));
    };
    listen(Book, 'beforeDelete', before);
    listen(Book, 'afterDelete', after);
    try {
      session.delete(book);
      await session.commit();
    } finally {
      removeListener(Book, 'beforeDelete', before);
      removeListener(Book, 'afterDelete', after);
    }
    expect(log).toEqual(['beforeDelete Book Dune', 'afterDelete Book Dune']);
  });

  test('load: each object made from a row of a query, once; refresh and expire', async () => {
    await using writer = db.Session();
    writer.addAll([new Author({ name: 'Herbert' }), new Author({ name: 'Asimov' })]);
    await writer.commit();
    await using session = db.Session();
    const log: string[] = [];
    const onLoad = (target: Author) => {
      log.push(label('load', target));
    };
    const onRefresh = (target: Author) => {
      log.push(label('refresh', target));
    };
    let herbertId: number | undefined;
    const onExpire = (target: Author, attributes: readonly string[] | undefined) => {
      // (Not its name: that is what was expired.)
      log.push(`expire Author ${target.id === herbertId ? 'Herbert' : '?'} ${attributes ?? '*'}`);
    };
    listen(Author, 'load', onLoad);
    listen(Author, 'refresh', onRefresh);
    listen(Author, 'expire', onExpire);
    try {
      const authors = await session.query(Author).orderBy(Author.c.id).all();
      // The same rows again: the objects the session holds, not loaded again.
      await session.scalars(select(Author));
      expect(log).toEqual(['load Author Herbert', 'load Author Asimov']);
      log.length = 0;
      const herbert = authors[0] as Author;
      herbertId = herbert.id;
      session.expire(herbert, ['name']);
      await session.refresh(herbert);
      expect(log).toEqual(['expire Author Herbert name', 'refresh Author Herbert']);
    } finally {
      removeListener(Author, 'load', onLoad);
      removeListener(Author, 'refresh', onRefresh);
      removeListener(Author, 'expire', onExpire);
    }
  });
});
