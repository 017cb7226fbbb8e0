import {
  type ColumnElement,
  type Engine,
  func,
  insert,
  OperationalError,
  select,
  type TableClause,
} from '@athanor/core';
import { expect } from 'vitest';
import { errorFrom } from './harness.js';

/**
 * What a database server restarted in the middle of a transaction must leave, for a test that
 * owns a private server: the transaction fails with an `OperationalError` marked
 * `connectionInvalidated`, no connection stays checked out, the row committed before it survives
 * (crash recovery included) and none of the transaction's rows do, and the same engine works on
 * new connections afterwards. `items` has an integer `id` primary key and is empty when called;
 * `restart` restarts the server (a clean shutdown or a crash). `cause`, when given, is what the
 * error's `cause` (the driver error) must hold: the server's reason for ending the session.
 */
export async function expectRestartMidTransaction(
  engine: Engine,
  items: TableClause<
    { id: number },
    unknown,
    { id: number | ColumnElement<number | null> },
    unknown
  >,
  restart: () => Promise<void>,
  cause?: Readonly<Record<string, unknown>>,
): Promise<void> {
  const count = async () => (await engine.execute(select(func.count()).selectFrom(items))).scalar();
  await engine.execute(insert(items).values({ id: 1 }));
  const error = await errorFrom(
    engine.begin(async (conn) => {
      await conn.execute(insert(items).values([{ id: 2 }, { id: 3 }]));
      await restart();
      await conn.execute(insert(items).values({ id: 4 }));
    }),
  );
  expect(error).toBeInstanceOf(OperationalError);
  expect((error as OperationalError).connectionInvalidated).toBe(true);
  if (cause) expect(error.cause).toMatchObject(cause);
  expect(engine.pool?.checkedOut).toBe(0);
  expect(await count()).toBe(1);
  await engine.begin(async (conn) => {
    await conn.execute(insert(items).values({ id: 5 }));
  });
  expect(await count()).toBe(2);
  expect(engine.pool?.checkedOut).toBe(0);
}
