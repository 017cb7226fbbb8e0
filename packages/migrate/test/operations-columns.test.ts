import * as sa from '@athanor/core';
import { expect, test } from 'vitest';
import { compareMetadata } from '../src/index.js';
import { type OpsDatabase, onEveryDatabase } from './operations-databases.js';

/** A table with id, name VARCHAR(20) NOT NULL, qty INTEGER, and two rows. */
async function people(db: OpsDatabase, name: string): Promise<string> {
  const table = db.table(name);
  await db.exec(`DROP TABLE IF EXISTS ${db.q(table)}`);
  await db.online(async (op) => {
    await op.createTable(table, {
      id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
      name: new sa.Column(sa.String(20), { nullable: false }),
      qty: new sa.Column(sa.Integer),
    });
  });
  await db.exec(
    `INSERT INTO ${db.q(table)} (id, name, qty) VALUES (1, 'one', 10), (2, 'two', NULL)`,
  );
  return table;
}

const columnsOf = (db: OpsDatabase, table: string) => sa.inspect(db.engine).getColumns(table);

onEveryDatabase((db) => {
  test('addColumn with a server default fills the rows; dropColumn keeps the others', async (context) => {
    db.skipIfUnreachable(context);
    const table = await people(db, 'ops_add');
    try {
      await db.online(async (op) => {
        await op.addColumn(
          table,
          'status',
          new sa.Column(sa.String(10), { nullable: false, serverDefault: 'new' }),
        );
      });
      expect(await db.rows(`SELECT status FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { status: 'new' },
        { status: 'new' },
      ]);
      await db.online((op) => op.dropColumn(table, 'qty'));
      expect((await columnsOf(db, table)).map((c) => c.name)).toEqual(['id', 'name', 'status']);
      expect(await db.rows(`SELECT id, name FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { id: 1, name: 'one' },
        { id: 2, name: 'two' },
      ]);
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
  });

  test('addColumn of an enum column limits it to its values as createTable does', async (context) => {
    db.skipIfUnreachable(context);
    const table = await people(db, 'ops_enum');
    const tier = () => new sa.Column(sa.Enum(['free', 'paid']), { serverDefault: 'free' });
    try {
      const sent = await db.online((op) => op.addColumn(table, 'tier', tier()));
      if (db.name === 'mariadb') expect(sent.join()).toContain("ENUM('free', 'paid')");
      else expect(sent.join()).toContain("CHECK (tier IN ('free', 'paid'))");
      await db.exec(`UPDATE ${db.q(table)} SET tier = 'paid' WHERE id = 2`);
      expect(await db.rows(`SELECT tier FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { tier: 'free' },
        { tier: 'paid' },
      ]);
      await expect(db.exec(`UPDATE ${db.q(table)} SET tier = 'gold' WHERE id = 1`)).rejects.toThrow(
        sa.DBAPIError,
      );
      // The database now says what the model says: autogenerate sees nothing to do.
      const model = new sa.MetaData();
      new sa.Table(table, model, {
        id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        name: new sa.Column(sa.String(20), { nullable: false }),
        qty: new sa.Column(sa.Integer),
        tier: tier(),
      });
      const connection = await db.engine.connect();
      try {
        const diffs = await compareMetadata(connection, model, { versionTable: 'athanor_version' });
        expect(diffs).toEqual([]);
      } finally {
        await connection.close();
      }
      // The downgrade autogenerate writes: the column goes, with its CHECK.
      await db.online((op) => op.dropColumn(table, 'tier'));
      expect(await db.rows(`SELECT * FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { id: 1, name: 'one', qty: 10 },
        { id: 2, name: 'two', qty: null },
      ]);
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
  });

  test('alterColumn to an Enum adds its CHECK of the values; back to a String drops it', async (context) => {
    db.skipIfUnreachable(context);
    const table = await people(db, 'ops_alter_enum');
    const label = () => sa.Enum(['one', 'two', 'three']);
    const update = (value: string) =>
      db.exec(`UPDATE ${db.q(table)} SET name = '${value}' WHERE id = 2`);
    try {
      await db.online((op) => op.alterColumn(table, 'name', { type: label() }));
      await expect(update('bad')).rejects.toThrow(sa.DBAPIError);
      await update('three');
      // The CHECK is named as createTable names it: autogenerate sees nothing to do.
      const model = new sa.MetaData();
      new sa.Table(table, model, {
        id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        name: new sa.Column(label(), { nullable: false }),
        qty: new sa.Column(sa.Integer),
      });
      const connection = await db.engine.connect();
      try {
        expect(
          await compareMetadata(connection, model, { versionTable: 'athanor_version' }),
        ).toEqual([]);
      } finally {
        await connection.close();
      }
      // Back to a String: reflected online, or named by existingType (offline writes the same).
      const back = (op: import('../src/index.js').Operations) =>
        op.alterColumn(table, 'name', {
          type: sa.String(20),
          existingType: label(),
          existingNullable: false,
          existingServerDefault: null,
          existingComment: null,
        });
      const offline = db.name === 'sqlite' ? null : await db.offline(back);
      const sent = await db.online(back);
      if (offline !== null) expect(sent).toEqual(offline);
      if (db.name === 'postgresql' || db.name === 'pglite') {
        expect(sent[0]).toBe(`ALTER TABLE ${table} DROP CONSTRAINT ck_${table}_name`);
      }
      await update('bad');
      expect(await db.rows(`SELECT id, name, qty FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { id: 1, name: 'one', qty: 10 },
        { id: 2, name: 'bad', qty: null },
      ]);
      // Without existingType, online, the CHECK named ck_<table>_<column> is found and replaced.
      await update('two');
      await db.online((op) => op.alterColumn(table, 'name', { type: label() }));
      await db.online((op) => op.alterColumn(table, 'name', { type: sa.Enum(['one', 'two']) }));
      await expect(update('three')).rejects.toThrow(sa.DBAPIError);
      await db.online((op) => op.alterColumn(table, 'name', { type: sa.String(20) }));
      await update('three');
      expect(await db.rows(`SELECT name FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { name: 'one' },
        { name: 'three' },
      ]);
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
  });

  test('alterColumn changes type, NULL and default, keeping the rows (SQLite: by re-creating)', async (context) => {
    db.skipIfUnreachable(context);
    const table = await people(db, 'ops_alter');
    try {
      await db.exec(`CREATE INDEX ${db.q(`${table}_ix`)} ON ${db.q(table)} (name)`);
      await db.online(async (op) => {
        await op.alterColumn(table, 'qty', { type: sa.BigInteger, serverDefault: 5 });
        await op.alterColumn(table, 'name', { type: sa.String(100), nullable: true });
      });
      const columns = await columnsOf(db, table);
      expect(columns.find((c) => c.name === 'qty')?.type.typeName).toBe('big_integer');
      expect(String(columns.find((c) => c.name === 'name')?.type)).toMatch(/100/);
      expect(columns.find((c) => c.name === 'name')?.nullable).toBe(true);
      await db.exec(`INSERT INTO ${db.q(table)} (id) VALUES (3)`);
      expect(await db.rows(`SELECT id, name, qty FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { id: 1, name: 'one', qty: 10 },
        { id: 2, name: 'two', qty: null },
        { id: 3, name: null, qty: 5 },
      ]);
      const indexes = await sa.inspect(db.engine).getIndexes(table);
      expect(indexes.map((index) => index.name)).toEqual([`${table}_ix`]);

      await db.exec(`DELETE FROM ${db.q(table)} WHERE id = 3`);
      await db.online(async (op) => {
        await op.alterColumn(table, 'name', { nullable: false, existingType: sa.String(100) });
        await op.alterColumn(table, 'qty', { serverDefault: null, existingType: sa.BigInteger });
      });
      const error = await db.exec(`INSERT INTO ${db.q(table)} (id, name) VALUES (4, NULL)`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(sa.IntegrityError.isInstance(error)).toBe(true);
      await db.exec(`INSERT INTO ${db.q(table)} (id, name) VALUES (4, 'four')`);
      expect(await db.rows(`SELECT qty FROM ${db.q(table)} WHERE id = 4`)).toEqual([{ qty: null }]);
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
  });

  test('alterColumn newName and renameTable: the rows are read under the new names', async (context) => {
    db.skipIfUnreachable(context);
    const table = await people(db, 'ops_rename');
    const renamed = db.table('ops_renamed');
    await db.exec(`DROP TABLE IF EXISTS ${db.q(renamed)}`);
    try {
      await db.online(async (op) => {
        await op.alterColumn(table, 'name', { newName: 'label' });
        await op.renameTable(table, renamed);
      });
      expect(await db.rows(`SELECT label FROM ${db.q(renamed)} ORDER BY id`)).toEqual([
        { label: 'one' },
        { label: 'two' },
      ]);
    } finally {
      await db.exec(`DROP TABLE IF EXISTS ${db.q(renamed)}`);
      await db.exec(`DROP TABLE IF EXISTS ${db.q(table)}`);
    }
  });

  test('alterColumn sets and drops a comment where the database keeps them', async (context) => {
    db.skipIfUnreachable(context);
    if (db.engine.dialect.capabilities.commentStyle === 'none') context.skip('no comments');
    const table = await people(db, 'ops_comment');
    try {
      await db.online((op) =>
        op.alterColumn(table, 'qty', { comment: 'how many', existingType: sa.Integer }),
      );
      let qty = (await columnsOf(db, table)).find((c) => c.name === 'qty');
      expect(qty?.comment).toBe('how many');
      // MySQL restates the column: its type and NULL survive the comment change.
      expect(qty?.type.typeName).toBe('integer');
      await db.online((op) => op.alterColumn(table, 'name', { type: sa.String(30) }));
      qty = (await columnsOf(db, table)).find((c) => c.name === 'qty');
      expect(qty?.comment).toBe('how many');
      expect((await columnsOf(db, table)).find((c) => c.name === 'name')?.nullable).toBe(false);
      await db.online((op) =>
        op.alterColumn(table, 'qty', { comment: null, existingType: sa.Integer }),
      );
      expect((await columnsOf(db, table)).find((c) => c.name === 'qty')?.comment).toBeNull();
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
  });

  test('offline writes the same SQL as online, and names the existing* arguments it needs', async (context) => {
    db.skipIfUnreachable(context);
    const table = db.table('ops_offline');
    const steps = async (op: import('../src/index.js').Operations) => {
      await op.addColumn(table, 'age', new sa.Column(sa.Integer));
      await op.alterColumn(table, 'age', {
        type: sa.BigInteger,
        existingType: sa.Integer,
        existingNullable: true,
        existingServerDefault: null,
        existingComment: null,
      });
      await op.dropColumn(table, 'age');
    };
    if (db.name === 'sqlite') {
      const error = await db.offline(steps).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/offline \(--sql\) there is no database/);
      return;
    }
    const offline = await db.offline(steps);
    const expected: Record<string, string> = {
      postgresql: `ALTER TABLE ${table} ALTER COLUMN age TYPE BIGINT`,
      pglite: `ALTER TABLE ${table} ALTER COLUMN age TYPE BIGINT`,
      mariadb: `ALTER TABLE ${table} MODIFY COLUMN age BIGINT`,
    };
    expect(offline).toEqual([
      `ALTER TABLE ${table} ADD COLUMN age INTEGER`,
      expected[db.name],
      `ALTER TABLE ${table} DROP COLUMN age`,
    ]);
    await people(db, 'ops_offline');
    try {
      expect(await db.online(steps)).toEqual(offline);
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
    const bare = db.offline((op) => op.alterColumn(table, 'age', { nullable: false }));
    if (db.name === 'mariadb') await expect(bare).rejects.toThrow(/exact type: pass existingType/);
    else expect(await bare).toEqual([`ALTER TABLE ${table} ALTER COLUMN age SET NOT NULL`]);
  });

  test('where the alter restates the column, it needs existingType: reflection is lossy', async (context) => {
    db.skipIfUnreachable(context);
    const table = db.table('ops_unsigned');
    const type = db.name === 'mariadb' ? 'INT UNSIGNED' : 'BIGINT';
    await db.exec(`DROP TABLE IF EXISTS ${db.q(table)}`);
    await db.exec(`CREATE TABLE ${db.q(table)} (id INTEGER PRIMARY KEY, big ${type})`);
    try {
      await db.exec(`INSERT INTO ${db.q(table)} (id, big) VALUES (1, 4000000000)`);
      const change = db.online((op) => op.alterColumn(table, 'big', { nullable: false }));
      if (db.engine.dialect.capabilities.alterColumnRestates) {
        // Restated from the reflected Integer, the column would lose UNSIGNED (and the row).
        const error = await change.then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(sa.ArgumentError);
        expect(String(error)).toMatch(
          /the column is `int(\(\d+\))? unsigned`\): pass existingType/,
        );
        const big = (await columnsOf(db, table)).find((c) => c.name === 'big');
        expect(big?.nullable).toBe(true);
      } else {
        await change;
        const big = (await columnsOf(db, table)).find((c) => c.name === 'big');
        expect(big?.nullable).toBe(false);
      }
      expect(await db.rows(`SELECT big FROM ${db.q(table)}`)).toEqual([{ big: 4000000000 }]);
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
  });

  test('altering an AUTO_INCREMENT id keeps it generating ids, given every existing* or offline', async (context) => {
    db.skipIfUnreachable(context);
    const table = db.table('ops_autoinc');
    await db.exec(`DROP TABLE IF EXISTS ${db.q(table)}`);
    await db.online(async (op) => {
      await op.createTable(table, {
        id: new sa.Column(sa.Integer, { primaryKey: true }),
        name: new sa.Column(sa.String(20)),
      });
    });
    const existing = {
      existingType: sa.Integer,
      existingNullable: false,
      existingServerDefault: null,
      existingComment: null,
    };
    try {
      // Every existing* but existingAutoincrement: that one is read from the database.
      await db.online((op) => op.alterColumn(table, 'id', { comment: 'the id', ...existing }));
      await db.exec(`INSERT INTO ${db.q(table)} (name) VALUES ('one')`);
      if (db.name !== 'sqlite') {
        const offline = await db.offline((op) =>
          op.alterColumn(table, 'id', { comment: null, ...existing, existingAutoincrement: true }),
        );
        if (db.name === 'mariadb') expect(offline[0]).toMatch(/AUTO_INCREMENT/);
        for (const statement of offline) await db.exec(statement);
      }
      await db.exec(`INSERT INTO ${db.q(table)} (name) VALUES ('two')`);
      expect(await db.rows(`SELECT id, name FROM ${db.q(table)} ORDER BY id`)).toEqual([
        { id: 1, name: 'one' },
        { id: 2, name: 'two' },
      ]);
    } finally {
      await db.exec(`DROP TABLE ${db.q(table)}`);
    }
  });
});
