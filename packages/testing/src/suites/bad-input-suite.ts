import { inspect } from 'node:util';
import {
  ArgumentError,
  Column,
  type DatabaseUrl,
  type Engine,
  Integer,
  type IsolationLevel,
  insert,
  String as SqlString,
  select,
  Table,
  text,
} from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

/**
 * Hostile passwords: each holds the marker `Zq9`, which nothing else in a URL or an error
 * contains, so "the marker is absent" proves no part of the password was shown.
 */
const hostilePasswords = ['Zq9?x@y/#:%25 ü', 'Zq9@@/?', 'Zq9%zz&a=b', '?@Zq9 密码🔑'];

/** An error and its cause chain as reporters print them: messages, stacks, properties. */
function errorTexts(error: unknown): string[] {
  const texts = [String(error), inspect(error, { showHidden: true, depth: null })];
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    texts.push(cause.message, cause.stack ?? '', JSON.stringify(cause));
  }
  return texts;
}

/** An engine, its URL and its pool as structured loggers and `console.log` print them. */
function engineTexts(engine: Engine): string[] {
  return [engine.url, engine, engine.pool ?? {}].flatMap((value) => [
    String(value),
    JSON.stringify(value),
    inspect(value, { showHidden: true, depth: 6 }),
  ]);
}

/** Wrong input refused with a clear error, on every database alike; secrets never shown. */
export function badInputSuite(h: Harness): void {
  describe('bad input', () => {
    const { tables } = useTables(h, (md) => ({
      notes: new Table(h.table('bad_input_notes'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        body: new Column(SqlString(100)),
      }),
    }));
    const notes = h.q(h.table('bad_input_notes'));

    test(
      h,
      'a hostile password never shows in a connection error, its causes, the engine or its pool',
      async () => {
        for (const password of hostilePasswords) {
          const failing: DatabaseUrl[] = [
            h.url.set({ username: 'athanor_no_such_user', password }),
            h.url.set({ port: 1, password }),
            h.url.set({ password, database: 'athanor_no_such_db' }),
          ];
          for (const url of failing) {
            const engine = h.createEngine({}, url);
            const error = await errorFrom(engine.connect());
            for (const shown of [...errorTexts(error), ...engineTexts(engine)]) {
              expect(shown).not.toContain('Zq9');
            }
          }
          // The right user with a wrong password: refused by MariaDB; PostgreSQL's test server
          // trusts local logins, so there it connects, and the pool then holds a connection.
          const engine = h.createEngine({}, h.url.set({ password }));
          const connection = await engine.connect().catch((error: unknown) => {
            for (const shown of errorTexts(error)) expect(shown).not.toContain('Zq9');
          });
          if (connection) {
            // A connection holds the driver's connection, which holds the password.
            const shown = [String(connection), inspect(connection, { showHidden: true, depth: 8 })];
            for (const rendered of shown) expect(rendered).not.toContain('Zq9');
            await connection.close();
          }
          for (const shown of engineTexts(engine)) expect(shown).not.toContain('Zq9');
          await engine.dispose();
        }
      },
      () => (h.url.host === null ? 'an embedded database has no login' : false),
    );

    test(
      h,
      'isolationLevel is refused when it is not one the dialect supports, naming the ones it does',
      async () => {
        const supported = h.dialect.capabilities.isolationLevels;
        const levels: IsolationLevel[] = [
          'SERIALIZABLE',
          'REPEATABLE READ',
          'READ COMMITTED',
          'READ UNCOMMITTED',
        ];
        for (const level of levels) {
          if (supported.includes(level)) {
            const engine = h.createEngine({ isolationLevel: level });
            const result = await engine.execute(text('SELECT 1 AS one'));
            expect(result.scalar()).toBe(1);
            await engine.dispose();
          } else {
            expect(() => h.createEngine({ isolationLevel: level })).toThrow(
              `'${level}', which ${h.dialect.name} does not support; use one of`,
            );
          }
        }
        for (const level of ['BOGUS', 'read committed', '']) {
          let error: unknown;
          try {
            h.createEngine({ isolationLevel: level as IsolationLevel });
          } catch (caught) {
            error = caught;
          }
          expect(ArgumentError.isInstance(error)).toBe(true);
          expect((error as ArgumentError).code).toBe('bad-engine-option');
          expect((error as Error).message).toContain(
            "Engine option 'isolationLevel' must be one of",
          );
        }
      },
    );

    test(
      h,
      'more bound parameters than the database takes is an ArgumentError naming the limit',
      async () => {
        const limit = h.dialect.capabilities.maxParameters;
        const inList = (count: number) => {
          const names = Array.from({ length: count }, (_, i) => `p${i}`);
          const statement = text(
            `SELECT COUNT(*) AS n FROM ${notes} WHERE id IN (${names.map((n) => `:${n}`).join(', ')})`,
          );
          return { statement, params: Object.fromEntries(names.map((n, i) => [n, -1 - i])) };
        };
        const atLimit = inList(limit);
        const counted = await h.engine.execute(atLimit.statement, atLimit.params);
        expect(Number(counted.scalar())).toBe(0);
        const over = inList(limit + 1);
        const error = await errorFrom(h.engine.execute(over.statement, over.params));
        expect(ArgumentError.isInstance(error)).toBe(true);
        expect((error as ArgumentError).code).toBe('too-many-parameters');
        expect(error.message).toContain(`${limit + 1} bound parameters`);
        expect(error.message).toContain(`at most ${limit}`);
        // The same through the expression language: an IN list one value too long.
        const ids = (count: number) => Array.from({ length: count }, (_, i) => -1 - i);
        const { notes: table } = tables;
        const within = select(table.c.id).where(table.c.id.in(ids(limit)));
        expect((await h.engine.execute(within)).all()).toEqual([]);
        const beyond = select(table.c.id).where(table.c.id.in(ids(limit + 1)));
        const inError = await errorFrom(h.engine.execute(beyond));
        expect((inError as ArgumentError).code).toBe('too-many-parameters');
        // The engine still works afterwards.
        expect(Number((await h.engine.execute(atLimit.statement, atLimit.params)).scalar())).toBe(
          0,
        );
      },
    );

    test(
      h,
      'a string with a lone UTF-16 surrogate is refused with bad-bind-value and nothing is stored',
      async () => {
        const insertText = text(`INSERT INTO ${notes} (id, body) VALUES (:id, :body)`);
        const lone = ['cut\uD83D', '\uDD11key', 'a\uDC00\uD800b'];
        for (const [index, body] of lone.entries()) {
          const error = await errorFrom(h.engine.execute(insertText, { id: index + 1, body }));
          expect(ArgumentError.isInstance(error)).toBe(true);
          expect((error as ArgumentError).code).toBe('bad-bind-value');
          expect(error.message).toContain('lone UTF-16 surrogate');
        }
        const viaInsert = insert(tables.notes).values({ id: 5, body: 'half \uD83D' });
        const insertError = await errorFrom(h.engine.execute(viaInsert));
        expect((insertError as ArgumentError).code).toBe('bad-bind-value');
        // A whole surrogate pair is one character, stored and read back as it was.
        await h.engine.execute(insertText, { id: 10, body: 'key \uD83D\uDD11' });
        const rows = await h.engine.execute(text(`SELECT id, body FROM ${notes} ORDER BY id`));
        expect(rows.all().map((row) => [...row])).toEqual([[10, 'key 🔑']]);
        await h.exec(`DELETE FROM ${notes}`);
      },
    );
  });
}
