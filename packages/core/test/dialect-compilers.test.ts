import { describe, expect, it } from 'vitest';
import {
  DdlCompiler,
  DefaultDialect,
  type Driver,
  genericDialect,
  SqlCompiler,
  TypeCompiler,
} from '../src/dialect/index.js';
import { Column, CreateTable, cast, Integer, MetaData, select, Table, text } from '../src/index.js';

class SmallIntTypes extends TypeCompiler {
  override integer(): string {
    return 'SMALLINT';
  }
}

class MarkedDdl extends DdlCompiler {
  protected override tableOptions(): string {
    return ' -- made by MarkedDdl';
  }
}

/** A dialect that only compiles: its three compilers, each its own. */
class CompileOnlyDialect extends DefaultDialect {
  readonly name = 'compileonly';
  readonly driverName = 'none';
  readonly packageName = 'compile-only';

  protected override createDdlCompiler(sql: SqlCompiler, types: TypeCompiler): DdlCompiler {
    return new MarkedDdl(sql, types);
  }

  protected override createTypeCompiler(name: string): TypeCompiler {
    return new SmallIntTypes(name);
  }

  createDriver(): Driver {
    throw new Error('compile only');
  }
}

const things = new Table('things', new MetaData(), {
  id: new Column(Integer, { primaryKey: true }),
});

describe('a dialect holds its three compilers side by side', () => {
  it('makes each once and wires them: CAST through its type compiler, DDL through its DDL compiler', () => {
    const dialect = new CompileOnlyDialect();
    expect(dialect.compiler.typeCompiler).toBe(dialect.typeCompiler);
    expect(dialect.compiler.ddlCompiler).toBe(dialect.ddlCompiler);
    expect(dialect.ddlCompiler.sql).toBe(dialect.compiler);
    expect(dialect.ddlCompiler.types).toBe(dialect.typeCompiler);
    expect(select(cast(things.c.id, Integer)).compile(dialect).sql).toBe(
      'SELECT CAST(things.id AS SMALLINT) AS id FROM things',
    );
    expect(new CreateTable(things).compile(dialect).sql).toBe(
      'CREATE TABLE things (\n\tid SMALLINT NOT NULL,\n\tPRIMARY KEY (id)\n) -- made by MarkedDdl',
    );
  });

  it('a statement compiler made without them writes statements, and refuses CAST and DDL saying why', () => {
    const bare = new SqlCompiler();
    expect(bare.compileText(text('SELECT 1')).sql).toBe('SELECT 1');
    expect(() => bare.compileToSql(select(cast(things.c.id, Integer)))).toThrow(
      'This SQL compiler was made without a type compiler, so it cannot write a CAST',
    );
    expect(() => bare.compileToSql(new CreateTable(things))).toThrow(
      'This SQL compiler was made without a DDL compiler, so it cannot write DDL',
    );
  });
});

describe('statements print with the generic dialect', () => {
  it('String(stmt) is stmt.compile() with genericDialect', () => {
    const stmt = select(things.c.id).where(things.c.id.eq(1));
    expect(String(stmt)).toBe(stmt.compile(genericDialect).sql);
    expect(String(new CreateTable(things))).toBe(
      new CreateTable(things).compile(genericDialect).sql,
    );
  });
});
