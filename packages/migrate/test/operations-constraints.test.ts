import * as sa from '@athanor/core';
import { expect, test } from 'vitest';
import { type OpsDatabase, onEveryDatabase } from './operations-databases.js';

/** An `orgs` table and a `members` table (id, org_id, name, qty) with rows; returns their names. */
async function orgsAndMembers(db: OpsDatabase, tag: string) {
  const orgs = db.table(`${tag}_orgs`);
  const members = db.table(`${tag}_members`);
  await db.exec(`DROP TABLE IF EXISTS ${db.q(members)}`);
  await db.exec(`DROP TABLE IF EXISTS ${db.q(orgs)}`);
  await db.online(async (op) => {
    await op.createTable(orgs, {
      id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
    });
    const table = await op.createTable(members, {
      id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
      org_id: new sa.Column(sa.Integer),
      name: new sa.Column(sa.String(20)),
      qty: new sa.Column(sa.Integer),
    });
    await op.bulkInsert(orgsTable(orgs), [{ id: 1 }, { id: 2 }]);
    await op.bulkInsert(table, [
      { id: 1, org_id: 1, name: 'ann', qty: 3 },
      { id: 2, org_id: 2, name: 'bob', qty: 0 },
    ]);
  });
  const drop = async () => {
    await db.exec(`DROP TABLE IF EXISTS ${db.q(members)}`);
    await db.exec(`DROP TABLE IF EXISTS ${db.q(orgs)}`);
  };
  return { orgs, members, drop };
}

function orgsTable(name: string): sa.AnyTable {
  return new sa.Table(name, new sa.MetaData(), { id: new sa.Column(sa.Integer) });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the statement to fail');
    },
    (error: unknown) => error,
  );
}

