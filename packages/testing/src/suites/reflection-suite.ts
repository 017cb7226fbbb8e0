import {
  type AnyTable,
  ArgumentError,
  BigInteger,
  Boolean as BooleanOf,
  CheckConstraint,
  Column,
  Date as DateOf,
  DateTime,
  DateTimeType,
  Enum,
  EnumType,
  Float,
  ForeignKey,
  ForeignKeyConstraint,
  Index,
  Integer,
  Interval,
  insert,
  inspect,
  JSON as JSONOf,
  LargeBinary,
  MetaData,
  Numeric,
  NumericType,
  PrimaryKeyConstraint,
  type ReflectedColumn,
  SmallInteger,
  String as StringOf,
  StringType,
  select,
  Table,
  Text,
  Time,
  text,
  UniqueConstraint,
} from '@athanor/core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

/** A table's column by name, or a failure naming the columns it has. */
function col(table: AnyTable, name: string): Column {
  const found = table.columns.find((column) => column.name === name);
  if (!found) {
    throw new Error(`${table.name} has no column ${name}: ${table.columns.map((c) => c.name)}`);
  }
  return found;
}

/** The reflected columns by name: a lookup that fails when the column is missing. */
function byName(columns: readonly ReflectedColumn[]): (name: string) => ReflectedColumn {
  return (name) => {
    const found = columns.find((column) => column.name === name);
    if (!found) throw new Error(`no reflected column ${name}: ${columns.map((c) => c.name)}`);
    return found;
  };
}

