import * as sa from '@athanor/core';
import { ArgumentError, Column, DataError, insert, select, Table } from '@athanor/core';
import fc from 'fast-check';
import { afterEach, describe, expect } from 'vitest';
import { fuzzSettings } from '../fuzz-settings.js';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';
import { anyString } from './fuzz-arbitraries.js';

/**
 * Values per property run. Each run writes a batch of this many generated values in one
 * multi-row INSERT and reads them back in one SELECT, so thousands of cases take seconds.
 */
const batch = 50;
/**
 * Runs per value property: 100 runs × 50 values = 5,000 values per type per database in CI
 * (fixed seed; `ATHANOR_FUZZ_RUNS` multiplies it, see fuzz-settings.ts).
 */
const valueRuns = 100;
/** Any time limit vitest sets is for a hung test, not for a slow machine: give the runs room. */
const fuzzTimeoutMs = 600_000;

const withoutNul = (value: string) => !value.includes('\u0000');
/**
 * Strings made of LIKE's wildcards, its escape character and a few plain characters: what the
 * autoescape of `contains` has to get right. No letter or space, so a case-insensitive or
 * space-padding collation compares them exactly too.
 */
const wildcardString = fc.string({
  unit: fc.constantFrom('%', '_', '/', '\\', '[', ']', '^', 'x', '1', '*', '?'),
  maxLength: 12,
});

/** Strings thick with U+0000 among wildcards: what LIKE does with NUL in values and patterns. */
const nulString = fc.string({
  unit: fc.constantFrom('\u0000', '\u0000', '%', '_', '/', 'x', '1'),
  maxLength: 12,
});

/** What a column reads as, from what was written. */
interface Domain<V> {
  readonly key: string;
  readonly values: fc.Arbitrary<V>;
  /** The value as the database gives it back; the identity unless stated. */
  readonly expected?: (written: V) => unknown;
  /** What is compared of what the database gave back; the identity unless stated. */
  readonly read?: (value: unknown) => unknown;
  /** Compares like `=` and IN on the database: values with the same key are equal there. */
  readonly compareKey?: (written: V) => string;
  /** Orders like `<` and BETWEEN on the database, where those are checked too. */
  readonly order?: (a: V, b: V) => number;
}

/** A domain in a list of domains of other value types. */
const erase = <V>(domain: Domain<V>) => domain as unknown as Domain<unknown>;

const bytes = (value: unknown) => (value instanceof Uint8Array ? [...value] : value);
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');
const minDate = Date.UTC(1000, 0, 1);
const maxDate = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const dates = fc.date({ min: new Date(minDate), max: new Date(maxDate), noInvalidDate: true });

/** A Numeric(18, 6) value written as a decimal string with all six decimals. */
const numericStrings = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
    fc.bigInt({ min: 0n, max: 10n ** 6n - 1n }),
  )
  .map(([negative, whole, fraction]) => {
    const zero = whole === 0n && fraction === 0n;
    return `${negative && !zero ? '-' : ''}${whole}.${fraction.toString().padStart(6, '0')}`;
  });

/**
 * Property-based fuzzing with fast-check (seeded; see fuzz-settings.ts): generated values of
 * every type through INSERT, SELECT, `=`, IN and LIKE with autoescape; through `text()`
 * parameters. Generated names: see names-fuzz-suite.ts.
 */
