import * as sa from '@athanor/core';
import { sqliteDialect } from '@athanor/sqlite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  compareMetadata,
  type MigrationContext,
  Operations,
  type RevisionBody,
  renderRevisionBody,
} from '../src/index.js';
import { typeCheckBodies } from './autogenerate-typecheck.js';

class LowerCaseString extends sa.TypeDecorator<string, sa.StringType> {
  constructor(readonly length: number) {
    super(sa.Varchar(length));
  }
  override processBindParam(value: string): string {
    return value.toLowerCase();
  }
}

/** JSON on PostgreSQL, a TEXT column elsewhere. */
class PortableJson extends sa.TypeDecorator<unknown> {
  constructor() {
    super(sa.Text);
  }
  override loadDialectImpl(dialect: sa.TypeDialect): sa.TypeEngine {
    return dialect.name === 'postgresql' ? sa.Json() : sa.Varchar(200);
  }
}

class Point extends sa.UserDefinedType<string> {
  getColSpec(): string {
    return 'VARCHAR(60)';
  }
}

const model = (extra: Record<string, sa.Column> = {}) => {
  const metadata = new sa.MetaData();
  new sa.Table('things', metadata, {
    id: new sa.Column(sa.Integer, { primaryKey: true }),
    email: new sa.Column(new LowerCaseString(60)),
    doc: new sa.Column(new PortableJson()),
    at: new sa.Column(new Point()),
    n: new sa.Column(sa.Integer().withVariant(sa.BigInteger(), 'postgresql')),
    ...extra,
  });
  return metadata;
};

describe('autogenerate with custom types', () => {
  let engine: sa.Engine;
  beforeEach(() => {
    engine = sa.createEngine('sqlite://', { dialect: sqliteDialect });
  });
  afterEach(() => engine.dispose());

  async function diff(database: sa.MetaData, target: sa.MetaData) {
    await database.createAll(engine);
    const conn = await engine.connect();
    try {
      return await compareMetadata(conn, target);
    } finally {
      await conn.close();
    }
  }

  /** Runs a rendered upgrade (it is plain JavaScript too) with the real op API. */
  async function runUpgrade(body: RevisionBody): Promise<void> {
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (op: Operations, saModule: typeof sa) => Promise<void>;
    const upgrade = new AsyncFunction('op', 'sa', body.upgrade);
    await engine.begin(async (connection) => {
      const context: MigrationContext = {
        dialect: connection.dialect,
        mode: 'online',
        connection,
        emit: async (statement) => {
          await connection.execute(statement as sa.Executable);
        },
      };
      await upgrade(new Operations(context), sa);
    });
  }

  test('a database made from the model has no drift: custom types compare as stored', async () => {
    expect(await diff(model(), model())).toEqual([]);
  });

  test('added custom columns render as their stored types, named in comments, and run', async () => {
    const body = renderRevisionBody(
      await diff(
        model(),
        model({
          email2: new sa.Column(new LowerCaseString(30)),
          doc2: new sa.Column(new PortableJson()),
          at2: new sa.Column(new Point()),
          n2: new sa.Column(sa.Integer().withVariant(sa.BigInteger(), 'postgresql')),
        }),
      ),
    );
    const lines = body.upgrade.split('\n');
    expect(lines).toContain(
      "  await op.addColumn('things', 'email2', new sa.Column(sa.Varchar(30) /* LowerCaseString */, { nullable: true }));",
    );
    // The impl chosen for this dialect by loadDialectImpl.
    expect(lines).toContain(
      "  await op.addColumn('things', 'doc2', new sa.Column(sa.Varchar(200) /* PortableJson */, { nullable: true }));",
    );
    expect(lines).toContain(
      "  await op.addColumn('things', 'at2', new sa.Column(new (class extends sa.UserDefinedType { getColSpec() { return 'VARCHAR(60)'; } })() /* Point */, { nullable: true }));",
    );
    expect(lines).toContain(
      "  await op.addColumn('things', 'n2', new sa.Column(sa.Integer().withVariant(sa.BigInteger, 'postgresql'), { nullable: true }));",
    );
    await typeCheckBodies('custom-types', [body]);
    await runUpgrade(body);
    // The database now matches the model: nothing more to do.
    const conn = await engine.connect();
    try {
      const after = await compareMetadata(
        conn,
        model({
          email2: new sa.Column(new LowerCaseString(30)),
          doc2: new sa.Column(new PortableJson()),
          at2: new sa.Column(new Point()),
          n2: new sa.Column(sa.Integer().withVariant(sa.BigInteger(), 'postgresql')),
        }),
      );
      expect(after).toEqual([]);
    } finally {
      await conn.close();
    }
  }, 60_000);

  test('a changed decorator parameter is a type change of its impl', async () => {
    const before = new sa.MetaData();
    new sa.Table('t', before, {
      id: new sa.Column(sa.Integer, { primaryKey: true }),
      email: new sa.Column(new LowerCaseString(30)),
    });
    const after = new sa.MetaData();
    new sa.Table('t', after, {
      id: new sa.Column(sa.Integer, { primaryKey: true }),
      email: new sa.Column(new LowerCaseString(80)),
    });
    const body = renderRevisionBody(await diff(before, after));
    expect(body.upgrade).toContain('type: sa.Varchar(80) /* LowerCaseString */');
    expect(body.upgrade).toContain('existingType: sa.Varchar(30)');
  });
});
