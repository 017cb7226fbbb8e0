import {
  CheckConstraint,
  Column,
  CreateTable,
  DateTime,
  ForeignKey,
  ForeignKeyConstraint,
  func,
  Index,
  Integer,
  IntegrityError,
  insert,
  MetaData,
  PrimaryKeyConstraint,
  String,
  select,
  Table,
  text,
  UniqueConstraint,
  update,
} from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/** DDL: createAll / dropAll in foreign key order, cycles, constraints, indexes, defaults, names. */
export function ddlSuite(h: Harness): void {
  describe('DDL', () => {
    /** Runs `body` with the tables `define` makes, created first and dropped after, always. */
    async function withTables<T>(
      define: (md: MetaData) => T,
      body: (tables: T, md: MetaData) => Promise<void>,
    ) {
      const md = new MetaData();
      const tables = define(md);
      await md.createAll(h.engine);
      try {
        await body(tables, md);
      } finally {
        await md.dropAll(h.engine);
      }
    }

    const exists = (name: string, schema?: string) =>
      h.engine.connect().then(async (conn) => {
        try {
          return await h.dialect.reflection.hasTable(conn, name, schema ?? null);
        } finally {
          await conn.close();
        }
      });

    test(
      h,
      'createAll creates tables after the tables they refer to, and skips existing ones',
      async () => {
        const md = new MetaData();
        // Defined child first: createAll must still create the parent first.
        const child = new Table(h.table('ddl_child'), md, {
          id: new Column(Integer, { primaryKey: true }),
          parentId: new Column(Integer, { foreignKey: `${h.table('ddl_parent')}.id` }),
        });
        const parent = new Table(h.table('ddl_parent'), md, {
          id: new Column(Integer, { primaryKey: true }),
        });
        expect(md.sortedTables.map((t) => t.name)).toEqual([parent.name, child.name]);
        await md.createAll(h.engine);
        try {
          expect(await exists(parent.name)).toBe(true);
          expect(await exists(child.name)).toBe(true);
          await md.createAll(h.engine); // again: nothing to do, no error
          await h.engine.execute(insert(parent).values({ id: 1 }));
          await h.engine.execute(insert(child).values({ id: 1, parentId: 1 }));
        } finally {
          await md.dropAll(h.engine);
        }
        expect(await exists(parent.name)).toBe(false);
        expect(await exists(child.name)).toBe(false);
        await md.dropAll(h.engine); // again: nothing to do, no error
      },
    );

    test(
      h,
      'table.create() and table.drop(); creating an existing table without checkFirst fails',
      async () => {
        const md = new MetaData();
        const table = new Table(h.table('ddl_single'), md, {
          id: new Column(Integer, { primaryKey: true }),
        });
        await table.create(h.engine);
        try {
          await table.create(h.engine);
          const error = await errorFrom(table.create(h.engine, { checkFirst: false }));
          expect(error.name).toMatch(/ProgrammingError|OperationalError|InternalError/);
        } finally {
          await table.drop(h.engine);
        }
        expect(await exists(table.name)).toBe(false);
      },
    );

    test(h, 'tables that refer to each other in a cycle are created and dropped', async () => {
      await withTables(
        (md) => {
          const a = new Table(h.table('ddl_cycle_a'), md, {
            id: new Column(Integer, { primaryKey: true, autoincrement: false }),
            bId: new Column(Integer, { foreignKey: `${h.table('ddl_cycle_b')}.id` }),
          });
          const b = new Table(h.table('ddl_cycle_b'), md, {
            id: new Column(Integer, { primaryKey: true, autoincrement: false }),
            aId: new Column(Integer, { foreignKey: `${h.table('ddl_cycle_a')}.id` }),
          });
          return { a, b };
        },
        async ({ a, b }) => {
          await h.engine.begin(async (conn) => {
            await conn.execute(insert(a).values({ id: 1, bId: null }));
            await conn.execute(insert(b).values({ id: 1, aId: 1 }));
            await conn.execute(update(a).values({ bId: 1 }));
          });
          const joined = (
            await h.engine.execute(select(a.c.id, b.c.id.label('b')).join(b, a.c.bId.eq(b.c.id)))
          ).one();
          expect([...joined]).toEqual([1, 1]);
          await h.engine.execute(update(a).values({ bId: null }));
        },
      );
    });

    test(h, 'dropAll drops tables in a cycle whose rows refer to each other', async () => {
      const md = new MetaData();
      // The ORM README's shape: a user's favourite post, and each post's author.
      const users = new Table(h.table('ddl_cyc_users'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        favoritePostId: new Column(Integer, { foreignKey: `${h.table('ddl_cyc_posts')}.id` }),
      });
      const posts = new Table(h.table('ddl_cyc_posts'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        userId: new Column(Integer, { foreignKey: `${h.table('ddl_cyc_users')}.id` }),
      });
      await md.createAll(h.engine);
      try {
        await h.engine.begin(async (conn) => {
          await conn.execute(insert(users).values({ id: 1, favoritePostId: null }));
          await conn.execute(insert(posts).values({ id: 1, userId: 1 }));
          await conn.execute(update(users).values({ favoritePostId: 1 }));
        });
        await md.dropAll(h.engine);
        expect(await exists(users.name)).toBe(false);
        expect(await exists(posts.name)).toBe(false);
      } finally {
        // Left behind only when the drop failed: clear the references, then drop.
        if (await exists(users.name))
          await h.engine.execute(update(users).values({ favoritePostId: null }));
        await md.dropAll(h.engine);
      }
    });

    test(h, 'foreign keys with ON DELETE CASCADE and SET NULL act on delete', async () => {
      await withTables(
        (md) => {
          const parent = new Table(h.table('ddl_fk_parent'), md, {
            id: new Column(Integer, { primaryKey: true }),
          });
          const cascade = new Table(h.table('ddl_fk_cascade'), md, {
            id: new Column(Integer, { primaryKey: true }),
            parentId: new Column(Integer, {
              foreignKey: new ForeignKey(`${parent.name}.id`, { onDelete: 'CASCADE' }),
            }),
          });
          const setNull = new Table(h.table('ddl_fk_setnull'), md, {
            id: new Column(Integer, { primaryKey: true }),
            parentId: new Column(Integer, {
              foreignKey: new ForeignKey(`${parent.name}.id`, { onDelete: 'SET NULL' }),
            }),
          });
          return { parent, cascade, setNull };
        },
        async ({ parent, cascade, setNull }) => {
          await h.engine.execute(insert(parent).values({ id: 1 }));
          await h.engine.execute(insert(cascade).values({ id: 1, parentId: 1 }));
          await h.engine.execute(insert(setNull).values({ id: 1, parentId: 1 }));
          await h.engine.execute(parent.delete());
          expect((await h.engine.execute(select(func.count()).selectFrom(cascade))).scalar()).toBe(
            0,
          );
          expect((await h.engine.execute(select(setNull.c.parentId))).scalar()).toBeNull();
        },
      );
    });

    test(h, 'composite primary and foreign keys', async () => {
      await withTables(
        (md) => {
          const orders = new Table(
            h.table('ddl_orders'),
            md,
            {
              region: new Column(String(10)),
              number: new Column(Integer),
              total: new Column(Integer),
            },
            { constraints: [new PrimaryKeyConstraint('region', 'number')] },
          );
          const lines = new Table(
            h.table('ddl_lines'),
            md,
            {
              id: new Column(Integer, { primaryKey: true }),
              region: new Column(String(10), { nullable: false }),
              number: new Column(Integer, { nullable: false }),
            },
            {
              constraints: [
                new ForeignKeyConstraint(
                  ['region', 'number'],
                  [`${orders.name}.region`, `${orders.name}.number`],
                ),
              ],
            },
          );
          return { orders, lines };
        },
        async ({ orders, lines }) => {
          const inserted = await h.engine.execute(
            insert(orders).values({ region: 'eu', number: 7, total: 10 }),
          );
          expect(inserted.insertedPrimaryKey).toEqual(['eu', 7]);
          await h.engine.execute(insert(lines).values({ region: 'eu', number: 7 }));
          const error = await errorFrom(
            h.engine.execute(insert(lines).values({ region: 'us', number: 7 })),
          );
          expect(error).toBeInstanceOf(IntegrityError);
          const dup = await errorFrom(
            h.engine.execute(insert(orders).values({ region: 'eu', number: 7, total: 1 })),
          );
          expect(dup).toBeInstanceOf(IntegrityError);
          const joined = (await h.engine.execute(select(orders.c.total).join(lines))).scalar();
          expect(joined).toBe(10);
        },
      );
    });

    test(h, 'UNIQUE, CHECK and a unique multi-column index are enforced', async () => {
      await withTables(
        (md) =>
          new Table(
            h.table('ddl_rules'),
            md,
            {
              id: new Column(Integer, { primaryKey: true }),
              email: new Column(String(100), { unique: true }),
              first: new Column(String(20)),
              last: new Column(String(20)),
              age: new Column(Integer, { index: true }),
            },
            {
              constraints: [new CheckConstraint('age >= 0', { name: h.table('ck_age') })],
              indexes: [new Index(h.table('ix_name'), 'first', 'last', { unique: true })],
            },
          ),
        async (rules) => {
          await h.engine.execute(
            insert(rules).values({ email: 'a@x', first: 'A', last: 'B', age: 1 }),
          );
          const attempts = [
            insert(rules).values({ email: 'a@x', first: 'C', last: 'D', age: 1 }),
            insert(rules).values({ email: 'b@x', first: 'A', last: 'B', age: 1 }),
            insert(rules).values({ email: 'c@x', first: 'E', last: 'F', age: -1 }),
          ];
          for (const attempt of attempts) {
            expect(await errorFrom(h.engine.execute(attempt))).toBeInstanceOf(IntegrityError);
          }
          expect((await h.engine.execute(select(func.count()).selectFrom(rules))).scalar()).toBe(1);
        },
      );
    });

    test(h, 'server defaults: a literal and the current time', async () => {
      await withTables(
        (md) =>
          new Table(h.table('ddl_defaults'), md, {
            id: new Column(Integer, { primaryKey: true }),
            status: new Column(String(20), { serverDefault: "new 'one'", nullable: false }),
            count: new Column(Integer, { serverDefault: 5 }),
            created: new Column(DateTime, { serverDefault: text('CURRENT_TIMESTAMP') }),
          }),
        async (table) => {
          await h.engine.execute(insert(table).values({}));
          const row = (await h.engine.execute(select(table))).one();
          expect(row.status).toBe("new 'one'");
          expect(row.count).toBe(5);
          expect(row.created).toBeInstanceOf(Date);
          expect(Math.abs((row.created as Date).getTime() - Date.now())).toBeLessThan(
            24 * 3600 * 1000,
          );
        },
      );
    });

    test(h, 'names that need quoting: reserved words, mixed case, spaces, unicode', async () => {
      await withTables(
        (md) =>
          new Table(h.table('Order Details ünï'), md, {
            id: new Column(Integer, { primaryKey: true }),
            order: new Column(String(20), { name: 'order' }),
            user: new Column(String(20), { name: 'User Name' }),
            select: new Column(Integer, { name: 'select' }),
          }),
        async (table) => {
          await h.engine.execute(insert(table).values({ order: 'o1', user: 'Ann', select: 3 }));
          await h.engine.execute(update(table).where(table.c.order.eq('o1')).values({ select: 4 }));
          const row = (await h.engine.execute(select(table).where(table.c.user.eq('Ann')))).one();
          expect({ ...row }).toMatchObject({ order: 'o1', user: 'Ann', select: 4 });
        },
      );
    });

    test(
      h,
      'a generated index name longer than the identifier limit is shortened to fit',
      async () => {
        const max = h.dialect.capabilities.maxIdentifierLength;
        const longColumn = `c${'x'.repeat(Math.min(max, 200) - 10)}`;
        await withTables(
          (md) =>
            new Table(h.table('ddl_long'), md, {
              id: new Column(Integer, { primaryKey: true }),
              value: new Column(Integer, { index: true, name: longColumn }),
            }),
          async (table) => {
            const index = table.indexes[0];
            expect(index?.name.length).toBeGreaterThan(max < 200 ? max : 0);
            await h.engine.execute(insert(table).values({ value: 1 }));
            expect((await h.engine.execute(select(table.c.value))).scalar()).toBe(1);
          },
        );
      },
    );

    test(h, 'CreateTable compiles to SQL that can be read', async () => {
      const md = new MetaData();
      const table = new Table('shown', md, {
        id: new Column(Integer, { primaryKey: true }),
        name: new Column(String(30), { nullable: false }),
      });
      const sql = h.dialect.compiler.compile(new CreateTable(table)).compiled.sql;
      expect(sql).toMatch(/^CREATE TABLE shown \(/);
      expect(sql).toMatch(/name VARCHAR\(30\) NOT NULL/);
    });

    test(
      h,
      'tables in another schema',
      async () => {
        const schema = h.table('schema');
        await h.exec(`CREATE SCHEMA ${h.q(schema)}`);
        try {
          await withTables(
            (md) =>
              new Table(
                'in_schema',
                md,
                { id: new Column(Integer, { primaryKey: true }), name: new Column(String(10)) },
                { schema },
              ),
            async (table) => {
              expect(await exists('in_schema', schema)).toBe(true);
              await h.engine.execute(insert(table).values({ name: 'x' }));
              expect((await h.engine.execute(select(table.c.name))).scalar()).toBe('x');
            },
          );
        } finally {
          await h.exec(`DROP SCHEMA ${h.q(schema)} CASCADE`);
        }
      },
      () => !h.dialect.capabilities.schemas && 'the database has no schemas',
    );

    test(h, 'a duplicate table name in one MetaData is refused', async () => {
      const md = new MetaData();
      new Table('twice', md, { id: new Column(Integer, { primaryKey: true }) });
      expect(
        () => new Table('twice', md, { id: new Column(Integer, { primaryKey: true }) }),
      ).toThrow(/already defined in this MetaData/);
      expect(
        () =>
          new Table(
            'other',
            md,
            { x: new Column(Integer) },
            { constraints: [new UniqueConstraint('nope')] },
          ),
      ).toThrow(/has no column 'nope'/);
    });
  });
}
