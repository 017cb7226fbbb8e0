import * as sa from '@athanor/core';
import { describe, expect, test } from 'vitest';
import {
  type CompareOptions,
  compareMetadata,
  renderRevisionBody,
  type SchemaDiff,
} from '../src/index.js';
import { summary, type Target, useTargetDatabase } from './autogenerate-fixtures.js';
import { everyTypeMetadata, usersModel } from './autogenerate-models.js';
import { typeCheckBodies } from './autogenerate-typecheck.js';

const compare = (conn: sa.Connection, model: sa.MetaData, options?: CompareOptions) =>
  compareMetadata(conn, model, options);

/** A table as another tool would have written it, in each database's own spelling. */
const postgresTable =
  'CREATE TABLE legacy (id serial PRIMARY KEY, flag bool, name character varying(50), ' +
  'amount decimal(10, 2), body text, n int4)';
const handWrittenTable: Readonly<Record<string, string>> = {
  sqlite:
    'CREATE TABLE legacy (id INTEGER PRIMARY KEY, flag INTEGER, name VARCHAR(50), ' +
    'amount DECIMAL(10, 2), body CLOB, n INT)',
  postgresql: postgresTable,
  pglite: postgresTable,
  mysql:
    'CREATE TABLE legacy (id INT(11) NOT NULL AUTO_INCREMENT PRIMARY KEY, flag TINYINT(1), ' +
    'name VARCHAR(50), amount DECIMAL(10, 2), body TEXT, n INTEGER)',
};

const col = (type: sa.TypeArg, options: sa.ColumnOptions = {}) => new sa.Column(type, options);

