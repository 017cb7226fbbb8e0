import {
  Column,
  createEngine,
  type DBAPIError,
  func,
  Integer,
  InvalidRequestError,
  insert,
  MetaData,
  makeUrl,
  OperationalError,
  String,
  select,
  Table,
  text,
  update,
} from '@athanor/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

// PgBouncer in statement pooling mode (pool_mode=statement, started by test/pgbouncer-setup.ts):
// each statement may run on another server session, and a transaction of several statements
// is refused: PgBouncer answers BEGIN with a FATAL error and closes the client connection.
const target = inject('pgbouncer');
const statementUrl = target.unavailable === undefined ? target.statementUrl : undefined;
const skipReason =
  target.unavailable ??
  (statementUrl === undefined
    ? 'needs the PgBouncer the test setup starts (a database in statement pooling mode)'
    : undefined);

/** The URL with `query` added, for the statement pooling database. */
function urlWith(query: Record<string, string>): string {
  return makeUrl(statementUrl as string)
    .updateQuery(query)
    .renderAsString({ hidePassword: false });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.skipIf(skipReason !== undefined)('behind PgBouncer in statement mode', () => {
  const metadata = new MetaData();
  const items = new Table(`pgb_statement_items_${process.pid}`, metadata, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(20), { nullable: false }),
    quantity: new Column(Integer, { nullable: false }),
  });
  // Created lazily: describe.skipIf still collects this block.
  const engines: { dispose(): Promise<void> }[] = [];
  function engine(query: Record<string, string>, autocommit: boolean) {
    const made = createEngine(urlWith(query), {
      dialect: postgresDialect,
      ...(autocommit ? { isolationLevel: 'AUTOCOMMIT' as const } : {}),
    });
    engines.push(made);
    return made;
  }
  /** Through the transaction pooling database: createAll() runs its DDL in one transaction. */
  function ddlEngine() {
    const made = createEngine(
      makeUrl(target.unavailable === undefined ? target.url : '')
        .updateQuery({ pooler: 'transaction' })
        .renderAsString({ hidePassword: false }),
      { dialect: postgresDialect },
    );
    engines.push(made);
    return made;
  }
  afterAll(async () => {
    await metadata.dropAll(ddlEngine());
    for (const made of engines) await made.dispose();
  });

  it('runs statements in autocommit mode: DDL, inserts, updates, queries, more clients than server sessions', async () => {
    await metadata.createAll(ddlEngine());
    const db = engine({ pooler: 'statement' }, true);
    const clients = 6; // the pool behind PgBouncer has 2 server connections
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        await using conn = await db.connect();
        await conn.execute(
          insert(items),
          Array.from({ length: 3 }, (_, n) => ({
            id: client * 10 + n,
            name: `client${client}`,
            quantity: n,
          })),
        );
        const updated = await conn.execute(
          update(items)
            .where(items.c.name.eq(`client${client}`))
            .values({ quantity: items.c.quantity.add(1) }),
        );
        expect(updated.rowcount).toBe(3);
        const mine = await conn.execute(
          select(func.sum(items.c.quantity)).where(items.c.name.eq(`client${client}`)),
        );
        expect(mine.scalar()).toBe(6);
      }),
    );
    const totals = await db.execute(select(func.count(), func.sum(items.c.quantity)));
    expect([...totals.one()]).toEqual([clients * 3, clients * 6]);
    // A server-side cursor: its portal keeps the server session until the last row is read.
    await using conn = await db.connect();
    const streamed = await conn.stream(
      text('SELECT n FROM generate_series(1, :count) AS n'),
      { count: 250 },
      { batchSize: 100 },
    );
    const seen: number[] = [];
    for await (const row of streamed) seen.push(row[0] as number);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it("a transaction, refused by PgBouncer: an OperationalError naming pool_mode = statement and isolationLevel: 'AUTOCOMMIT'", async () => {
    // No pooler option: Athanor learns of statement pooling from PgBouncer's refusal.
    const db = engine({ prepare: 'false' }, false);
    const error = await failure(
      db.begin(async (conn) => {
        await conn.execute(insert(items).values({ id: 900, name: 'refused', quantity: 1 }));
      }),
    );
    expect(error).toBeInstanceOf(OperationalError);
    const { message, code } = error as OperationalError;
    expect(message).toContain('transaction blocks not allowed in statement pooling mode');
    expect(message).toContain('pool_mode = statement');
    expect(message).toContain("isolationLevel: 'AUTOCOMMIT'");
    expect(code).toBe('statement-pooling');
    expect((error as DBAPIError).driverCode).toBe('08P01');
    // PgBouncer closed the connection: the pool discarded it.
    expect((error as DBAPIError).connectionInvalidated).toBe(true);
    // The default engine begins a transaction for every statement ("commit as you go"): the same.
    const implicit = await failure(db.execute(text('SELECT 1')));
    expect((implicit as OperationalError).code).toBe('statement-pooling');
    // Nothing was written.
    const autocommit = engine({ prepare: 'false' }, true);
    const count = await autocommit.execute(select(func.count()).where(items.c.name.eq('refused')));
    expect(count.scalar()).toBe(0);
  });

  it('a transaction on an engine made with pooler=statement: refused before BEGIN is sent, the connection kept', async () => {
    const db = engine({ pooler: 'statement' }, true);
    await using conn = await db.connect();
    const before = (await conn.execute(text('SELECT pg_backend_pid()'))).scalar();
    expect(before).toEqual(expect.any(Number));
    const error = await failure(conn.begin());
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).code).toBe('statement-pooling');
    expect((error as InvalidRequestError).message).toContain("isolationLevel: 'AUTOCOMMIT'");
    expect(conn.invalidated).toBe(false);
    expect((await conn.execute(text('SELECT 1 + 1'))).scalar()).toBe(2);
    // Savepoints need a transaction too.
    expect(((await failure(conn.beginNested())) as InvalidRequestError).code).toBe(
      'statement-pooling',
    );
  });
});

describe.skipIf(skipReason === undefined)('behind PgBouncer in statement mode', () => {
  it.skip(`skipped: ${skipReason}`, () => undefined);
});
