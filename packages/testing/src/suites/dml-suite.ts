import {
  Column,
  CompileError,
  DateTime,
  delete_,
  func,
  Integer,
  type IntegerType,
  IntegrityError,
  insert,
  type LogRecord,
  String,
  select,
  Table,
  Text,
  update,
} from '@athanor/core';
import { afterEach, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

const wideColumns = 40;

/** INSERT, UPDATE, DELETE: many-row batches, inserted keys, RETURNING, upserts, defaults. */
export function dmlSuite(h: Harness): void {
  describe('insert, update, delete', () => {
    const fixedTime = new Date('2024-05-06T07:08:09.123Z');
    const { tables } = useTables(h, (md) => {
      const items = new Table(h.table('dml_items'), md, {
        id: new Column(Integer, { primaryKey: true }),
        name: new Column(String(100), { nullable: false, unique: true }),
        qty: new Column(Integer, { default: 1 }),
        note: new Column(Text),
        updated: new Column(DateTime, { onupdate: () => fixedTime }),
      });
      const archive = new Table(h.table('dml_archive'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        name: new Column(String(100)),
      });
      const counters = new Table(h.table('dml_counters'), md, {
        id: new Column(Integer, { primaryKey: true }),
        hits: new Column(Integer, { serverDefault: 0, nullable: false }),
      });
      const wideShape: Record<string, Column> = {
        id: new Column(Integer, { primaryKey: true }),
      };
      for (let i = 0; i < wideColumns; i++) wideShape[`c${i}`] = new Column(Integer);
      const wide = new Table(h.table('dml_wide'), md, wideShape);
      return { items, archive, counters, wide };
    });

    afterEach(async () => {
      if (h.unreachable) return;
      for (const table of Object.values(tables)) await h.engine.execute(delete_(table));
    });

    const itemNames = async () =>
      (await h.engine.execute(select(tables.items.c.name).orderBy(tables.items.c.id)))
        .scalars()
        .all();

    test(h, 'insert().values() of one row reports its generated primary key', async () => {
      const { items } = tables;
      const first = await h.engine.execute(insert(items).values({ name: 'apple' }));
      const second = await h.engine.execute(insert(items).values({ name: 'pear', qty: 3 }));
      const [firstId] = first.insertedPrimaryKey;
      const [secondId] = second.insertedPrimaryKey;
      expect(typeof firstId).toBe('number');
      // Later, not necessarily next: a server may number rows at a step (auto_increment_increment).
      expect(secondId).toBeGreaterThan(firstId as number);
      expect(first.rowcount).toBe(1);
      const row = (
        await h.engine.execute(
          select(items.c.name, items.c.qty).where(items.c.id.eq(secondId as number)),
        )
      ).one();
      expect([...row]).toEqual(['pear', 3]);
    });

    test(
      h,
      'client-side defaults fill columns left out, a value or a function each time',
      async () => {
        const { items } = tables;
        await h.engine.execute(insert(items).values({ name: 'default qty' }));
        expect((await h.engine.execute(select(items.c.qty))).scalar()).toBe(1);
      },
    );

    test(h, 'insert().values() with several rows inserts them in one statement', async () => {
      const { items } = tables;
      const result = await h.engine.execute(
        insert(items).values([
          { name: 'a', qty: 1 },
          { name: 'b', qty: 5 },
          { name: 'c', qty: 2 },
        ]),
      );
      expect(result.rowcount).toBe(3);
      const stored = (
        await h.engine.execute(select(items.c.id, items.c.name).orderBy(items.c.id))
      ).all();
      expect(result.insertedPrimaryKeys).toEqual(stored.map((row) => [row.id]));
      expect(stored.map((row) => row.name)).toEqual(['a', 'b', 'c']);
    });

    test(h, 'execute(insert, rows) inserts every row and reports their keys in order', async () => {
      const { items } = tables;
      const rows = Array.from({ length: 25 }, (_, i) => ({ name: `item ${i}`, qty: i }));
      const result = await h.engine.execute(insert(items), rows);
      expect(result.rowcount).toBe(25);
      const keys = result.insertedPrimaryKeys.map(([id]) => id);
      const stored = (
        await h.engine.execute(select(items.c.id, items.c.name).orderBy(items.c.id))
      ).all();
      expect(stored.map((row) => row.id)).toEqual(keys);
      expect(stored.map((row) => row.name)).toEqual(rows.map((row) => row.name));
    });

    test(h, 'many rows go in batches that stay within the parameter limit', async () => {
      const { wide } = tables;
      const count = 2500;
      const rows = Array.from({ length: count }, (_, r) => {
        const row: Record<string, number> = {};
        for (let i = 0; i < wideColumns; i++) row[`c${i}`] = r * 100 + i;
        return row;
      });
      const records: LogRecord[] = [];
      const engine = h.createEngine({ echo: true, logger: (record) => records.push(record) });
      const target = h.dialect.poolClassFor(h.url) === 'static' ? h.engine : engine;
      const result = await target.execute(insert(wide), rows);
      expect(result.rowcount).toBe(count);
      const inserts = records.filter((record) => record.message.startsWith('INSERT'));
      const perBatch = Math.min(
        1000,
        Math.floor(h.dialect.capabilities.maxParameters / wideColumns),
      );
      if (target === engine) expect(inserts).toHaveLength(Math.ceil(count / perBatch));
      const first = wide.c.c0 as Column<IntegerType>;
      const last = wide.c[`c${wideColumns - 1}`] as Column<IntegerType>;
      const check = await h.engine.execute(select(func.count(), func.sum(first), func.max(last)));
      expect([...check.one()]).toEqual([
        count,
        (100 * count * (count - 1)) / 2,
        (count - 1) * 100 + wideColumns - 1,
      ]);
    });

    test(
      h,
      'a parameter set missing a column the first one gives is an error naming it',
      async () => {
        const { items } = tables;
        const error = await errorFrom(
          h.engine.execute(insert(items), [{ name: 'x', note: 'n' }, { name: 'y' }]),
        );
        expect(error.message).toContain("'note' in parameter set 2");
        expect(await itemNames()).toEqual([]);
      },
    );

    test(h, 'an unknown column is a CompileError that lists the columns', async () => {
      const { items } = tables;
      const error = await errorFrom(
        Promise.resolve().then(() => insert(items).values({ nmae: 'typo' } as never)),
      );
      expect(error).toBeInstanceOf(CompileError);
      expect(error.message).toContain("Unknown column 'nmae'");
      expect(error.message).toContain('id, name, qty, note, updated');
    });

    test(h, 'an INSERT with no values uses the defaults (DEFAULT VALUES)', async () => {
      const { counters } = tables;
      const result = await h.engine.execute(insert(counters).values({}));
      const [id] = result.insertedPrimaryKey;
      const row = (
        await h.engine.execute(select(counters).where(counters.c.id.eq(id as number)))
      ).one();
      expect(row.hits).toBe(0);
    });

    test(h, 'INSERT ... SELECT copies rows', async () => {
      const { items, archive } = tables;
      await h.engine.execute(insert(items), [
        { name: 'old 1' },
        { name: 'old 2' },
        { name: 'new' },
      ]);
      const result = await h.engine.execute(
        insert(archive).fromSelect(
          ['id', 'name'],
          select(items.c.id, items.c.name).where(items.c.name.startsWith('old')),
        ),
      );
      expect(result.rowcount).toBe(2);
      const archived = (await h.engine.execute(select(archive.c.name).orderBy(archive.c.name)))
        .scalars()
        .all();
      expect(archived).toEqual(['old 1', 'old 2']);
    });

    test(
      h,
      'UPDATE with WHERE and expressions counts the rows it matched; onupdate applies',
      async () => {
        const { items } = tables;
        await h.engine.execute(insert(items), [
          { name: 'a', qty: 1 },
          { name: 'b', qty: 2 },
          { name: 'c', qty: 3 },
        ]);
        const result = await h.engine.execute(
          update(items)
            .where(items.c.qty.ge(2))
            .values({ qty: items.c.qty.mul(10) }),
        );
        expect(result.rowcount).toBe(2);
        const rows = (
          await h.engine.execute(
            select(items.c.name, items.c.qty, items.c.updated).orderBy(items.c.id),
          )
        ).all();
        expect(rows.map((row) => [row.name, row.qty])).toEqual([
          ['a', 1],
          ['b', 20],
          ['c', 30],
        ]);
        expect(rows[0]?.updated).toBeNull();
        expect((rows[1]!.updated as Date).toISOString()).toBe(fixedTime.toISOString());
      },
    );

    test(h, 'DELETE with WHERE counts the rows it removed', async () => {
      const { items } = tables;
      await h.engine.execute(insert(items), [
        { name: 'keep' },
        { name: 'drop 1' },
        { name: 'drop 2' },
      ]);
      const result = await h.engine.execute(delete_(items).where(items.c.name.startsWith('drop')));
      expect(result.rowcount).toBe(2);
      expect(await itemNames()).toEqual(['keep']);
    });

    test(
      h,
      'table.insert(), table.update() and table.delete() are the same statements',
      async () => {
        const { items } = tables;
        await h.engine.execute(items.insert().values({ name: 'x', qty: 1 }));
        await h.engine.execute(items.update().where(items.c.name.eq('x')).values({ qty: 2 }));
        expect((await h.engine.execute(items.select())).one().qty).toBe(2);
        await h.engine.execute(items.delete());
        expect(await itemNames()).toEqual([]);
      },
    );

    test(h, 'values full of quotes and SQL are stored as they are', async () => {
      const { items } = tables;
      const hostile = `'; DROP TABLE ${items.name}; --`;
      await h.engine.execute(insert(items).values({ name: hostile, note: `"quoted" \\ 'single'` }));
      const row = (await h.engine.execute(select(items.c.name, items.c.note))).one();
      expect([...row]).toEqual([hostile, `"quoted" \\ 'single'`]);
    });

    test(h, 'a duplicate key is an IntegrityError and nothing is half-written', async () => {
      const { items } = tables;
      await h.engine.execute(insert(items).values({ name: 'unique' }));
      const error = await errorFrom(
        h.engine.execute(insert(items), [{ name: 'fresh' }, { name: 'unique' }]),
      );
      expect(error).toBeInstanceOf(IntegrityError);
      expect(await itemNames()).toEqual(['unique']);
    });

    test(
      h,
      'INSERT ... RETURNING gives the inserted rows, typed',
      async () => {
        const { items } = tables;
        const result = await h.engine.execute(
          insert(items).values({ name: 'r', qty: 7 }).returning(items.c.id, items.c.qty),
        );
        const row = result.one();
        expect(row.qty).toBe(7);
        expect(typeof row.id).toBe('number');
        const many = await h.engine.execute(insert(items).returning(items.c.name), [
          { name: 'm1' },
          { name: 'm2' },
        ]);
        expect(many.scalars().all()).toEqual(['m1', 'm2']);
      },
      () => !h.dialect.capabilities.insertReturning && 'the database has no INSERT ... RETURNING',
    );

    test(
      h,
      'UPDATE ... RETURNING gives the changed rows',
      async () => {
        const { items } = tables;
        await h.engine.execute(insert(items), [
          { name: 'u1', qty: 1 },
          { name: 'u2', qty: 2 },
        ]);
        const result = await h.engine.execute(
          update(items)
            .where(items.c.qty.eq(2))
            .values({ qty: 9 })
            .returning(items.c.name, items.c.qty),
        );
        expect(result.all().map((row) => [...row])).toEqual([['u2', 9]]);
      },
      () => !h.dialect.capabilities.updateReturning && 'the database has no UPDATE ... RETURNING',
    );

    test(
      h,
      'DELETE ... RETURNING gives the deleted rows',
      async () => {
        const { items } = tables;
        await h.engine.execute(insert(items), [{ name: 'd1' }, { name: 'd2' }]);
        const result = await h.engine.execute(
          delete_(items).where(items.c.name.eq('d1')).returning(items.c.name),
        );
        expect(result.scalars().all()).toEqual(['d1']);
        expect(await itemNames()).toEqual(['d2']);
      },
      () => !h.dialect.capabilities.deleteReturning && 'the database has no DELETE ... RETURNING',
    );

    test(
      h,
      'RETURNING where the database lacks it is a CompileError before the database is called',
      async () => {
        const { items } = tables;
        const error = await errorFrom(
          h.engine.execute(update(items).values({ qty: 1 }).returning(items.c.id)),
        );
        expect(error).toBeInstanceOf(CompileError);
        expect(error.message).toContain('RETURNING is not supported');
      },
      () => h.dialect.capabilities.updateReturning && 'the database has UPDATE ... RETURNING',
    );

    test(
      h,
      'upsert: ON CONFLICT DO NOTHING and DO UPDATE with the proposed row',
      async () => {
        const { items } = tables;
        await h.engine.execute(insert(items).values({ name: 'k', qty: 1 }));
        const ignored = insert(items)
          .values({ name: 'k', qty: 50 })
          .onConflictDoNothing({ target: [items.c.name] });
        await h.engine.execute(ignored);
        expect((await h.engine.execute(select(items.c.qty))).scalar()).toBe(1);
        const stmt = insert(items).values({ name: 'k', qty: 5 });
        await h.engine.execute(
          stmt.onConflictDoUpdate({
            target: items.c.name,
            set: { qty: stmt.excluded.qty.add(items.c.qty) },
          }),
        );
        await h.engine.execute(
          insert(items)
            .values({ name: 'new', qty: 2 })
            .onConflictDoUpdate({ target: items.c.name, set: { qty: 0 } }),
        );
        const rows = (
          await h.engine.execute(select(items.c.name, items.c.qty).orderBy(items.c.name))
        ).all();
        expect(rows.map((row) => [...row])).toEqual([
          ['k', 6],
          ['new', 2],
        ]);
      },
      () =>
        h.dialect.capabilities.upsertStyle !== 'on-conflict' && 'the database has no ON CONFLICT',
    );

    test(
      h,
      'upsert: ON DUPLICATE KEY UPDATE with VALUES(), and INSERT IGNORE for DO NOTHING',
      async () => {
        const { items } = tables;
        await h.engine.execute(insert(items).values({ name: 'k', qty: 1 }));
        const stmt = insert(items).values({ name: 'k', qty: 5 });
        await h.engine.execute(
          stmt.onDuplicateKeyUpdate({ qty: stmt.inserted.qty.add(items.c.qty) }),
        );
        await h.engine.execute(insert(items).values({ name: 'k', qty: 100 }).onConflictDoNothing());
        // onConflictDoUpdate is written as ON DUPLICATE KEY UPDATE here, so portable code runs.
        await h.engine.execute(
          insert(items)
            .values({ name: 'k', qty: 0 })
            .onConflictDoUpdate({ target: items.c.name, set: { note: 'hit' } }),
        );
        const row = (await h.engine.execute(select(items.c.qty, items.c.note))).one();
        expect([...row]).toEqual([6, 'hit']);
      },
      () =>
        h.dialect.capabilities.upsertStyle !== 'on-duplicate-key' &&
        'the database has no ON DUPLICATE KEY',
    );

    test(
      h,
      'onDuplicateKeyUpdate() on a database with ON CONFLICT is a CompileError saying what to use',
      async () => {
        const { items } = tables;
        const stmt = insert(items).values({ name: 'k' }).onDuplicateKeyUpdate({ qty: 1 });
        const error = await errorFrom(h.engine.execute(stmt));
        expect(error).toBeInstanceOf(CompileError);
        expect(error.message).toContain('onConflictDoUpdate');
      },
      () =>
        h.dialect.capabilities.upsertStyle !== 'on-conflict' && 'the database has ON DUPLICATE KEY',
    );

    test(
      h,
      'a CTE feeding an UPDATE',
      async () => {
        const { items } = tables;
        await h.engine.execute(insert(items), [
          { name: 'x', qty: 1 },
          { name: 'y', qty: 2 },
          { name: 'z', qty: 3 },
        ]);
        const big = select(items.c.id).where(items.c.qty.ge(2)).cte('big');
        const stmt = update(items)
          .where(items.c.id.in(select(big.c.id)))
          .values({ note: 'big' });
        expect((await h.engine.execute(stmt)).rowcount).toBe(2);
        const notes = (await h.engine.execute(select(items.c.note).orderBy(items.c.id)))
          .scalars()
          .all();
        expect(notes).toEqual([null, 'big', 'big']);
      },
      () => !h.dialect.capabilities.dmlCte && 'the database has no WITH on UPDATE',
    );
  });
}
