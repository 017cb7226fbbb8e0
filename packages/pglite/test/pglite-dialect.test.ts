import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArgumentError,
  createEngine,
  type Engine,
  IntegrityError,
  makeUrl,
  OperationalError,
  TimeoutError,
  text,
} from '@athanor/core';
import { PostgresDialectBase, postgresDialect } from '@athanor/postgres';
import { errorFrom } from '@athanor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect, pgliteConnectOptions, pgliteDialect } from '../src/index.js';

const directory = mkdtempSync(join(tmpdir(), 'athanor-pglite-dialect-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('PGlite URLs', () => {
  it('reads pglite:// as memory and a path as a data directory', () => {
    const options = (url: string) => pgliteConnectOptions(makeUrl(url), {});
    expect(options('pglite://').dataDir).toBeUndefined();
    expect(options('pglite:///:memory:').dataDir).toBeUndefined();
    expect(options('pglite:////srv/data/pg').dataDir).toBe('/srv/data/pg');
    expect(options('pglite:///data/pg').dataDir).toBe(join(process.cwd(), 'data/pg'));
    expect(options('pglite://?timeout=250&relaxed_durability=on')).toEqual({
      dataDir: undefined,
      timeout: 250,
      driverOptions: { relaxedDurability: true },
    });
  });

  it('refuses a host, a password, an unknown option and a malformed timeout', () => {
    const options = (url: string) => () => pgliteConnectOptions(makeUrl(url), {});
    expect(options('pglite://localhost/db')).toThrow(
      /runs inside this process, so its URL has no host/,
    );
    expect(options('pglite://u:secret@/db')).toThrow(ArgumentError);
    expect(options('pglite://?colour=blue')).toThrow(
      /Unknown PGlite URL option 'colour'.*Supported: timeout, relaxed_durability/,
    );
    expect(options('pglite://?timeout=soon')).toThrow(/timeout is milliseconds/);
  });

  it('loads by URL scheme, without naming the dialect', async () => {
    const engine = createEngine('pglite://');
    expect((await engine.execute(text('SELECT 1 AS one'))).scalar()).toBe(1);
    expect(engine.dialect.name).toBe('pglite');
    expect(engine.dialect.serverVersion?.[0]).toBeGreaterThanOrEqual(15);
    await engine.dispose();
  });

  it('reports a data directory in a missing folder as an OperationalError', async () => {
    const engine = createEngine(`pglite:///${join(directory, 'missing', 'data')}`, {
      dialect: pgliteDialect,
    });
    const error = await errorFrom(engine.connect());
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.message).toContain('its parent folder must exist');
  });

  it('reports a data directory that is a file as an OperationalError', async () => {
    const file = join(directory, 'not-a-folder');
    writeFileSync(file, 'x');
    const engine = createEngine(`pglite:///${file}`, { dialect: pgliteDialect });
    expect(await errorFrom(engine.connect())).toBeInstanceOf(OperationalError);
  });
});