export function fuzzSuite(h: Harness): void {
  describe('fuzz', () => {
    const { tables: t } = useTables(h, (metadata) => ({
      values: new Table(h.table('fz_values'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        s: new Column(sa.Text),
        i32: new Column(sa.Integer),
        i64: new Column(sa.BigInteger()),
        dbl: new Column(sa.Float),
        dec: new Column(sa.Numeric(18, 6)),
        flag: new Column(sa.Boolean),
        bin: new Column(sa.LargeBinary),
        doc: new Column(sa.JSON<unknown>()),
        day: new Column(sa.Date),
        at: new Column(sa.DateTime()),
      }),
    }));

    afterEach(async () => {
      if (h.unreachable) return;
      await h.engine.execute(t.values.delete());
    });

    const columnOf = (key: string) =>
      t.values.c[key as 'id'] as unknown as sa.ColumnElement<unknown>;

    /** Writes `values` as rows 1..n of the table, alone in it. */
    async function writeBatch(key: string, values: readonly unknown[]): Promise<void> {
      await h.engine.execute(t.values.delete());
      await h.engine.execute(
        insert(t.values).values(values.map((value, i) => ({ id: i + 1, [key]: value })) as never),
      );
    }

    async function idsWhere(condition: sa.ColumnElement<boolean>): Promise<number[]> {
      const result = await h.engine.execute(
        select(t.values.c.id).where(condition).orderBy(t.values.c.id),
      );
      return result.scalars().all() as number[];
    }

    /**
     * Whether `=` on the string column compares code points exactly, and whether LIKE does:
     * MariaDB's default collation ignores case and trailing spaces, SQLite's LIKE ignores ASCII
     * case. Where they do not, the properties check what holds on every database: the rows
     * that should match are found.
     */
    async function stringComparisons(): Promise<{ eq: boolean; like: boolean }> {
      await writeBatch('s', ['a', 'A', 'a ']);
      const eq = (await idsWhere(t.values.c.s.eq('a'))).length === 1;
      const like = (await idsWhere(t.values.c.s.contains('a'))).join() === '1,3';
      return { eq, like };
    }

    /**
     * Strings the database reads back. Known limitation of PGlite (0.5.16 and 0.5.17, see its
     * README, pinned by a test in @athanor/pglite): it decodes a text value with a TextDecoder
     * that drops a leading U+FEFF (byte order mark), so '\uFEFFx' is stored whole but reads back
     * as 'x'. No release fixes it yet, so those strings are left out there.
     */
    const readable = (strings: fc.Arbitrary<string>) =>
      h.options.dialect.name === 'pglite'
        ? strings.filter((value) => !value.startsWith('\uFEFF'))
        : strings;

    /**
     * Whether text columns hold U+0000. PostgreSQL's cannot: it refuses the string with a
     * DataError, which is checked here; the properties then generate strings without it.
     */
    async function storesNul(): Promise<boolean> {
      try {
        await writeBatch('s', ['a\u0000b']);
      } catch (error) {
        expect(DataError.isInstance(error), String(error)).toBe(true);
        return false;
      }
      const back = await h.engine.execute(select(t.values.c.s));
      expect(back.scalars().all()).toEqual(['a\u0000b']);
      return true;
    }

    /**
     * The value property: a batch round-trips in order; `=` finds each chosen value's rows and,
     * where comparisons are exact, only them; IN finds exactly the rows holding a chosen value;
     * where the domain gives an order, `>` and BETWEEN find exactly the rows in range.
     */
    function roundTrip<V>(
      domain: Domain<V>,
      exactComparisons: () => Promise<boolean> = async () => true,
    ) {
      return async () => {
        const exact = await exactComparisons();
        const expected = domain.expected ?? ((v: V) => v);
        const read = domain.read ?? ((v: unknown) => v);
        const keyOf = domain.compareKey;
        const column = columnOf(domain.key);
        const { numRuns, seed } = fuzzSettings(valueRuns, h.options.fuzzScale);
        await fc.assert(
          fc.asyncProperty(
            fc.array(domain.values, { minLength: batch, maxLength: batch }),
            fc.nat(batch - 1),
            fc.subarray([...Array(batch).keys()]),
            async (values, pick, chosen) => {
              await writeBatch(domain.key, values);
              const back = await h.engine.execute(
                select(column).selectFrom(t.values).orderBy(t.values.c.id),
              );
              expect(back.scalars().all().map(read)).toEqual(values.map(expected));
              if (!keyOf) return;
              const rowsHolding = (sought: readonly V[], key: (v: V) => string) => {
                const keys = new Set(sought.map(key));
                return values.flatMap((v, i) => (keys.has(key(v)) ? [i + 1] : []));
              };
              const expectFound = (found: number[], sought: readonly V[]) => {
                const wanted = rowsHolding(sought, keyOf);
                if (exact) return expect(found).toEqual(wanted);
                expect(found).toEqual(expect.arrayContaining(wanted));
              };
              const one = values[pick] as V;
              expectFound(await idsWhere(column.eq(one as never)), [one]);
              const some = chosen.map((i) => values[i] as V);
              expectFound(await idsWhere(column.in(some as never[])), some);
              const order = domain.order;
              if (!order) return;
              const other = values[chosen[0] ?? 0] as V;
              const [low, high] = order(one, other) <= 0 ? [one, other] : [other, one];
              const rows = (keep: (v: V) => boolean) =>
                values.flatMap((v, i) => (keep(v) ? [i + 1] : []));
              expect(await idsWhere(column.gt(one as never))).toEqual(
                rows((v) => order(v, one) > 0),
              );
              expect(await idsWhere(column.between(low as never, high as never))).toEqual(
                rows((v) => order(v, low) >= 0 && order(v, high) <= 0),
              );
            },
          ),
          { numRuns, seed },
        );
      };
    }

    test(
      h,
      'fuzz: strings round-trip and are found by =, IN and contains() with autoescape',
      async () => {
        const comparisons = await stringComparisons();
        const nul = await storesNul();
        const strings = readable(nul ? anyString() : anyString().filter(withoutNul));
        // SQLite's LIKE reads a value only up to its first NUL, and refuses a pattern holding
        // one (docs/expression-language.md); elsewhere LIKE reads every character.
        const likeStopsAtNul = nul && h.options.dialect.name === 'sqlite';
        const seenByLike = (value: string) =>
          likeStopsAtNul ? (value.split('\u0000')[0] as string) : value;
        await roundTrip(
          { key: 's', values: strings, compareKey: (v) => v },
          async () => comparisons.eq,
        )();
        // contains() finds every row holding a random piece of one value, literally; where LIKE
        // compares exactly, only those.
        const { numRuns, seed } = fuzzSettings(valueRuns, h.options.fuzzScale);
        for (const pieces of nul
          ? [strings, wildcardString, nulString]
          : [strings, wildcardString]) {
          await fc.assert(
            fc.asyncProperty(
              fc.array(pieces, { minLength: batch, maxLength: batch }),
              fc.nat(batch - 1),
              fc.nat(),
              fc.nat(),
              async (values, pick, a, b) => {
                await writeBatch('s', values);
                const source = values[pick] as string;
                const from = source.length === 0 ? 0 : a % (source.length + 1);
                const piece = source.slice(from, from + (b % 6));
                // Cut on whole characters: a piece ending in half a surrogate pair is refused.
                const whole = /[\uD800-\uDBFF]$/.test(piece) ? piece.slice(0, -1) : piece;
                const cut = /^[\uDC00-\uDFFF]/.test(whole) ? whole.slice(1) : whole;
                if (likeStopsAtNul && cut.includes('\u0000')) {
                  const error = await errorFrom(idsWhere(t.values.c.s.contains(cut)));
                  expect(ArgumentError.isInstance(error), String(error)).toBe(true);
                  expect((error as ArgumentError).code).toBe('bad-bind-value');
                  return;
                }
                const found = await idsWhere(t.values.c.s.contains(cut));
                const wanted = values.flatMap((v, i) =>
                  seenByLike(v).includes(cut) ? [i + 1] : [],
                );
                if (comparisons.like || pieces !== strings) expect(found).toEqual(wanted);
                else expect(found).toEqual(expect.arrayContaining(wanted));
              },
            ),
            { numRuns, seed },
          );
        }
      },
      undefined,
      fuzzTimeoutMs,
    );

    test(
      h,
      'fuzz: a string holding a lone surrogate is refused with bad-bind-value, nothing written',
      async () => {
        const { numRuns, seed } = fuzzSettings(valueRuns, h.options.fuzzScale);
        const lone = fc
          .integer({ min: 0xd800, max: 0xdfff })
          .map((unit) => String.fromCharCode(unit));
        const withLone = fc
          .tuple(anyString(10), lone, anyString(10))
          // A high surrogate followed by a low one is a whole character: keep it lone.
          .filter(
            ([, half, after]) => !(/[\uD800-\uDBFF]/.test(half) && /^[\uDC00-\uDFFF]/.test(after)),
          )
          .filter(
            ([before, half]) => !(/[\uDC00-\uDFFF]/.test(half) && /[\uD800-\uDBFF]$/.test(before)),
          )
          .map(([before, half, after]) => before + half + after);
        // 100 runs × 50 strings, each refused alone (before anything reaches the database).
        await fc.assert(
          fc.asyncProperty(
            fc.array(withLone, { minLength: batch, maxLength: batch }),
            async (values) => {
              for (const value of values) {
                const error = await errorFrom(
                  h.engine.execute(insert(t.values).values({ id: 1, s: value })),
                );
                expect(ArgumentError.isInstance(error)).toBe(true);
                expect((error as ArgumentError).code).toBe('bad-bind-value');
              }
            },
          ),
          { numRuns, seed },
        );
        const count = await h.engine.execute(select(sa.func.count()).selectFrom(t.values));
        expect(Number(count.scalar())).toBe(0);
      },
      undefined,
      fuzzTimeoutMs,
    );

    /**
     * `SELECT :v0 AS v0, :v1 AS v1, ...`: one statement binds a batch of values (50 per run ×
     * 100 runs = 5,000 per type per database), each read back as the driver gives it untyped.
     */
    function throughText<V>(
      values: fc.Arbitrary<V>,
      same: (read: unknown) => unknown,
      as: (v: V) => unknown,
    ) {
      return async () => {
        const { numRuns, seed } = fuzzSettings(valueRuns, h.options.fuzzScale);
        const sql = [...Array(batch).keys()].map((i) => `:v${i} AS ${h.q(`v${i}`)}`).join(', ');
        const statement = sa.text(`SELECT ${sql}`);
        await fc.assert(
          fc.asyncProperty(
            fc.array(values, { minLength: batch, maxLength: batch }),
            async (batchOf) => {
              const params = Object.fromEntries(batchOf.map((v, i) => [`v${i}`, v]));
              const row = (await h.engine.execute(statement, params)).one();
              expect([...row].map(same)).toEqual(batchOf.map(as));
            },
          ),
          { numRuns, seed },
        );
      };
    }

    /** Pieces of SQL syntax that the parameter scanner or a driver could misread in a value. */
    const syntax = fc.constantFrom(
      ':x',
      ':v0',
      '::',
      '\\:',
      "'",
      "''",
      '"',
      '`',
      '--',
      '-- ',
      '/*',
      '*/',
      '#',
      '\\',
      "\\'",
      '$1',
      '$$',
      '$tag$',
      '?',
      ';',
      "E'",
      '[',
      ']',
      '\n',
      '%',
      '_',
    );

    test(
      h,
      'fuzz: text() binds strings holding quotes, comment markers and :names unchanged',
      async () => {
        const plain = (await storesNul()) ? anyString(8) : anyString(8).filter(withoutNul);
        const hostile = readable(
          fc.array(fc.oneof(syntax, plain), { maxLength: 8 }).map((p) => p.join('')),
        );
        await throughText(
          hostile,
          (v) => v,
          (v) => v,
        )();
      },
      undefined,
      fuzzTimeoutMs,
    );

    // An untyped parameter reads back as the driver and database give it: a number, a bigint
    // or (PostgreSQL, which types it text) a string. The value is what is compared.
    test(
      h,
      'fuzz: text() binds 32-bit integers, 64-bit bigints and doubles unchanged',
      async () => {
        await throughText(fc.integer(), Number, (v) => v)();
        // Every 64-bit integer, read exactly: a bigint or digits past 2^53, as the driver gives.
        const widest = 2n ** 63n - 1n;
        await throughText(
          fc.bigInt({ min: -widest - 1n, max: widest }),
          (v) => BigInt(v as string),
          (v) => v,
        )();
        // -0 is written 0 in the text PostgreSQL receives; the sign of zero is not compared.
        await throughText(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          (v) => Number(v) || 0,
          (v) => v || 0,
        )();
      },
      undefined,
      fuzzTimeoutMs,
    );

    const domains: [string, Domain<unknown>][] = [
      ['32-bit integers', erase({ key: 'i32', values: fc.integer(), compareKey: String })],
      [
        '64-bit bigints',
        erase({
          key: 'i64',
          values: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
          compareKey: String,
        }),
      ],
      [
        'finite doubles',
        erase({
          key: 'dbl',
          values: fc.double({ noNaN: true, noDefaultInfinity: true }),
          // -0 reads back as 0 on SQLite, which stores a REAL with an integral value as an
          // integer; the sign of zero is not compared. Every database compares -0 = 0.
          expected: (v: number) => (v === 0 ? 0 : v),
          read: (v: unknown) => (v === 0 ? 0 : v),
          compareKey: String,
        }),
      ],
      [
        'Numeric(18, 6) decimal strings',
        erase({
          key: 'dec',
          values: numericStrings,
          // Exactly, on every database: values that differ past the 15th significant digit
          // (999999999991.000001 and 999999999991.000000) are told apart, by =, IN, > and
          // BETWEEN alike. Every value has six decimals, so its digits order it as an integer.
          compareKey: String,
          order: (a: string, b: string) => {
            const difference = BigInt(a.replace('.', '')) - BigInt(b.replace('.', ''));
            return difference > 0n ? 1 : difference < 0n ? -1 : 0;
          },
        }),
      ],
      ['booleans', erase({ key: 'flag', values: fc.boolean(), compareKey: String })],
      [
        'bytes',
        erase({
          key: 'bin',
          values: fc.uint8Array({ maxLength: 40 }),
          read: bytes,
          expected: bytes,
          compareKey: hex,
        }),
      ],
      [
        'JSON values',
        erase({
          key: 'doc',
          values: fc.jsonValue(),
          // What JSON itself keeps: -0 is written 0 (JSON.stringify); key order is not compared.
          expected: (v: unknown) => JSON.parse(JSON.stringify(v)),
        }),
      ],
      [
        'dates',
        erase({
          key: 'day',
          values: dates.map((d) => d.toISOString().slice(0, 10)),
          compareKey: String,
        }),
      ],
      [
        'date-times to the millisecond',
        erase({
          key: 'at',
          values: dates,
          read: (v: unknown) => (v instanceof Date ? v.getTime() : v),
          expected: (d: Date) => d.getTime(),
          compareKey: (d: Date) => String(d.getTime()),
        }),
      ],
    ];
    for (const [what, domain] of domains) {
      test(
        h,
        `fuzz: ${what} round-trip and are found by = and IN${domain.order ? ', > and BETWEEN' : ''}`,
        roundTrip(domain),
        undefined,
        fuzzTimeoutMs,
      );
    }
  });
}
