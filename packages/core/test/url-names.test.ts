import { describe, expect, expectTypeOf, it } from 'vitest';
// SQLAlchemy's names, read through a namespace, which hides nothing.
import * as sa from '../src/index.js';
// The names a user imports: none of them hides a global of this module, as the last test shows.
import { DatabaseUrl, type DatabaseUrlParts, makeUrl } from '../src/index.js';

describe('database URL names', () => {
  it("SQLAlchemy's URL is the same class as DatabaseUrl", () => {
    expect(sa.URL).toBe(DatabaseUrl);
    const url = makeUrl('postgresql://scott:tiger@localhost/test');
    expect(url).toBeInstanceOf(sa.URL);
    expect(url).toBeInstanceOf(DatabaseUrl);
    expect(sa.URL.parse('sqlite:///a.db').parts()).toEqual(
      DatabaseUrl.parse('sqlite:///a.db').parts(),
    );
  });

  it('the old names are the same types as the new', () => {
    expectTypeOf<sa.URL>().toEqualTypeOf<DatabaseUrl>();
    expectTypeOf<sa.URLParts>().toEqualTypeOf<DatabaseUrlParts>();
    expectTypeOf(makeUrl).parameter(0).toEqualTypeOf<string | sa.URL>();
  });

  it("a module that imports DatabaseUrl keeps JavaScript's URL", () => {
    const web = new URL('https://example.com/a?b=1');
    expect(web).not.toBeInstanceOf(DatabaseUrl);
    expect(web.searchParams.get('b')).toBe('1');
    expect(URL).toBe(globalThis.URL);
    expectTypeOf(web).toEqualTypeOf<globalThis.URL>();
  });
});