describe('PGlite on the PostgreSQL base', () => {
  it("shares PostgreSQL's capabilities, value conversions and reflection", () => {
    expect(pgliteDialect).toBeInstanceOf(PostgresDialectBase);
    expect(pgliteDialect.capabilities).toBe(postgresDialect.capabilities);
    expect(pgliteDialect.typeProcessors).toBe(postgresDialect.typeProcessors);
    expect(pgliteDialect.reflection).toBe(postgresDialect.reflection);
  });

  it('initializes to a PGlite dialect that knows the server version', async () => {
    const engine = createEngine('pglite://', { dialect: pgliteDialect });
    await engine.connect().then((connection) => connection.close());
    expect(engine.dialect).toBeInstanceOf(PGliteDialect);
    expect(engine.dialect.serverVersion).toHaveLength(2);
    await engine.dispose();
  });

  it('does not load pg (run on the built package)', () => {
    // A resolve hook in the child process reports any import of pg or pg-cursor.
    const hooks =
      "export async function resolve(specifier, context, next) { if (/^pg(-cursor)?$/.test(specifier)) console.log('imported ' + specifier); return next(specifier, context); }";
    const script = [
      "import { register } from 'node:module';",
      `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`,
      "const { createEngine, text } = await import('@athanor/core');",
      "await import('@athanor/pglite');",
      "const engine = createEngine('pglite://');",
      "console.log((await engine.execute(text('SELECT 1 AS one'))).scalar());",
      'await engine.dispose();',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(output.trim()).toBe('1');
  });
});

describe('PGlite in memory', () => {
  it('gives each engine its own database on a single connection', async () => {
    const one = createEngine('pglite://', { dialect: pgliteDialect, pool: { timeout: 100 } });
    const two = createEngine('pglite://', { dialect: pgliteDialect });
    await one.execute(text('CREATE TABLE only_in_one (v INTEGER)'));
    const error = await errorFrom(two.execute(text('SELECT * FROM only_in_one')));
    expect(error.message).toContain('does not exist');
    const held = await one.connect();
    expect(await errorFrom(one.connect())).toBeInstanceOf(TimeoutError);
    await held.close();
    await one.dispose();
    await two.dispose();
  });
});

describe('PGlite data directories', () => {
  const url = `pglite:///${join(directory, 'shared')}`;
  let first: Engine;
  let second: Engine;
  beforeAll(async () => {
    first = createEngine(url, { dialect: pgliteDialect });
    second = createEngine(url, { dialect: pgliteDialect });
    await first.execute(text('CREATE TABLE kept (v TEXT)'));
  });
  afterAll(async () => {
    await first.dispose();
    await second.dispose();
  });

  it('keeps the data after every engine on it is disposed', async () => {
    await first.execute(text('INSERT INTO kept VALUES (:v)'), { v: 'still here' });
    await first.dispose();
    await second.dispose();
    const reader = createEngine(url, { dialect: pgliteDialect });
    expect((await reader.execute(text('SELECT v FROM kept'))).scalars().all()).toEqual([
      'still here',
    ]);
    await reader.execute(text('DELETE FROM kept'));
    await reader.dispose();
  });

  it("lets one engine's transaction finish before another engine's statement runs", async () => {
    const writer = await first.connect();
    await writer.execute(text("INSERT INTO kept VALUES ('from the writer')"));
    const reading = second.execute(text('SELECT v FROM kept'));
    await writer.execute(text("INSERT INTO kept VALUES ('second row')"));
    await writer.commit();
    await writer.close();
    expect((await reading).scalars().all()).toEqual(['from the writer', 'second row']);
    await first.execute(text('DELETE FROM kept'));
  });

  it('a wait past the URL timeout is an OperationalError that says why', async () => {
    const impatient = createEngine(`${url}?timeout=100`, { dialect: pgliteDialect });
    const writer = await first.connect();
    await writer.execute(text("INSERT INTO kept VALUES ('uncommitted')"));
    const error = await errorFrom(impatient.execute(text('SELECT v FROM kept')));
    expect(error).toBeInstanceOf(OperationalError);
    expect(error.message).toContain('PGlite runs one transaction at a time');
    await writer.rollback();
    expect((await impatient.execute(text('SELECT count(*) FROM kept'))).scalar()).toBe(0);
    await writer.close();
    await impatient.dispose();
  });

  it("sets an isolation level for one connection's transactions, not for the others", async () => {
    const conn = await first.connect();
    await conn.setIsolationLevel('SERIALIZABLE');
    const level = text('SHOW transaction_isolation');
    expect((await conn.execute(level)).scalar()).toBe('serializable');
    await conn.close();
    expect((await second.execute(level)).scalar()).toBe('read committed');
  });
});

describe('PGlite values and cursors', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = createEngine('pglite://', { dialect: pgliteDialect });
  });
  afterAll(() => engine.dispose());

  it('reads values as @athanor/postgres does through pg', async () => {
    const row = (
      await engine.execute(
        text(
          "SELECT 9007199254740993::int8 AS big, 42::int8 AS small, '\\x0102'::bytea AS bytes, " +
            "'2024-02-29'::date AS day, '2024-02-29 12:30:00.5'::timestamp AS at, " +
            "'1 day'::interval AS span, 1.50::numeric AS price, '{\"a\": [1]}'::jsonb AS doc",
        ),
      )
    ).one();
    expect(row.big).toBe(9007199254740993n);
    expect(row.small).toBe(42);
    expect(row.bytes).toEqual(Buffer.from([1, 2]));
    expect(Buffer.isBuffer(row.bytes)).toBe(true);
    expect(row.day).toBe('2024-02-29');
    expect(row.at).toEqual(new Date('2024-02-29T12:30:00.500Z'));
    expect(row.span).toBe('1 day');
    expect(row.price).toBe('1.50');
    expect(row.doc).toEqual({ a: [1] });
  });

  it('binds raw values as pg does, and the server judges them', async () => {
    const row = (
      await engine.execute(
        text(
          'SELECT CAST(:doc AS jsonb) AS doc, CAST(:bytes AS bytea) AS bytes, ' +
            'CAST(:at AS timestamptz) AS at, CAST(:ids AS int[]) AS ids, :flag AS flag',
        ),
        {
          doc: { a: 1 },
          bytes: Buffer.from([255]),
          at: new Date('2024-01-01T00:00:00Z'),
          ids: [1, 2],
          flag: true,
        },
      )
    ).one();
    expect([row.doc, row.bytes, row.at, row.ids, row.flag]).toEqual([
      { a: 1 },
      Buffer.from([255]),
      new Date('2024-01-01T00:00:00Z'),
      [1, 2],
      'true',
    ]);
    const error = await errorFrom(engine.execute(text('SELECT CAST(:v AS boolean)'), { v: 2 }));
    expect(error.message).toContain('invalid input syntax for type boolean');
  });

  // Known limitation of PGlite 0.5.16 and 0.5.17 (README): its protocol reader decodes each
  // text value with a TextDecoder made without `ignoreBOM`, which drops a leading U+FEFF. When
  // a PGlite release fixes it, this test fails: drop the README note and the fuzz's readable().
  it('reads text starting with U+FEFF without it, though the database holds it whole', async () => {
    await engine.execute(text('CREATE TABLE boms (id INTEGER PRIMARY KEY, s TEXT)'));
    await engine.execute(text('INSERT INTO boms VALUES (1, :a), (2, :b)'), {
      a: '\uFEFFx',
      b: 'x\uFEFF',
    });
    const rows = await engine.execute(
      text(
        "SELECT s, length(s) AS n, s IN (:a, :b) AS same, convert_to(s, 'UTF8') AS utf8 " +
          'FROM boms ORDER BY id',
      ),
      { a: '\uFEFFx', b: 'x\uFEFF' },
    );
    const [first, second] = rows.all();
    expect([first?.s, first?.n, first?.same]).toEqual(['x', 2, true]);
    expect([second?.s, second?.n, second?.same]).toEqual(['x\uFEFF', 2, true]);
    // The workaround: read the text as its UTF-8 bytes, and decode them keeping the mark.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    expect(decoder.decode(first?.utf8 as Uint8Array)).toBe('\uFEFFx');
  });

  it('translates errors as @athanor/postgres does', async () => {
    await engine.execute(text('CREATE TABLE uniq (id INTEGER PRIMARY KEY)'));
    await engine.execute(text('INSERT INTO uniq VALUES (1)'));
    const error = await errorFrom(engine.execute(text('INSERT INTO uniq VALUES (1)')));
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error.cause as { code?: string }).code).toBe('23505');
  });

  it('streams a SELECT through a cursor, in and out of a transaction', async () => {
    const driver = await pgliteDialect.createDriver(makeUrl('pglite://'), {}).connect();
    try {
      const cursors = "SELECT count(*) FROM pg_cursors WHERE name <> ''";
      const cursor = await driver.openCursor('SELECT generate_series(1, $1) AS n', [5], 2);
      expect(cursor.columns).toEqual(['n']);
      expect((await driver.execute(cursors, [])).rows).toEqual([[1]]);
      const batches: unknown[][][] = [];
      for (let rows = await cursor.fetch(); rows.length > 0; rows = await cursor.fetch()) {
        batches.push(rows);
      }
      expect(batches).toEqual([[[1], [2]], [[3], [4]], [[5]]]);
      expect((await driver.execute(cursors, [])).rows).toEqual([[0]]);

      await driver.begin();
      const inside = await driver.openCursor('SELECT 1 AS one', [], 10);
      expect((await driver.execute(cursors, [])).rows).toEqual([[1]]);
      await driver.commit();
      // The cursor ended with its transaction; closing it must not fail or start trouble.
      await inside.close();
      expect((await driver.execute('SELECT 2', [])).rows).toEqual([[2]]);

      const returning = await driver.openCursor('VALUES (1), (2), (3)', [], 2);
      expect(await returning.fetch()).toEqual([[1], [2]]);
      await returning.close();
      expect((await driver.execute(cursors, [])).rows).toEqual([[0]]);
    } finally {
      await driver.close();
    }
  });

  it('reads a statement that is not a SELECT from memory, a batch at a time', async () => {
    await engine.execute(text('CREATE TABLE made (id SERIAL PRIMARY KEY, v TEXT)'));
    await using conn = await engine.connect();
    const result = await conn.stream(
      text("INSERT INTO made (v) VALUES ('a'), ('b'), ('c') RETURNING id"),
      {},
      { batchSize: 2 },
    );
    expect(await result.scalars().all()).toEqual([1, 2, 3]);
  });
});
