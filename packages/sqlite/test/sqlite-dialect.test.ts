import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArgumentError,
  Column,
  CreateTable,
  createEngine,
  func,
  Integer,
  IntegrityError,
  InterfaceError,
  MetaData,
  Numeric,
  OperationalError,
  registerDialect,
  select,
  Table,
  TimeoutError,
  text,
} from '@athanor/core';
import { errorFrom } from '@athanor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../src/index.js';
import { decimalText, numericTextCheck } from '../src/sqlite-numeric.js';

const directory = mkdtempSync(join(tmpdir(), 'athanor-sqlite-dialect-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('SQLite URLs', () => {
  it('keeps a file database across engines, by absolute path', async () => {
    const url = `sqlite:///${join(directory, 'kept.db')}`;
    const writer = createEngine(url, { dialect: sqliteDialect });
    await writer.execute(text('CREATE TABLE kept (v TEXT)'));
    await writer.execute(text('INSERT INTO kept VALUES (:v)'), { v: 'still here' });
    await writer.dispose();
    const reader = createEngine(url, { dialect: sqliteDialect });
    expect((await reader.execute(text('SELECT v FROM kept'))).scalar()).toBe('still here');
    await reader.dispose();
  });

  it('resolves sqlite:///relative.db against the working directory', async () => {
    const before = process.cwd();
    process.chdir(directory);
    try {
      const engine = createEngine('sqlite:///relative.db', { dialect: sqliteDialect });
      await engine.execute(text('CREATE TABLE here (v INTEGER)'));
      await engine.dispose();
      const absolute = createEngine(`sqlite:///${join(directory, 'relative.db')}`, {
        dialect: sqliteDialect,
      });
      const tables = await absolute.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'table'"),
      );
      expect(tables.scalars().all()).toEqual(['here']);
      await absolute.dispose();
    } finally {
      process.chdir(before);
    }
  });

  it('gives each in-memory engine its own database on a single connection', async () => {
    const one = createEngine('sqlite://', { dialect: sqliteDialect, pool: { timeout: 100 } });
    const two = createEngine('sqlite:///:memory:', { dialect: sqliteDialect });
    await one.execute(text('CREATE TABLE only_in_one (v INTEGER)'));
    const error = await errorFrom(two.execute(text('SELECT * FROM only_in_one')));
    expect(error.message).toContain('no such table');
    const held = await one.connect();
    const waiting = await errorFrom(one.connect());
    expect(waiting).toBeInstanceOf(TimeoutError);
    expect(waiting.message).toContain('only one Connection or Session can hold it at a time');
    await held.close();
    await one.dispose();
    await two.dispose();
  });

  it('opens read-only with ?mode=ro', async () => {
    const path = join(directory, 'readonly.db');
    const setup = createEngine(`sqlite:///${path}`, { dialect: sqliteDialect });
    await setup.execute(text('CREATE TABLE t (v INTEGER)'));
    await setup.dispose();
    const engine = createEngine(`sqlite:///${path}?mode=ro`, { dialect: sqliteDialect });
    const error = await errorFrom(engine.execute(text('INSERT INTO t VALUES (1)')));
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.message).toContain('readonly');
    await engine.dispose();
  });

  it('enforces foreign keys unless the URL says ?foreign_keys=off', async () => {
    const ddl = [
      'CREATE TABLE parent (id INTEGER PRIMARY KEY)',
      'CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))',
    ];
    const orphan = text('INSERT INTO child (id, parent_id) VALUES (1, 99)');
    const strict = createEngine('sqlite://', { dialect: sqliteDialect });
    for (const sql of ddl) await strict.execute(text(sql));
    expect(await errorFrom(strict.execute(orphan))).toBeInstanceOf(IntegrityError);
    const lax = createEngine('sqlite://?foreign_keys=off', { dialect: sqliteDialect });
    for (const sql of ddl) await lax.execute(text(sql));
    expect((await lax.execute(orphan)).rowcount).toBe(1);
    await strict.dispose();
    await lax.dispose();
  });

  it('refuses an unknown URL option, listing the supported ones', () => {
    const engine = createEngine('sqlite://?journal=wal', { dialect: sqliteDialect });
    return expect(engine.connect()).rejects.toThrow(
      /Unknown SQLite URL option 'journal'.*Supported: mode, timeout, foreign_keys, journal_mode/,
    );
  });

  it('refuses a malformed timeout', () => {
    const engine = createEngine('sqlite://?timeout=soon', { dialect: sqliteDialect });
    return expect(engine.connect()).rejects.toThrow(ArgumentError);
  });

  it('sets the journal mode from the URL', async () => {
    const engine = createEngine(`sqlite:///${join(directory, 'wal.db')}?journal_mode=WAL`, {
      dialect: sqliteDialect,
    });
    expect((await engine.execute(text('PRAGMA journal_mode'))).scalar()).toBe('wal');
    await engine.dispose();
  });

  it('reports a file in a missing folder as an OperationalError', async () => {
    const engine = createEngine(`sqlite:///${join(directory, 'missing', 'x.db')}`, {
      dialect: sqliteDialect,
    });
    const error = await errorFrom(engine.connect());
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.message).toContain('directory does not exist');
  });
});

