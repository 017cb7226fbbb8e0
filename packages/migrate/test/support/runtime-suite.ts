import { type Engine, inspect, type LogRecord, text } from '@athanor/core';
import { afterEach, describe, expect, test } from 'vitest';
import {
  branches,
  current,
  downgrade,
  heads,
  history,
  MigrationError,
  merge,
  stamp,
  upgrade,
} from '../../src/index.js';
import type { DatabaseKind } from './migration-database.js';
import { useMigrationDatabase } from './migration-database.js';
import { MigrationProject, uniqueSuffix } from './migration-project.js';
import { offlineStatements, onlineStatements } from './online-statements.js';

const createTable = (name: string) =>
  `  await op.createTable('${name}', { id: new sa.Column(sa.Integer, { primaryKey: true }), name: new sa.Column(sa.String(50)) });`;
const dropTable = (name: string) => `  await op.dropTable('${name}');`;

/** The runtime's behaviour on one database: run by each runtime-<dialect>.test.ts. */
export function runtimeSuite(kind: DatabaseKind): void {
  describe(`migration runtime on ${kind}`, () => {
    const db = useMigrationDatabase(kind);
    const projects: MigrationProject[] = [];
    afterEach(() => {
      for (const project of projects.splice(0)) project.remove();
    });

    /** A project with its own version table and table names, so tests share the database. */
    function project(): { project: MigrationProject; p: string } {
      const p = `t${uniqueSuffix()}`;
      const made = new MigrationProject(db.url(), `${p}_version`);
      projects.push(made);
      return { project: made, p };
    }

    /** a1 creates items, b2 inserts a row into it, c3 creates tags. */
    function linear(): { project: MigrationProject; p: string } {
      const made = project();
      const { p } = made;
      made.project.write({
        id: 'a1',
        down: null,
        upgrade: createTable(`${p}_items`),
        downgrade: dropTable(`${p}_items`),
      });
      made.project.write({
        id: 'b2',
        down: 'a1',
        upgrade: `  await op.execute("INSERT INTO ${p}_items (id, name) VALUES (1, 'one')");`,
        downgrade: `  await op.execute('DELETE FROM ${p}_items WHERE id = 1');`,
      });
      made.project.write({
        id: 'c3',
        down: 'b2',
        upgrade: createTable(`${p}_tags`),
        downgrade: dropTable(`${p}_tags`),
      });
      return made;
    }

    async function rows(engine: Engine, sql: string): Promise<unknown[]> {
      return (await engine.execute(text(sql))).all().map((row) => ({ ...row }));
    }

    async function hasTable(engine: Engine, name: string): Promise<boolean> {
      const connection = await engine.connect();
      try {
        return await inspect(connection).hasTable(name);
      } finally {
        await connection.close();
      }
    }

    test('upgrade head applies every revision in order and records the head', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = linear();
      const engine = db.engine();
      expect(await current(proj.config, { engine })).toEqual([]);
      const steps = await upgrade(proj.config, 'head', { engine });
      expect(steps.map((step) => step.revision.id)).toEqual(['a1', 'b2', 'c3']);
      expect(await current(proj.config, { engine })).toEqual(['c3']);
      expect(await rows(engine, `SELECT id, name FROM ${p}_items`)).toEqual([
        { id: 1, name: 'one' },
      ]);
      expect(await hasTable(engine, `${p}_tags`)).toBe(true);
      expect(await rows(engine, `SELECT version_num FROM ${p}_version`)).toEqual([
        { version_num: 'c3' },
      ]);
      expect((await upgrade(proj.config, 'head', { engine })).length).toBe(0);
      expect((await history(proj.config)).map((revision) => revision.id)).toEqual([
        'c3',
        'b2',
        'a1',
      ]);
    });

    test('downgrade -1 and base undo in reverse; upgrade +N steps forward', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = linear();
      const engine = db.engine();
      await upgrade(proj.config, 'head', { engine });
      await downgrade(proj.config, '-1', { engine });
      expect(await current(proj.config, { engine })).toEqual(['b2']);
      expect(await hasTable(engine, `${p}_tags`)).toBe(false);
      await downgrade(proj.config, 'base', { engine });
      expect(await current(proj.config, { engine })).toEqual([]);
      expect(await hasTable(engine, `${p}_items`)).toBe(false);
      await upgrade(proj.config, '+2', { engine });
      expect(await current(proj.config, { engine })).toEqual(['b2']);
      expect(await rows(engine, `SELECT name FROM ${p}_items`)).toEqual([{ name: 'one' }]);
      await downgrade(proj.config, 'a1', { engine });
      expect(await rows(engine, `SELECT name FROM ${p}_items`)).toEqual([]);
    });

    test('stamp sets the version without running migrations', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = linear();
      const engine = db.engine();
      expect(await stamp(proj.config, 'head', { engine })).toEqual(['c3']);
      expect(await current(proj.config, { engine })).toEqual(['c3']);
      expect(await hasTable(engine, `${p}_items`)).toBe(false);
      await stamp(proj.config, 'base', { engine });
      expect(await current(proj.config, { engine })).toEqual([]);
    });

    test('branches get a version row each, and a merge joins them into one', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = project();
      proj.write({
        id: 'r1',
        down: null,
        upgrade: createTable(`${p}_root`),
        downgrade: dropTable(`${p}_root`),
      });
      proj.write({
        id: 'b1',
        down: 'r1',
        upgrade: createTable(`${p}_b`),
        downgrade: dropTable(`${p}_b`),
      });
      proj.write({
        id: 'c1',
        down: 'r1',
        upgrade: createTable(`${p}_c`),
        downgrade: dropTable(`${p}_c`),
      });
      const engine = db.engine();
      await expect(upgrade(proj.config, 'head', { engine })).rejects.toThrow(/Multiple heads/);
      await upgrade(proj.config, 'b1', { engine });
      await upgrade(proj.config, 'heads', { engine });
      expect(await current(proj.config, { engine })).toEqual(['b1', 'c1']);
      expect((await heads(proj.config)).map((revision) => revision.id)).toEqual(['b1', 'c1']);
      expect((await branches(proj.config)).map((revision) => revision.id)).toEqual(['r1']);

      await merge(proj.config, ['heads'], { message: 'join', revisionId: 'm1' });
      expect((await heads(proj.config)).map((revision) => revision.id)).toEqual(['m1']);
      await upgrade(proj.config, 'head', { engine });
      expect(await rows(engine, `SELECT version_num FROM ${p}_version`)).toEqual([
        { version_num: 'm1' },
      ]);

      await downgrade(proj.config, 'c1', { engine });
      expect(await current(proj.config, { engine })).toEqual(['b1', 'c1']);
      await downgrade(proj.config, 'r1', { engine });
      expect(await current(proj.config, { engine })).toEqual(['r1']);
      expect(await hasTable(engine, `${p}_b`)).toBe(false);
      expect(await hasTable(engine, `${p}_c`)).toBe(false);
    });

    test('a failing migration stops with an error naming it; the version is unchanged', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = project();
      proj.write({
        id: 'a1',
        down: null,
        upgrade: createTable(`${p}_ok`),
        downgrade: dropTable(`${p}_ok`),
      });
      proj.write({
        id: 'b2',
        down: 'a1',
        message: 'half done',
        upgrade: `${createTable(`${p}_half`)}\n  await op.execute('INSERT INTO ${p}_missing (id) VALUES (1)');`,
        downgrade: dropTable(`${p}_half`),
      });
      const engine = db.engine();
      const error = await upgrade(proj.config, 'head', { engine }).catch(
        (caught: unknown) => caught,
      );
      expect(MigrationError.isInstance(error)).toBe(true);
      const failure = error as MigrationError;
      expect(failure.revision).toBe('b2');
      expect(failure.message).toContain('upgrade of b2 (half done) failed');
      expect(await current(proj.config, { engine })).toEqual(['a1']);
      if (engine.dialect.capabilities.transactionalDdl) {
        expect(failure.message).toContain('was rolled back; the version is still a1');
        expect(await hasTable(engine, `${p}_half`)).toBe(false);
      } else {
        expect(failure.message).toContain('DDL commits at once');
        expect(failure.message).toMatch(new RegExp(`CREATE TABLE \`?${p}_half`));
        expect(failure.statementsRun).toHaveLength(1);
        expect(await hasTable(engine, `${p}_half`)).toBe(true);
      }
    });

    test('two concurrent upgrades apply each revision once', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = project();
      const record = (id: string) =>
        `  await op.execute("INSERT INTO ${p}_runs (rev) VALUES ('${id}')");`;
      proj.write({
        id: 'a1',
        down: null,
        upgrade: `  await op.createTable('${p}_runs', { rev: new sa.Column(sa.String(10), { primaryKey: true }) });\n${record('a1')}`,
        downgrade: dropTable(`${p}_runs`),
      });
      for (const [id, down] of [
        ['b2', 'a1'],
        ['c3', 'b2'],
        ['d4', 'c3'],
      ]) {
        proj.write({
          id: id as string,
          down: down as string,
          upgrade: record(id as string),
          downgrade: '',
        });
      }
      const [first, second] = await Promise.all([
        upgrade(proj.config, 'head', { engine: db.engine() }),
        upgrade(proj.config, 'head', { engine: db.engine() }),
      ]);
      expect(first.length + second.length).toBe(4);
      const engine = db.engine();
      expect(await rows(engine, `SELECT rev FROM ${p}_runs ORDER BY rev`)).toEqual(
        ['a1', 'b2', 'c3', 'd4'].map((rev) => ({ rev })),
      );
      expect(await current(proj.config, { engine })).toEqual(['d4']);
    });

    test('the offline --sql script is the SQL the online run sent', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = linear();
      // A data step with Core: a table with a primary key, whose INSERT online could take a
      // RETURNING the offline script does not have.
      proj.write({
        id: 'd4',
        down: 'c3',
        upgrade: [
          `  const table = new sa.Table('${p}_tags', new sa.MetaData(), { id: new sa.Column(sa.Integer, { primaryKey: true }), name: new sa.Column(sa.String(50)) });`,
          "  await op.bulkInsert(table, [{ id: 1, name: 'red' }, { id: 2, name: \"it's\" }]);",
        ].join('\n'),
        downgrade: `  await op.execute('DELETE FROM ${p}_tags');`,
      });
      const records: LogRecord[] = [];
      const engine = db.engine({ echo: true, logger: (record) => records.push(record) });
      await upgrade(proj.config, 'head', { engine });
      expect(await rows(engine, `SELECT id, name FROM ${p}_tags ORDER BY id`)).toEqual([
        { id: 1, name: 'red' },
        { id: 2, name: "it's" },
      ]);
      await downgrade(proj.config, 'base', { engine });
      const online = onlineStatements(records, engine.dialect);

      let script = '';
      const output = (chunk: string) => {
        script += chunk;
      };
      await upgrade(proj.config, 'head', { engine: db.engine(), sql: true, output });
      await downgrade(proj.config, 'head:base', { engine: db.engine(), sql: true, output });
      expect(script).toContain('-- Running upgrade a1 -> b2, b2');
      expect(offlineStatements(script)).toEqual(online);
      expect(online.filter((sql) => sql === 'BEGIN')).toHaveLength(8);
      expect(online.filter((sql) => sql.startsWith(`INSERT INTO ${p}_tags`))).toHaveLength(1);
    });

    test('a version row no revision file has is refused with a hint', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = linear();
      const engine = db.engine();
      await upgrade(proj.config, 'a1', { engine });
      await engine.execute(text(`UPDATE ${p}_version SET version_num = 'ffff'`));
      await expect(upgrade(proj.config, 'head', { engine })).rejects.toThrow(
        `The database's ${p}_version table says revision 'ffff' is applied, but no file`,
      );
    });

    // On SQLite, altering a column of a table another refers to re-creates it (batch mode),
    // which needs foreign keys off for the migration: the runner does that, and checks them.
    test('a column of a referenced table is altered with its rows and the rows referring to it kept', async (context) => {
      db.skipIfUnreachable(context);
      const { project: proj, p } = project();
      proj.write({
        id: 'a1',
        down: null,
        upgrade: [
          `  await op.createTable('${p}_owners', { id: new sa.Column(sa.Integer, { primaryKey: true }), name: new sa.Column(sa.String(20)) });`,
          `  await op.createTable('${p}_pets', { id: new sa.Column(sa.Integer, { primaryKey: true }), ownerId: new sa.Column(sa.Integer, { name: 'owner_id', foreignKey: new sa.ForeignKey('${p}_owners.id', { onDelete: 'CASCADE' }) }) });`,
          `  await op.execute("INSERT INTO ${p}_owners (id, name) VALUES (1, 'ann')");`,
          `  await op.execute('INSERT INTO ${p}_pets (id, owner_id) VALUES (10, 1)');`,
        ].join('\n'),
        downgrade: [
          `  await op.dropTable('${p}_pets');`,
          `  await op.dropTable('${p}_owners');`,
        ].join('\n'),
      });
      proj.write({
        id: 'b2',
        down: 'a1',
        upgrade: `  await op.alterColumn('${p}_owners', 'name', { type: sa.String(200), existingType: sa.String(20), existingNullable: true });`,
        downgrade: `  await op.alterColumn('${p}_owners', 'name', { type: sa.String(20), existingType: sa.String(200), existingNullable: true });`,
      });
      proj.write({
        id: 'c3',
        down: 'b2',
        // A row referring to no owner: the foreign key check before COMMIT refuses it.
        upgrade: `  await op.execute('INSERT INTO ${p}_pets (id, owner_id) VALUES (11, 99)');`,
        downgrade: '',
      });
      const engine = db.engine();
      await upgrade(proj.config, 'b2', { engine });
      expect(await rows(engine, `SELECT id, name FROM ${p}_owners`)).toEqual([
        { id: 1, name: 'ann' },
      ]);
      expect(await rows(engine, `SELECT id, owner_id FROM ${p}_pets`)).toEqual([
        { id: 10, owner_id: 1 },
      ]);
      const columns = await inspect(engine).getColumns(`${p}_owners`);
      expect(columns.find((column) => column.name === 'name')?.type.toString()).toMatch(/200/);
      const failed = await upgrade(proj.config, 'c3', { engine }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(MigrationError);
      expect(await current(proj.config, { engine })).toEqual(['b2']);
      expect(await rows(engine, `SELECT id FROM ${p}_pets`)).toEqual([{ id: 10 }]);
      // Enforcement is back on for the application's connections after the run.
      await downgrade(proj.config, 'a1', { engine });
      await expect(
        engine.execute(text(`INSERT INTO ${p}_pets (id, owner_id) VALUES (12, 98)`)),
      ).rejects.toThrow();
    });
  });
}
