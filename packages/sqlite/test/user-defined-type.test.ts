import {
  Column,
  createEngine,
  Integer,
  insert,
  MetaData,
  select,
  Table,
  text,
  UserDefinedType,
} from '@athanor/core';
import { expect, it } from 'vitest';
import '../src/index.js';

/** A BIGINT column by its DDL alone: no conversions of its own. */
class Int8 extends UserDefinedType<bigint> {
  getColSpec(): string {
    return 'BIGINT';
  }
}

it('a user-defined type without a result processor reads integers exactly, as untyped', async () => {
  const metadata = new MetaData();
  const table = new Table('u', metadata, {
    id: new Column(Integer, { primaryKey: true }),
    v: new Column(new Int8()),
  });
  const engine = createEngine('sqlite://');
  try {
    await metadata.createAll(engine);
    await engine.execute(insert(table).values({ id: 1, v: 9007199254740993n }));
    const typed = (await engine.execute(select(table.c.v))).scalar();
    const untyped = (await engine.execute(text('SELECT v FROM u'))).scalar();
    expect(typed).toBe(9007199254740993n);
    expect(typed).toEqual(untyped);
  } finally {
    await engine.dispose();
  }
});
