import { describe, expect, it } from 'vitest';
import { ArgumentError, createEngine, DatabaseUrl, makeUrl } from '../src/index.js';
import { errorRenderings, renderings } from './text-renderings.js';

/**
 * Hostile passwords: each holds the marker `Zq9`, which nothing else in these URLs contains, so
 * "the marker is absent" proves no part of the password was shown.
 */
const hostilePasswords = [
  'Zq9?x',
  'Zq9?a=b&c=d',
  'Zq9@x',
  'Zq9@x@y',
  'Zq9/x/y',
  'Zq9#x',
  'Zq9:x:y',
  'Zq9%',
  'Zq9%zz',
  'Zq9 with spaces ',
  'Zq9+plus',
  'Zq9ünïcødé密码🔑',
  'Zq9\ttab\nnewline',
  'Zq9"quote\'s\\',
  'Zq9[]{}<>|^`~!$&()*,;=',
  'Zq9a@b/c?d#e:f%g',
  '?@/#:Zq9',
];

/** The URL written with the password as it is, and with it percent-encoded. */
function urlsFor(password: string): string[] {
  return [
    `postgresql+pg://scott:${password}@db.example.com:5433/inventory?sslmode=require`,
    `mysql://scott:${password}@db.example.com/inventory`,
    `postgresql://scott:${encodeURIComponent(password)}@db.example.com:5433/inventory`,
  ];
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('URL passwords', () => {
  it.each(hostilePasswords)(
    'parses the password %j written as it is or percent-encoded',
    (password) => {
      for (const text of urlsFor(password)) {
        const url = makeUrl(text);
        expect(url.password).toBe(password);
        expect(url.username).toBe('scott');
        expect(url.host).toBe('db.example.com');
        expect(url.database).toBe('inventory');
        // Rendered with the password, the URL reads back the same.
        expect(makeUrl(url.renderAsString({ hidePassword: false })).password).toBe(password);
      }
    },
  );

  it.each(hostilePasswords)(
    'never shows the password %j in any rendering of a URL or engine',
    (password) => {
      for (const text of urlsFor(password)) {
        const url = makeUrl(text);
        const engine = createEngine(url);
        for (const rendered of [...renderings(url), ...renderings(engine)]) {
          expect(rendered).not.toContain('Zq9');
        }
        expect(JSON.parse(JSON.stringify(url))).toBe(url.toString());
        expect(JSON.parse(JSON.stringify(engine))).toEqual({ url: url.toString() });
      }
    },
  );

  it.each(hostilePasswords)('never shows the password %j in a URL error', (password) => {
    const broken = [
      `postgresql://scott:${password}@db.example.com:notaport/inventory`,
      `postgresql://scott:${password}@db.example.com:99999/inventory`,
      `postgresql:/scott:${password}@db.example.com/inventory`,
      `post gres://scott:${password}@db.example.com/inventory`,
      `scott:${password}@db.example.com/inventory`,
    ];
    for (const text of broken) {
      const error = thrownBy(() => makeUrl(text));
      expect(ArgumentError.isInstance(error)).toBe(true);
      for (const rendered of errorRenderings(error)) expect(rendered).not.toContain('Zq9');
    }
    const noAt = password.includes('@') ? [] : [`postgresql://scott:${password}/inventory`];
    for (const text of noAt) {
      const error = thrownBy(() => makeUrl(text));
      for (const rendered of errorRenderings(error)) expect(rendered).not.toContain('Zq9');
    }
  });

  it('never shows a password given to DatabaseUrl.create with the wrong type', () => {
    const error = thrownBy(() =>
      DatabaseUrl.create({ drivername: 'mysql', password: ['Zq9'] as unknown as string }),
    );
    expect((error as Error).message).toBe('URL password must be a string or null, got an object.');
  });

  it('keeps the password out of an object spread or a structured clone', () => {
    const url = makeUrl('postgresql://scott:Zq9@localhost/test');
    expect(Object.keys(url)).not.toContain('password');
    expect(url.parts().password).toBe('Zq9');
    expect(url.set({ host: 'other' }).password).toBe('Zq9');
  });

  it("reads an '@' after the password as part of a path or a query when no ':' precedes it", () => {
    expect(makeUrl('sqlite:///dir/a@b.db').database).toBe('dir/a@b.db');
    const url = makeUrl('mysql://root@localhost/db?init=a@b');
    expect([url.username, url.password, url.host, url.database]).toEqual([
      'root',
      null,
      'localhost',
      'db',
    ]);
    expect(url.query).toEqual({ init: 'a@b' });
  });

  it('renders a database name holding @, ? or % so that it reads back the same', () => {
    const url = DatabaseUrl.create({
      drivername: 'postgresql',
      username: 'u',
      password: 'p@w',
      host: 'h',
      database: 'a@b?c%d',
    });
    const again = makeUrl(url.renderAsString({ hidePassword: false }));
    expect([again.password, again.database]).toEqual(['p@w', 'a@b?c%d']);
  });

  it('hides query options named like a password or a token', () => {
    const url = makeUrl('postgresql://h/db?sslpassword=Zq9a&api_token=Zq9b&sslmode=require');
    expect(String(url)).toBe('postgresql://h/db?sslpassword=***&api_token=***&sslmode=require');
    expect(JSON.stringify(url)).not.toContain('Zq9');
    expect(url.renderAsString({ hidePassword: false })).toContain('sslpassword=Zq9a');
  });

  it('keeps a query key named __proto__ as an option', () => {
    const url = makeUrl('postgresql://h/db?__proto__=x&constructor=y');
    expect(url.queryValue('__proto__')).toBe('x');
    expect(url.queryValue('constructor')).toBe('y');
  });
});
