import {
  ArgumentError,
  Column,
  Integer,
  insert,
  MetaData,
  Numeric,
  type NumericType,
  select,
  Table,
} from '@athanor/core';
import { useLiveDatabase } from '@athanor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';

const url = process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const { engine, skipIfUnreachable } = useLiveDatabase({
  dialect: mysqlDialect,
  url,
  envVar: 'ATHANOR_MYSQL_URL',
});

const metadata = new MetaData();
const widths = new Table(`dc_widths_${process.pid}`, metadata, {
  id: new Column(Integer, { primaryKey: true, autoincrement: false }),
  money: new Column(Numeric(18, 6)),
  tiny: new Column(Numeric(65, 30)),
  huge: new Column(Numeric(65, 0)),
  big: new Column(Numeric(40, 0)),
});
const c = widths.c as unknown as Record<'money' | 'tiny' | 'huge' | 'big', Column<NumericType>>;
afterAll(async () => {
  await metadata.dropAll(engine).catch(() => undefined);
});

describe('MySQL compares a Numeric with a value as two DECIMALs', () => {
  it('casts the value to the widest DECIMAL that holds every whole digit of the column', () => {
    const query = select(widths.c.id).where(c.money.eq('1.5'), c.huge.in(['1', '2']));
    const { sql, params } = query.compile({ dialect: mysqlDialect });
    expect(sql).toContain(
      `.money = CAST(? AS DECIMAL(65, 30)) AND ${widths.name}.huge IN ` +
        '(CAST(? AS DECIMAL(65, 0)), CAST(? AS DECIMAL(65, 0)))',
    );
    expect(params).toEqual(['1.5', '1', '2']);
  });

  it('binds a value the cast would round as one that compares the same, never equal', () => {
    const compiled = (value: string) =>
      select(widths.c.id).where(c.money.eq(value), c.big.eq(value)).compile({
        dialect: mysqlDialect,
      }).params;
    // 31 decimals: halfway between 1.000000 and 1.000001, and between 1 and 2.
    expect(compiled(`1.${'0'.repeat(30)}1`)).toEqual(['1.0000005', '1.5']);
    // 60 whole digits: past every value of both columns.
    expect(compiled(`-${'9'.repeat(60)}`)).toEqual([`-1${'0'.repeat(12)}`, `-1${'0'.repeat(40)}`]);
  });

  it('refuses a value that the widest columns cannot compare exactly, naming the limit', () => {
    const refused = (compile: () => unknown) => {
      const error = (() => {
        try {
          compile();
        } catch (caught) {
          return caught;
        }
        throw new Error('not refused');
      })();
      expect(ArgumentError.isInstance(error)).toBe(true);
      expect((error as ArgumentError).code).toBe('bad-bind-value');
      return (error as Error).message;
    };
    const tiny = refused(() =>
      select(widths.c.id)
        .where(c.tiny.eq(`0.${'0'.repeat(30)}1`))
        .compile({ dialect: mysqlDialect }),
    );
    expect(tiny).toContain('as a DECIMAL(65, 30)');
    const huge = refused(() =>
      select(widths.c.id)
        .where(c.huge.lt('1'.repeat(66)))
        .compile({ dialect: mysqlDialect }),
    );
    expect(huge).toContain('65 whole digits');
  });

  it('finds the rows the exact comparison finds, for values past the cast', async (context) => {
    skipIfUnreachable(context);
    await metadata.createAll(engine);
    await engine.execute(
      insert(widths).values([
        { id: 1, money: '1.000000', big: '9'.repeat(40) },
        { id: 2, money: '1.000001', big: `-${'9'.repeat(40)}` },
      ]),
    );
    const ids = async (condition: ReturnType<typeof c.money.eq>) =>
      (await engine.execute(select(widths.c.id).where(condition).orderBy(widths.c.id)))
        .scalars()
        .all();
    const past = `1.${'0'.repeat(30)}1`;
    expect(await ids(c.money.eq(past))).toEqual([]);
    expect(await ids(c.money.gt(past))).toEqual([2]);
    expect(await ids(c.money.lt(past))).toEqual([1]);
    expect(await ids(c.big.lt(`-${'9'.repeat(60)}`))).toEqual([]);
    expect(await ids(c.big.lt('9'.repeat(60)))).toEqual([1, 2]);
    expect(await ids(c.big.eq('9'.repeat(40)))).toEqual([1]);
  });
});
