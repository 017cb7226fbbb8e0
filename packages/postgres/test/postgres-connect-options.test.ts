import { ArgumentError, makeUrl } from '@athanor/core';
import { describe, expect, it } from 'vitest';
import { postgresConnectOptions } from '../src/index.js';

describe('postgresConnectOptions', () => {
  it('passes decoded credentials and names as they are, never re-encoded', () => {
    const url = makeUrl('postgresql://us%20er:p%20%3Aw%2F%3F%40d@db.example.com:5433/my%3Fdb%23x');
    expect(postgresConnectOptions(url, {})).toEqual({
      host: 'db.example.com',
      port: 5433,
      user: 'us er',
      password: 'p :w/?@d',
      database: 'my?db#x',
    });
  });

  it('reads libpq query options', () => {
    const url = makeUrl(
      'postgresql://u@/db?host=/var/run/postgresql&sslmode=require&application_name=app&connect_timeout=5&statement_timeout=1000&options=-c%20search_path%3Dx',
    );
    expect(postgresConnectOptions(url, { max: 1 })).toEqual({
      user: 'u',
      database: 'db',
      host: '/var/run/postgresql',
      ssl: { rejectUnauthorized: false },
      application_name: 'app',
      connectionTimeoutMillis: 5000,
      statement_timeout: 1000,
      options: '-c search_path=x',
      max: 1,
    });
  });

  it('refuses an unknown option or a bad sslmode', () => {
    expect(() => postgresConnectOptions(makeUrl('postgresql://h/db?colour=blue'), {})).toThrow(
      /Unknown PostgreSQL URL option 'colour'/,
    );
    expect(() => postgresConnectOptions(makeUrl('postgresql://h/db?sslmode=maybe'), {})).toThrow(
      /sslmode must be/,
    );
  });

  it('reads prepare from the URL or connectArgs, as a boolean', () => {
    const url = makeUrl('postgresql://h/db?prepare=false');
    expect(postgresConnectOptions(url, {})).toEqual({ host: 'h', database: 'db', prepare: false });
    expect(postgresConnectOptions(makeUrl('postgresql://h/db?prepare=true'), {}).prepare).toBe(
      true,
    );
    expect(postgresConnectOptions(makeUrl('postgresql://h/db'), { prepare: false }).prepare).toBe(
      false,
    );
    // connectArgs win over the URL, as for every option.
    expect(postgresConnectOptions(url, { prepare: true }).prepare).toBe(true);
  });

  it('refuses a prepare that is not true or false, naming what to use', () => {
    expect(() => postgresConnectOptions(makeUrl('postgresql://h/db?prepare=no'), {})).toThrow(
      "prepare must be true or false; got 'no'. Use prepare=false behind PgBouncer in transaction mode.",
    );
    expect(() =>
      postgresConnectOptions(makeUrl('postgresql://h/db'), { prepare: 'false' }),
    ).toThrow("connectArgs.prepare must be true or false; got the string 'false'.");
    expect(() => postgresConnectOptions(makeUrl('postgresql://h/db'), { prepare: 0 })).toThrow(
      ArgumentError,
    );
  });

  it('reads pooler from the URL or connectArgs; it turns named prepared statements off', () => {
    const url = makeUrl('postgresql://h/db?pooler=transaction');
    expect(postgresConnectOptions(url, {})).toEqual({
      host: 'h',
      database: 'db',
      pooler: 'transaction',
      prepare: false,
    });
    const direct = makeUrl('postgresql://h/db');
    expect(postgresConnectOptions(direct, { pooler: 'statement' })).toMatchObject({
      pooler: 'statement',
      prepare: false,
    });
  });

  it('refuses a pooler mode it does not know, and prepare=true with a pooler', () => {
    expect(() => postgresConnectOptions(makeUrl('postgresql://h/db?pooler=session'), {})).toThrow(
      "pooler must be 'transaction' or 'statement'; got 'session'. It names the pool_mode",
    );
    expect(() =>
      postgresConnectOptions(makeUrl('postgresql://h/db'), { pooler: 'Transaction' }),
    ).toThrow(ArgumentError);
    expect(() =>
      postgresConnectOptions(makeUrl('postgresql://h/db?pooler=transaction&prepare=true'), {}),
    ).toThrow('prepare=true cannot work with pooler=transaction');
  });

  it("takes the engine's connectTimeout, unless the URL or connectArgs set pg's own", () => {
    const url = makeUrl('postgresql://h/db');
    const engine = { connectTimeout: 1500 };
    expect(postgresConnectOptions(url, {}, engine).connectionTimeoutMillis).toBe(1500);
    const withQuery = makeUrl('postgresql://h/db?connect_timeout=3');
    expect(postgresConnectOptions(withQuery, {}, engine).connectionTimeoutMillis).toBe(3000);
    const args = { connectionTimeoutMillis: 700 };
    expect(postgresConnectOptions(url, args, engine).connectionTimeoutMillis).toBe(700);
  });
});
