import {
  AddColumn,
  AddConstraint,
  AlterColumn,
  BigInteger,
  CheckConstraint,
  Column,
  CompileError,
  CreateIndex,
  DropColumn,
  DropConstraint,
  type Executable,
  Index,
  Integer,
  IntegrityError,
  inspect,
  MetaData,
  RenameColumn,
  RenameTable,
  String as SqlString,
  Table,
  text,
  UniqueConstraint,
} from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/**
 * Schema changes (the statements migrations are made of): each run on the database, then checked
 * by what reflection and the rows say. Where the database cannot ALTER (SQLite: capability
 * `alterColumn` false) the statement must fail to compile with an error naming batch mode.
 */
export function alterSuite(h: Harness): void {
  describe('ALTER (schema changes)', () => {
    const canAlter = () => (h.dialect.capabilities.alterColumn ? false : 'no ALTER COLUMN');
    const cannotAlter = () => (h.dialect.capabilities.alterColumn ? 'has ALTER COLUMN' : false);

    /** A table `name` with an id, `name` VARCHAR(20) and `qty` INTEGER, and two rows. */
    async function withTable(
      name: string,
      body: (table: Table, existing: { name: Column; qty: Column }) => Promise<void>,
    ): Promise<void> {
      const md = new MetaData();
      const table = new Table(h.table(name), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        name: new Column(SqlString(20)),
        qty: new Column(Integer),
      });
      await md.createAll(h.engine);
      try {
        await h.exec(
          `INSERT INTO ${h.q(table.name)} (id, name, qty) VALUES (1, 'one', 10), (2, 'two', NULL)`,
        );
        // The columns as they are, as MySQL's MODIFY COLUMN needs them.
        const existing = {
          name: new Column(SqlString(20)),
          qty: new Column(Integer),
        };
        await body(table, existing);
      } finally {
        await h.exec(`DROP TABLE IF EXISTS ${h.q(table.name)}`);
      }
    }

    const run = (statement: Executable) => h.engine.execute(statement);
    const rows = async (sql: string) => (await h.exec(sql)).all();
    const columnsOf = async (table: string) => inspect(h.engine).getColumns(table);

    test(h, 'AddColumn with a server default fills existing rows', async () => {
      await withTable('alt_add', async (table) => {
        const holder = new Table(table.name, new MetaData(), {
          status: new Column(SqlString(10), { nullable: false, serverDefault: 'new' }),
        });
        await run(new AddColumn(table, holder.column('status')));
        const status = (await columnsOf(table.name)).find((c) => c.name === 'status');
        expect(status?.nullable).toBe(false);
        expect(await rows(`SELECT status FROM ${h.q(table.name)} ORDER BY id`)).toEqual([
          { status: 'new' },
          { status: 'new' },
        ]);
      });
    });

    test(h, 'DropColumn removes the column and keeps the rows', async () => {
      await withTable('alt_drop', async (table) => {
        await run(new DropColumn(table, 'qty'));
        const names = (await columnsOf(table.name)).map((c) => c.name);
        expect(names).toEqual(['id', 'name']);
        expect(await rows(`SELECT id, name FROM ${h.q(table.name)} ORDER BY id`)).toEqual([
          { id: 1, name: 'one' },
          { id: 2, name: 'two' },
        ]);
      });
    });

    test(h, 'RenameColumn: the values are read under the new name', async () => {
      await withTable('alt_rencol', async (table) => {
        await run(new RenameColumn(table, 'name', 'label'));
        expect((await columnsOf(table.name)).map((c) => c.name)).toEqual(['id', 'label', 'qty']);
        expect(await rows(`SELECT label FROM ${h.q(table.name)} ORDER BY id`)).toEqual([
          { label: 'one' },
          { label: 'two' },
        ]);
      });
    });

    test(h, 'RenameTable: the rows move with the table', async () => {
      await withTable('alt_rentab', async (table) => {
        const renamed = h.table('alt_rentab2');
        await run(new RenameTable(table, renamed));
        try {
          expect(await inspect(h.engine).hasTable(table.name)).toBe(false);
          expect(await rows(`SELECT id FROM ${h.q(renamed)} ORDER BY id`)).toEqual([
            { id: 1 },
            { id: 2 },
          ]);
        } finally {
          await run(
            new RenameTable(new Table(renamed, new MetaData(), standInColumns(table)), table.name),
          );
        }
      });
    });

    test(
      h,
      'AlterColumn changes the type and keeps the data',
      async () => {
        await withTable('alt_type', async (table, existing) => {
          await run(new AlterColumn(table, 'name', { type: SqlString(100) }, existing.name));
          await run(new AlterColumn(table, 'qty', { type: BigInteger }, existing.qty));
          const columns = await columnsOf(table.name);
          const name = columns.find((c) => c.name === 'name');
          expect(name?.type.typeName).toBe('string');
          expect(String(name?.type)).toMatch(/\(100\)/);
          expect(columns.find((c) => c.name === 'qty')?.type.typeName).toBe('big_integer');
          await h.exec(`UPDATE ${h.q(table.name)} SET name = :long WHERE id = 2`, {
            long: 'x'.repeat(100),
          });
          expect(await rows(`SELECT name, qty FROM ${h.q(table.name)} ORDER BY id`)).toEqual([
            { name: 'one', qty: 10 },
            { name: 'x'.repeat(100), qty: null },
          ]);
        });
      },
      canAlter,
    );

    test(
      h,
      'AlterColumn NOT NULL is enforced, and NULL allowed again after',
      async () => {
        await withTable('alt_null', async (table, existing) => {
          await run(new AlterColumn(table, 'name', { nullable: false }, existing.name));
          expect((await columnsOf(table.name)).find((c) => c.name === 'name')?.nullable).toBe(
            false,
          );
          const error = await errorFrom(
            h.exec(`INSERT INTO ${h.q(table.name)} (id, name) VALUES (3, NULL)`),
          );
          expect(IntegrityError.isInstance(error)).toBe(true);
          const notNull = new Column(SqlString(20), { nullable: false });
          await run(new AlterColumn(table, 'name', { nullable: true }, notNull));
          await h.exec(`INSERT INTO ${h.q(table.name)} (id, name) VALUES (3, NULL)`);
          expect(await rows(`SELECT name FROM ${h.q(table.name)} WHERE id = 3`)).toEqual([
            { name: null },
          ]);
        });
      },
      canAlter,
    );

    test(
      h,
      'AlterColumn sets a server default applied on insert, and drops it',
      async () => {
        await withTable('alt_default', async (table, existing) => {
          await run(new AlterColumn(table, 'qty', { serverDefault: 7 }, existing.qty));
          await h.exec(`INSERT INTO ${h.q(table.name)} (id) VALUES (3)`);
          expect(await rows(`SELECT qty FROM ${h.q(table.name)} WHERE id = 3`)).toEqual([
            { qty: 7 },
          ]);
          const withDefault = new Column(Integer, { serverDefault: 7 });
          await run(new AlterColumn(table, 'qty', { serverDefault: null }, withDefault));
          await h.exec(`INSERT INTO ${h.q(table.name)} (id) VALUES (4)`);
          expect(await rows(`SELECT qty FROM ${h.q(table.name)} WHERE id = 4`)).toEqual([
            { qty: null },
          ]);
        });
      },
      canAlter,
    );

    test(
      h,
      'AddConstraint UNIQUE is enforced with IntegrityError; DropConstraint lifts it',
      async () => {
        await withTable('alt_unique', async (table) => {
          const unique = new UniqueConstraint('name', { name: h.table('uq_alt_name') });
          new Table(table.name, new MetaData(), standInColumns(table), { constraints: [unique] });
          await run(new AddConstraint(unique));
          const reflected = await inspect(h.engine).getUniqueConstraints(table.name);
          expect(reflected.map((u) => u.columnNames)).toEqual([['name']]);
          const error = await errorFrom(
            h.exec(`INSERT INTO ${h.q(table.name)} (id, name) VALUES (3, 'one')`),
          );
          expect(IntegrityError.isInstance(error)).toBe(true);
          await run(new DropConstraint({ table, name: unique.name ?? '', type: 'unique' }));
          await h.exec(`INSERT INTO ${h.q(table.name)} (id, name) VALUES (3, 'one')`);
          expect(await rows(`SELECT id FROM ${h.q(table.name)} WHERE name = 'one'`)).toHaveLength(
            2,
          );
        });
      },
      canAlter,
    );

    test(
      h,
      'AddConstraint CHECK is enforced with IntegrityError; DropConstraint lifts it',
      async () => {
        await withTable('alt_check', async (table) => {
          const check = new CheckConstraint('qty >= 0', { name: h.table('ck_alt_qty') });
          new Table(table.name, new MetaData(), standInColumns(table), { constraints: [check] });
          await run(new AddConstraint(check));
          const error = await errorFrom(
            h.exec(`INSERT INTO ${h.q(table.name)} (id, qty) VALUES (3, -1)`),
          );
          expect(IntegrityError.isInstance(error)).toBe(true);
          await run(new DropConstraint({ table, name: check.name ?? '', type: 'check' }));
          await h.exec(`INSERT INTO ${h.q(table.name)} (id, qty) VALUES (3, -1)`);
          expect(await rows(`SELECT qty FROM ${h.q(table.name)} WHERE id = 3`)).toEqual([
            { qty: -1 },
          ]);
        });
      },
      canAlter,
    );

    test(
      h,
      'without ALTER COLUMN, AlterColumn and constraint changes fail to compile naming batch mode',
      async () => {
        await withTable('alt_batch', async (table, existing) => {
          const statements = [
            new AlterColumn(table, 'name', { nullable: false }, existing.name),
            new DropConstraint({ table, name: 'uq_x', type: 'unique' }),
          ];
          for (const statement of statements) {
            const error = await errorFrom(run(statement));
            expect(CompileError.isInstance(error)).toBe(true);
            expect(error.message).toMatch(/batch mode/);
          }
        });
      },
      cannotAlter,
    );

    /** Creates `index` on the table, or returns the CompileError the dialect gives for it. */
    async function createOrRefuse(index: Index): Promise<CompileError | null> {
      try {
        await run(new CreateIndex(index));
        return null;
      } catch (error) {
        if (!CompileError.isInstance(error)) throw error;
        return error as CompileError;
      }
    }

    test(h, 'a partial unique index holds only where its condition does', async () => {
      await withTable('alt_partial', async (table) => {
        const index = new Index(h.table('ix_alt_partial'), 'name', {
          unique: true,
          where: 'qty > 0',
        });
        new Table(table.name, new MetaData(), standInColumns(table), { indexes: [index] });
        const refused = await createOrRefuse(index);
        if (refused) {
          // MySQL and MariaDB have no partial indexes: the error says what to do instead.
          expect(refused.message).toMatch(/no partial indexes/);
          return;
        }
        const names = (await inspect(h.engine).getIndexes(table.name)).map((i) => i.name);
        expect(names).toContain(index.name);
        // Row 1 ('one', 10) is indexed; a second 'one' with qty 0 is not, so it is allowed.
        await h.exec(`INSERT INTO ${h.q(table.name)} (id, name, qty) VALUES (3, 'one', 0)`);
        const error = await errorFrom(
          h.exec(`INSERT INTO ${h.q(table.name)} (id, name, qty) VALUES (4, 'one', 5)`),
        );
        expect(IntegrityError.isInstance(error)).toBe(true);
      });
    });

    test(h, 'an expression index (unique on lower(name)) is enforced', async () => {
      await withTable('alt_expr', async (table) => {
        const index = new Index(h.table('ix_alt_expr'), text('lower(name)'), { unique: true });
        new Table(table.name, new MetaData(), standInColumns(table), { indexes: [index] });
        const refused = await createOrRefuse(index);
        if (refused) {
          // MariaDB (and MySQL before 8.0.13) index no expressions: the error names the way out.
          expect(refused.message).toMatch(/generated column/);
          return;
        }
        const error = await errorFrom(
          h.exec(`INSERT INTO ${h.q(table.name)} (id, name) VALUES (3, 'ONE')`),
        );
        expect(IntegrityError.isInstance(error)).toBe(true);
      });
    });
  });
}

/** Fresh columns with the names of `table`'s, for a stand-in Table a constraint can join. */
function standInColumns(table: Table): Record<string, Column> {
  return Object.fromEntries(table.columns.map((column) => [column.key, new Column(column.type)]));
}
