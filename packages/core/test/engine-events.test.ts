import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ArgumentError,
  type Connection,
  type CursorContext,
  createEngine,
  DatabaseError,
  DefaultDialect,
  type Driver,
  type DriverConnection,
  type DriverResult,
  type Engine,
  listen,
  text,
} from '../src/dialect/index.js';

/** A driver connection that records what it is sent; SQL containing FAIL throws. */
class RecordingConnection implements DriverConnection {
  alive = true;
  closed = false;
  constructor(
    readonly id: number,
    readonly log: string[],
  ) {}
  async execute(sql: string): Promise<DriverResult> {
    this.log.push(`${this.id}: ${sql}`);
    if (sql.includes('FAIL')) throw Object.assign(new Error('boom'), { code: 'X1' });
    return { columns: ['x'], rows: [[1]], rowcount: -1 };
  }
  async executeMany(sql: string, lists: readonly (readonly unknown[])[]): Promise<DriverResult> {
    this.log.push(`${this.id}: many ${sql}`);
    return { columns: [], rows: [], rowcount: lists.length };
  }
  async openCursor(): Promise<never> {
    throw new Error('not used');
  }
  async begin() {
    this.log.push(`${this.id}: BEGIN`);
  }
  async commit() {
    this.log.push(`${this.id}: COMMIT`);
  }
  async rollback() {
    this.log.push(`${this.id}: ROLLBACK`);
  }
  async setIsolationLevel() {}
  async savepoint(name: string) {
    this.log.push(`${this.id}: SAVEPOINT ${name}`);
  }
  async releaseSavepoint(name: string) {
    this.log.push(`${this.id}: RELEASE ${name}`);
  }
  async rollbackToSavepoint(name: string) {
    this.log.push(`${this.id}: ROLLBACK TO ${name}`);
  }
  async ping() {}
  async close() {
    this.closed = true;
    this.log.push(`${this.id}: close`);
  }
}

class RecordingDialect extends DefaultDialect {
  readonly name = 'recording';
  readonly driverName = 'recording';
  readonly packageName = 'recording';
  readonly log: string[] = [];
  readonly opened: RecordingConnection[] = [];
  createDriver(): Driver {
    return {
      connect: async () => {
        const connection = new RecordingConnection(this.opened.length + 1, this.log);
        this.opened.push(connection);
        return connection;
      },
    };
  }
}

function makeEngine(): { engine: Engine; dialect: RecordingDialect } {
  const dialect = new RecordingDialect();
  return { engine: createEngine('recording://', { dialect }), dialect };
}

