import { describe, expectTypeOf, it } from 'vitest';
import type { Connection, Engine, Result, Row, TextClause } from '../src/index.js';
import { text } from '../src/index.js';

describe('types', () => {
  it('text() rows are records of unknown unless typed', () => {
    expectTypeOf(text('SELECT 1')).toEqualTypeOf<TextClause<Record<string, unknown>, unknown[]>>();
    const execute = (conn: Connection) => conn.execute(text('SELECT 1'));
    expectTypeOf<Awaited<ReturnType<typeof execute>>>().toEqualTypeOf<
      Result<Record<string, unknown>, unknown[]>
    >();
  });

  it('a typed text() types rows by name and by position, and scalar() by its first column', () => {
    const typed = text<{ id: number; name: string }, [number, string]>('SELECT id, name FROM t');
    type Executed = Result<{ id: number; name: string }, [number, string]>;
    const execute = (conn: Connection) => conn.execute(typed);
    expectTypeOf<Awaited<ReturnType<typeof execute>>>().toEqualTypeOf<Executed>();
    const row = {} as Row<{ id: number; name: string }, [number, string]>;
    expectTypeOf(row.id).toEqualTypeOf<number>();
    expectTypeOf(row[1]).toEqualTypeOf<string>();
    // @ts-expect-error: rows are read-only
    row.id = 2;
    // @ts-expect-error: no such column
    row.nope;
    expectTypeOf<ReturnType<Executed['scalar']>>().toEqualTypeOf<number | null>();
    // Checked by the compiler (pnpm typecheck); never called.
    const _scalars = (result: Executed) => {
      expectTypeOf(result.scalars().all()).toEqualTypeOf<number[]>();
      expectTypeOf(result.scalars(1).all()).toEqualTypeOf<string[]>();
    };
    expectTypeOf<ReturnType<ReturnType<Executed['mappings']>['all']>>().toEqualTypeOf<
      { id: number; name: string }[]
    >();
  });

  it('engine.begin() returns what its work returns, with or without options', () => {
    // Checked by the compiler (pnpm typecheck); never called.
    const _begin = (engine: Engine) => {
      expectTypeOf(engine.begin(async () => 42)).toEqualTypeOf<Promise<number>>();
      expectTypeOf(engine.begin({ readOnly: true }, async () => 'read')).toEqualTypeOf<
        Promise<string>
      >();
      // @ts-expect-error: readOnly is a boolean
      void engine.begin({ readOnly: 'yes' }, async () => 1);
      // @ts-expect-error: the work comes after the options
      void engine.begin(async () => 1, { readOnly: true });
    };
  });
});
