import * as sa from '@athanor/core';
import {
  Column,
  ForeignKey,
  Index,
  insert,
  MetaData,
  select,
  Table,
  unionAll,
  update,
} from '@athanor/core';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { fuzzSettings } from '../fuzz-settings.js';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { namePiece } from './fuzz-arbitraries.js';

/**
 * Cases per property, each generated name one case (`ATHANOR_FUZZ_RUNS` multiplies the runs):
 * - column names: 100 runs × one table of 50 random column names = 5,000 per database, with
 *   100 random table names and 100 random index names;
 * - table names: 100 runs × a batch of 50 tables with random names = 5,000 per database. Each
 *   table costs a CREATE TABLE and a DROP TABLE, which no batching saves (on MariaDB about 4 ms
 *   a table on an idle machine, 15–30 ms with the machine's two cores busy): this is the slowest
 *   property, up to a few minutes per database on busy cores, and the 5,000 cases per
 *   property per database are kept all the same. A second run on a database another run already
 *   fuzzes (a dialect variant, a pooler in front) takes a share with `fuzzScale`.
 * Each run creates its whole table or batch in one `createAll` (one transaction where DDL is
 * transactional), reads the catalog once, and names every table of a batch in one SELECT, one
 * UPDATE and one DELETE.
 */
const columnRuns = 100;
const columnsPerTable = 50;
const tableRuns = 100;
const tablesPerBatch = 50;
/** Any time limit vitest sets is for a hung test, not for a slow machine: give the runs room. */
const fuzzTimeoutMs = 600_000;

/**
 * Property-based fuzzing of names (fast-check, seeded; see fuzz-settings.ts): random column,
 * index and table names through CREATE TABLE and CREATE INDEX, foreign keys, INSERT, SELECT,
 * UPDATE, DELETE (every name in SET and WHERE) and reflection. A name is any printable unicode
 * within the dialect's identifier limit in UTF-8 bytes, after a position prefix (`3_`) that
 * keeps apart names the database folds together (case, accents).
 */