/** Sorted by code unit, as the inspector sorts names. */
const sorted = (names: readonly string[]): string[] =>
  [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Reflection (SQLAlchemy's Inspector, `MetaData.reflect`, `Table.autoload`): reading tables,
 * columns with their types, keys, constraints, indexes, views and comments back from the
 * database, and using what was read in statements.
 */
export function reflectionSuite(h: Harness): void {
  describe('reflection', () => {
    const insp = () => inspect(h.engine);
    const n = (name: string) => h.table(name);
    const names = {
      users: n('refl_users'),
      orders: n('refl_orders'),
      notes: n('refl_notes'),
      items: n('Order Items ñ'),
    };

    const { tables } = useTables(h, (md) => {
      const users = new Table(
        names.users,
        md,
        {
          id: new Column(Integer, { primaryKey: true }),
          name: new Column(StringOf(50), { nullable: false }),
          email: new Column(StringOf(100), { unique: true }),
          age: new Column(Integer, { nullable: false, serverDefault: 0 }),
          status: new Column(StringOf(20), { serverDefault: 'active' }),
          bio: new Column(Text),
          score: new Column(Numeric(10, 2)),
          ratio: new Column(Float),
          born: new Column(DateOf),
          seen_at: new Column(DateTime),
          wakes: new Column(Time),
          active: new Column(BooleanOf),
          data: new Column(JSONOf),
          photo: new Column(LargeBinary),
          big: new Column(BigInteger),
          small: new Column(SmallInteger),
          mood: new Column(Enum(['sad', 'happy'])),
        },
        { constraints: [new CheckConstraint('age >= 0', { name: n('ck_users_age') })] },
      );
      const orders = new Table(
        names.orders,
        md,
        {
          line: new Column(Integer, { nullable: false }),
          order_id: new Column(Integer, { nullable: false }),
          user_id: new Column(Integer, {
            nullable: false,
            foreignKey: new ForeignKey(`${names.users}.id`, { onDelete: 'CASCADE' }),
          }),
          sku: new Column(StringOf(20)),
          note: new Column(StringOf(40)),
        },
        {
          // Key order differs from column order on purpose.
          constraints: [new PrimaryKeyConstraint('order_id', 'line', { name: n('pk_orders') })],
          indexes: [
            new Index(n('ix_orders_user_sku'), 'user_id', 'sku'),
            new Index(n('ux_orders_note'), 'note', { unique: true }),
          ],
        },
      );
      const notes = new Table(
        names.notes,
        md,
        {
          id: new Column(Integer, { primaryKey: true }),
          order_id: new Column(Integer),
          line: new Column(Integer),
          a: new Column(Integer),
          b: new Column(StringOf(10)),
        },
        {
          constraints: [
            new ForeignKeyConstraint(
              ['order_id', 'line'],
              [`${names.orders}.order_id`, `${names.orders}.line`],
              { name: n('fk_notes_order'), onUpdate: 'CASCADE' },
            ),
            new UniqueConstraint('b', 'a', { name: n('uq_notes_ba') }),
          ],
        },
      );
      const items = new Table(names.items, md, {
        id: new Column(Integer, { primaryKey: true }),
        order: new Column(Integer),
        'Mixed Case': new Column(StringOf(30)),
        'naïve 名前': new Column(Text),
        select: new Column(StringOf(10)),
      });
      return { users, orders, notes, items };
    });

    afterEach(async () => {
      if (h.unreachable) return;
      await h.engine.execute(tables.notes.delete());
      await h.engine.execute(tables.orders.delete());
      await h.engine.execute(tables.users.delete());
      await h.engine.execute(tables.items.delete());
    });

    test(h, 'getTableNames lists the tables, sorted by name, and hasTable finds them', async () => {
      const all = await insp().getTableNames();
      const ours = all.filter((name) => name.startsWith(h.prefix));
      expect(ours).toEqual(sorted(Object.values(names)));
      expect(all).toEqual(sorted(all));
      expect(all.some((name) => name.startsWith('sqlite_'))).toBe(false);
      expect(await insp().hasTable(names.users)).toBe(true);
      expect(await insp().hasTable(names.items)).toBe(true);
      expect(await insp().hasTable(n('refl_missing'))).toBe(false);
    });

    test(
      h,
      'hasTable with an explicit schema finds the table in the one schema holding it',
      async () => {
        const schemas = await insp().getSchemaNames();
        expect(schemas.length).toBeGreaterThan(0);
        const holding: string[] = [];
        for (const schema of schemas) {
          if (await insp().hasTable(names.users, schema)) holding.push(schema);
        }
        expect(holding).toHaveLength(1);
        const schema = holding[0] as string;
        expect(await insp().getTableNames(schema)).toContain(names.users);
        expect(await insp().hasTable(n('refl_missing'), schema)).toBe(false);
      },
    );

    test(h, 'asking about a table that does not exist is an ArgumentError', async () => {
      const error = await errorFrom(insp().getColumns(n('refl_missing')));
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as ArgumentError).code).toBe('no-such-table');
    });

    test(h, 'getColumns gives the columns in order with their types', async () => {
      const columns = await insp().getColumns(names.users);
      expect(columns.map((c) => c.name)).toEqual(tables.users.columns.map((c) => c.name));
      const c = byName(columns);
      const typeName = (name: string) => c(name).type.typeName;
      expect(typeName('id')).toBe('integer');
      expect(c('name').type).toBeInstanceOf(StringType);
      expect((c('name').type as StringType).length).toBe(50);
      expect((c('email').type as StringType).length).toBe(100);
      expect(typeName('bio')).toBe('text');
      expect(c('score').type).toBeInstanceOf(NumericType);
      expect((c('score').type as NumericType).precision).toBe(10);
      expect((c('score').type as NumericType).scale).toBe(2);
      expect(typeName('ratio')).toBe('float');
      expect(typeName('born')).toBe('date');
      expect(c('seen_at').type).toBeInstanceOf(DateTimeType);
      expect((c('seen_at').type as DateTimeType).timezone).toBe(false);
      expect(typeName('wakes')).toBe('time');
      expect(typeName('active')).toBe('boolean');
      expect(typeName('data')).toBe('json');
      expect(typeName('photo')).toBe('large_binary');
      expect(typeName('big')).toBe('big_integer');
      expect(typeName('small')).toBe('small_integer');
    });

    test(h, 'an Enum reads back as its values, natively or as a string with a CHECK', async () => {
      const mood = byName(await insp().getColumns(names.users))('mood');
      if (mood.type instanceof EnumType) {
        expect(mood.type.values).toEqual(['sad', 'happy']);
      } else {
        expect(mood.type).toBeInstanceOf(StringType);
        const checks = await insp().getCheckConstraints(names.users);
        const check = checks.find((c) => c.sqltext.includes('mood'));
        expect(check?.sqltext).toContain("'sad'");
        expect(check?.sqltext).toContain("'happy'");
      }
    });

    test(
      h,
      'getColumns reports nullable, server defaults, autoincrement and no comment',
      async () => {
        const c = byName(await insp().getColumns(names.users));
        expect(c('id').nullable).toBe(false);
        expect(c('name').nullable).toBe(false);
        expect(c('email').nullable).toBe(true);
        expect(c('age').nullable).toBe(false);
        expect(c('age').default).toMatch(/\b0\b/);
        expect(c('status').default).toMatch(/'active'/);
        expect(c('email').default).toBeNull();
        expect(c('bio').default).toBeNull();
        expect(c('id').autoincrement).toBe(true);
        expect(c('age').autoincrement).toBe(false);
        expect(c('name').comment).toBeNull();
        const o = byName(await insp().getColumns(names.orders));
        // A composite key is not generated.
        expect(o('order_id').autoincrement).toBe(false);
        expect(o('line').autoincrement).toBe(false);
      },
    );

    test(h, 'getPkConstraint gives the key columns in key order', async () => {
      const single = await insp().getPkConstraint(names.users);
      expect(single.constrainedColumns).toEqual(['id']);
      const composite = await insp().getPkConstraint(names.orders);
      expect(composite.constrainedColumns).toEqual(['order_id', 'line']);
      // MySQL names every primary key PRIMARY and reports no name; others keep the one given.
      if (composite.name !== null) expect(composite.name).toBe(n('pk_orders'));
    });

    test(h, 'getForeignKeys reports a key with ON DELETE CASCADE', async () => {
      const keys = await insp().getForeignKeys(names.orders);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({
        constrainedColumns: ['user_id'],
        referredSchema: null,
        referredTable: names.users,
        referredColumns: ['id'],
        onDelete: 'CASCADE',
        onUpdate: null,
      });
    });

    test(h, 'a composite foreign key is one entry with its columns in order', async () => {
      const keys = await insp().getForeignKeys(names.notes);
      expect(keys).toEqual([
        {
          name: n('fk_notes_order'),
          constrainedColumns: ['order_id', 'line'],
          referredSchema: null,
          referredTable: names.orders,
          referredColumns: ['order_id', 'line'],
          // No ON DELETE was given: the database's default reads as null.
          onDelete: null,
          onUpdate: 'CASCADE',
        },
      ]);
    });

    test(h, 'getUniqueConstraints reports single and multi-column UNIQUE constraints', async () => {
      const users = await insp().getUniqueConstraints(names.users);
      expect(users.map((u) => u.columnNames)).toEqual([['email']]);
      const notes = await insp().getUniqueConstraints(names.notes);
      expect(notes).toEqual([{ name: n('uq_notes_ba'), columnNames: ['b', 'a'] }]);
    });

    test(h, 'getCheckConstraints reports a named CHECK with its condition', async () => {
      const checks = await insp().getCheckConstraints(names.users);
      const age = checks.find((check) => check.name === n('ck_users_age'));
      expect(age?.sqltext).toMatch(/age\W*\s*>=\s*0/);
      expect(await insp().getCheckConstraints(names.orders)).toEqual([]);
    });

    test(h, 'getIndexes reports indexes with their columns, not those behind keys', async () => {
      const indexes = await insp().getIndexes(names.orders);
      const multi = indexes.find((index) => index.name === n('ix_orders_user_sku'));
      expect(multi).toEqual({
        name: n('ix_orders_user_sku'),
        columnNames: ['user_id', 'sku'],
        unique: false,
      });
      expect(indexes).toEqual(
        sorted(indexes.map((i) => i.name)).map((name) => indexes.find((i) => i.name === name)),
      );
      // Neither the primary key's nor the UNIQUE constraints' own indexes are listed.
      const userIndexes = await insp().getIndexes(names.users);
      expect(userIndexes.filter((index) => index.columnNames.join() === 'id')).toEqual([]);
      expect(userIndexes.filter((index) => index.columnNames.join() === 'email')).toEqual([]);
      const noteIndexes = await insp().getIndexes(names.notes);
      expect(noteIndexes.filter((index) => index.columnNames.join() === 'b,a')).toEqual([]);
      expect(await insp().hasIndex(names.orders, n('ix_orders_user_sku'))).toBe(true);
      expect(await insp().hasIndex(names.orders, n('ix_missing'))).toBe(false);
    });

    test(
      h,
      'a unique index is reported once: as a unique index or a UNIQUE constraint',
      async () => {
        const name = n('ux_orders_note');
        const asIndex = (await insp().getIndexes(names.orders)).filter((i) => i.name === name);
        const asConstraint = (await insp().getUniqueConstraints(names.orders)).filter(
          (u) => u.name === name,
        );
        expect(asIndex.length + asConstraint.length).toBe(1);
        expect(await insp().hasIndex(names.orders, name)).toBe(true);
        if (asIndex[0]) expect(asIndex[0]).toEqual({ name, columnNames: ['note'], unique: true });
        else expect(asConstraint[0]).toEqual({ name, columnNames: ['note'] });
      },
    );

    test(h, 'getViewNames lists a view, getTableNames does not, and a view reflects', async () => {
      const view = n('refl_user_names');
      await h.exec(
        `CREATE VIEW ${h.q(view)} AS SELECT ${h.q('id')}, ${h.q('name')} FROM ${h.q(names.users)}`,
      );
      try {
        expect(await insp().getViewNames()).toContain(view);
        const views = await insp().getViewNames();
        expect(views).toEqual(sorted(views));
        expect(await insp().getTableNames()).not.toContain(view);
        expect(await insp().hasTable(view)).toBe(true);
        expect((await insp().getColumns(view)).map((c) => c.name)).toEqual(['id', 'name']);
        const md = new MetaData();
        await md.reflect(h.engine, { only: [view], views: true });
        const reflected = md.tables.get(view) as AnyTable;
        expect(reflected.columns.map((c) => c.name)).toEqual(['id', 'name']);
        await h.engine.execute(insert(tables.users).values({ id: 1, name: 'Ada' }));
        const rows = (await h.engine.execute(select(reflected))).all();
        expect(rows.map((row) => ({ ...row }))).toEqual([{ id: 1, name: 'Ada' }]);
      } finally {
        await h.exec(`DROP VIEW ${h.q(view)}`);
      }
    });

    test(h, 'quoted, mixed-case, unicode and reserved-word names read back exactly', async () => {
      expect(await insp().getTableNames()).toContain(names.items);
      const columns = await insp().getColumns(names.items);
      expect(columns.map((c) => c.name)).toEqual([
        'id',
        'order',
        'Mixed Case',
        'naïve 名前',
        'select',
      ]);
      expect((byName(columns)('Mixed Case').type as StringType).length).toBe(30);
      const md = new MetaData();
      const reflected = await Table.autoload(names.items, md, h.engine);
      await h.engine.execute(
        insert(reflected).values({
          id: 7,
          order: 3,
          'Mixed Case': 'Ünï',
          'naïve 名前': '名前',
          select: 's',
        }),
      );
      const rows = (
        await h.engine.execute(select(reflected).where(col(reflected, 'order').eq(3)))
      ).all();
      expect(rows.map((row) => ({ ...row }))).toEqual([
        { id: 7, order: 3, 'Mixed Case': 'Ünï', 'naïve 名前': '名前', select: 's' },
      ]);
    });

    test(h, 'Table.autoload builds a table that works in statements', async () => {
      await h.engine.execute(
        insert(tables.users).values([
          { id: 1, name: 'x', age: 30 },
          { id: 2, name: 'y', age: 40 },
        ]),
      );
      const md = new MetaData();
      const reflected = await Table.autoload(names.users, md, h.engine);
      expect(reflected.primaryKey.columns.map((c) => c.name)).toEqual(['id']);
      expect(col(reflected, 'name').nullable).toBe(false);
      expect(col(reflected, 'id').autoincrement).toBe(true);
      expect(reflected.c.name).toBe(col(reflected, 'name'));
      const rows = (
        await h.engine.execute(select(reflected).where(col(reflected, 'name').eq('x')))
      ).all();
      expect(rows.map((row) => [row.id, row.name, row.age, row.status])).toEqual([
        [1, 'x', 30, 'active'],
      ]);
      // The reflected server default applies when an insert leaves the column out.
      await h.engine.execute(insert(reflected).values({ id: 3, name: 'z' }));
      const status = await h.engine.execute(
        select(col(reflected, 'status'), col(reflected, 'age')).where(col(reflected, 'id').eq(3)),
      );
      expect({ ...status.one() }).toEqual({ status: 'active', age: 0 });
    });

    test(h, 'reflecting a table brings in the tables its foreign keys refer to', async () => {
      const md = new MetaData();
      await md.reflect(h.engine, { only: [names.notes] });
      expect(sorted([...md.tables.keys()])).toEqual(
        sorted([names.notes, names.orders, names.users]),
      );
      const notes = md.tables.get(names.notes) as AnyTable;
      const fk = notes.foreignKeys[0] as ForeignKeyConstraint;
      expect(fk.columns.map((c) => c.name)).toEqual(['order_id', 'line']);
      expect(fk.referredTable).toBe(md.tables.get(names.orders));
      expect(fk.options.onUpdate).toBe('CASCADE');
      const orders = md.tables.get(names.orders) as AnyTable;
      expect(orders.primaryKey.columns.map((c) => c.name)).toEqual(['order_id', 'line']);
      expect(orders.indexes.map((index) => index.name)).toContain(n('ix_orders_user_sku'));
      const unique = notes.constraints.find(
        (c) => c instanceof UniqueConstraint,
      ) as UniqueConstraint;
      expect(unique.columns.map((c) => c.name)).toEqual(['b', 'a']);
      // A join on the reflected foreign key works without an ON clause.
      await h.engine.execute(insert(tables.users).values({ id: 1, name: 'u' }));
      await h.engine.execute(insert(tables.orders).values({ order_id: 5, line: 1, user_id: 1 }));
      await h.engine.execute(insert(tables.notes).values({ id: 9, order_id: 5, line: 1 }));
      const joined = await h.engine.execute(
        select(col(notes, 'id'), col(orders, 'user_id')).join(orders),
      );
      expect(joined.all().map((row) => [...row])).toEqual([[9, 1]]);
    });

    test(
      h,
      'table and column comments read back',
      async () => {
        const md = new MetaData();
        const commented = new Table(
          n('refl_commented'),
          md,
          {
            id: new Column(Integer, { primaryKey: true, comment: "the key's comment ü" }),
            plain: new Column(Integer),
          },
          { comment: 'a table comment, 名前' },
        );
        await md.createAll(h.engine);
        try {
          expect(await insp().getTableComment(commented.name)).toBe('a table comment, 名前');
          const c = byName(await insp().getColumns(commented.name));
          expect(c('id').comment).toBe("the key's comment ü");
          expect(c('plain').comment).toBeNull();
          expect(await insp().getTableComment(names.users)).toBeNull();
          const reflected = await Table.autoload(commented.name, new MetaData(), h.engine);
          expect(reflected.comment).toBe('a table comment, 名前');
          expect(col(reflected, 'id').comment).toBe("the key's comment ü");
        } finally {
          await md.dropAll(h.engine);
        }
      },
      () => h.dialect.capabilities.commentStyle === 'none' && 'the database stores no comments',
    );

    test(
      h,
      'an INTERVAL column reads back as Interval',
      async () => {
        const md = new MetaData();
        const t = new Table(n('refl_interval'), md, {
          id: new Column(Integer, { primaryKey: true }),
          span: new Column(Interval),
        });
        await md.createAll(h.engine);
        try {
          const c = byName(await insp().getColumns(t.name));
          expect(c('span').type.typeName).toBe('interval');
        } finally {
          await md.dropAll(h.engine);
        }
      },
      () => !h.dialect.capabilities.intervalType && 'no INTERVAL type',
    );

    test(h, 'a reflected MetaData creates the same tables again', async () => {
      const md = new MetaData();
      const parent = new Table(
        n('refl_rt_parent'),
        md,
        {
          id: new Column(Integer, { primaryKey: true }),
          code: new Column(StringOf(10), { nullable: false, unique: true }),
          qty: new Column(Integer, { nullable: false, serverDefault: 5 }),
          label: new Column(StringOf(20), { serverDefault: 'x' }),
          price: new Column(Numeric(8, 3)),
        },
        { constraints: [new CheckConstraint('qty >= 0', { name: n('ck_rt_qty') })] },
      );
      const child = new Table(
        n('refl_rt_child'),
        md,
        {
          id: new Column(Integer, { primaryKey: true }),
          parent_id: new Column(Integer, {
            foreignKey: new ForeignKey(`${parent.name}.id`, { onDelete: 'SET NULL' }),
          }),
          parent_code: new Column(StringOf(10), { foreignKey: `${parent.name}.code` }),
          seen: new Column(DateTime),
        },
        { indexes: [new Index(n('ix_rt_seen'), 'seen', 'id')] },
      );
      const tableNames = [parent.name, child.name];
      const snapshot = async () => {
        const i = insp();
        const out: Record<string, unknown> = {};
        for (const name of tableNames) {
          out[name] = {
            columns: (await i.getColumns(name)).map((c) => ({ ...c, type: { ...c.type } })),
            pk: await i.getPkConstraint(name),
            fks: await i.getForeignKeys(name),
            indexes: await i.getIndexes(name),
            uniques: await i.getUniqueConstraints(name),
            checks: await i.getCheckConstraints(name),
          };
        }
        return out;
      };
      await md.createAll(h.engine);
      const copy = new MetaData();
      try {
        const before = await snapshot();
        await copy.reflect(h.engine, { only: tableNames });
        await md.dropAll(h.engine);
        expect(await insp().hasTable(parent.name)).toBe(false);
        await copy.createAll(h.engine);
        expect(await snapshot()).toEqual(before);
        const reflectedParent = copy.tables.get(parent.name) as AnyTable;
        await h.engine.execute(insert(reflectedParent).values({ code: 'c1' }));
        const row = (await h.engine.execute(select(reflectedParent))).one();
        expect({ code: row.code, qty: row.qty, label: row.label }).toEqual({
          code: 'c1',
          qty: 5,
          label: 'x',
        });
        expect(typeof row.id).toBe('number');
      } finally {
        await copy.dropAll(h.engine);
        await md.dropAll(h.engine);
      }
    });

    describe('in another schema', () => {
      const schema = n('refl_schema');
      const md = new MetaData({ schema });
      const parent = new Table(n('refl_sch_parent'), md, {
        id: new Column(Integer, { primaryKey: true }),
        name: new Column(StringOf(20)),
      });
      const child = new Table(n('refl_sch_child'), md, {
        id: new Column(Integer, { primaryKey: true }),
        parent_id: new Column(Integer, { foreignKey: `${parent.name}.id` }),
      });
      const schemas = () => !h.unreachable && h.dialect.capabilities.schemas;
      const noSchemas = () => !h.dialect.capabilities.schemas && 'the database has no schemas';

      beforeAll(async () => {
        if (!schemas()) return;
        await h.exec(`CREATE SCHEMA IF NOT EXISTS ${h.q(schema)}`);
        await md.createAll(h.engine);
      });
      afterAll(async () => {
        if (!schemas()) return;
        await h.exec(`DROP SCHEMA IF EXISTS ${h.q(schema)} CASCADE`);
      });

      test(
        h,
        'tables in a schema are listed there and not in the default schema',
        async () => {
          expect(await insp().getSchemaNames()).toContain(schema);
          expect(await insp().getTableNames(schema)).toEqual(sorted([parent.name, child.name]));
          expect(await insp().getTableNames()).not.toContain(parent.name);
          expect(await insp().hasTable(parent.name, schema)).toBe(true);
          expect(await insp().hasTable(parent.name)).toBe(false);
          const keys = await insp().getForeignKeys(child.name, schema);
          expect(keys).toMatchObject([
            { referredSchema: schema, referredTable: parent.name, referredColumns: ['id'] },
          ]);
        },
        noSchemas,
      );

      test(
        h,
        'Table.autoload with a schema reads the table and the one it refers to',
        async () => {
          const copy = new MetaData();
          const reflected = await Table.autoload(child.name, copy, h.engine, { schema });
          expect(reflected.schema).toBe(schema);
          expect(sorted([...copy.tables.keys()])).toEqual(
            sorted([`${schema}.${child.name}`, `${schema}.${parent.name}`]),
          );
          const reflectedParent = copy.tables.get(`${schema}.${parent.name}`) as AnyTable;
          await h.engine.execute(insert(reflectedParent).values({ id: 1, name: 'p' }));
          await h.engine.execute(insert(reflected).values({ id: 2, parent_id: 1 }));
          const rows = await h.engine.execute(
            select(col(reflectedParent, 'name')).join(reflected).where(col(reflected, 'id').eq(2)),
          );
          expect(rows.scalars().all()).toEqual(['p']);
          await h.engine.execute(text(`DELETE FROM ${h.q(schema)}.${h.q(child.name)}`));
          await h.engine.execute(text(`DELETE FROM ${h.q(schema)}.${h.q(parent.name)}`));
        },
        noSchemas,
      );
    });
  });
}