onEveryDatabase((db) => {
  test('createForeignKey, createUniqueConstraint, createCheckConstraint are enforced; dropConstraint lifts each', async (context) => {
    db.skipIfUnreachable(context);
    const { orgs, members, drop } = await orgsAndMembers(db, 'opc');
    const fk = db.table('fk_members_org');
    const uq = db.table('uq_members_name');
    const ck = db.table('ck_members_qty');
    try {
      await db.online(async (op) => {
        await op.createForeignKey(fk, members, orgs, ['org_id'], ['id'], { onDelete: 'CASCADE' });
        await op.createUniqueConstraint(uq, members, ['name']);
        await op.createCheckConstraint(ck, members, 'qty >= 0');
      });
      const insert = (values: string) =>
        db.exec(`INSERT INTO ${db.q(members)} (id, org_id, name, qty) VALUES ${values}`);
      expect(sa.IntegrityError.isInstance(await failure(insert("(3, 9, 'cy', 1)")))).toBe(true);
      expect(sa.IntegrityError.isInstance(await failure(insert("(3, 1, 'ann', 1)")))).toBe(true);
      expect(sa.IntegrityError.isInstance(await failure(insert("(3, 1, 'cy', -1)")))).toBe(true);
      // ON DELETE CASCADE came with the foreign key.
      await db.exec(`DELETE FROM ${db.q(orgs)} WHERE id = 2`);
      expect(await db.rows(`SELECT id FROM ${db.q(members)} ORDER BY id`)).toEqual([{ id: 1 }]);

      await db.online(async (op) => {
        await op.dropConstraint(fk, members, { type: 'foreignkey' });
        await op.dropConstraint(uq, members, { type: 'unique' });
        await op.dropConstraint(ck, members, { type: 'check' });
      });
      await insert("(3, 9, 'ann', -1)");
      expect(await db.rows(`SELECT org_id, name, qty FROM ${db.q(members)} WHERE id = 3`)).toEqual([
        { org_id: 9, name: 'ann', qty: -1 },
      ]);
    } finally {
      await drop();
    }
  });

  test('createIndex: unique, partial and expression indexes where the database has them; dropIndex', async (context) => {
    db.skipIfUnreachable(context);
    const { members, drop } = await orgsAndMembers(db, 'opi');
    const plain = db.table('ix_members_qty');
    const partial = db.table('ix_members_partial');
    const expression = db.table('ix_members_lower');
    try {
      await db.online(async (op) => {
        await op.createIndex(plain, members, ['qty']);
      });
      const partialRun = () =>
        db.online((op) =>
          op.createIndex(partial, members, ['name'], { unique: true, where: 'qty > 0' }),
        );
      const expressionRun = () =>
        db.online((op) =>
          op.createIndex(expression, members, [sa.text('lower(name)')], { unique: true }),
        );
      const insert = (values: string) =>
        db.exec(`INSERT INTO ${db.q(members)} (id, name, qty) VALUES ${values}`);
      if (db.name === 'mariadb') {
        await expect(partialRun()).rejects.toThrow(/no partial indexes/);
        await expect(expressionRun()).rejects.toThrow(/generated column/);
      } else {
        await partialRun();
        // bob has qty 0, outside the partial index: a second bob with qty 0 is allowed...
        await insert("(3, 'bob', 0)");
        // ...a second ann (qty 3, inside it) is not.
        expect(sa.IntegrityError.isInstance(await failure(insert("(4, 'ann', 7)")))).toBe(true);
        await db.exec(`DELETE FROM ${db.q(members)} WHERE id = 3`);
        await expressionRun();
        // The expression index sees 'ANN' as 'ann'.
        expect(sa.IntegrityError.isInstance(await failure(insert("(4, 'ANN', 0)")))).toBe(true);
      }
      const names = (await sa.inspect(db.engine).getIndexes(members)).map((index) => index.name);
      expect(names).toContain(plain);
      await db.online((op) => op.dropIndex(plain, { table: members }));
      const after = (await sa.inspect(db.engine).getIndexes(members)).map((index) => index.name);
      expect(after).not.toContain(plain);
    } finally {
      await drop();
    }
  });

  test('execute and bulkInsert write data; getBind reads it online and refuses offline', async (context) => {
    db.skipIfUnreachable(context);
    const { members, drop } = await orgsAndMembers(db, 'opx');
    try {
      const table = new sa.Table(members, new sa.MetaData(), {
        id: new sa.Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        name: new sa.Column(sa.String(20)),
      });
      let seen: unknown[] = [];
      await db.online(async (op) => {
        await op.bulkInsert(table, [{ id: 5, name: "o'hara" }]);
        await op.execute(sa.update(table).values({ name: 'renamed' }).where(table.c.id.eq(1)));
        await op.execute(`DELETE FROM ${db.q(members)} WHERE id = 2`);
        seen = (await op.getBind().execute(sa.select(table.c.name).orderBy(table.c.id))).all();
      });
      expect(seen).toEqual([{ name: 'renamed' }, { name: "o'hara" }]);
      const written = await db.offline(async (op) => {
        await op.bulkInsert(table, [{ id: 6, name: "o'neil" }]);
        expect(() => op.getBind()).toThrow(/offline \(--sql\) there is no connection/);
      });
      // PostgreSQL writes the integer with its type (6::INTEGER).
      expect(written).toHaveLength(1);
      expect(written[0]).toMatch(
        new RegExp(`^INSERT INTO ${members} \\(id, name\\) VALUES \\(6(::INTEGER)?, 'o''neil'\\)$`),
      );
    } finally {
      await drop();
    }
  });

  test('bad input gets an error naming the fix', async (context) => {
    db.skipIfUnreachable(context);
    await db.offline(async (op) => {
      await expect(op.alterColumn('t', 'c', {})).rejects.toThrow(/changes nothing/);
      await expect(op.dropConstraint('x', 't', {} as { type: 'unique' })).rejects.toThrow(
        /needs the constraint's type/,
      );
      await expect(op.dropIndex('ix', {} as { table: string })).rejects.toThrow(/needs the table/);
      await expect(
        op.createCheckConstraint('ck', 't', sa.literal(1).eq(1) as unknown as sa.SqlExpression),
      ).rejects.toThrow(/condition as SQL/);
    });
  });
});
