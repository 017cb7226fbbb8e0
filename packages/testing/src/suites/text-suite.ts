import { CompileError, StatementError, text } from '@athanor/core';
import type { SqlLexicalRules } from '@athanor/core/dialect';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/** Raw SQL with `text()`: named parameters, what is left alone, values that must survive. */
export function textSuite(h: Harness): void {
  describe('text()', () => {
    const notes = h.table('text_notes');

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(
        `CREATE TABLE ${notes} (id INTEGER PRIMARY KEY, title VARCHAR(200), body VARCHAR(200))`,
      );
    });
    afterEach(async () => {
      if (h.unreachable) return;
      await h.exec(`DELETE FROM ${notes}`);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${notes}`);
    });

    const insert = () => text(`INSERT INTO ${notes} (id, title, body) VALUES (:id, :title, :body)`);

    test(h, 'binds named parameters', async () => {
      await h.engine.execute(insert(), { id: 1, title: 'first', body: 'one' });
      const rows = await h.exec(`SELECT id, title, body FROM ${notes} WHERE title = :title`, {
        title: 'first',
      });
      expect(rows.all().map((row) => ({ ...row }))).toEqual([
        { id: 1, title: 'first', body: 'one' },
      ]);
    });

    test(h, 'binds a parameter used twice to the same value', async () => {
      await h.engine.execute(insert(), [
        { id: 1, title: 'same', body: 'x' },
        { id: 2, title: 'other', body: 'same' },
        { id: 3, title: 'neither', body: 'y' },
      ]);
      const ids = await h.exec(
        `SELECT id FROM ${notes} WHERE title = :word OR body = :word ORDER BY id`,
        { word: 'same' },
      );
      expect(ids.scalars().all()).toEqual([1, 2]);
    });

    test(
      h,
      'leaves :name inside string literals, quoted identifiers and comments alone',
      async () => {
        const sql = `SELECT ':title' AS ${h.q('a:b')}, 'it''s :x' AS v /* :c */ -- :d\n`;
        const row = (await h.exec(sql)).one();
        expect(row['a:b']).toBe(':title');
        expect(row.v).toBe("it's :x");
      },
    );

    /**
     * One literal, quoted name or comment per lexical rule, each holding `:x`; `:v` after it is
     * the real parameter. `lit` is the column whose value (or name) shows the text survived.
     */
    const lexicalCases: readonly {
      rule: keyof SqlLexicalRules | 'standard SQL';
      what: string;
      sql: string;
      lit: string;
    }[] = [
      {
        rule: 'standard SQL',
        what: "'...'",
        sql: "SELECT 'it''s :x' AS lit, :v AS p",
        lit: "it's :x",
      },
      {
        rule: 'standard SQL',
        what: '/* */',
        sql: "SELECT 'kept' AS lit /* :x */, :v AS p",
        lit: 'kept',
      },
      {
        rule: 'standard SQL',
        what: '-- ',
        sql: "SELECT 'kept' AS lit, -- :x\n :v AS p",
        lit: 'kept',
      },
      {
        rule: 'escapeStrings',
        what: "E'...\\'...'",
        sql: "SELECT E'it\\'s :x' AS lit, :v AS p",
        lit: "it's :x",
      },
      {
        rule: 'backslashEscapes',
        what: "'...\\'...'",
        sql: "SELECT 'it\\'s :x' AS lit, :v AS p",
        lit: "it's :x",
      },
      {
        rule: 'doubleQuotedStrings',
        what: '"...\\"..."',
        sql: 'SELECT "say \\" :x" AS lit, :v AS p',
        lit: 'say " :x',
      },
      {
        rule: 'dollarQuotedStrings',
        what: '$q$...$q$',
        sql: 'SELECT $q$ :x $q$ AS lit, :v AS p',
        lit: ' :x ',
      },
      {
        rule: 'nestedBlockComments',
        what: '/* /* */ */',
        sql: "SELECT 'kept' AS lit /* a /* b */ :x */, :v AS p",
        lit: 'kept',
      },
      { rule: 'hashComments', what: '#', sql: "SELECT 'kept' AS lit, # :x\n :v AS p", lit: 'kept' },
    ];
    for (const { rule, what, sql, lit } of lexicalCases) {
      test(
        h,
        `leaves :x inside ${what} alone and binds the real parameter`,
        async () => {
          const row = (await h.exec(sql, { v: 'bound' })).one();
          expect({ ...row }).toEqual({ lit, p: 'bound' });
        },
        () =>
          rule !== 'standard SQL' &&
          h.dialect.compiler.lexicalRules[rule] !== true &&
          `the dialect's SQL has no ${what}`,
      );
    }

    test(h, 'leaves :x inside each kind of quoted name alone', async () => {
      const rules = h.dialect.compiler.lexicalRules;
      const names = [h.q('a :x')];
      if (rules.backtickIdentifiers) names.push('`b :x`');
      if (rules.bracketIdentifiers) names.push('[c :x]');
      const columns = names.map((name, i) => `${i} AS ${name}`).join(', ');
      const row = (await h.exec(`SELECT ${columns}, :v AS p`, { v: 'bound' })).one();
      expect(Object.keys({ ...row })).toEqual([...names.map((name) => name.slice(1, -1)), 'p']);
      expect(row.p).toBe('bound');
    });

    test(
      h,
      'reads -- without a following space as two minus signs where the database does',
      async () => {
        const row = (await h.exec('SELECT 3--:n AS lit', { n: 1 })).one();
        expect(Number(row.lit)).toBe(4);
      },
      () =>
        !h.dialect.compiler.lexicalRules.dashCommentNeedsSpace &&
        'every -- starts a comment in the database',
    );

    test(
      h,
      "refuses the driver's positional placeholder, naming it and :name, before the database",
      async () => {
        const placeholder =
          h.dialect.compiler.lexicalRules.positionalPlaceholder === 'dollar-number' ? '$1' : '?';
        const error = await errorFrom(
          h.engine.execute(text(`SELECT ${placeholder} AS a, :v AS b`), { v: 'bound' }),
        );
        expect(error).toBeInstanceOf(CompileError);
        expect(error.message).toContain(`placeholder ${placeholder} `);
        expect(error.message).toContain(':name');
        // Inside a literal it is text, as it stays.
        const row = (await h.exec(`SELECT '${placeholder}' AS a, :v AS b`, { v: 'bound' })).one();
        expect({ ...row }).toEqual({ a: placeholder, b: 'bound' });
      },
      () =>
        !h.dialect.compiler.lexicalRules.positionalPlaceholder &&
        'the dialect declares no positional placeholder',
    );

    test(
      h,
      'leaves :: alone, so a PostgreSQL cast after a parameter keeps its parameter',
      async () => {
        const compiled = h.dialect.compiler.compileText(text('SELECT :id::int, a::text FROM t'));
        expect(compiled.slots.map((slot) => slot.name)).toEqual(['id']);
        expect(compiled.sql).toMatch(/^SELECT (\?|\$1)::int, a::text FROM t$/);
        const row = (await h.exec(`SELECT 'a::b' AS v`)).one();
        expect(row.v).toBe('a::b');
      },
    );

    test(h, 'writes \\: as a plain colon', async () => {
      const compiled = h.dialect.compiler.compileText(text('SELECT 1 AS \\:x'));
      expect(compiled.sql).toBe('SELECT 1 AS :x');
      expect(compiled.slots).toEqual([]);
    });

    test(h, 'accepts parameter names with digits, underscores, capitals and accents', async () => {
      await h.engine.execute(
        text(`INSERT INTO ${notes} (id, title, body) VALUES (:p_1, :_Title2, :bödy)`),
        { p_1: 1, _Title2: 'odd', bödy: 'names' },
      );
      const row = (await h.exec(`SELECT id, title, body FROM ${notes}`)).one();
      expect([...row]).toEqual([1, 'odd', 'names']);
    });

    test(h, 'round-trips % in values and in the SQL', async () => {
      await h.engine.execute(insert(), { id: 1, title: '100% sure', body: '%%s %d' });
      const row = (
        await h.exec(`SELECT title, body, '50%' AS pct FROM ${notes} WHERE title LIKE :pattern`, {
          pattern: '100%',
        })
      ).one();
      expect({ ...row }).toEqual({ title: '100% sure', body: '%%s %d', pct: '50%' });
    });

    test(h, 'stores quotes and SQL-looking text as plain values', async () => {
      const hostile = `Robert'); DROP TABLE ${notes};--`;
      const quotes = `"double" 'single' \`back\` \\backslash`;
      await h.engine.execute(insert(), { id: 1, title: hostile, body: quotes });
      const row = (await h.exec(`SELECT title, body FROM ${notes}`)).one();
      expect(row.title).toBe(hostile);
      expect(row.body).toBe(quotes);
    });

    test(h, 'round-trips unicode, emoji and the empty string', async () => {
      await h.engine.execute(insert(), { id: 1, title: 'Ünïcödé ✓ 日本語 🎉', body: '' });
      const row = (await h.exec(`SELECT title, body FROM ${notes}`)).one();
      expect(row.title).toBe('Ünïcödé ✓ 日本語 🎉');
      expect(row.body).toBe('');
    });

    test(h, 'binds null as SQL NULL', async () => {
      await h.engine.execute(insert(), { id: 1, title: null, body: 'x' });
      const count = await h.exec(`SELECT COUNT(*) FROM ${notes} WHERE title IS NULL`);
      expect(count.scalar()).toBe(1);
    });

    test(h, 'reads an integer past 2^53 exactly, and a smaller one as a number', async () => {
      const row = (
        await h.exec(
          `SELECT 9007199254740993 AS above, -9223372036854775807 - 1 AS lowest, ` +
            `9223372036854775807 AS highest, 9007199254740991 AS safe, 42 AS small`,
        )
      ).one();
      // As exact as the driver gives it: a bigint (SQLite, MySQL) or a string of digits.
      expect([row.above, row.lowest, row.highest].map((v) => BigInt(v as string))).toEqual([
        9007199254740993n,
        -9223372036854775808n,
        9223372036854775807n,
      ]);
      expect(typeof row.above).not.toBe('number');
      expect([row.safe, row.small]).toEqual([9007199254740991, 42]);
    });

    test(h, 'a missing parameter is an error before anything reaches the database', async () => {
      const error = await errorFrom(h.engine.execute(insert(), { id: 1, title: 'no body' }));
      expect(error).toBeInstanceOf(StatementError);
      expect(error.message).toContain("A value is required for bind parameter 'body'");
      const count = await h.exec(`SELECT COUNT(*) FROM ${notes}`);
      expect(count.scalar()).toBe(0);
    });

    test(h, 'bindParams values are defaults that execute parameters override', async () => {
      const bound = insert().bindParams({ title: 'default title', body: 'default body' });
      await h.engine.execute(bound, { id: 1 });
      await h.engine.execute(bound, { id: 2, title: 'given' });
      const rows = await h.exec(`SELECT title, body FROM ${notes} ORDER BY id`);
      expect(rows.all().map((row) => [...row])).toEqual([
        ['default title', 'default body'],
        ['given', 'default body'],
      ]);
    });

    test(h, 'execute() refuses a plain string and says to wrap it in text()', async () => {
      await using conn = await h.engine.connect();
      const error = await errorFrom(conn.execute('SELECT 1' as never));
      expect(error.message).toContain('text(');
    });
  });
}
