import { createEngine, OperationalError, text } from '@athanor/core';
import { defaultCapabilities } from '@athanor/core/dialect';
import { useLiveDatabase } from '@athanor/testing';
import { describe, expect, it } from 'vitest';
import { MysqlCompiler, type MysqlDdlCompiler, MysqlDialect, mysqlDialect } from '../src/index.js';

const url = process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const { engine, skipIfUnreachable } = useLiveDatabase({
  dialect: mysqlDialect,
  url,
  envVar: 'ATHANOR_MYSQL_URL',
});

describe('MySQL / MariaDB dialect', () => {
  it('tells MariaDB from MySQL and sets RETURNING support by version', (context) => {
    skipIfUnreachable(context);
    const dialect = engine.dialect as typeof mysqlDialect;
    expect(dialect.serverVersion?.length).toBe(3);
    const [major = 0, minor = 0] = dialect.serverVersion ?? [];
    const returning = dialect.isMariaDB && (major > 10 || (major === 10 && minor >= 5));
    expect(dialect.capabilities.insertReturning).toBe(returning);
    expect(dialect.capabilities.updateReturning).toBe(false);
  });

  it('loads for mariadb:// and mysql+mysql2:// URLs too', async (context) => {
    skipIfUnreachable(context);
    for (const alias of [
      url.replace(/^mysql:/, 'mariadb:'),
      url.replace(/^mysql:/, 'mysql+mysql2:'),
    ]) {
      const aliased = createEngine(alias);
      expect((await aliased.execute(text('SELECT 1'))).scalar()).toBe(1);
      await aliased.dispose();
    }
  });

  it('connects with a percent-encoded password full of URL characters', async (context) => {
    skipIfUnreachable(context);
    const password = 'p@ss:w/rd%?#';
    await engine.execute(text('DROP USER IF EXISTS athanor_pw_test'));
    // CREATE USER takes no placeholders; the password is a constant written as a literal.
    await engine.execute(text("CREATE USER athanor_pw_test IDENTIFIED BY 'p@ss:w/rd%?#'"));
    try {
      const base = new URL(url.replace(/^mysql:/, 'http:'));
      // No database: the new user has no grants, only a login.
      const encoded = `mysql://athanor_pw_test:${encodeURIComponent(password)}@${base.host}/`;
      const user = createEngine(encoded, { dialect: mysqlDialect });
      expect((await user.execute(text('SELECT CURRENT_USER()'))).scalar()).toMatch(
        /^athanor_pw_test@/,
      );
      await user.dispose();
      const wrong = createEngine(encoded.replace('p%40ss', 'nope'), { dialect: mysqlDialect });
      const error = await wrong.connect().catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(OperationalError);
      expect((error as Error).message).toContain('Access denied');
      expect((error as Error).message).not.toContain('nope');
      await wrong.dispose();
    } finally {
      await engine.execute(text('DROP USER athanor_pw_test'));
    }
  });

  it('reads BIGINT as a number when exact and as a bigint when not; DECIMAL as a string', async (context) => {
    skipIfUnreachable(context);
    const row = (
      await engine.execute(
        text(
          'SELECT CAST(:small AS SIGNED) AS small, CAST(:big AS SIGNED) AS big, ' +
            'CAST(:exact AS DECIMAL(30, 10)) AS exact, COUNT(*) AS n',
        ),
        { small: 42, big: '9223372036854775807', exact: '12345678901234567890.0123456789' },
      )
    ).one();
    expect(row.small).toBe(42);
    expect(row.big).toBe(9223372036854775807n);
    expect(row.exact).toBe('12345678901234567890.0123456789');
    expect(row.n).toBe(1);
  });

  it('leaves :name inside a string with backslash escapes alone', async (context) => {
    skipIfUnreachable(context);
    const row = (
      await engine.execute(text("SELECT 'it\\'s :x' AS v, :y AS w"), { y: 'bound' })
    ).one();
    expect(row.v).toBe("it's :x");
    expect(row.w).toBe('bound');
  });

  it('refuses an unknown URL option, listing the supported ones', async () => {
    const bad = createEngine(`${url}?colour=blue`, { dialect: mysqlDialect });
    await expect(bad.connect()).rejects.toThrow(
      /Unknown MySQL URL option 'colour'.*Supported: charset/,
    );
  });
});

describe('how the keys of a many-row INSERT are learned', () => {
  const ids = (server: ConstructorParameters<typeof MysqlDialect>[0]) =>
    new MysqlDialect(server).capabilities.multiRowInsertIds;

  it('MariaDB 10.5+ uses RETURNING, never the first id and a step', () => {
    expect(ids({ version: [10, 11, 6], mariadb: true, autoincLockMode: 1 })).toBeNull();
  });

  it('without RETURNING, the first id and the step where the lock mode numbers rows in turn', () => {
    expect(ids({ version: [8, 0, 36], mariadb: false, autoincLockMode: 1 })).toBe('first');
    expect(ids({ version: [8, 0, 36], mariadb: false, autoincLockMode: 0 })).toBe('first');
    expect(ids({ version: [8, 0, 36], mariadb: false, autoincLockMode: 2 })).toBeNull();
    expect(ids({ version: [10, 4, 30], mariadb: true })).toBeNull();
  });

  it("not under Galera's own auto_increment control, which may change the step any time", () => {
    const galera = { version: [8, 0, 36], mariadb: false, autoincLockMode: 1 };
    expect(ids({ ...galera, galeraAutoIncrement: true })).toBeNull();
  });

  it('the dialect the engine made from the server says the same', async (context) => {
    skipIfUnreachable(context);
    const mode = Number((await engine.execute(text('SELECT @@innodb_autoinc_lock_mode'))).scalar());
    const { insertReturning, multiRowInsertIds } = engine.dialect.capabilities;
    expect(multiRowInsertIds).toBe(insertReturning || mode > 1 ? null : 'first');
  });
});

describe('MariaDB is a flag the dialect gives its compilers', () => {
  // The dialect's compilers are typed as core's; these are the MySQL ones it made.
  const compilers = (dialect: MysqlDialect) => ({
    sql: dialect.compiler as MysqlCompiler,
    ddl: dialect.ddlCompiler as MysqlDdlCompiler,
  });

  it('the dialect made for a MariaDB server tells its statement and DDL compilers so', () => {
    const mariadb = compilers(new MysqlDialect({ version: [10, 11, 0], mariadb: true }));
    expect(mariadb.sql.isMariaDB).toBe(true);
    expect(mariadb.ddl.server).toEqual({ mariadb: true, version: [10, 11, 0] });
    const mysql = compilers(mysqlDialect);
    expect(mysql.sql.isMariaDB).toBe(false);
    expect(mysql.ddl.server.mariadb).toBe(false);
  });

  it('the compiler reads the flag, not the name it is given for messages', () => {
    const settings = { name: 'MariaDB 10.11.0', capabilities: defaultCapabilities };
    expect(new MysqlCompiler(settings).isMariaDB).toBe(false);
    expect(new MysqlCompiler(settings, { mariadb: true }).isMariaDB).toBe(true);
  });
});
