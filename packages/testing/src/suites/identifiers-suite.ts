import {
  type AnyTable,
  ArgumentError,
  and,
  Column,
  CompileError,
  CreateTable,
  delete_ as deleteFrom,
  type Engine,
  Index,
  Integer,
  insert,
  inspect,
  literalColumn,
  MetaData,
  String as StringOf,
  select,
  Table,
  text,
  UniqueConstraint,
  update,
} from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { createPrivateDatabases } from '../private-databases.js';

/** A table's column by name. */
function col(table: AnyTable, name: string): Column {
  const found = table.columns.find((column) => column.name === name);
  if (!found) throw new Error(`${table.name} has no column ${name}`);
  return found;
}

/**
 * Names through every statement: each word the dialect quotes as a reserved word, as a column
 * name and as a table name, through CREATE TABLE, INSERT, SELECT (WHERE, ORDER BY), UPDATE,
 * DELETE and reflection; and hostile names (quote characters, `;--`, spaces, emoji) quoted
 * correctly, while names holding control characters are refused where they are defined.
 */
export function identifiersSuite(h: Harness): void {
  describe('identifiers', () => {
    const words = (): string[] => [...h.dialect.compiler.reservedWords].sort();

    test(
      h,
      'every reserved word is a column name: DDL, DML, WHERE, ORDER BY, reflection',
      async () => {
        const md = new MetaData();
        const columns: Record<string, Column> = { id: new Column(Integer, { primaryKey: true }) };
        for (const word of words()) columns[`k_${word}`] = new Column(Integer, { name: word });
        const table = new Table(h.table('words'), md, columns);
        await md.createAll(h.engine);
        try {
          const row = (id: number, base: number) =>
            Object.fromEntries([['id', id], ...words().map((word, i) => [`k_${word}`, base + i])]);
          await h.engine.execute(insert(table).values([row(1, 0), row(2, 1000), row(3, 2000)]));
          // One statement names every word in its column list, WHERE and ORDER BY.
          const everyWord = (base: number) =>
            and(...words().map((word, i) => col(table, word).eq(base + i)));
          const found = await h.engine.execute(
            select(table)
              .where(everyWord(1000))
              .orderBy(...words().map((word) => col(table, word))),
          );
          expect(found.all().map((r) => ({ ...r }))).toEqual([row(2, 1000)]);

          const changed = await h.engine.execute(
            update(table)
              .where(everyWord(0))
              .values(Object.fromEntries(words().map((word, i) => [`k_${word}`, 5000 + i]))),
          );
          expect(changed.rowcount).toBe(1);
          const deleted = await h.engine.execute(deleteFrom(table).where(everyWord(2000)));
          expect(deleted.rowcount).toBe(1);
          const left = await h.engine.execute(select(table).orderBy(col(table, 'id')));
          expect(left.all().map((r) => ({ ...r }))).toEqual([
            { ...row(1, 5000), id: 1 },
            row(2, 1000),
          ]);

          const reflected = await inspect(h.engine).getColumns(table.name);
          expect(reflected.map((c) => c.name).sort()).toEqual(['id', ...words()].sort());
        } finally {
          await md.dropAll(h.engine);
        }
      },
    );

    test(
      h,
      'every reserved word is a table name: DDL, DML, WHERE, ORDER BY, reflection',
      async () => {
        await inPrivateDatabase(h, async (engine) => {
          const md = new MetaData();
          const tables = words().map(
            (word) =>
              new Table(word, md, {
                id: new Column(Integer, { primaryKey: true }),
                [word]: new Column(Integer),
              }),
          );
          await md.createAll(engine);
          try {
            await engine.begin(async (conn) => {
              for (const [i, table] of tables.entries()) {
                const c = col(table, table.name);
                await conn.execute(
                  insert(table).values([{ [table.name]: i }, { [table.name]: -1 }]),
                );
                await conn.execute(
                  update(table)
                    .where(c.eq(i))
                    .values({ [table.name]: i + 1 }),
                );
                await conn.execute(deleteFrom(table).where(c.eq(-1)));
                const found = await conn.execute(
                  select(c).where(c.gt(-1)).orderBy(c, col(table, 'id')),
                );
                expect(found.scalars().all()).toEqual([i + 1]);
              }
            });

            const names = await inspect(engine).getTableNames();
            for (const word of words()) expect(names).toContain(word);
          } finally {
            await md.dropAll(engine);
          }
        });
      },
      () =>
        h.options.behindTransactionPooler === true &&
        'the pooler reaches only the databases it lists, not one made for the run',
      // A table per word: a few hundred CREATE and DROP TABLE, which a busy server takes time over.
      120_000,
    );

    /** Names every database stores and reads back exactly, each a quoting hazard. */
    const hostile = [
      'dq"uote',
      'bq`tick',
      "sq'uote",
      'br]acket[',
      'semi;-- drop',
      'sp a ce',
      'ünï cödé ß',
      'ques?tion :name $1',
      'back\\slash',
      '%percent_',
    ];

    test(h, 'hostile names are quoted: DDL, DML, index, unique, reflection', async () => {
      const md = new MetaData();
      const name = (base: string) =>
        h.table(base).slice(0, h.dialect.capabilities.maxIdentifierLength);
      const columns: Record<string, Column> = { id: new Column(Integer, { primaryKey: true }) };
      for (const [i, n] of hostile.entries())
        columns[`h${i}`] = new Column(StringOf(40), { name: n });
      const table = new Table(name('ho"st`ile]'), md, columns, {
        constraints: [new UniqueConstraint('semi;-- drop', { name: name('uq "x`y]') })],
      });
      const indexName = name('ix "a`b];');
      new Index(indexName, col(table, 'sp a ce'));
      await md.createAll(h.engine);
      try {
        const row = Object.fromEntries(hostile.map((n, i) => [`h${i}`, n]));
        await h.engine.execute(
          insert(table).values([
            { id: 1, ...row },
            { id: 2, ...Object.fromEntries(hostile.map((_, i) => [`h${i}`, null])) },
          ]),
        );
        const matches = and(...hostile.map((n, i) => col(table, n).eq(row[`h${i}`] as string)));
        await h.engine.execute(update(table).where(matches).values({ h0: 'changed' }));
        const got = await h.engine.execute(
          select(table)
            .where(col(table, 'dq"uote').eq('changed'))
            .orderBy(col(table, hostile[1] as string)),
        );
        expect(got.all().map((r) => ({ ...r }))).toEqual([{ id: 1, ...row, h0: 'changed' }]);
        expect(
          (await h.engine.execute(deleteFrom(table).where(col(table, 'id').eq(2)))).rowcount,
        ).toBe(1);

        const insp = inspect(h.engine);
        expect(await insp.getTableNames()).toContain(table.name);
        expect((await insp.getColumns(table.name)).map((c) => c.name).sort()).toEqual(
          ['id', ...hostile].sort(),
        );
        const indexNames = (await insp.getIndexes(table.name)).map((index) => index.name);
        expect(indexNames).toContain(indexName);
      } finally {
        await md.dropAll(h.engine);
      }
    });

    test(h, 'an emoji name round-trips, or is refused before it reaches the database', async () => {
      const md = new MetaData();
      const table = new Table(h.table('emoji 🦄'), md, {
        id: new Column(Integer, { primaryKey: true }),
        unicorn: new Column(StringOf(10), { name: '🦄 ünï' }),
      });
      // Not there yet, on every database: asking is no error, even where no name can hold it.
      expect(await inspect(h.engine).hasTable(table.name)).toBe(false);
      let created = true;
      try {
        h.dialect.compiler.compile(new CreateTable(table));
        await md.createAll(h.engine);
      } catch (error) {
        // MySQL and MariaDB keep names in utf8mb3, which has no emoji: the compiler says so.
        created = false;
        expect(error).toBeInstanceOf(CompileError);
        expect((error as Error).message).toContain('U+1F984');
      }
      if (!created) return;
      try {
        await h.engine.execute(insert(table).values({ id: 1, unicorn: 'u' }));
        const got = await h.engine.execute(select(table).where(table.c.unicorn.eq('u')));
        expect(got.all().map((r) => ({ ...r }))).toEqual([{ id: 1, unicorn: 'u' }]);
        expect((await inspect(h.engine).getColumns(table.name)).map((c) => c.name)).toEqual([
          'id',
          '🦄 ünï',
        ]);
      } finally {
        await md.dropAll(h.engine);
      }
    });

    test(
      h,
      "SQL text in an INSERT's VALUES row is written as it is, `$&` and `$'` too",
      async () => {
        // The compiler puts the VALUES row in place of a marker: a string replacement would read
        // `$&` in the row as the marker itself.
        const md = new MetaData();
        const table = new Table(h.table('values_row'), md, {
          id: new Column(Integer, { primaryKey: true }),
          v: new Column(StringOf(30)),
        });
        await md.createAll(h.engine);
        try {
          await h.engine.execute(
            insert(table).values({ id: 1, v: literalColumn("'a$&b$''c$`d'") }),
          );
          const got = await h.engine.execute(select(col(table, 'v')));
          expect(got.scalars().all()).toEqual(["a$&b$'c$`d"]);
        } finally {
          await md.dropAll(h.engine);
        }
      },
    );

    test(h, 'a name holding a control character is refused where it is defined', async () => {
      const md = new MetaData();
      const id = () => new Column(Integer, { primaryKey: true });
      const refused = [
        () => new Table('row\u0001marker', md, { id: id() }),
        () => new Table('new\nline', md, { id: id() }),
        () => new Table('ok', md, { id: id(), x: new Column(Integer, { name: 'tab\there' }) }),
        () => new Table('ok2', md, { id: id() }, { schema: 'nul\u0000' }),
        () => new MetaData({ schema: 'esc\u001b' }),
        () => new Index('ix\u0085', 'id'),
        () => new UniqueConstraint('id', { name: 'uq\u007f' }),
        () => select(text('1')).alias('a\u0002'),
        () => new Table('ok3', md, { id: id() }).c.id.label('l\u0001'),
      ];
      for (const define of refused) {
        let error: unknown;
        try {
          define();
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(ArgumentError);
        expect((error as Error).message).toMatch(/control character U\+00[0-9A-F]{2}/);
      }
      // Raw SQL cannot smuggle the marker character either.
      const error = await errorFrom(h.engine.execute(text("SELECT 'a\u0000b'")));
      expect(error).toBeInstanceOf(CompileError);
      expect(error.message).toContain('NUL');
    });
  });
}

/**
 * Runs `body` on an engine whose database belongs to this run: tables can then take any name
 * unqualified without meeting another run's. A server's database is shared, so a new one is
 * created and dropped; a database without a server (a file, memory) is already the run's own.
 */
async function inPrivateDatabase(
  h: Harness,
  body: (engine: Engine) => Promise<void>,
): Promise<void> {
  if (!h.url.host) return body(h.engine);
  const database = await createPrivateDatabases({
    server: { engine: h.engine },
    prefix: 'athanor_identifiers',
  });
  // One database asked for, so one URL.
  const engine = h.createEngine({}, database.urls[0] as string);
  try {
    await body(engine);
  } finally {
    await engine.dispose();
    await database.drop();
  }
}