describe('SQLite in memory: one connection, shared in turn', () => {
  // The longest timeout a timer can wait (about 24 days): a test that waited for the pool
  // timeout instead of failing at once would end on vitest's own limit (vitest.shared.ts).
  const memoryEngine = () =>
    createEngine('sqlite://', { dialect: sqliteDialect, pool: { timeout: 2 ** 31 - 1 } });

  it('refuses engine.execute at once while a Connection holds the connection idle', async () => {
    const engine = memoryEngine();
    const held = await engine.connect();
    await held.execute(text('CREATE TABLE t (v INTEGER)'));
    const error = await errorFrom(engine.execute(text('SELECT count(*) FROM t')));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain(`timeout ${2 ** 31 - 1}ms`);
    expect(error.message).toContain("the engine's single connection is checked out and idle");
    expect(error.message).toContain('run the statement on the connection you hold');
    // The holder is unharmed, and the connection is free again once it is closed.
    await held.execute(text('INSERT INTO t (v) VALUES (1)'));
    await held.commit();
    await held.close();
    expect((await engine.execute(text('SELECT count(*) FROM t'))).scalar()).toBe(1);
    await engine.dispose();
  });

  it('refuses a second connection at once inside engine.begin', async () => {
    const engine = memoryEngine();
    const error = await errorFrom(
      engine.begin(async () => {
        await engine.connect();
      }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('checked out and idle');
    await engine.dispose();
  });

  it('runs engine.execute calls started together, one after the other', async () => {
    const engine = memoryEngine();
    // The first call opens the connection while the others wait for it.
    const results = await Promise.all([
      engine.execute(text('SELECT 1')),
      engine.execute(text('SELECT 2')),
      engine.execute(text('SELECT 3')),
    ]);
    expect(results.map((result) => result.scalar())).toEqual([1, 2, 3]);
    await engine.execute(text('CREATE TABLE t (v INTEGER)'));
    await Promise.all(
      [1, 2, 3, 4].map((v) => engine.execute(text('INSERT INTO t (v) VALUES (:v)'), { v })),
    );
    expect((await engine.execute(text('SELECT sum(v) FROM t'))).scalar()).toBe(10);
    await engine.dispose();
  });

  it('hands the connection to a waiter when the holder closes it, and to one connection after another', async () => {
    const engine = memoryEngine();
    const first = await engine.connect();
    await first.execute(text('CREATE TABLE t (v INTEGER)'));
    await first.commit();
    const waiting = engine.connect();
    await first.close();
    const second = await waiting;
    await second.execute(text('INSERT INTO t (v) VALUES (2)'));
    await second.commit();
    await second.close();
    for (const v of [3, 4]) {
      await using conn = await engine.connect();
      await conn.execute(text('INSERT INTO t (v) VALUES (:v)'), { v });
      await conn.commit();
    }
    await engine.begin((conn) => conn.execute(text('INSERT INTO t (v) VALUES (5)')));
    expect((await engine.execute(text('SELECT sum(v) FROM t'))).scalar()).toBe(14);
    await engine.dispose();
  });
});

describe('SQLite transactions', () => {
  it('keeps an in-memory database when SQLite itself ends the transaction (INSERT OR ROLLBACK)', async () => {
    const engine = createEngine('sqlite://', { dialect: sqliteDialect });
    await engine.execute(text('CREATE TABLE t (id INTEGER PRIMARY KEY)'));
    await engine.execute(text('INSERT INTO t (id) VALUES (1)'));
    const conn = await engine.connect();
    await conn.execute(text('INSERT INTO t (id) VALUES (2)'));
    const error = await errorFrom(conn.execute(text('INSERT OR ROLLBACK INTO t (id) VALUES (1)')));
    expect(error).toBeInstanceOf(IntegrityError);
    // SQLite rolled the transaction back; committing now must not claim success.
    expect(await errorFrom(conn.commit())).toBeInstanceOf(OperationalError);
    await conn.rollback();
    await conn.close();
    const ids = await engine.execute(text('SELECT id FROM t ORDER BY id'));
    expect(ids.scalars().all()).toEqual([1]);
    await engine.dispose();
  });

  it('refuses an isolation level SQLite lacks at the first connection, when loaded by URL', async () => {
    // No dialect option: the dialect is loaded by the URL's name, so the level is checked then.
    const engine = createEngine('sqlite://', { isolationLevel: 'REPEATABLE READ' });
    const error = await errorFrom(engine.execute(text('SELECT 1')));
    expect(error.message).toBe(
      "Engine option 'isolationLevel' is 'REPEATABLE READ', which sqlite does not support; " +
        "use one of 'SERIALIZABLE', 'READ UNCOMMITTED', 'AUTOCOMMIT'.",
    );
    await engine.dispose();
  });

  it('refuses a pool timeout longer than a timer can wait', () => {
    expect(() =>
      createEngine('sqlite://', { dialect: sqliteDialect, pool: { timeout: 2 ** 31 } }),
    ).toThrow(
      /'pool.timeout' must be a number of milliseconds from 0 to 2147483647 \(about 24 days/,
    );
  });
});

describe('SQLite values', () => {
  it('binds booleans as 1 and 0', async () => {
    const engine = createEngine('sqlite://', { dialect: sqliteDialect });
    const row = (
      await engine.execute(text('SELECT :yes AS yes, :no AS no'), { yes: true, no: false })
    ).one();
    expect([row.yes, row.no]).toEqual([1, 0]);
    await engine.dispose();
  });

  it('reports a value it cannot bind as an InterfaceError', async () => {
    const engine = createEngine('sqlite://', { dialect: sqliteDialect });
    const error = await errorFrom(engine.execute(text('SELECT :v'), { v: { an: 'object' } }));
    expect(error).toBeInstanceOf(InterfaceError);
    await engine.dispose();
  });

  it('reports the id of the last inserted row', async () => {
    const engine = createEngine('sqlite://', { dialect: sqliteDialect });
    await engine.execute(text('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)'));
    const result = await engine.execute(text('INSERT INTO t (v) VALUES (:v)'), { v: 'a' });
    expect(result.lastRowId).toBe(1);
    await engine.dispose();
  });
});

describe('SQLite Numeric as decimal text', () => {
  it('writes numbers, numeric strings and bigints as plain decimals at the scale', () => {
    expect(decimalText('12345678901234.5678', 4)).toBe('12345678901234.5678');
    expect(decimalText('1.5', 2)).toBe('1.50');
    expect(decimalText(0.1, 2)).toBe('0.10');
    expect(decimalText('0.995', 2)).toBe('1.00');
    expect(decimalText('-2.5', 0)).toBe('-3');
    expect(decimalText('-0.001', 2)).toBe('0.00');
    expect(decimalText(' +007.25 ', undefined)).toBe('7.25');
    expect(decimalText('1.50', undefined)).toBe('1.50');
    expect(decimalText(1e21, undefined)).toBe('1000000000000000000000');
    expect(decimalText('1.5e-7', 8)).toBe('0.00000015');
    expect(decimalText('.5', 1)).toBe('0.5');
    expect(decimalText(12345678901234567890n, 2)).toBe('12345678901234567890.00');
    expect(() => decimalText(Number.NaN, 2)).toThrow(ArgumentError);
  });

  it('declares NUMERIC_TEXT with a CHECK, compares with values exactly, orders by value', () => {
    const metadata = new MetaData();
    const prices = new Table('prices', metadata, {
      id: new Column(Integer, { primaryKey: true }),
      amount: new Column(Numeric(20, 4)),
    });
    const ddl = sqliteDialect.compiler.compile(new CreateTable(prices)).compiled.sql;
    expect(ddl).toContain(`amount NUMERIC_TEXT(20, 4) CHECK (${numericTextCheck('amount')})`);
    const query = select(prices.c.id, func.max(prices.c.amount))
      .where(prices.c.amount.gt('9.5'))
      .groupBy(prices.c.id)
      .orderBy(prices.c.amount);
    const sql = sqliteDialect.compiler.compile(query).compiled.sql;
    expect(sql).toContain('max(CAST(prices.amount AS NUMERIC))');
    expect(sql).toContain(
      "WHERE CASE WHEN (prices.amount < '0') <> (? < '0') THEN NOT prices.amount < '0' " +
        "WHEN prices.amount < '0' THEN (instr(prices.amount || '.', '.'), prices.amount) < " +
        "(instr(? || '.', '.'), ?) ELSE (instr(prices.amount || '.', '.'), prices.amount) > " +
        "(instr(? || '.', '.'), ?) END",
    );
    expect(sql).toContain('ORDER BY CAST(prices.amount AS NUMERIC)');
    // Equality against values compares the canonical text: the value is not rounded.
    const equal = select(prices.c.id).where(prices.c.amount.in(['9.5', '1.00005']));
    expect(equal.compile({ dialect: sqliteDialect }).sql).toContain(
      'WHERE prices.amount IN (?, ?)',
    );
    expect(equal.compile({ dialect: sqliteDialect }).params).toEqual(['9.5000', '1.00005']);
    // Against another expression, the text is read as a number.
    const other = select(prices.c.id).where(prices.c.amount.eq(prices.c.amount));
    expect(other.compile({ dialect: sqliteDialect }).sql).toContain(
      'WHERE CAST(prices.amount AS NUMERIC) = CAST(prices.amount AS NUMERIC)',
    );
  });
});

describe('loading the SQLite dialect', () => {
  it('loads by URL scheme when @athanor/sqlite is installed', async () => {
    const engine = createEngine('sqlite://');
    expect((await engine.execute(text('SELECT 1'))).scalar()).toBe(1);
    expect(engine.dialect.name).toBe('sqlite');
    await engine.dispose();
  });

  it('loads a dialect registered under a new name', async () => {
    registerDialect('embedded', () => import('../src/index.js'));
    const engine = createEngine('embedded://');
    expect((await engine.execute(text('SELECT 2'))).scalar()).toBe(2);
    await engine.dispose();
  });

  it('refuses a URL that names another driver', async () => {
    expect(() => createEngine('sqlite+pysqlite://', { dialect: sqliteDialect })).toThrow(
      "'sqlite+pysqlite://' names the driver 'pysqlite', but the sqlite dialect (@athanor/sqlite) uses 'better-sqlite3'",
    );
    const engine = createEngine('sqlite+pysqlite://');
    await expect(engine.connect()).rejects.toThrow(ArgumentError);
    const named = createEngine('sqlite+better-sqlite3://');
    expect((await named.execute(text('SELECT 3'))).scalar()).toBe(3);
    await named.dispose();
  });

  it('refuses a dialect written for another version of the interface', () => {
    const old = Object.create(sqliteDialect, { specVersion: { value: 'v0' } });
    expect(() => createEngine('sqlite://', { dialect: old })).toThrow(
      /implements dialect interface 'v0', but this @athanor\/core speaks 'v1'/,
    );
  });
});

describe('SQLite statement cache', () => {
  it('a cached SELECT * returns the columns a schema change on another connection made', async () => {
    const url = `sqlite:///${join(directory, 'schema-change.db')}`;
    const reader = createEngine(url, { dialect: sqliteDialect });
    const writer = createEngine(url, { dialect: sqliteDialect });
    try {
      await writer.execute(text("CREATE TABLE evolving (id INTEGER, nick TEXT DEFAULT 'n')"));
      await writer.execute(text('INSERT INTO evolving (id) VALUES (1)'));
      const readAll = async () =>
        (await reader.execute(text('SELECT * FROM evolving'))).all().map((row) => ({ ...row }));
      expect(await readAll()).toEqual([{ id: 1, nick: 'n' }]);
      await writer.execute(text("ALTER TABLE evolving ADD COLUMN status TEXT DEFAULT 'new'"));
      expect(await readAll()).toEqual([{ id: 1, nick: 'n', status: 'new' }]);
      // Same number of columns, another name: only the schema version tells.
      await writer.execute(text('ALTER TABLE evolving RENAME COLUMN nick TO handle'));
      expect(await readAll()).toEqual([{ id: 1, handle: 'n', status: 'new' }]);
      await reader.execute(text('ALTER TABLE evolving DROP COLUMN status'));
      expect(await readAll()).toEqual([{ id: 1, handle: 'n' }]);
    } finally {
      await reader.dispose();
      await writer.dispose();
    }
  });
});
