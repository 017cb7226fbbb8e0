import { describe, expect, it } from 'vitest';
import { ArgumentError, DatabaseUrl, makeUrl } from '../src/index.js';

describe('DatabaseUrl', () => {
  it('parses a full server URL', () => {
    const url = makeUrl(
      'postgresql+pg://scott:tiger@db.example.com:5433/inventory?sslmode=require',
    );
    expect(url.parts()).toEqual({
      drivername: 'postgresql+pg',
      username: 'scott',
      password: 'tiger',
      host: 'db.example.com',
      port: 5433,
      database: 'inventory',
      query: { sslmode: 'require' },
    });
    expect(url.getBackendName()).toBe('postgresql');
    expect(url.getDriverName()).toBe('pg');
  });

  it.each([
    ['sqlite:///relative.db', 'relative.db'],
    ['sqlite:////abs/path.db', '/abs/path.db'],
    ['sqlite:///:memory:', ':memory:'],
    ['sqlite://', null],
  ])('parses the SQLite form %s', (text, database) => {
    const url = makeUrl(text);
    expect(url.getBackendName()).toBe('sqlite');
    expect(url.host).toBeNull();
    expect(url.database).toBe(database);
  });

  it('decodes a percent-encoded username and password', () => {
    const url = makeUrl('mysql://us%40er:p%40ss%3Aw%2Frd%25@localhost/test');
    expect(url.username).toBe('us@er');
    expect(url.password).toBe('p@ss:w/rd%');
    expect(url.renderAsString({ hidePassword: false })).toBe(
      'mysql://us%40er:p%40ss%3Aw%2Frd%25@localhost/test',
    );
  });

  it('reads an IPv6 host and a query key given twice', () => {
    const url = makeUrl('postgresql://[::1]:5432/db?options=a&options=b&flag');
    expect(url.host).toBe('::1');
    expect(url.query).toEqual({ options: ['a', 'b'], flag: '' });
    expect(url.queryValue('options')).toBe('b');
    expect(url.renderAsString()).toBe('postgresql://[::1]:5432/db?options=a&options=b&flag=');
  });

  it('never shows the password unless asked', () => {
    const url = makeUrl('postgresql://scott:tiger@localhost/test');
    expect(url.renderAsString()).toBe('postgresql://scott:***@localhost/test');
    expect(String(url)).toBe('postgresql://scott:***@localhost/test');
    expect(`${url}`).not.toContain('tiger');
    expect(JSON.stringify({ url: url.toString() })).not.toContain('tiger');
    expect(url.renderAsString({ hidePassword: false })).toContain(':tiger@');
  });

  it('returns changed copies from set() and updateQuery()', () => {
    const url = makeUrl('mysql://root@localhost/test');
    const other = url.set({ database: 'other', port: 3307 }).updateQuery({ charset: 'utf8mb4' });
    expect(other.renderAsString()).toBe('mysql://root@localhost:3307/other?charset=utf8mb4');
    expect(url.database).toBe('test');
  });

  it('builds from parts with DatabaseUrl.create', () => {
    const url = DatabaseUrl.create({
      drivername: 'mysql',
      username: 'a b',
      password: 'x@y',
      host: 'h',
    });
    expect(url.renderAsString({ hidePassword: false })).toBe('mysql://a b:x%40y@h');
    expect(() => DatabaseUrl.create({ drivername: 'bad name' })).toThrow(ArgumentError);
    expect(() => DatabaseUrl.create({ drivername: 'mysql', port: 0 })).toThrow(/positive integer/);
  });

  it.each(['not a url', 'postgresql:/missing-slash', '', '://no-scheme'])(
    'refuses the malformed URL %j with an ArgumentError that shows the expected form',
    (text) => {
      expect(() => makeUrl(text)).toThrow(ArgumentError);
      expect(() => makeUrl(text)).toThrow(/backend\[\+driver\]:\/\//);
    },
  );

  it('refuses a non-numeric port without showing the password', () => {
    expect(() => makeUrl('postgresql://u:secretpw@host:port/db')).toThrow(
      'Invalid port in database URL "postgresql://u:***@host:***/db"',
    );
    try {
      makeUrl('postgresql://u:secretpw@host:99999/db');
    } catch (error) {
      expect((error as Error).message).not.toContain('secretpw');
      expect((error as Error).message).toContain(':***@');
    }
    expect.assertions(3);
  });

  it("keeps a '%' that starts no escape, as SQLAlchemy's unquote does", () => {
    expect(makeUrl('mysql://root:100%@localhost/db').password).toBe('100%');
    expect(makeUrl('mysql://root:%zz%4@localhost/db').password).toBe('%zz%4');
    expect(makeUrl('mysql://root:%C3%A9t%C3@localhost/db').password).toBe('ét\uFFFD');
  });
});

describe('URL edge cases', () => {
  it('reads an unescaped @ in a password and never shows any of it', () => {
    // The password runs to the last '@': one in a query value is written %40.
    const url = makeUrl('postgresql://u:p@ss@host/db?email=a%40b.c');
    expect(url.password).toBe('p@ss');
    expect(url.host).toBe('host');
    expect(url.query).toEqual({ email: 'a@b.c' });
    expect(url.toString()).toBe('postgresql://u:***@host/db?email=a%40b.c');
  });

  it('does not echo a password mistaken for a port', () => {
    expect(() => makeUrl('postgresql://admin:hunter2/db')).toThrow(ArgumentError);
    expect(() => makeUrl('postgresql://admin:hunter2/db')).not.toThrow(/hunter2/);
  });
});