describe('engine events', () => {
  it('refuses an event name an engine does not have, with a hint', () => {
    const { engine } = makeEngine();
    // @ts-expect-error: not an engine event
    const listening = () => listen(engine, 'beforeExecut', () => undefined);
    expect(listening).toThrow(ArgumentError);
    expect(listening).toThrow("did you mean 'beforeExecute'?");
  });

  it('types the listeners by event', () => {
    const { engine } = makeEngine();
    listen(engine, 'beforeCursorExecute', (connection, context) => {
      expectTypeOf(connection).toEqualTypeOf<Connection>();
      expectTypeOf(context).toEqualTypeOf<CursorContext>();
      expectTypeOf(context.sql).toEqualTypeOf<string>();
    });
    listen(engine, 'savepoint', (_connection, name) => {
      expectTypeOf(name).toEqualTypeOf<string>();
    });
  });

  it('runs connect listeners on the new connection before its first use, firstConnect once', async () => {
    const { engine, dialect } = makeEngine();
    const seen: string[] = [];
    listen(engine, 'firstConnect', () => void seen.push('firstConnect'));
    listen(engine, 'connect', async (connection) => {
      seen.push('connect');
      await connection.execute(text("SET TIME ZONE 'UTC'"));
    });
    const a = await engine.connect();
    const b = await engine.connect();
    await a.execute(text('SELECT 1'));
    await a.close();
    await b.close();
    expect(seen).toEqual(['firstConnect', 'connect', 'connect']);
    // No BEGIN around the setting: it is the connection's, not a transaction's.
    expect(dialect.log.slice(0, 4)).toEqual([
      "1: SET TIME ZONE 'UTC'",
      "2: SET TIME ZONE 'UTC'",
      '1: BEGIN',
      '1: SELECT 1',
    ]);
    await engine.dispose();
  });

  it('hands out no connection before firstConnect succeeded; a failed one runs again', async () => {
    const { engine } = makeEngine();
    const seen: string[] = [];
    let failures = 1;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    listen(engine, 'firstConnect', async () => {
      seen.push('first:start');
      await gate;
      seen.push('first:end');
      if (failures-- > 0) throw new Error('set-up failed');
    });
    listen(engine, 'connect', () => void seen.push('connect'));
    const one = engine.connect();
    const two = engine.connect();
    // Let both connections open: the second must wait for the first's firstConnect.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const [first, second] = await Promise.allSettled([one, two]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
    expect(seen).toEqual(['first:start', 'first:end', 'first:start', 'first:end', 'connect']);
    if (second.status === 'fulfilled') await second.value.close();
    await engine.dispose();
  });

  it('fails the checkout when a connect listener throws, and closes that connection', async () => {
    const { engine, dialect } = makeEngine();
    let fail = true;
    listen(engine, 'connect', () => {
      if (fail) throw new Error('no session settings');
    });
    await expect(engine.connect()).rejects.toThrow('no session settings');
    expect(dialect.opened[0]?.closed).toBe(true);
    fail = false;
    await using conn = await engine.connect();
    expect((await conn.execute(text('SELECT 1'))).scalar()).toBe(1);
    expect(engine.pool?.checkedOut).toBe(1);
  });

  it('fires the execution and transaction events in order', async () => {
    const { engine } = makeEngine();
    const seen: string[] = [];
    for (const name of ['begin', 'commit', 'rollback'] as const) {
      listen(engine, name, () => void seen.push(name));
    }
    for (const name of ['savepoint', 'releaseSavepoint', 'rollbackSavepoint'] as const) {
      listen(engine, name, (_connection, savepoint) => void seen.push(`${name} ${savepoint}`));
    }
    listen(engine, 'beforeExecute', () => void seen.push('beforeExecute'));
    listen(engine, 'beforeCursorExecute', (_c, context) => void seen.push(`cursor ${context.sql}`));
    listen(engine, 'afterCursorExecute', (_c, _context, result) => {
      seen.push(`afterCursor ${result.columns.join()}`);
    });
    listen(engine, 'afterExecute', (_c, _s, _p, _o, result) => {
      seen.push(`afterExecute ${result instanceof Object}`);
    });
    await using conn = await engine.connect();
    await conn.execute(text('SELECT 1'));
    const sp = await conn.beginNested();
    await sp.rollback();
    const sp2 = await conn.beginNested();
    await sp2.commit();
    await conn.commit();
    await conn.execute(text('SELECT 2'));
    await conn.rollback();
    expect(seen).toEqual([
      'beforeExecute',
      'begin',
      'cursor SELECT 1',
      'afterCursor x',
      'afterExecute true',
      'savepoint athanor_sp_1',
      'rollbackSavepoint athanor_sp_1',
      'savepoint athanor_sp_2',
      'releaseSavepoint athanor_sp_2',
      'commit',
      'beforeExecute',
      'begin',
      'cursor SELECT 2',
      'afterCursor x',
      'afterExecute true',
      'rollback',
    ]);
  });

  it('sends the SQL a beforeCursorExecute listener changed, on every statement path', async () => {
    const { engine, dialect } = makeEngine();
    listen(engine, 'beforeCursorExecute', (_connection, context) => {
      context.sql += ' /* app=test */';
    });
    await engine.execute(text('SELECT 1'));
    await engine.execute(text('INSERT INTO t VALUES (:x)'), [{ x: 1 }, { x: 2 }]);
    expect(dialect.log).toContain('1: SELECT 1 /* app=test */');
    expect(dialect.log).toContain('1: many INSERT INTO t VALUES (?) /* app=test */');
  });

  it('shows handleError the translated error and the original; a listener may throw another', async () => {
    const { engine } = makeEngine();
    const contexts: { error: Error; original: unknown; statement: string | undefined }[] = [];
    listen(engine, 'handleError', (context) => {
      contexts.push(context);
    });
    const failing = engine.execute(text('SELECT FAIL'));
    await expect(failing).rejects.toBeInstanceOf(DatabaseError);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]?.error).toBeInstanceOf(DatabaseError);
    expect(contexts[0]?.original).toHaveProperty('message', 'boom');
    expect(contexts[0]?.statement).toBe('SELECT FAIL');

    class AppError extends Error {}
    listen(engine, 'handleError', (context) => {
      throw new AppError(`app: ${context.error.message}`, { cause: context.error });
    });
    await expect(engine.execute(text('SELECT FAIL'))).rejects.toBeInstanceOf(AppError);
  });

  it('counts checkouts and checkins, and reports connections it closes', async () => {
    const { engine } = makeEngine();
    const counts = { checkout: 0, checkin: 0, invalidate: 0, close: 0 };
    for (const name of ['checkout', 'checkin', 'invalidate', 'close'] as const) {
      listen(engine, name, () => void counts[name]++);
    }
    for (let i = 0; i < 3; i++) await engine.execute(text('SELECT 1'));
    const conn = await engine.connect();
    await conn.execute(text('SELECT 1'));
    await conn.invalidate();
    await conn.close();
    await engine.dispose();
    // The invalidate and close listeners run while the pool closes the connection, unawaited.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(counts).toEqual({ checkout: 4, checkin: 3, invalidate: 1, close: 1 });
  });

  it('fires engineConnect and engineDisposed', async () => {
    const { engine } = makeEngine();
    const seen: unknown[] = [];
    listen(engine, 'engineConnect', (connection) => void seen.push(connection));
    listen(engine, 'engineDisposed', (disposed) => void seen.push(disposed));
    const conn = await engine.connect();
    await conn.close();
    await engine.dispose();
    expect(seen).toEqual([conn, engine]);
  });
});
