import { contains, listen, removeListener } from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { FlushContext, PendingRollbackError, Session, sessionmaker } from '../../src/index.js';
import { useDatabase } from '../relationships/database.js';
import { Author, Base, Book, label } from './models.js';

// The session events: their order in a flush (with the model events), what a beforeFlush
// listener adds, listeners on a sessionmaker and on the Session class, begin, commit and
// rollback, once and removeListener.
describe('session events', () => {
  const db = useDatabase(Base.metadata);

  async function seed(): Promise<{ authorId: number; bookId: number }> {
    await using session = db.Session();
    const author = new Author({ name: 'Le Guin' });
    session.add(author);
    await session.flush();
    const book = new Book({ title: 'Earthsea', authorId: author.id });
    session.add(book);
    await session.commit();
    return { authorId: author.id, bookId: book.id };
  }

  test('one flush: beforeFlush, then per model before/after insert, update, delete, then afterFlush, the state transitions, afterFlushPostexec', async () => {
    const { authorId, bookId } = await seed();
    await using session = db.Session();
    const author = (await session.get(Author, authorId)) as Author;
    const book = (await session.get(Book, bookId)) as Book;
    const log: string[] = [];
    for (const name of ['beforeFlush', 'afterFlush', 'afterFlushPostexec'] as const) {
      listen(session, name, (s, context) => {
        expect(s).toBe(session);
        expect(context).toBeInstanceOf(FlushContext);
        log.push(name);
      });
    }
    for (const name of ['pendingToPersistent', 'persistentToDeleted'] as const) {
      listen(session, name, (_s, instance) => {
        log.push(label(name, instance));
      });
    }
    const modelEvents = [
      'beforeInsert',
      'afterInsert',
      'beforeUpdate',
      'afterUpdate',
      'beforeDelete',
      'afterDelete',
    ] as const;
    const listeners: (() => void)[] = [];
    for (const name of modelEvents) {
      const fn = (_mapper: unknown, _connection: unknown, target: object) => {
        log.push(label(name, target));
      };
      listen(Base, name, fn);
      listeners.push(() => removeListener(Base, name, fn));
    }
    try {
      session.add(new Author({ name: 'Herbert' }));
      session.add(new Book({ title: 'Dune' }));
      author.name = 'Ursula K. Le Guin';
      await session.delete(book);
      await session.flush();
    } finally {
      for (const remove of listeners) remove();
    }
    expect(log).toEqual([
      'beforeFlush',
      'beforeInsert Author Herbert',
      'afterInsert Author Herbert',
      'beforeUpdate Author Ursula K. Le Guin',
      'afterUpdate Author Ursula K. Le Guin',
      'beforeInsert Book Dune',
      'afterInsert Book Dune',
      'beforeDelete Book Earthsea',
      'afterDelete Book Earthsea',
      'afterFlush',
      'pendingToPersistent Author Herbert',
      'pendingToPersistent Book Dune',
      'persistentToDeleted Book Earthsea',
      'afterFlushPostexec',
    ]);
  });

  test('flushContext lists what the flush wrote', async () => {
    const { authorId } = await seed();
    await using session = db.Session();
    const author = (await session.get(Author, authorId)) as Author;
    let seen: { new: object[]; dirty: object[]; deleted: object[] } | undefined;
    listen(session, 'afterFlush', (_s, context) => {
      seen = { new: [...context.new], dirty: [...context.dirty], deleted: [...context.deleted] };
    });
    const book = new Book({ title: 'Dune' });
    session.add(book);
    author.name = 'Ursula';
    await session.flush();
    expect(seen).toEqual({ new: [book], dirty: [author], deleted: [] });
  });

  test('an object beforeFlush adds is written by the same flush', async () => {
    await using session = db.Session();
    listen(session, 'beforeFlush', (s) => {
      for (const instance of s.new) {
        if (instance instanceof Author) s.add(new Book({ title: `${instance.name}: notes` }));
      }
    });
    const flushes: number[] = [];
    listen(session, 'afterFlush', (_s, context) => {
      flushes.push(context.new.length);
    });
    session.add(new Author({ name: 'Herbert' }));
    await session.commit();
    // One flush wrote both objects.
    expect(flushes).toEqual([2]);
    await using reader = db.Session();
    const titles = (await reader.query(Book).all()).map((book) => book.title);
    expect(titles).toEqual(['Herbert: notes']);
  });

  test('afterBegin, beforeCommit, afterCommit and afterRollback', async () => {
    await using session = db.Session();
    const log: string[] = [];
    listen(session, 'afterBegin', (s, transaction, connection) => {
      expect(s).toBe(session);
      expect(connection.getTransaction()).toBe(transaction);
      log.push('afterBegin');
    });
    listen(session, 'beforeCommit', () => {
      log.push('beforeCommit');
    });
    listen(session, 'afterCommit', (s) => {
      expect(s.inTransaction()).toBe(false);
      log.push('afterCommit');
    });
    listen(session, 'afterRollback', () => {
      log.push('afterRollback');
    });
    listen(session, 'afterFlush', () => {
      log.push('afterFlush');
    });
    session.add(new Author({ name: 'Herbert' }));
    await session.commit();
    expect(log).toEqual(['beforeCommit', 'afterBegin', 'afterFlush', 'afterCommit']);
    log.length = 0;
    session.add(new Author({ name: 'Asimov' }));
    await session.flush();
    await session.rollback();
    expect(log).toEqual(['afterBegin', 'afterFlush', 'afterRollback']);
    const names = (await session.query(Author).all()).map((author) => author.name);
    expect(names).toEqual(['Herbert']);
  });

  test('an object a beforeCommit listener adds is committed', async () => {
    await using session = db.Session();
    listen(session, 'beforeCommit', (s) => {
      s.add(new Author({ name: 'Added at commit' }));
    });
    await session.commit();
    await using reader = db.Session();
    expect((await reader.query(Author).all()).map((author) => author.name)).toEqual([
      'Added at commit',
    ]);
  });

  test('an object an afterFlush listener adds is committed by the same commit', async () => {
    await using session = db.Session();
    listen(
      session,
      'afterFlush',
      (s) => {
        s.add(new Author({ name: 'Added after the flush' }));
      },
      { once: true },
    );
    session.add(new Author({ name: 'First' }));
    await session.commit();
    expect(session.new).toEqual([]);
    await using reader = db.Session();
    const names = (await reader.query(Author).all()).map((author) => author.name);
    expect(names.sort()).toEqual(['Added after the flush', 'First']);
  });

  test('a listener on a sessionmaker runs for each session it makes, not for other sessions', async () => {
    const factory = sessionmaker({ bind: db.engine });
    const committed: Session[] = [];
    listen(factory, 'afterCommit', (session) => {
      committed.push(session);
    });
    await using first = factory();
    await using second = factory();
    await using other = db.Session();
    for (const session of [first, second, other]) {
      session.add(new Author({ name: `Author ${session.id}` }));
      await session.commit();
    }
    expect(committed).toEqual([first, second]);
  });

  test('a listener on the Session class runs for every session', async () => {
    const seen: Session[] = [];
    const fn = (session: Session) => {
      seen.push(session);
    };
    listen(Session, 'afterCommit', fn);
    try {
      await using made = db.Session();
      await using direct = new Session(db.engine);
      await made.commit();
      await direct.commit();
      expect(seen).toEqual([made, direct]);
    } finally {
      expect(removeListener(Session, 'afterCommit', fn)).toBe(true);
    }
  });

  test('transientToPending and loadedAsPersistent', async () => {
    const { authorId } = await seed();
    await using session = db.Session();
    const log: string[] = [];
    listen(session, 'transientToPending', (_s, instance) => {
      log.push(label('transientToPending', instance));
    });
    listen(session, 'loadedAsPersistent', (_s, instance) => {
      log.push(label('loadedAsPersistent', instance));
    });
    session.add(new Book({ title: 'Dune' }));
    await session.get(Author, authorId);
    // Already in the session: not loaded again.
    await session.get(Author, authorId);
    await session.query(Author).all();
    expect(log).toEqual(['transientToPending Book Dune', 'loadedAsPersistent Author Le Guin']);
  });

  test('a listener of a synchronous event that returns a promise is refused', async () => {
    await using session = db.Session();
    listen(session, 'transientToPending', async () => undefined);
    expect(() => session.add(new Author({ name: 'Herbert' }))).toThrow(/must be synchronous/);
  });

  test('once: a listener runs at the first flush only', async () => {
    await using session = db.Session();
    let calls = 0;
    listen(
      session,
      'beforeFlush',
      () => {
        calls++;
      },
      { once: true },
    );
    session.add(new Author({ name: 'One' }));
    await session.flush();
    session.add(new Author({ name: 'Two' }));
    await session.flush();
    expect(calls).toBe(1);
  });

  test('removeListener: a removed listener no longer runs', async () => {
    await using session = db.Session();
    let calls = 0;
    const fn = () => {
      calls++;
    };
    listen(session, 'afterFlush', fn);
    expect(contains(session, 'afterFlush', fn)).toBe(true);
    expect(removeListener(session, 'afterFlush', fn)).toBe(true);
    expect(contains(session, 'afterFlush', fn)).toBe(false);
    expect(removeListener(session, 'afterFlush', fn)).toBe(false);
    session.add(new Author({ name: 'One' }));
    await session.flush();
    expect(calls).toBe(0);
  });

  test('an afterFlush listener that throws fails the flush: rolled back, usable after rollback()', async () => {
    await using session = db.Session();
    const fn = () => {
      throw new Error('audit failed');
    };
    listen(session, 'afterFlush', fn);
    session.add(new Author({ name: 'Herbert' }));
    await expect(session.flush()).rejects.toThrow('audit failed');
    await expect(session.flush()).rejects.toThrow(PendingRollbackError);
    await session.rollback();
    removeListener(session, 'afterFlush', fn);
    expect(await session.query(Author).all()).toEqual([]);
    session.add(new Author({ name: 'Asimov' }));
    await session.commit();
    expect((await session.query(Author).all()).map((author) => author.name)).toEqual(['Asimov']);
  });

  test('an unknown event name is refused with a hint', async () => {
    await using session = db.Session();
    // @ts-expect-error: not a session event
    expect(() => listen(session, 'beforeFlsh', () => undefined)).toThrow(
      /did you mean 'beforeFlush'/,
    );
  });
});
