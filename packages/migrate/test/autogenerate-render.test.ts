import * as sa from '@athanor/core';
import { sqliteDialect } from '@athanor/sqlite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { compareMetadata, renderRevisionBody, type SchemaDiff } from '../src/index.js';
import { usersModel } from './autogenerate-models.js';
import { typeCheckBodies } from './autogenerate-typecheck.js';

const col = (type: sa.TypeArg, options: sa.ColumnOptions = {}) => new sa.Column(type, options);

describe('renderRevisionBody', () => {
  let engine: sa.Engine;
  beforeEach(() => {
    engine = sa.createEngine('sqlite://', { dialect: sqliteDialect });
  });
  afterEach(() => engine.dispose());

  /** createAll(database), then the body of the revision that brings it to `model`. */
  async function revision(database: sa.MetaData, model: sa.MetaData) {
    await database.createAll(engine);
    const conn = await engine.connect();
    try {
      return renderRevisionBody(await compareMetadata(conn, model));
    } finally {
      await conn.close();
    }
  }

  test('an added column, as the op API writes it, and its downgrade', async () => {
    const body = await revision(
      usersModel({ drop: ['age'] }),
      usersModel({ drop: ['age'], columns: { age: col(sa.Integer) } }),
    );
    expect(body.upgrade).toBe(
      "  await op.addColumn('users', 'age', new sa.Column(sa.Integer, { nullable: true }));",
    );
    expect(body.downgrade).toBe("  await op.dropColumn('users', 'age');");
    expect(body.imports).toEqual(["import * as sa from '@athanor/core';"]);
  });

  test('a dropped and an added column say how to make them a rename', async () => {
    const body = await revision(
      usersModel(),
      usersModel({ drop: ['age'], columns: { years: col(sa.Integer) } }),
    );
    expect(body.upgrade).toBe(
      [
        "  // 'age' is dropped from 'users' and 'years' added, of the same type.",
        "  // If that is a rename, replace this addColumn and the dropColumn of 'age' with:",
        "  //   await op.alterColumn('users', 'age', { newName: 'years' });",
        "  await op.addColumn('users', 'years', new sa.Column(sa.Integer, { nullable: true }));",
        "  await op.dropColumn('users', 'age');",
      ].join('\n'),
    );
    expect(body.downgrade).toContain(
      "  //   await op.alterColumn('users', 'years', { newName: 'age' });",
    );
  });

  test('an altered column carries every existing* argument, both ways', async () => {
    const body = await revision(
      usersModel(),
      usersModel({
        columns: { name: col(sa.Varchar(80), { nullable: false, serverDefault: 'x' }) },
      }),
    );
    expect(body.upgrade).toBe(
      [
        "  await op.alterColumn('users', 'name', {",
        '    type: sa.Varchar(80),',
        "    serverDefault: 'x',",
        '    existingType: sa.Varchar(50),',
        '    existingNullable: false,',
        '    existingServerDefault: null,',
        '    existingComment: null,',
        '  });',
      ].join('\n'),
    );
    expect(body.downgrade).toBe(
      [
        "  await op.alterColumn('users', 'name', {",
        '    type: sa.Varchar(50),',
        '    serverDefault: null,',
        '    existingType: sa.Varchar(80),',
        '    existingNullable: false,',
        "    existingServerDefault: 'x',",
        '    existingComment: null,',
        '  });',
      ].join('\n'),
    );
  });

  test('a new table with its keys, constraints and indexes; dropped in the downgrade', async () => {
    const model = usersModel();
    new sa.Table(
      'posts',
      model,
      {
        id: col(sa.BigInteger, { primaryKey: true }),
        userId: col(sa.Integer, {
          name: 'user_id',
          nullable: false,
          foreignKey: new sa.ForeignKey('users.id', { onDelete: 'CASCADE' }),
        }),
        price: col(sa.Numeric(10, 2), { serverDefault: sa.text('0') }),
        state: col(sa.Enum(['draft', 'live'], { name: 'ck_posts_state' })),
        at: col(sa.DateTime({ timezone: true }), { comment: 'when' }),
      },
      {
        constraints: [new sa.UniqueConstraint('user_id', 'state', { name: 'uq_posts_user_state' })],
        indexes: [new sa.Index('ix_posts_at', 'at')],
      },
    );
    const body = await revision(usersModel(), model);
    expect(body.upgrade).toBe(
      [
        "  await op.createTable('posts', {",
        '    id: new sa.Column(sa.BigInteger, { primaryKey: true }),',
        '    user_id: new sa.Column(sa.Integer, { nullable: false }),',
        "    price: new sa.Column(sa.Numeric(10, 2), { nullable: true, serverDefault: sa.text('0') }),",
        "    state: new sa.Column(sa.Enum(['draft', 'live'], { name: 'ck_posts_state' }), { nullable: true }),",
        "    at: new sa.Column(sa.DateTime({ timezone: true }), { nullable: true, comment: 'when' }),",
        '  }, {',
        '    constraints: [',
        "      new sa.ForeignKeyConstraint(['user_id'], ['users.id'], { onDelete: 'CASCADE' }),",
        "      new sa.UniqueConstraint('user_id', 'state', { name: 'uq_posts_user_state' }),",
        '    ],',
        '  });',
        "  await op.createIndex('ix_posts_at', 'posts', ['at']);",
      ].join('\n'),
    );
    expect(body.downgrade).toBe("  await op.dropTable('posts');");
  });

  test('types are written with the names that hide no global, whichever name the model used', async () => {
    const model = new sa.MetaData();
    // SQLAlchemy's names (aliases of the same functions) and the new ones.
    new sa.Table('kinds', model, {
      id: col(sa.Integer, { primaryKey: true }),
      old_name: col(sa.String(50)),
      new_name: col(sa.Varchar(50)),
      unbounded: col(sa.String()),
      flag: col(sa.Boolean),
      born: col(sa.Date),
      data: col(sa.JSON),
      flag2: col(sa.Bool),
      born2: col(sa.DateOnly),
      data2: col(sa.Json),
    });
    const body = await revision(new sa.MetaData(), model);
    expect(body.upgrade).toBe(
      [
        "  await op.createTable('kinds', {",
        '    id: new sa.Column(sa.Integer, { primaryKey: true }),',
        '    old_name: new sa.Column(sa.Varchar(50), { nullable: true }),',
        '    new_name: new sa.Column(sa.Varchar(50), { nullable: true }),',
        '    unbounded: new sa.Column(sa.Varchar(), { nullable: true }),',
        '    flag: new sa.Column(sa.Bool, { nullable: true }),',
        '    born: new sa.Column(sa.DateOnly, { nullable: true }),',
        '    data: new sa.Column(sa.Json, { nullable: true }),',
        '    flag2: new sa.Column(sa.Bool, { nullable: true }),',
        '    born2: new sa.Column(sa.DateOnly, { nullable: true }),',
        '    data2: new sa.Column(sa.Json, { nullable: true }),',
        '  });',
      ].join('\n'),
    );
  });

  test('no differences render as a comment and need no import', () => {
    expect(renderRevisionBody([])).toEqual({
      upgrade: '  // No changes.',
      downgrade: '  // No changes.',
      imports: [],
    });
  });

  test('hostile names are escaped string literals and cannot break the file', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the name imitates a placeholder.
    const hostile = "x'); process.exit(1); // \\ \" ` ${'$'}{x} */ \u2028 end";
    const model = new sa.MetaData();
    new sa.Table(
      hostile,
      model,
      {
        [hostile]: col(sa.Enum([hostile]), { primaryKey: true, comment: hostile }),
        other: col(sa.String(10), { serverDefault: hostile }),
      },
      {
        constraints: [new sa.CheckConstraint("other <> ''", { name: `ck ${hostile}` })],
        indexes: [new sa.Index(`ix ${hostile}`, 'other', { unique: true })],
      },
    );
    const added = await revision(new sa.MetaData(), model);
    expect(added.upgrade).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the name imitates a placeholder.
      "await op.createTable('x\\'); process.exit(1); // \\\\ \" ` ${\\'$\\'}{x} */ \\u2028 end', {",
    );
    // The database side: the same names as reflection reads them, in the downgrade.
    await model.createAll(engine);
    const dropped = renderRevisionBody(
      await engine.connect().then(async (conn) => {
        try {
          return await compareMetadata(conn, new sa.MetaData(), { includeObject: () => true });
        } finally {
          await conn.close();
        }
      }),
    );
    const literal = /await op\.dropTable\(('(?:[^'\\]|\\.)*')\);/.exec(dropped.upgrade)?.[1];
    expect(literal && (new Function(`return ${literal}`)() as string)).toBe(hostile);
    await typeCheckBodies('hostile', [added, dropped]);
  }, 60_000);

  test('the type check catches a body that does not fit the op API', async () => {
    const broken = { upgrade: "  await op.addColumn('users', 'age');", downgrade: '', imports: [] };
    await expect(typeCheckBodies('broken', [broken])).rejects.toThrow(/do not type-check/);
  }, 60_000);

  test('unnamed constraints SQLite cannot name become comments, not broken calls', () => {
    const diffs: SchemaDiff[] = [
      {
        kind: 'dropUniqueConstraint',
        constraint: { table: 'users', schema: null, name: null, columns: ['email'] },
      },
    ];
    expect(renderRevisionBody(diffs).upgrade).toBe(
      "  // 'users' has an unnamed unique constraint on ['email'] that the model does not: " +
        're-create the table without it (op.batchAlterTable).',
    );
    expect(renderRevisionBody(diffs).downgrade).toBe(
      "  await op.createUniqueConstraint('uq_users_email', 'users', ['email']);",
    );
  });

  test('an altered AUTO_INCREMENT column says so, so MySQL restates it both ways', () => {
    const id = {
      name: 'id',
      type: sa.toType(sa.Integer),
      nullable: false,
      primaryKey: true,
      serverDefault: null,
      comment: null,
    };
    const diffs: SchemaDiff[] = [
      {
        kind: 'alterColumn',
        ref: { table: 'users', schema: null },
        from: { ...id, autoincrement: true },
        to: { ...id, autoincrement: undefined, comment: 'the id' },
        changed: ['comment'],
      },
    ];
    const body = renderRevisionBody(diffs);
    expect(body.upgrade).toContain('    existingAutoincrement: true,');
    expect(body.downgrade).toContain('    existingAutoincrement: true,');
  });
});
