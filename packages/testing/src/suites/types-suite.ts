import * as sa from '@athanor/core';
import {
  ArgumentError,
  Column,
  DataError,
  func,
  IntegrityError,
  insert,
  jsonNull,
  type LogRecord,
  MetaData,
  select,
  Table,
} from '@athanor/core';
import { afterEach, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

const statuses = ['draft', 'published', 'archived'] as const;

/** Every type's round trip: the exact JavaScript value and type back, limits and NULL included. */
export function typesSuite(h: Harness): void {
  describe('types', () => {
    const { tables: t } = useTables(h, (metadata) => ({
      numbers: new Table(h.table('ty_numbers'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        i32: new Column(sa.Integer),
        i16: new Column(sa.SmallInteger),
        i64: new Column(sa.BigInteger()),
        i64n: new Column(sa.BigInteger({ mode: 'number' })),
        dbl: new Column(sa.Float),
      }),
      decimals: new Table(h.table('ty_decimals'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        wide: new Column(sa.Numeric(30, 10)),
        price: new Column(sa.Numeric(10, 2)),
        rate: new Column(sa.Numeric(12, 4)),
        approx: new Column(sa.Numeric(10, 2, { asNumber: true })),
      }),
      ledger: new Table(h.table('ty_ledger'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        amount: new Column(sa.Numeric(20, 4)),
      }),
      strings: new Table(h.table('ty_strings'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        name: new Column(sa.String(40)),
        body: new Column(sa.Text),
        token: new Column(sa.Uuid),
        status: new Column(sa.Enum(statuses)),
      }),
      flags: new Table(h.table('ty_flags'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        flag: new Column(sa.Boolean),
      }),
      temporal: new Table(h.table('ty_temporal'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        day: new Column(sa.Date),
        at: new Column(sa.DateTime()),
        atTz: new Column(sa.DateTime({ timezone: true })),
        clock: new Column(sa.Time),
      }),
      documents: new Table(h.table('ty_documents'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        doc: new Column(sa.JSON<unknown>()),
      }),
      blobs: new Table(h.table('ty_blobs'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        data: new Column(sa.LargeBinary),
      }),
      mixed: new Table(h.table('ty_mixed'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        i32: new Column(sa.Integer),
        i64: new Column(sa.BigInteger()),
        price: new Column(sa.Numeric(10, 2)),
        flag: new Column(sa.Boolean),
        day: new Column(sa.Date),
        at: new Column(sa.DateTime()),
        clock: new Column(sa.Time),
        doc: new Column(sa.JSON<unknown>()),
        data: new Column(sa.LargeBinary),
        status: new Column(sa.Enum(statuses)),
      }),
    }));

    afterEach(async () => {
      if (h.unreachable) return;
      for (const table of Object.values(t)) await h.engine.execute(table.delete());
    });

    /** The rows of a table as plain objects, in id order. */
    async function rowsOf<R extends object>(table: {
      readonly columns: readonly Column[];
      select(): sa.Select<R, unknown[]>;
    }): Promise<R[]> {
      const id = table.columns.find((column) => column.key === 'id') as Column;
      return (await h.engine.execute(table.select().orderBy(id))).mappings().all();
    }

    test(h, 'Integer and SmallInteger read as numbers, at their limits and NULL', async () => {
      await h.engine.execute(
        insert(t.numbers).values([
          { id: 1, i32: 2147483647, i16: 32767 },
          { id: 2, i32: -2147483648, i16: -32768 },
          { id: 3, i32: 0, i16: 0 },
          { id: 4, i32: null, i16: null },
        ]),
      );
      const rows = await rowsOf(t.numbers);
      expect(rows.map((r) => [r.i32, r.i16])).toEqual([
        [2147483647, 32767],
        [-2147483648, -32768],
        [0, 0],
        [null, null],
      ]);
      expect(typeof rows[0]?.i32).toBe('number');
      expect(typeof rows[0]?.i16).toBe('number');
      const found = await h.engine.execute(
        select(t.numbers.c.id).where(t.numbers.c.i32.eq(-2147483648)),
      );
      expect(found.scalars().all()).toEqual([2]);
    });

    test(h, 'BigInteger reads as an exact bigint, to ±9223372036854775807', async () => {
      await h.engine.execute(
        insert(t.numbers).values([
          { id: 1, i64: 9223372036854775807n },
          { id: 2, i64: -9223372036854775808n },
          { id: 3, i64: 9007199254740993n },
          { id: 4, i64: 42 },
          { id: 5, i64: null },
        ]),
      );
      const rows = await rowsOf(t.numbers);
      expect(rows.map((r) => r.i64)).toEqual([
        9223372036854775807n,
        -9223372036854775808n,
        9007199254740993n,
        42n,
        null,
      ]);
      for (const row of rows.slice(0, 4)) expect(typeof row.i64).toBe('bigint');
      // The other columns of the same rows are not dragged into bigint.
      expect(rows[0]?.id).toBe(1);
      const found = await h.engine.execute(
        select(t.numbers.c.id).where(t.numbers.c.i64.eq(-9223372036854775808n)),
      );
      expect(found.scalars().all()).toEqual([2]);
    });

    test(h, "BigInteger({ mode: 'number' }) reads as a number", async () => {
      const max = Number.MAX_SAFE_INTEGER;
      await h.engine.execute(
        insert(t.numbers).values([
          { id: 1, i64n: max },
          { id: 2, i64n: -max },
          { id: 3, i64n: 7n },
          { id: 4, i64n: null },
        ]),
      );
      const rows = await rowsOf(t.numbers);
      expect(rows.map((r) => r.i64n)).toEqual([max, -max, 7, null]);
      expect(typeof rows[2]?.i64n).toBe('number');
    });

    test(h, 'Float round-trips doubles exactly', async () => {
      // 90.77279022388613: mysql2 read it as 90.77279022388612 from MySQL's text protocol.
      const values = [
        0.1,
        Math.PI,
        -1.5e300,
        1.7976931348623157e308,
        2.2250738585072014e-308,
        0,
        90.77279022388613,
      ];
      await h.engine.execute(
        insert(t.numbers).values([
          ...values.map((dbl, index) => ({ id: index + 1, dbl })),
          { id: 99, dbl: null },
        ]),
      );
      const rows = await rowsOf(t.numbers);
      expect(rows.map((r) => r.dbl)).toEqual([...values, null]);
      expect(typeof rows[0]?.dbl).toBe('number');
      const found = await h.engine.execute(select(t.numbers.c.id).where(t.numbers.c.dbl.eq(0.1)));
      expect(found.scalars().all()).toEqual([1]);
    });

    test(h, 'Numeric reads as a decimal string with its scale; asNumber as a number', async () => {
      await h.engine.execute(
        insert(t.decimals).values([
          { id: 1, price: '1.5', rate: '1.5', wide: '123456789012.345', approx: 12.34 },
          { id: 2, price: 0.1, rate: 0.1, wide: '0.1', approx: '-0.5' },
          { id: 3, price: '-99999999.99', rate: '-99999999.9999', wide: '-5', approx: 99999999.99 },
          { id: 4, price: null, rate: 7, wide: null, approx: null },
        ]),
      );
      const rows = await rowsOf(t.decimals);
      // Up to 15 significant digits survive on every database, SQLite's doubles included.
      expect(rows.map((r) => [r.price, r.rate, r.wide, r.approx])).toEqual([
        ['1.50', '1.5000', '123456789012.3450000000', 12.34],
        ['0.10', '0.1000', '0.1000000000', -0.5],
        ['-99999999.99', '-99999999.9999', '-5.0000000000', 99999999.99],
        [null, '7.0000', null, null],
      ]);
      expect(typeof rows[0]?.approx).toBe('number');
      const found = await h.engine.execute(
        select(t.decimals.c.id).where(t.decimals.c.price.eq('0.10')),
      );
      expect(found.scalars().all()).toEqual([2]);
    });

    test(
      h,
      'Numeric keeps every digit of a 30-digit decimal',
      async () => {
        const values = [
          '12345678901234567890.1234567890',
          '-99999999999999999999.9999999999',
          '0.0000000001',
          '0.0000000000',
        ];
        await h.engine.execute(
          insert(t.decimals).values(values.map((wide, index) => ({ id: index + 1, wide }))),
        );
        const rows = await rowsOf(t.decimals);
        expect(rows.map((r) => r.wide)).toEqual(values);
        const found = await h.engine.execute(
          select(t.decimals.c.id).where(t.decimals.c.wide.eq('12345678901234567890.123456789')),
        );
        expect(found.scalars().all()).toEqual([1]);
      },
      () => !h.dialect.capabilities.exactDecimals && 'decimals are stored as doubles',
    );

    test(h, 'Numeric(20, 4) keeps all 20 digits, and rounds to its scale', async () => {
      await h.engine.execute(
        insert(t.ledger).values([
          { id: 1, amount: '12345678901234.5678' },
          { id: 2, amount: '-12345678901234.5678' },
          { id: 3, amount: '99999999999999.9999' },
          { id: 4, amount: '0.00005' },
          { id: 5, amount: 12345678901234 },
          { id: 6, amount: '1.23456' },
        ]),
      );
      expect((await rowsOf(t.ledger)).map((r) => r.amount)).toEqual([
        '12345678901234.5678',
        '-12345678901234.5678',
        '99999999999999.9999',
        '0.0001',
        '12345678901234.0000',
        '1.2346',
      ]);
    });

    test(h, 'Numeric compares, sorts, and takes min and max by value, not as text', async () => {
      const { ledger } = t;
      const amounts = ['9.5', '10.25', '-10', '-9.5', '100', '0.5', '2'];
      await h.engine.execute(
        insert(ledger).values(amounts.map((amount, index) => ({ id: index + 1, amount }))),
      );
      const ids = async (condition: sa.ColumnElement<boolean>) =>
        (await h.engine.execute(select(ledger.c.id).where(condition).orderBy(ledger.c.id)))
          .scalars()
          .all();
      expect(await ids(ledger.c.amount.gt('9.6'))).toEqual([2, 5]);
      expect(await ids(ledger.c.amount.lt('-9.75'))).toEqual([3]);
      expect(await ids(ledger.c.amount.le('-9.5'))).toEqual([3, 4]);
      expect(await ids(ledger.c.amount.eq('10.250'))).toEqual([2]);
      expect(await ids(ledger.c.amount.ne('2.0'))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await ids(ledger.c.amount.between('-9.5', '9.5'))).toEqual([1, 4, 6, 7]);
      expect(await ids(ledger.c.amount.in(['100.00', '0.5']))).toEqual([5, 6]);
      const sorted = await h.engine.execute(select(ledger.c.amount).orderBy(ledger.c.amount));
      expect(sorted.scalars().all()).toEqual([
        '-10.0000',
        '-9.5000',
        '0.5000',
        '2.0000',
        '9.5000',
        '10.2500',
        '100.0000',
      ]);
      const descending = await h.engine.execute(
        select(ledger.c.id).orderBy(ledger.c.amount.desc()).limit(2),
      );
      expect(descending.scalars().all()).toEqual([5, 2]);
      const [least, most, total, mean] = (
        await h.engine.execute(
          select(
            func.min(ledger.c.amount),
            func.max(ledger.c.amount),
            func.sum(ledger.c.amount),
            func.avg(ledger.c.amount),
          ),
        )
      ).one();
      expect([least, most, total]).toEqual(['-10.0000', '100.0000', '102.7500']);
      // avg's digits differ by database (SQLite's is a double); its value does not.
      expect(Number(mean)).toBeCloseTo(102.75 / 7, 6);
    });

    test(h, 'a Numeric column refuses text that is not a number, written by raw SQL', async () => {
      const insertRaw = (id: number, amount: string) =>
        h.engine.execute(sa.text(`INSERT INTO ${t.ledger} (id, amount) VALUES (:id, :amount)`), {
          id,
          amount,
        });
      await insertRaw(1, '12345678901234.5678');
      for (const [id, amount] of [
        [2, 'abc'],
        [3, '1.2.3'],
      ] as const) {
        const error = await errorFrom(insertRaw(id, amount));
        expect(error).toBeInstanceOf(sa.DatabaseError);
      }
      expect((await rowsOf(t.ledger)).map((r) => [r.id, r.amount])).toEqual([
        [1, '12345678901234.5678'],
      ]);
    });

    test(h, 'a reflected Numeric column is Numeric(20, 4) and keeps all 20 digits', async () => {
      const reflected = new MetaData();
      await reflected.reflect(h.engine, { only: [t.ledger.name] });
      const ledger = reflected.tables.get(t.ledger.name) as sa.AnyTable;
      const amount = ledger.c.amount as Column<sa.NumericType>;
      expect(amount.type).toBeInstanceOf(sa.NumericType);
      expect([amount.type.precision, amount.type.scale]).toEqual([20, 4]);
      // The column's storage is its type's: no CHECK constraint of the table's own.
      expect(ledger.constraints.filter((c) => c instanceof sa.CheckConstraint)).toEqual([]);
      await h.engine.execute(insert(ledger).values({ id: 1, amount: '-98765432109876.5432' }));
      const read = await h.engine.execute(select(amount).where(amount.lt('-98765432109876')));
      expect(read.scalars().all()).toEqual(['-98765432109876.5432']);
    });

    test(h, 'Boolean reads as true, false and null, and compares in WHERE', async () => {
      await h.engine.execute(
        insert(t.flags).values([
          { id: 1, flag: true },
          { id: 2, flag: false },
          { id: 3, flag: null },
        ]),
      );
      const rows = await rowsOf(t.flags);
      expect(rows.map((r) => r.flag)).toEqual([true, false, null]);
      const ids = async (condition: sa.ColumnElement<boolean>) =>
        (await h.engine.execute(select(t.flags.c.id).where(condition).orderBy(t.flags.c.id)))
          .scalars()
          .all();
      expect(await ids(t.flags.c.flag.eq(true))).toEqual([1]);
      expect(await ids(t.flags.c.flag.eq(false))).toEqual([2]);
      expect(await ids(t.flags.c.flag.isNull())).toEqual([3]);
      const selected = await h.engine.execute(select(t.flags.c.flag).where(t.flags.c.id.eq(2)));
      expect(selected.scalar()).toBe(false);
    });

    test(h, 'String and Text keep unicode, emoji, quotes and the empty string', async () => {
      const names = ['héllo wörld', '日本語のテキスト', '🎉👍🏽 👨‍👩‍👧', 'O\'Brien \\ "q" %_', ''];
      // Over 64 KiB of UTF-8: more than a MySQL TEXT holds.
      const long = 'ü€😀'.repeat(9000);
      await h.engine.execute(
        insert(t.strings).values(names.map((name, index) => ({ id: index + 1, name, body: name }))),
      );
      await h.engine.execute(insert(t.strings).values({ id: 10, name: null, body: long }));
      const rows = await rowsOf(t.strings);
      expect(rows.map((r) => r.name)).toEqual([...names, null]);
      expect(rows.map((r) => r.body)).toEqual([...names, long]);
      const ids = async (condition: sa.ColumnElement<boolean>) =>
        (await h.engine.execute(select(t.strings.c.id).where(condition))).scalars().all();
      expect(await ids(t.strings.c.name.eq(''))).toEqual([5]);
      expect(await ids(t.strings.c.name.eq('🎉👍🏽 👨‍👩‍👧'))).toEqual([3]);
      expect(await ids(t.strings.c.name.isNull())).toEqual([10]);
    });

    test(h, 'Uuid reads as its lowercase 36-character string', async () => {
      const token = crypto.randomUUID();
      const upper = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
      await h.engine.execute(
        insert(t.strings).values([
          { id: 1, token },
          { id: 2, token: upper },
          { id: 3, token: null },
        ]),
      );
      const rows = await rowsOf(t.strings);
      expect(rows.map((r) => r.token)).toEqual([token, upper.toLowerCase(), null]);
      const found = await h.engine.execute(
        select(t.strings.c.id).where(t.strings.c.token.eq(upper.toLowerCase())),
      );
      expect(found.scalars().all()).toEqual([2]);
    });

    test(h, 'Enum reads its values back and compares in WHERE', async () => {
      await h.engine.execute(
        insert(t.strings).values(
          [...statuses, null].map((status, index) => ({ id: index + 1, status })),
        ),
      );
      const rows = await rowsOf(t.strings);
      expect(rows.map((r) => r.status)).toEqual([...statuses, null]);
      const found = await h.engine.execute(
        select(t.strings.c.id).where(t.strings.c.status.eq('published')),
      );
      expect(found.scalars().all()).toEqual([2]);
    });

    test(h, 'the database refuses an Enum value outside its list, even from text()', async () => {
      const error = await errorFrom(
        h.exec(`INSERT INTO ${t.strings.name} (id, status) VALUES (:id, :status)`, {
          id: 1,
          status: 'deleted',
        }),
      );
      expect(
        IntegrityError.isInstance(error) || DataError.isInstance(error),
        `expected IntegrityError or DataError, got ${error.name}: ${error.message}`,
      ).toBe(true);
      expect(await rowsOf(t.strings)).toEqual([]);
    });

    test(h, "Date reads as 'YYYY-MM-DD', binds a string or a Date, and compares", async () => {
      await h.engine.execute(
        insert(t.temporal).values([
          { id: 1, day: '2024-02-29' },
          { id: 2, day: '1000-01-01' },
          { id: 3, day: '9999-12-31' },
          // A Date binds its UTC calendar date, whatever the machine's zone.
          { id: 4, day: new Date(Date.UTC(2023, 11, 31, 23, 30)) },
          { id: 5, day: null },
        ]),
      );
      const rows = await rowsOf(t.temporal);
      expect(rows.map((r) => r.day)).toEqual([
        '2024-02-29',
        '1000-01-01',
        '9999-12-31',
        '2023-12-31',
        null,
      ]);
      const ids = async (condition: sa.ColumnElement<boolean>) =>
        (await h.engine.execute(select(t.temporal.c.id).where(condition))).scalars().all();
      expect(await ids(t.temporal.c.day.eq('2024-02-29'))).toEqual([1]);
      // Typed `never`: the operand type of a Date column leaves out the Date it binds.
      const leapDay = new Date(Date.UTC(2024, 1, 29)) as never;
      expect(await ids(t.temporal.c.day.eq(leapDay))).toEqual([1]);
      expect(await ids(t.temporal.c.day.gt('9000-01-01'))).toEqual([3]);
    });

    // 02:30 on 2024-03-10 does not exist in New York: a timestamp read as local time shifts.
    const instants = [
      new Date('2024-03-10T02:30:00.789Z'),
      new Date('2024-07-01T12:00:00.001Z'),
      new Date('1970-01-01T00:00:00.000Z'),
      new Date('1000-01-01T00:00:00.000Z'),
      new Date('9999-12-31T23:59:59.999Z'),
    ];

    for (const timezone of [false, true]) {
      const key = timezone ? 'atTz' : 'at';
      test(
        h,
        `DateTime(${timezone ? '{ timezone: true }' : ''}) reads the instant back, to the millisecond`,
        async () => {
          await h.engine.execute(
            insert(t.temporal).values([
              ...instants.map((at, index) => ({ id: index + 1, [key]: at })),
              // A string with an offset binds the instant it names.
              { id: 10, [key]: '2024-06-01T12:00:00.250+02:00' },
              { id: 11, [key]: null },
            ]),
          );
          const rows = await rowsOf(t.temporal);
          const values = rows.map((r) => r[key]);
          for (const value of values.slice(0, -1)) expect(value).toBeInstanceOf(Date);
          expect(values.map((v) => (v === null ? null : (v as Date).toISOString()))).toEqual([
            ...instants.map((at) => at.toISOString()),
            '2024-06-01T10:00:00.250Z',
            null,
          ]);
          const column = t.temporal.c[key];
          const found = await h.engine.execute(
            select(t.temporal.c.id).where(column.eq(new Date('2024-03-10T02:30:00.789Z'))),
          );
          expect(found.scalars().all()).toEqual([1]);
          const later = await h.engine.execute(
            select(t.temporal.c.id)
              .where(column.gt(new Date('2024-03-10T02:30:00.789Z')))
              .orderBy(t.temporal.c.id),
          );
          expect(later.scalars().all()).toEqual([2, 5, 10]);
        },
      );
    }

    test(h, 'a Date bound in raw SQL is stored as the same instant as a typed one', async () => {
      const at = new Date('2024-03-10T02:30:00.789Z');
      await h.exec(
        `INSERT INTO ${t.temporal.name} (id, at, ${h.q('atTz')}) VALUES (:id, :at, :at)`,
        {
          id: 1,
          at,
        },
      );
      const row = (await h.engine.execute(t.temporal.select())).mappings().one();
      expect(row.at?.toISOString()).toBe(at.toISOString());
      expect(row.atTz?.toISOString()).toBe(at.toISOString());
      const found = await h.engine.execute(
        select(t.temporal.c.id).where(t.temporal.c.at.eq(at), t.temporal.c.atTz.eq(at)),
      );
      expect(found.scalars().all()).toEqual([1]);
    });

    test(h, "Time reads as 'HH:MM:SS', with fractional seconds where stored", async () => {
      const times = ['00:00:00', '23:59:59', '12:34:56.5', '08:09:10.123456'];
      await h.engine.execute(
        insert(t.temporal).values([
          ...times.map((clock, index) => ({ id: index + 1, clock })),
          { id: 10, clock: null },
        ]),
      );
      // Trailing zeros of a fraction are dropped, as PostgreSQL prints it.
      await h.engine.execute(insert(t.temporal).values({ id: 5, clock: '07:00:00.250' }));
      const rows = await rowsOf(t.temporal);
      expect(rows.map((r) => r.clock)).toEqual([...times, '07:00:00.25', null]);
      const found = await h.engine.execute(
        select(t.temporal.c.id).where(t.temporal.c.clock.eq('12:34:56.5')),
      );
      expect(found.scalars().all()).toEqual([3]);
    });

    test(
      h,
      'Interval reads as the database prints it',
      async () => {
        const metadata = new MetaData();
        const spans = new Table(h.table('ty_intervals'), metadata, {
          id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
          span: new Column(sa.Interval),
        });
        await metadata.createAll(h.engine);
        try {
          await h.engine.execute(
            insert(spans).values([
              { id: 1, span: '1 day 02:03:04' },
              { id: 2, span: '1 year 2 months 3 days 04:05:06.789' },
              { id: 3, span: '-00:00:01' },
              { id: 4, span: null },
            ]),
          );
          const rows = (await h.engine.execute(select(spans.c.span).orderBy(spans.c.id)))
            .scalars()
            .all();
          expect(rows).toEqual([
            '1 day 02:03:04',
            '1 year 2 mons 3 days 04:05:06.789',
            '-00:00:01',
            null,
          ]);
          const found = await h.engine.execute(
            select(spans.c.id).where(spans.c.span.eq('26:03:04')),
          );
          expect(found.scalars().all()).toEqual([1]);
        } finally {
          await metadata.dropAll(h.engine);
        }
      },
      () => !h.dialect.capabilities.intervalType && 'no INTERVAL type',
    );

    test(
      h,
      'JSON round-trips nested values, strings and JSON null apart from SQL NULL',
      async () => {
        const docs: unknown[] = [
          { name: 'Zoë 🎉', tags: ['a', 'b'], nested: { n: 1.5, ok: true, none: null } },
          [1, 'two', [3], { four: 4 }],
          'abc',
          '{"a": 1}',
          'null',
          '',
          42,
          -0.25,
          true,
          false,
          {},
          [],
        ];
        await h.engine.execute(
          insert(t.documents).values([
            ...docs.map((doc, index) => ({ id: index + 1, doc })),
            { id: 50, doc: jsonNull },
            { id: 51, doc: null },
          ]),
        );
        const rows = await rowsOf(t.documents);
        expect(rows.map((r) => r.doc)).toEqual([...docs, null, null]);
        expect(typeof rows[2]?.doc).toBe('string');
        expect(typeof rows[6]?.doc).toBe('number');
        // JSON null is a value; only the SQL NULL row IS NULL.
        const nulls = await h.engine.execute(
          select(t.documents.c.id).where(t.documents.c.doc.isNull()),
        );
        expect(nulls.scalars().all()).toEqual([51]);
      },
    );

    test(h, 'LargeBinary round-trips every byte value exactly', async () => {
      const every = new Uint8Array(256).map((_, index) => index);
      const edges = Uint8Array.of(0x00, 0xff, 0x00, 0x27, 0x5c, 0x00);
      await h.engine.execute(
        insert(t.blobs).values([
          { id: 1, data: every },
          { id: 2, data: Buffer.from(edges) },
          { id: 3, data: new Uint8Array(0) },
          { id: 4, data: null },
        ]),
      );
      const rows = await rowsOf(t.blobs);
      for (const row of rows.slice(0, 3)) expect(row.data).toBeInstanceOf(Uint8Array);
      expect(rows.map((r) => (r.data === null ? null : [...r.data]))).toEqual([
        [...every],
        [...edges],
        [],
        null,
      ]);
      const found = await h.engine.execute(select(t.blobs.c.id).where(t.blobs.c.data.eq(edges)));
      expect(found.scalars().all()).toEqual([2]);
    });

    test(
      h,
      'a value of the wrong type is an ArgumentError before the database sees it',
      async () => {
        const records: LogRecord[] = [];
        const engine = h.createEngine({ echo: true, logger: (record) => records.push(record) });
        const n = t.numbers.c;
        const s = t.strings.c;
        const m = t.mixed.c;
        const wrong: [sa.ColumnElement, unknown][] = [
          [n.i32, 'abc'],
          [n.i16, { value: 1 }],
          [n.i64, 1.5],
          [n.dbl, 'x'],
          [t.decimals.c.price, 'abc'],
          [s.status, 5],
          [s.status, 'deleted'],
          [s.token, 'not-a-uuid'],
          [s.name, 42],
          [m.flag, 'yes'],
          [m.day, 20240229],
          [m.day, '29/02/2024'],
          [m.at, 'not a date'],
          [m.at, new Date(Number.NaN)],
          [m.clock, 1234],
          [m.doc, 10n],
          [m.data, 'bytes'],
        ];
        for (const [column, value] of wrong) {
          const table = (column as Column).table;
          const error = await errorFrom(
            engine.execute(insert(table).values({ id: 1, [column.key]: value } as never)),
          );
          expect(error, `${column} = ${String(value)}`).toBeInstanceOf(ArgumentError);
          expect(error.message).toMatch(/^Cannot bind .* column \(.*\): expected /);
          const where = await errorFrom(
            engine.execute(select(table).where(column.eq(value as never))),
          );
          expect(where, `WHERE ${column} = ${String(value)}`).toBeInstanceOf(ArgumentError);
        }
        expect(records.filter((record) => /INSERT|SELECT/.test(record.message))).toEqual([]);
        for (const table of Object.values(t) as Table[]) expect(await rowsOf(table)).toEqual([]);
      },
    );

    const mixedRows = [
      {
        id: 1,
        i32: 7,
        i64: 9223372036854775807n,
        price: '12.30',
        flag: true,
        day: '2024-02-29',
        at: new Date('2024-03-10T02:30:00.789Z'),
        clock: '12:34:56',
        doc: { n: 5, list: [1, 2], s: 'abc' },
        data: Uint8Array.of(0, 255),
        status: 'draft' as const,
      },
      {
        id: 2,
        i32: -1,
        i64: -5n,
        price: '-0.05',
        flag: false,
        day: '1999-12-31',
        at: new Date('1999-12-31T23:59:59.999Z'),
        clock: '23:59:59.25',
        // A bare number: SQLite stores it as one.
        doc: 12345,
        data: new Uint8Array(0),
        status: 'archived' as const,
      },
      {
        id: 3,
        i32: null,
        i64: null,
        price: null,
        flag: null,
        day: null,
        at: null,
        clock: null,
        doc: null,
        data: null,
        status: null,
      },
    ];

    /** A row as compared: Buffers as plain bytes. */
    const plain = (row: object) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? [...v] : v]),
      );

    test(
      h,
      'conn.stream() converts values as execute() does, with and without parameters',
      async () => {
        await h.engine.execute(insert(t.mixed).values(mixedRows));
        // Without parameters MySQL answers in its text protocol, with them in its binary one.
        const queries = [
          t.mixed.select().orderBy(t.mixed.c.id),
          t.mixed.select().where(t.mixed.c.id.gt(0)).orderBy(t.mixed.c.id),
        ];
        await using conn = await h.engine.connect();
        for (const query of queries) {
          const executed = (await conn.execute(query)).mappings().all();
          const streamed = await (await conn.stream(query, {}, { batchSize: 1 })).mappings().all();
          expect(executed.map(plain)).toEqual(mixedRows.map(plain));
          expect(streamed.map(plain)).toEqual(mixedRows.map(plain));
          for (const row of [executed[0], streamed[0]]) {
            expect(typeof row?.i32).toBe('number');
            expect(typeof row?.i64).toBe('bigint');
            expect(typeof row?.flag).toBe('boolean');
            expect(row?.at).toBeInstanceOf(Date);
            expect(row?.data).toBeInstanceOf(Uint8Array);
          }
        }
      },
    );

    test(h, 'aggregates read as the types they are computed from', async () => {
      await h.engine.execute(
        insert(t.mixed).values([
          {
            id: 1,
            i32: 1,
            i64: 9007199254740993n,
            price: '1.25',
            at: new Date('2024-01-01T00:00:00.001Z'),
            day: '2024-01-01',
          },
          {
            id: 2,
            i32: 2,
            i64: 1n,
            price: '2.50',
            at: new Date('2024-03-10T02:30:00.789Z'),
            day: '2024-02-29',
          },
        ]),
      );
      const m = t.mixed.c;
      const row = (
        await h.engine.execute(
          select(
            func.count().label('n'),
            func.sum(m.i32).label('total'),
            func.sum(m.i64).label('big'),
            func.sum(m.price).label('amount'),
            func.avg(m.i32).label('mean'),
            func.max(m.at).label('latest'),
            func.max(m.day).label('last_day'),
          ),
        )
      ).one();
      // MySQL's SUM() of an INTEGER is a DECIMAL, PostgreSQL's of a BIGINT a NUMERIC.
      expect(row.n).toBe(2);
      expect(row.total).toBe(3);
      expect(row.big).toBe(9007199254740994n);
      expect(row.amount).toMatch(/^3\.750*$/);
      expect(typeof row.mean).toBe('string');
      expect(Number(row.mean)).toBe(1.5);
      expect(row.latest).toEqual(new Date('2024-03-10T02:30:00.789Z'));
      expect(row.last_day).toBe('2024-02-29');
    });

    test(
      h,
      'INSERT ... RETURNING converts the values it returns',
      async () => {
        const result = await h.engine.execute(insert(t.mixed).values(mixedRows).returning(t.mixed));
        expect(result.mappings().all().map(plain)).toEqual(mixedRows.map(plain));
      },
      () => !h.dialect.capabilities.insertReturning && 'no INSERT ... RETURNING',
    );
  });
}
