import { Column, createEngine, type Engine, Integer, String as Str } from '@athanor/core';
import {
  declarativeBase,
  type SessionFactory,
  select,
  selectinload,
  sessionmaker,
} from '@athanor/orm';

/** What one soak runs: how many sessions at once, on which database, for how long. */
export interface SoakOptions {
  readonly url: string;
  readonly sessions: number;
  readonly seconds: number;
}

/** What a soak measured. A soak that holds has no errors and a heap that does not grow. */
export interface SoakReport {
  readonly url: string;
  readonly sessions: number;
  readonly seconds: number;
  /** Units of work that completed (each a session opened, used and closed). */
  readonly ops: number;
  readonly opsPerSecond: number;
  /** Each operation's count, by name. */
  readonly opsByKind: Readonly<Record<string, number>>;
  /** Failed units of work, by error class and code (`OperationalError/connection-invalidated`). */
  readonly errors: Readonly<Record<string, number>>;
  /** Heap in use after a forced GC, before the first unit of work and after the last, in MB. */
  readonly heapBeforeMb: number;
  readonly heapAfterMb: number;
  /** False when node ran without `--expose-gc`: the heap figures then include garbage. */
  readonly gcForced: boolean;
}

/**
 * The soak's models: authors with their books, in tables named after the process, so two soaks
 * (or a soak and the test suites) on one server never meet.
 */
function soakModels() {
  const suffix = process.pid;
  const Base = declarativeBase();
  class Author extends Base.model(`soak_authors_${suffix}`, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Str(50), { nullable: false }),
    score: new Column(Integer, { nullable: false }),
  }) {
    declare books: Book[];
  }
  class Book extends Base.model(`soak_books_${suffix}`, {
    id: new Column(Integer, { primaryKey: true }),
    authorId: new Column(Integer, {
      name: 'author_id',
      foreignKey: `soak_authors_${suffix}.id`,
      nullable: false,
      index: true,
    }),
    title: new Column(Str(100), { nullable: false }),
  }) {
    declare author: Author;
  }
  Author.relationship('books', () => Book, {
    backPopulates: 'author',
    cascade: 'all, delete-orphan',
  });
  Book.relationship('author', () => Author, { backPopulates: 'books' });
  return { metadata: Base.metadata, Author, Book };
}

type Models = ReturnType<typeof soakModels>;

/** The mix each session cycles through: writes, reads, a relationship load and a rollback. */
const operations = [
  'add',
  'query',
  'update',
  'load',
  'add',
  'query',
  'delete',
  'rollback',
] as const;
type Operation = (typeof operations)[number];

/**
 * One unit of work of the given kind, in a session of its own. Each worker writes only rows it
 * added (`name` starts with its number), so workers never wait on each other's rows, only on the
 * database's own locks — what a web server's requests do.
 */
async function unitOfWork(
  kind: Operation,
  Session: SessionFactory,
  { Author, Book }: Models,
  worker: number,
  step: number,
): Promise<void> {
  await using session = Session();
  const mine = Author.c.name.like(`w${worker}-%`);
  switch (kind) {
    case 'add': {
      const author = new Author({ name: `w${worker}-${step}`, score: step % 100 });
      author.books.push(
        new Book({ title: `first ${step}` }),
        new Book({ title: `second ${step}` }),
      );
      session.add(author);
      await session.flush();
      await session.commit();
      return;
    }
    case 'query': {
      const found = await session.scalars(
        select(Author)
          .where(mine, Author.c.score.ge(step % 50))
          .orderBy(Author.c.id)
          .limit(20),
      );
      found.all();
      return;
    }
    case 'update': {
      const author = (
        await session.scalars(select(Author).where(mine).orderBy(Author.c.id.desc()).limit(1))
      ).first();
      if (author) author.score = (author.score + 1) % 100;
      await session.commit();
      return;
    }
    case 'load': {
      const authors = await session.scalars(
        select(Author)
          .where(mine)
          .options(selectinload(Author.rel('books')))
          .limit(10),
      );
      for (const author of authors.all()) author.books.length;
      return;
    }
    case 'delete': {
      // The oldest of this worker's authors, with its books (cascade), so the tables stay small.
      const author = (
        await session.scalars(select(Author).where(mine).orderBy(Author.c.id).limit(1))
      ).first();
      if (author) await session.delete(author);
      await session.commit();
      return;
    }
    case 'rollback': {
      const author = new Author({ name: `w${worker}-gone-${step}`, score: 0 });
      session.add(author);
      await session.flush();
      await session.rollback();
      return;
    }
  }
}

/** The name an error is counted under: its class, and its code when it has one. */
function errorKey(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name}/${code}` : error.name;
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * Runs `sessions` workers on one engine until `seconds` have passed (and each has done every
 * kind of work once), each doing units of work one after another; the tables are made at the
 * start and dropped at the end.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const models = soakModels();
  const engine: Engine = createEngine(options.url);
  const tables = [models.Author.table, models.Book.table];
  await models.metadata.dropAll(engine, { tables });
  await models.metadata.createAll(engine, { tables });
  const Session = sessionmaker({ bind: engine });
  const opsByKind: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let ops = 0;
  try {
    const heapBeforeMb = heapMb();
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    const worker = async (id: number) => {
      // Every session does each kind of work once at least, however slow the machine.
      for (let step = 0; step < operations.length || performance.now() < deadline; step++) {
        const kind = operations[(step + id) % operations.length] as Operation;
        try {
          await unitOfWork(kind, Session, models, id, step);
          ops++;
          opsByKind[kind] = (opsByKind[kind] ?? 0) + 1;
        } catch (error) {
          const key = errorKey(error);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: options.sessions }, (_, id) => worker(id)));
    const elapsed = (performance.now() - started) / 1000;
    const heapAfterMb = heapMb();
    return {
      url: engine.url.toString(),
      sessions: options.sessions,
      seconds: elapsed,
      ops,
      opsPerSecond: ops / elapsed,
      opsByKind,
      errors,
      heapBeforeMb,
      heapAfterMb,
      gcForced: typeof (globalThis as { gc?: unknown }).gc === 'function',
    };
  } finally {
    await models.metadata.dropAll(engine, { tables });
    await engine.dispose();
  }
}
