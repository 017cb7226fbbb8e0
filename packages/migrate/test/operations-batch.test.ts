import * as sa from '@athanor/core';
import { expect, test } from 'vitest';
import type { BatchOperations } from '../src/index.js';
import { type OpsDatabase, onEveryDatabase } from './operations-databases.js';

/**
 * orgs ← members ← tasks: members refers to orgs and is referred to by tasks; members has a
 * plain, a unique, a partial and an expression index where the database has them, and a CHECK.
 */
async function schema(db: OpsDatabase, tag: string) {
  const orgs = db.table(`${tag}_orgs`);
  const members = db.table(`${tag}_members`);
  const tasks = db.table(`${tag}_tasks`);
  const drop = async () => {
    for (const table of [tasks, members, orgs])
      await db.exec(`DROP TABLE IF EXISTS ${db.q(table)}`);
  };
  await drop();
  const mariadb = db.name === 'mariadb';
  await db.online(async (op) => {
    await op.createTable(orgs, {
      id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
    });
    await op.createTable(
      members,
      {
        id: new sa.Column(sa.Integer, { primaryKey: true }),
        org_id: new sa.Column(sa.Integer, { foreignKey: `${orgs}.id` }),
        name: new sa.Column(sa.String(20)),
        qty: new sa.Column(sa.Integer),
        extra: new sa.Column(sa.String(5)),
      },
      { constraints: [new sa.CheckConstraint('qty >= 0', { name: db.table(`${tag}_ck_qty`) })] },
    );
    await op.createTable(tasks, {
      id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
      member_id: new sa.Column(sa.Integer, { foreignKey: `${members}.id` }),
    });
    await op.createIndex(db.table(`${tag}_ix_qty`), members, ['qty']);
    await op.createIndex(db.table(`${tag}_ix_extra`), members, ['extra']);
    if (!mariadb) {
      await op.createIndex(db.table(`${tag}_ix_partial`), members, ['name'], {
        unique: true,
        where: 'qty > 0',
      });
      await op.createIndex(db.table(`${tag}_ix_lower`), members, [sa.text('lower(name)')]);
    }
  });
  await db.exec(`INSERT INTO ${db.q(orgs)} (id) VALUES (1), (2)`);
  await db.exec(
    `INSERT INTO ${db.q(members)} (id, org_id, name, qty, extra) VALUES (1, 1, 'ann', 3, 'a'), (2, 2, 'bob', 0, 'b')`,
  );
  await db.exec(`INSERT INTO ${db.q(tasks)} (id, member_id) VALUES (10, 1), (11, 2)`);
  return { orgs, members, tasks, drop };
}

const isIntegrity = (error: unknown) => sa.IntegrityError.isInstance(error);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the statement to fail');
    },
    (error: unknown) => error,
  );