export function namesFuzzSuite(h: Harness): void {
  describe('fuzz: names', () => {
    test(
      h,
      'fuzz: random column and index names through CREATE, INSERT, SELECT, UPDATE, DELETE and reflection',
      async () => {
        const { numRuns, seed } = fuzzSettings(columnRuns, h.options.fuzzScale);
        const max = h.dialect.capabilities.maxIdentifierLength;
        await fc.assert(
          fc.asyncProperty(
            namePiece,
            namePiece,
            fc.array(namePiece, { minLength: columnsPerTable, maxLength: columnsPerTable }),
            async (tableSuffix, indexSuffix, randomNames) => {
              const [tableName = '', indexName = '', ...names] = await Promise.all(
                [
                  h.table(`fz ${tableSuffix}`),
                  h.table(`fzix ${indexSuffix}`),
                  ...randomNames.map((n, i) => `${i}_${n}`),
                ].map(async (name) => accepted(fitted(name, max))),
              );
              const key = (i: number) => `c${i}`;
              const metadata = new MetaData();
              const columns: Record<string, Column> = {
                id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
              };
              for (const [i, name] of names.entries())
                columns[key(i)] = new Column(sa.Integer, { name });
              const table = new Table(tableName, metadata, columns, {
                indexes: [new Index(indexName, key(1), key(0))],
              });
              const cols = names.map((_, i) => table.c[key(i)] as Column);
              /** Row `id` holds `i * 10 + offset` in column i. */
              const values = (offset: number) => names.map((_, i) => i * 10 + offset);
              const row = (id: number, offset: number) => ({
                id,
                ...Object.fromEntries(values(offset).map((v, i) => [key(i), v])),
              });
              const where = (offset: number) =>
                sa.and(...cols.map((c, i) => c.eq(i * 10 + offset)));
              const rows = async (statement: Parameters<typeof h.engine.execute>[0]) =>
                (await h.engine.execute(statement)).all().map((r) => [...r]);

              await metadata.createAll(h.engine);
              try {
                await h.engine.execute(insert(table).values([row(1, 0), row(2, 1)] as never));
                // Every name in WHERE: only the row holding each value is found.
                expect(await rows(select(table).where(where(0)))).toEqual([[1, ...values(0)]]);
                // Every name in SET and in WHERE.
                const updated = await h.engine.execute(
                  update(table)
                    .where(where(1))
                    .values(Object.fromEntries(values(5).map((v, i) => [key(i), v])) as never),
                );
                expect(updated.rowcount).toBe(1);
                const deleted = await h.engine.execute(table.delete().where(where(0)));
                expect(deleted.rowcount).toBe(1);
                expect(await rows(select(table))).toEqual([[2, ...values(5)]]);

                const inspector = sa.inspect(h.engine);
                expect(await inspector.getTableNames()).toContain(tableName);
                const reflected = await inspector.getColumns(tableName);
                expect(reflected.map((column) => column.name)).toEqual(['id', ...names]);
                const index = (await inspector.getIndexes(tableName)).find(
                  (found) => found.name === indexName,
                );
                expect(index?.columnNames).toEqual([names[1], names[0]]);
              } finally {
                await metadata.dropAll(h.engine, { checkFirst: false });
              }
            },
          ),
          { numRuns, seed },
        );
      },
      undefined,
      fuzzTimeoutMs,
    );

    test(
      h,
      'fuzz: random table names through CREATE with foreign keys, INSERT, SELECT, UPDATE, DELETE and reflection',
      async () => {
        const { numRuns, seed } = fuzzSettings(tableRuns, h.options.fuzzScale);
        const max = h.dialect.capabilities.maxIdentifierLength;
        await fc.assert(
          fc.asyncProperty(
            fc.array(namePiece, { minLength: tablesPerBatch, maxLength: tablesPerBatch }),
            async (randomNames) => {
              const names = await Promise.all(
                randomNames.map(async (n, i) =>
                  // Known limitation, left out: a foreign key names its target as the string
                  // 'table.column', so the table the others refer to has no '.' in its name.
                  accepted(fitted(h.table(`${i} ${i === 0 ? n.replaceAll('.', '') : n}`), max)),
                ),
              );
              const metadata = new MetaData();
              const [parent, ...children] = names.map(
                (name, i) =>
                  new Table(name, metadata, {
                    id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
                    parent:
                      i === 0
                        ? new Column(sa.Integer)
                        : new Column(sa.Integer, {
                            foreignKey: new ForeignKey(`${names[0]}.id`, { onDelete: 'CASCADE' }),
                          }),
                    v: new Column(sa.Integer),
                  }),
              );
              const [child, ...others] = children;
              if (!parent || !child) throw new Error('unreachable: a batch has tables');
              const tables = [parent, ...children];
              /** One SELECT naming every table: each one's `v`, sorted. */
              const everyV = async () => {
                const all = unionAll(select(parent.c.v), ...children.map((t) => select(t.c.v)));
                return (await h.engine.execute(all))
                  .scalars()
                  .all()
                  .map(Number)
                  .sort((a, b) => a - b);
              };
              const childrenV = unionAll(select(child.c.v), ...others.map((t) => select(t.c.v)));
              const childrenParents = unionAll(
                select(child.c.parent),
                ...others.map((t) => select(t.c.parent)),
              );

              await metadata.createAll(h.engine, { checkFirst: false });
              try {
                expect(await sa.inspect(h.engine).getTableNames()).toEqual(
                  expect.arrayContaining(names),
                );
                for (const [i, t] of tables.entries()) {
                  await h.engine.execute(
                    insert(t).values({ id: 1, parent: i === 0 ? null : 1, v: i } as never),
                  );
                }
                expect(await everyV()).toEqual(tables.map((_, i) => i));
                // An UPDATE naming every child table in its subquery: the parent's v becomes
                // the sum of theirs, 1 + 2 + ... + 49.
                const sum = childrenV.subquery('u');
                const updated = await h.engine.execute(
                  update(parent)
                    .where(parent.c.id.eq(1))
                    .values({ v: select(sa.func.sum(sum.c.v)).scalarSubquery() } as never),
                );
                expect(updated.rowcount).toBe(1);
                const total = (children.length * (children.length + 1)) / 2;
                expect(await everyV()).toEqual([...tables.keys()].slice(1).concat(total));
                // A DELETE naming every child table in its subquery; the foreign keys' ON DELETE
                // CASCADE then empties every child table.
                const deleted = await h.engine.execute(
                  parent.delete().where(parent.c.id.in(childrenParents)),
                );
                expect(deleted.rowcount).toBe(1);
                expect(await everyV()).toEqual([]);
                const last = children.at(-1) ?? child;
                const keys = await sa.inspect(h.engine).getForeignKeys(last.name);
                expect(keys.map((fk) => [fk.constrainedColumns, fk.referredTable])).toEqual([
                  [['parent'], parent.name],
                ]);
              } finally {
                await metadata.dropAll(h.engine, { checkFirst: false });
              }
            },
          ),
          { numRuns, seed },
        );
      },
      () =>
        h.options.multiPrimary === true &&
        'a multi-primary cluster aborts transactions while DDL replicates',
      fuzzTimeoutMs,
    );

    /**
     * The name, once what the dialect legitimately refuses in it is checked to be refused with
     * a clear error, and then taken out of it. MySQL and MariaDB keep names in utf8mb3: a
     * character beyond U+FFFF is a CompileError naming it. They refuse a name ending in a space:
     * the server's ProgrammingError quotes the name.
     */
    async function accepted(name: string): Promise<string> {
      let taken = name;
      try {
        h.dialect.compiler.quoteIdentifier(taken);
      } catch (error) {
        expect(error).toBeInstanceOf(sa.CompileError);
        const astral = /[\u{10000}-\u{10FFFF}]/u.exec(taken)?.[0] ?? '';
        const code = `U+${(astral.codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
        expect((error as Error).message).toContain(code);
        taken = taken.replace(/[\u{10000}-\u{10FFFF}]/gu, '');
      }
      if (h.options.dialect.name === 'mysql' && taken.endsWith(' ')) {
        const metadata = new MetaData();
        new Table(h.table('fz_spaced'), metadata, {
          id: new Column(sa.Integer, { primaryKey: true }),
          spaced: new Column(sa.Integer, { name: taken }),
        });
        const error = await errorFrom(metadata.createAll(h.engine));
        expect(sa.ProgrammingError.isInstance(error), String(error)).toBe(true);
        expect(error.message).toContain(`'${taken}'`);
        taken = taken.trimEnd();
      }
      return taken;
    }

    /** `name` cut, on a whole character, to at most `max` bytes of UTF-8. */
    function fitted(name: string, max: number): string {
      let cut = name;
      while (Buffer.byteLength(cut) > max) cut = [...cut].slice(0, -1).join('');
      return cut;
    }
  });
}