/** The autogenerate tests, run against one dialect's live database. */
export function describeAutogenerate(target: Target): void {
  describe(`autogenerate on ${target.name}`, () => {
    const db = useTargetDatabase(target);
    const dialect = () => db.engine().dialect;

    test('a database created from the model compares equal: every type and option', async (context) => {
      db.skipIfUnreachable(context);
      const diffs = await db.drift(everyTypeMetadata(dialect()), everyTypeMetadata(dialect()));
      expect(summary(diffs)).toEqual([]);
    });

    test('types the database spells its own way compare equal (int4, TINYINT(1), CLOB...)', async (context) => {
      db.skipIfUnreachable(context);
      await db.reset();
      await db.withConnection(async (conn) => {
        await conn.execute(sa.text(handWrittenTable[target.dialect.name] as string));
        await conn.commit();
      });
      const model = new sa.MetaData();
      new sa.Table('legacy', model, {
        id: col(sa.Integer, { primaryKey: true }),
        flag: col(sa.Boolean),
        name: col(sa.String(50)),
        amount: col(sa.Numeric(10, 2)),
        body: col(sa.Text),
        n: col(sa.Integer),
      });
      expect(await db.withConnection((conn) => compare(conn, model))).toEqual([]);
    });

    test('new tables are created in foreign key order, with their indexes', async (context) => {
      db.skipIfUnreachable(context);
      const model = usersModel();
      new sa.Table('b_items', model, {
        id: col(sa.Integer, { primaryKey: true }),
        listId: col(sa.Integer, { name: 'list_id', foreignKey: 'a_lists.id', index: true }),
      });
      new sa.Table('a_lists', model, {
        id: col(sa.Integer, { primaryKey: true }),
        ownerId: col(sa.Integer, { name: 'owner_id', foreignKey: 'users.id' }),
      });
      const diffs = await db.drift(usersModel(), model);
      expect(summary(diffs)).toEqual(['createTable a_lists', 'createTable b_items']);
      const items = diffs[1] as Extract<SchemaDiff, { kind: 'createTable' }>;
      expect(items.table.indexes.map((index) => index.name)).toEqual(['ix_b_items_list_id']);
    });

    test('a table only in the database is left alone, unless includeObject asks to drop it', async (context) => {
      db.skipIfUnreachable(context);
      const database = usersModel();
      new sa.Table('legacy', database, { id: col(sa.Integer, { primaryKey: true }) });
      new sa.Table('legacy_child', database, {
        id: col(sa.Integer, { primaryKey: true }),
        legacyId: col(sa.Integer, { name: 'legacy_id', foreignKey: 'legacy.id' }),
      });
      expect(summary(await db.drift(database, usersModel()))).toEqual([]);
      const seen: string[] = [];
      const dropped = await db.withConnection((conn) =>
        compare(conn, usersModel(), {
          includeObject: ({ type, name, reflected }) => {
            seen.push(`${type} ${name} ${reflected}`);
            return type !== 'table' || !reflected || name.startsWith('legacy');
          },
        }),
      );
      expect(summary(dropped)).toEqual(['dropTable legacy_child', 'dropTable legacy']);
      expect(seen).toContain('table legacy true');
      expect(seen).toContain('table users false');
      expect(seen).toContain('column age false');
    });

    test('the version table is never compared nor dropped', async (context) => {
      db.skipIfUnreachable(context);
      const database = usersModel();
      new sa.Table('athanor_version', database, { versionNum: col(sa.String(32)) });
      new sa.Table('my_versions', database, { versionNum: col(sa.String(32)) });
      const everything = { includeObject: () => true };
      expect(summary(await db.drift(database, usersModel(), everything))).toEqual([
        'dropTable my_versions',
      ]);
      const custom = await db.withConnection((conn) =>
        compare(conn, usersModel(), { ...everything, versionTable: 'my_versions' }),
      );
      expect(summary(custom)).toEqual(['dropTable athanor_version']);
    });

    test('a dropped and an added column of the same type stay a drop and an add', async (context) => {
      db.skipIfUnreachable(context);
      const model = usersModel({ drop: ['age'], columns: { years: col(sa.Integer) } });
      const diffs = await db.drift(usersModel(), model);
      expect(summary(diffs)).toEqual(['addColumn users.years', 'dropColumn users.age']);
      expect(diffs[0]).toMatchObject({ renameCandidates: ['age'] });
      expect(renderRevisionBody(diffs).upgrade).toContain(
        "await op.alterColumn('users', 'age', { newName: 'years' });",
      );
    });

    test('type, nullability, server default and comment changes alter the column', async (context) => {
      db.skipIfUnreachable(context);
      const database = usersModel({
        columns: { status: col(sa.String(20), { serverDefault: 'a' }) },
      });
      const model = usersModel({
        columns: {
          name: col(sa.String(80), { nullable: false, comment: 'full name' }),
          age: col(sa.Integer, { nullable: false }),
          status: col(sa.String(20), { serverDefault: 'b' }),
        },
      });
      const diffs = await db.drift(database, model);
      const comments = dialect().capabilities.commentStyle !== 'none';
      expect(summary(diffs)).toEqual([
        `alterColumn users.name type${comments ? ',comment' : ''}`,
        'alterColumn users.age nullable',
        'alterColumn users.status serverDefault',
      ]);
      const dropped = await db.drift(
        model,
        usersModel({ columns: { status: col(sa.String(20)) } }),
      );
      expect(summary(dropped)).toContain('alterColumn users.status serverDefault');
    });

    test('indexes are added, dropped and re-created when they change', async (context) => {
      db.skipIfUnreachable(context);
      const database = usersModel({
        options: {
          indexes: [new sa.Index('ix_users_age', 'age'), new sa.Index('ix_users_name', 'name')],
        },
      });
      const model = usersModel({
        options: {
          indexes: [
            new sa.Index('ix_users_age', 'age', { unique: true }),
            new sa.Index('ix_users_name_age', 'name', 'age'),
          ],
        },
      });
      expect(summary(await db.drift(database, model))).toEqual([
        'dropIndex ix_users_age',
        'dropIndex ix_users_name',
        'createIndex ix_users_age',
        'createIndex ix_users_name_age',
      ]);
    });

    test('unique constraints are added and dropped; a unique index is no phantom', async (context) => {
      db.skipIfUnreachable(context);
      const database = usersModel({
        options: { constraints: [new sa.UniqueConstraint('name', { name: 'uq_users_name' })] },
      });
      const model = usersModel({
        columns: { age: col(sa.Integer, { unique: true }) },
        options: { indexes: [new sa.Index('ix_users_name', 'name', { unique: true })] },
      });
      expect(summary(await db.drift(database, model))).toEqual([
        'dropUniqueConstraint uq_users_name',
        'createIndex ix_users_name',
        'addUniqueConstraint uq_users_age',
      ]);
      // Created from the model, the unique index reads back as itself (as a UNIQUE on MySQL).
      expect(await db.drift(model, model)).toEqual([]);
    });

    test('foreign keys are added, dropped and re-created when an action changes', async (context) => {
      db.skipIfUnreachable(context);
      const database = usersModel();
      new sa.Table('posts', database, {
        id: col(sa.Integer, { primaryKey: true }),
        userId: col(sa.Integer, { name: 'user_id', foreignKey: 'users.id' }),
      });
      const model = usersModel();
      new sa.Table('posts', model, {
        id: col(sa.Integer, { primaryKey: true }),
        userId: col(sa.Integer, {
          name: 'user_id',
          foreignKey: new sa.ForeignKey('users.id', { onDelete: 'CASCADE' }),
        }),
        editorId: col(sa.Integer, { name: 'editor_id', foreignKey: 'users.id' }),
      });
      const diffs = await db.drift(database, model);
      expect(summary(diffs)).toEqual([
        'dropForeignKey posts(user_id)',
        'addColumn posts.editor_id',
        'addForeignKey posts(user_id)',
        'addForeignKey posts(editor_id)',
      ]);
      expect(diffs[3]).toMatchObject({
        foreignKey: { name: 'fk_posts_editor_id_users', referredColumns: ['id'] },
      });
    });

    test('named check constraints are added and dropped', async (context) => {
      db.skipIfUnreachable(context);
      const database = usersModel({
        options: { constraints: [new sa.CheckConstraint('age >= 0', { name: 'ck_users_age' })] },
      });
      const model = usersModel({
        options: {
          constraints: [new sa.CheckConstraint('age < 200', { name: 'ck_users_age_max' })],
        },
      });
      expect(summary(await db.drift(database, model))).toEqual([
        'dropCheckConstraint ck_users_age',
        'addCheckConstraint ck_users_age_max',
      ]);
    });

    test('a changed primary key is reported', async (context) => {
      db.skipIfUnreachable(context);
      const model = usersModel({ columns: { name: col(sa.String(50), { primaryKey: true }) } });
      expect(summary(await db.drift(usersModel(), model))).toEqual([
        'changePrimaryKey users id,name',
      ]);
    });

    test('a new enum column brings its own CHECK; none is proposed beside it', async (context) => {
      db.skipIfUnreachable(context);
      const model = usersModel({ columns: { status: col(sa.Enum(['on', 'off'])) } });
      expect(summary(await db.drift(usersModel(), model))).toEqual(['addColumn users.status']);
    });

    test('the revisions rendered from this database type-check against the op API', async (context) => {
      db.skipIfUnreachable(context);
      const empty = new sa.MetaData();
      const everything = everyTypeMetadata(dialect());
      const bodies = [
        renderRevisionBody(await db.drift(empty, everyTypeMetadata(dialect()))),
        // The downgrade re-creates every table as the database reports it.
        renderRevisionBody(await db.drift(everything, empty, { includeObject: () => true })),
      ];
      expect(bodies[1]?.downgrade).toContain("await op.createTable('accounts', {");
      await typeCheckBodies(`${target.name}`, bodies);
    }, 60_000);
  });
}