onEveryDatabase((db) => {
  test('batchAlterTable: one re-create on SQLite keeps rows, foreign keys both ways, indexes and CHECKs', async (context) => {
    db.skipIfUnreachable(context);
    const { members, tasks, drop } = await schema(db, 'b1');
    try {
      const sent = await db.online((op) =>
        op.batchAlterTable(members, async (batch) => {
          await batch.alterColumn('name', { type: sa.String(50), nullable: false });
          await batch.alterColumn('org_id', { newName: 'organization_id' });
          await batch.addColumn('note', new sa.Column(sa.String(10), { serverDefault: 'x' }));
          await batch.dropColumn('extra');
          await batch.createUniqueConstraint(db.table('b1_uq_name'), ['name']);
        }),
      );
      if (db.name === 'sqlite') {
        // Renamed natively first, then exactly one re-create.
        expect(sent.filter((sql) => sql.startsWith('CREATE TABLE'))).toHaveLength(1);
        expect(sent.some((sql) => sql.includes(`_athanor_batch_${members}`))).toBe(true);
      }
      const columns = await sa.inspect(db.engine).getColumns(members);
      expect(columns.map((c) => c.name)).toEqual(['id', 'organization_id', 'name', 'qty', 'note']);
      expect(columns.find((c) => c.name === 'name')?.nullable).toBe(false);
      expect(
        await db.rows(
          `SELECT id, organization_id, name, qty, note FROM ${db.q(members)} ORDER BY id`,
        ),
      ).toEqual([
        { id: 1, organization_id: 1, name: 'ann', qty: 3, note: 'x' },
        { id: 2, organization_id: 2, name: 'bob', qty: 0, note: 'x' },
      ]);
      // The indexes: the one on the dropped column went with it, the others are back.
      const indexes = (await sa.inspect(db.engine).getIndexes(members)).map((i) => i.name);
      expect(indexes).toContain(db.table('b1_ix_qty'));
      expect(indexes).not.toContain(db.table('b1_ix_extra'));
      // Constraints still hold: the new UNIQUE, the CHECK, the key, foreign keys both ways.
      const insert = (values: string) =>
        db.exec(`INSERT INTO ${db.q(members)} (id, organization_id, name, qty) VALUES ${values}`);
      expect(isIntegrity(await failure(insert("(3, 1, 'ann', 0)")))).toBe(true);
      expect(isIntegrity(await failure(insert("(3, 1, 'cy', -1)")))).toBe(true);
      expect(isIntegrity(await failure(insert("(3, 9, 'cy', 1)")))).toBe(true);
      expect(
        isIntegrity(
          await failure(db.exec(`INSERT INTO ${db.q(tasks)} (id, member_id) VALUES (12, 99)`)),
        ),
      ).toBe(true);
      expect(isIntegrity(await failure(db.exec(`DELETE FROM ${db.q(members)} WHERE id = 1`)))).toBe(
        true,
      );
      await insert("(3, 2, 'cy', 1)");
      if (db.name === 'sqlite') {
        // The key still aliases the rowid: an insert without it gets the next one.
        await db.exec(
          `INSERT INTO ${db.q(members)} (organization_id, name, qty) VALUES (1, 'dee', 1)`,
        );
        expect(await db.rows(`SELECT id FROM ${db.q(members)} WHERE name = 'dee'`)).toEqual([
          { id: 4 },
        ]);
      }
      if (db.name !== 'mariadb') {
        // Partial and expression indexes were re-created from their definitions.
        expect(indexes).toContain(db.table('b1_ix_partial'));
        const catalog =
          db.name === 'sqlite'
            ? "SELECT sql AS definition FROM sqlite_master WHERE type = 'index' AND name = "
            : 'SELECT indexdef AS definition FROM pg_indexes WHERE indexname = ';
        const [lower] = await db.rows(`${catalog}'${db.table('b1_ix_lower')}'`);
        expect(String(lower?.definition)).toMatch(/lower\(/);
      }
    } finally {
      await drop();
    }
  });

  test('SQLite: a re-create that breaks a foreign key fails with IntegrityError and rolls back', async (context) => {
    db.skipIfUnreachable(context);
    if (db.name !== 'sqlite') context.skip('only SQLite checks foreign keys after a re-create');
    const { members, orgs, drop } = await schema(db, 'b2');
    try {
      // An orphan, written with enforcement off (outside a transaction, where the pragma works).
      const connection = await db.engine.connect();
      try {
        await connection.setIsolationLevel('AUTOCOMMIT');
        await connection.execute(sa.text('PRAGMA foreign_keys = OFF'));
        await connection.execute(sa.text(`UPDATE ${db.q(members)} SET org_id = 9 WHERE id = 2`));
        await connection.execute(sa.text('PRAGMA foreign_keys = ON'));
      } finally {
        await connection.close();
      }
      const error = await failure(
        db.online((op) => op.alterColumn(members, 'name', { nullable: false })),
      );
      expect(isIntegrity(error)).toBe(true);
      expect((error as Error).message).toMatch(new RegExp(`refer to a missing row of '${orgs}'`));
      // Rolled back: the column is still nullable and no batch table is left.
      const name = (await sa.inspect(db.engine).getColumns(members)).find((c) => c.name === 'name');
      expect(name?.nullable).toBe(true);
      expect(await sa.inspect(db.engine).getTableNames()).not.toContain(
        `_athanor_batch_${members}`,
      );
    } finally {
      await drop();
    }
  });

  test('SQLite: re-creating a table others refer to needs foreign keys off, and says so', async (context) => {
    db.skipIfUnreachable(context);
    if (db.name !== 'sqlite') context.skip('only SQLite re-creates tables');
    const { members, drop } = await schema(db, 'b3');
    try {
      const error = await failure(
        db.online((op) => op.alterColumn(members, 'name', { nullable: false }), {
          foreignKeys: 'on',
        }),
      );
      expect(sa.InvalidRequestError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/PRAGMA foreign_keys = OFF before BEGIN/);
      expect(await db.rows(`SELECT COUNT(*) AS n FROM ${db.q(members)}`)).toEqual([{ n: 2 }]);
    } finally {
      await drop();
    }
  });

  test('dropColumn on a column in an index: SQLite re-creates the table, the index goes with the column', async (context) => {
    db.skipIfUnreachable(context);
    const { members, drop } = await schema(db, 'b4');
    try {
      const sent = await db.online((op) => op.dropColumn(members, 'extra'));
      const recreated = sent.some((sql) => sql.includes('_athanor_batch_'));
      expect(recreated).toBe(db.name === 'sqlite');
      const indexes = (await sa.inspect(db.engine).getIndexes(members)).map((i) => i.name);
      expect(indexes).toContain(db.table('b4_ix_qty'));
      expect(indexes).not.toContain(db.table('b4_ix_extra'));
      expect(await db.rows(`SELECT name FROM ${db.q(members)} ORDER BY id`)).toEqual([
        { name: 'ann' },
        { name: 'bob' },
      ]);
      // A column in nothing drops with SQLite's own DROP COLUMN, as offline writes it.
      await db.exec(`ALTER TABLE ${db.q(members)} ADD COLUMN spare INTEGER`);
      const plain = await db.online((op) => op.dropColumn(members, 'spare'));
      expect(plain).toEqual(await db.offline((op) => op.dropColumn(members, 'spare')));
    } finally {
      await drop();
    }
  });

  test('SQLite batch: a change naming no column is refused; names match case-insensitively', async (context) => {
    db.skipIfUnreachable(context);
    if (db.name !== 'sqlite') context.skip('only SQLite re-creates tables from gathered changes');
    const { members, drop } = await schema(db, 'b5');
    const names = async () => (await sa.inspect(db.engine).getColumns(members)).map((c) => c.name);
    try {
      for (const step of [
        (batch: BatchOperations) => batch.dropColumn('extar'),
        (batch: BatchOperations) => batch.alterColumn('nmae', { nullable: false }),
      ]) {
        const error = await failure(db.online((op) => op.batchAlterTable(members, step)));
        expect(sa.ArgumentError.isInstance(error)).toBe(true);
        expect((error as sa.ArgumentError).code).toBe('no-such-column');
        expect((error as Error).message).toMatch(
          new RegExp(
            `table '${members}' has no column '(extar|nmae)'; its columns are id, org_id, name, qty, extra\\.`,
          ),
        );
      }
      expect(await names()).toEqual(['id', 'org_id', 'name', 'qty', 'extra']);

      // SQLite's names are case-insensitive: EXTRA is extra, Name is name.
      await db.online((op) =>
        op.batchAlterTable(members, async (batch) => {
          await batch.dropColumn('EXTRA');
          await batch.alterColumn('Name', { nullable: false });
        }),
      );
      expect(await names()).toEqual(['id', 'org_id', 'name', 'qty']);
      const name = (await sa.inspect(db.engine).getColumns(members)).find((c) => c.name === 'name');
      expect(name?.nullable).toBe(false);
      expect(await db.rows(`SELECT id, name FROM ${db.q(members)} ORDER BY id`)).toEqual([
        { id: 1, name: 'ann' },
        { id: 2, name: 'bob' },
      ]);
    } finally {
      await drop();
    }
  });

  test('batchAlterTable offline: SQLite says it needs the database; elsewhere the ALTERs are written', async (context) => {
    db.skipIfUnreachable(context);
    const run = db.offline((op) =>
      op.batchAlterTable('accounts', async (batch) => {
        await batch.alterColumn('name', {
          nullable: false,
          existingType: sa.String(20),
          existingNullable: true,
          existingServerDefault: null,
          existingComment: null,
        });
      }),
    );
    if (db.name === 'sqlite') {
      await expect(run).rejects.toThrow(/re-creates the table from its definition.*\{ copyFrom: /);
    } else {
      expect(await run).toEqual([
        db.name === 'mariadb'
          ? 'ALTER TABLE accounts MODIFY COLUMN name VARCHAR(20) NOT NULL'
          : 'ALTER TABLE accounts ALTER COLUMN name SET NOT NULL',
      ]);
    }
  });

  test('batchAlterTable with copyFrom writes offline the SQL the online run sends, rows kept', async (context) => {
    db.skipIfUnreachable(context);
    const table = db.table('copy_from');
    /** The table as it is before the batch, as a migration would declare it. */
    const before = () => {
      const t = new sa.Table(table, new sa.MetaData(), {
        id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        name: new sa.Column(sa.String(20)),
        qty: new sa.Column(sa.Integer),
        spare: new sa.Column(sa.String(5)),
      });
      new sa.Index(db.table('copy_from_ix_qty'), t.c.qty);
      new sa.Index(db.table('copy_from_ix_spare'), t.c.spare);
      return t;
    };
    const steps = (op: import('../src/index.js').Operations) =>
      op.batchAlterTable(
        table,
        async (batch) => {
          await batch.alterColumn('name', {
            nullable: false,
            existingType: sa.String(20),
            existingNullable: true,
            existingServerDefault: null,
            existingComment: null,
          });
          await batch.dropColumn('spare');
          await batch.createCheckConstraint(db.table('copy_from_ck'), 'qty >= 0');
        },
        { copyFrom: before() },
      );
    await db.exec(`DROP TABLE IF EXISTS ${db.q(table)}`);
    await before().metadata.createAll(db.engine);
    try {
      await db.exec(`INSERT INTO ${db.q(table)} (id, name, qty, spare) VALUES (1, 'one', 1, 'x')`);
      const offline = await db.offline(steps);
      const online = await db.online(steps);
      expect(online).toEqual(offline);
      if (db.name === 'sqlite') {
        expect(offline[0]).toMatch(/^CREATE TABLE _athanor_batch_/);
        // The spare column's index went with it; the qty index was re-created.
        expect(offline.at(-1)).toMatch(/^CREATE INDEX \S*copy_from_ix_qty/);
        expect(offline.join('\n')).not.toMatch(/ix_spare/);
      }
      expect(await db.rows(`SELECT * FROM ${db.q(table)}`)).toEqual([
        { id: 1, name: 'one', qty: 1 },
      ]);
      const refused = async (sql: string) => expect(db.exec(sql)).rejects.toThrow(sa.DBAPIError);
      await refused(`INSERT INTO ${db.q(table)} (id, name, qty) VALUES (2, NULL, 1)`);
      await refused(`INSERT INTO ${db.q(table)} (id, name, qty) VALUES (3, 'neg', -1)`);
      const indexes = await sa.inspect(db.engine).getIndexes(table);
      expect(indexes.map((index) => index.name)).toEqual([db.table('copy_from_ix_qty')]);
    } finally {
      await db.exec(`DROP TABLE IF EXISTS ${db.q(table)}`);
    }
  });
});
