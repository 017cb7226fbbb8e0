import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DefaultDialect,
  type Driver,
  SqlCompiler,
  TypeCompiler,
  TypeProcessors,
} from '../src/dialect/index.js';
import {
  ArgumentError,
  BigInteger,
  Column,
  CreateTable,
  Enum,
  Integer,
  type IntegerType,
  insert,
  Json,
  literal,
  MetaData,
  type StringType,
  select,
  Table,
  type TableInsert,
  type TableRow,
  Text,
  type TextType,
  TypeDecorator,
  type TypeDialect,
  typeKey,
  UserDefinedType,
  type ValueOf,
  Varchar,
} from '../src/index.js';

class LowerCaseString extends TypeDecorator<string, StringType> {
  override readonly cacheOk = true;
  constructor(readonly length?: number) {
    super(Varchar(length));
  }
  override processBindParam(value: string): string {
    return value.toLowerCase();
  }
}

class JsonText<T> extends TypeDecorator<T, TextType> {
  override readonly cacheOk = true;
  constructor() {
    super(Text);
  }
  override processBindParam(value: T): string {
    return JSON.stringify(value);
  }
  override processResultValue(value: string): T {
    return JSON.parse(value) as T;
  }
}

class CodedEnum<V extends string> extends TypeDecorator<V, IntegerType> {
  override readonly cacheOk = true;
  constructor(readonly values: readonly V[]) {
    super(Integer);
  }
  override processBindParam(value: V): number {
    return this.values.indexOf(value);
  }
  override processResultValue(value: number): V {
    return this.values[value] as V;
  }
}

/** JSON on PostgreSQL, JSON in a TEXT column elsewhere. */
class PortableJson extends TypeDecorator<unknown> {
  constructor() {
    super(Text);
  }
  override loadDialectImpl(dialect: TypeDialect) {
    return dialect.name === 'postgresql' ? Json() : this.impl;
  }
  override processBindParam(value: unknown, dialect: TypeDialect): unknown {
    return dialect.name === 'postgresql' ? value : JSON.stringify(value);
  }
}

class Point extends UserDefinedType<{ x: number; y: number }> {
  getColSpec(dialect: TypeDialect): string {
    return dialect.name === 'postgresql' ? 'POINT' : 'VARCHAR(40)';
  }
  override bindProcessor() {
    return (p: { x: number; y: number }) => `${p.x},${p.y}`;
  }
  override resultProcessor() {
    return (value: unknown) => {
      const [x, y] = String(value).split(',').map(Number);
      return { x: x as number, y: y as number };
    };
  }
}

const metadata = new MetaData();
const shape = {
  id: new Column(Integer, { primaryKey: true }),
  email: new Column(new LowerCaseString(50), { nullable: false }),
  doc: new Column(new JsonText<{ tags: string[] }>()),
  status: new Column(new CodedEnum(['draft', 'live'] as const)),
  at: new Column(new Point()),
};
const people = new Table('people', metadata, shape);

/** A dialect that only compiles, under the name given. */
class NamedDialect extends DefaultDialect {
  readonly driverName = 'none';
  readonly packageName = 'none';
  constructor(readonly name: string) {
    super();
  }
  createDriver(): Driver {
    throw new Error('compile only');
  }
}

const compilerFor = (name: string): SqlCompiler => new NamedDialect(name).compiler;

describe('custom types: value types', () => {
  it("a decorated column has the decorator's value type in rows, inserts and comparisons", () => {
    expectTypeOf<ValueOf<LowerCaseString>>().toEqualTypeOf<string>();
    expectTypeOf<ValueOf<CodedEnum<'a' | 'b'>>>().toEqualTypeOf<'a' | 'b'>();
    expectTypeOf<TableRow<typeof shape>>().toEqualTypeOf<{
      id: number;
      email: string;
      doc: { tags: string[] } | null;
      status: 'draft' | 'live' | null;
      at: { x: number; y: number } | null;
    }>();
    // An INSERT takes what it would for a built-in type of the same values.
    const builtIn = {
      id: new Column(Integer, { primaryKey: true }),
      email: new Column(Varchar(50), { nullable: false }),
      doc: new Column(Json<{ tags: string[] }>()),
      status: new Column(Enum(['draft', 'live'])),
    };
    type Insert = TableInsert<typeof shape>;
    type BuiltIn = TableInsert<typeof builtIn>;
    expectTypeOf<Insert['email']>().toEqualTypeOf<BuiltIn['email']>();
    expectTypeOf<NonNullable<Insert['status']>>().toEqualTypeOf<NonNullable<BuiltIn['status']>>();
    expectTypeOf<{ x: number; y: number }>().toMatchTypeOf<Insert['at']>();
    expectTypeOf<{ x: number }>().not.toMatchTypeOf<Insert['at']>();
    people.c.status.eq('live');
    people.c.status.in(['draft']);
    // @ts-expect-error: not one of the enum's values
    people.c.status.eq('gone');
    // @ts-expect-error: the decorator reads and binds strings
    people.c.email.eq(5);
  });

  it('withVariant keeps the value type it is called on', () => {
    const type = Integer().withVariant(BigInteger({ mode: 'number' }), 'postgresql');
    expectTypeOf(type).toEqualTypeOf<IntegerType>();
    expectTypeOf(new Column(type)).toEqualTypeOf<Column<IntegerType>>();
  });
});

describe('custom types: compiling and binding', () => {
  it('binds a value compared with a decorated column through the decorator', () => {
    const stmt = select(people.c.id).where(
      people.c.email.eq('Alice@Example.COM'),
      people.c.status.in(['live', 'draft']),
    );
    expect(stmt.compile().params).toEqual(['alice@example.com', 1, 0]);
    expect(stmt.compile({ literalBinds: true }).sql).toBe(
      "SELECT people.id FROM people WHERE people.email = 'alice@example.com' AND people.status IN (1, 0)",
    );
  });

  it("runs the decorator's bind, then the impl's (whose checks still apply)", () => {
    const params = insert(people)
      .values({ id: 1, email: 'A', doc: { tags: ['x'] } })
      .compile();
    expect(params.params).toEqual([1, 'a', '{"tags":["x"]}']);
    // The impl's bind processor refuses what the decorator gives it: -1 for an unknown value
    // is fine for Integer, so use a decorator whose output the impl refuses.
    class Broken extends TypeDecorator<string, IntegerType> {
      constructor() {
        super(Integer);
      }
      override processBindParam(value: string): string {
        return value;
      }
    }
    expect(() => select(literal('x', new Broken())).compile()).toThrow(ArgumentError);
  });

  it("reads through the impl's result processor, then the decorator's", () => {
    const processors = new TypeProcessors({}, { name: 'sqlite' });
    // Integer reads a string as a number first; the decorator then maps it.
    expect(processors.for(new CodedEnum(['a', 'b'])).result?.('1')).toBe('b');
    expect(processors.for(new JsonText()).result?.('{"a":1}')).toEqual({ a: 1 });
    // A decorator that converts nothing has the impl's processors.
    class Plain extends TypeDecorator<number, IntegerType> {
      constructor() {
        super(Integer);
      }
    }
    expect(processors.for(new Plain())).toEqual(processors.for(Integer()));
  });

  it('loadDialectImpl gives a different stored type, and conversions, per dialect', () => {
    const table = new Table('docs', new MetaData(), { doc: new Column(new PortableJson()) });
    expect(compilerFor('postgresql').compileToSql(new CreateTable(table)).sql).toContain(
      'doc JSON',
    );
    expect(compilerFor('sqlite').compileToSql(new CreateTable(table)).sql).toContain('doc TEXT');
    const value = { a: [1] };
    const pg = new TypeProcessors({}, { name: 'postgresql' }).for(new PortableJson());
    const lite = new TypeProcessors({}, { name: 'sqlite' }).for(new PortableJson());
    // Json's own bind writes the JSON on PostgreSQL; the decorator does it elsewhere.
    expect(pg.bind?.(value)).toBe('{"a":[1]}');
    expect(lite.bind?.(value)).toBe('{"a":[1]}');
  });

  it('withVariant: another type, DDL and conversions, on the named dialect only', () => {
    const type = Integer().withVariant(BigInteger({ mode: 'number' }), 'postgresql');
    const types = new TypeCompiler('postgresql');
    expect(types.process(type)).toBe('BIGINT');
    expect(new TypeCompiler('sqlite').process(type)).toBe('INTEGER');
    expect(new TypeProcessors({}, { name: 'postgresql' }).for(type).bind?.(2 ** 40)).toBe(2 ** 40);
    expect(() => new TypeProcessors({}, { name: 'sqlite' }).for(type).bind?.(2 ** 40)).toThrow(
      'Cannot bind 1099511627776 to an Integer column',
    );
    // The original is unchanged; the copy is still an IntegerType.
    expect(Integer().variants).toBeUndefined();
    expect(type.constructor.name).toBe('IntegerType');
    const decorated = new LowerCaseString(5).withVariant(Text(), 'sqlite');
    expect(new TypeCompiler('sqlite').process(decorated)).toBe('TEXT');
    expect(new TypeCompiler('postgresql').process(decorated)).toBe('VARCHAR(5)');
  });

  it('a UserDefinedType writes its own DDL and converts with its own processors', () => {
    expect(new TypeCompiler('postgresql').process(new Point())).toBe('POINT');
    expect(new TypeCompiler('sqlite').process(new Point())).toBe('VARCHAR(40)');
    const processors = new TypeProcessors().for(new Point());
    expect(processors.bind?.({ x: 1, y: 2 })).toBe('1,2');
    expect(processors.result?.('3,4')).toEqual({ x: 3, y: 4 });
    // What reaches the driver is checked as an untyped value is.
    class Raw extends UserDefinedType<unknown> {
      getColSpec(): string {
        return 'BLOB';
      }
    }
    expect(() => new TypeProcessors().for(new Raw()).bind?.(new Map())).toThrow(ArgumentError);
  });
});

describe('custom types: the compiled-statement cache', () => {
  it('keys a custom type by its class and its fields', () => {
    expect(typeKey(new LowerCaseString(10))).toBe(typeKey(new LowerCaseString(10)));
    expect(typeKey(new LowerCaseString(10))).not.toBe(typeKey(new LowerCaseString(20)));
    expect(typeKey(new CodedEnum(['a', 'b']))).not.toBe(typeKey(new CodedEnum(['b', 'a'])));
    // Two classes of the same name are two keys.
    const make = () =>
      class Same extends TypeDecorator<string, StringType> {
        constructor() {
          super(Varchar(5));
        }
      };
    const [A, B] = [make(), make()];
    expect(typeKey(new A())).not.toBe(typeKey(new B()));
    expect(typeKey(Integer().withVariant(BigInteger(), 'postgresql'))).not.toBe(typeKey(Integer()));
  });

  it('two decorators of different parameters do not share compiled SQL or processors', () => {
    const compiler = compilerFor('default');
    const run = (values: readonly string[]) =>
      compiler.compileToSql(select(literal('b', new CodedEnum(values)).cast(Integer))).params;
    expect(run(['a', 'b'])).toEqual([1]);
    expect(run(['b', 'a'])).toEqual([0]);
    const before = compiler.compilations;
    expect(run(['a', 'b'])).toEqual([1]);
    expect(compiler.compilations).toBe(before);
  });

  it('refuses a field it cannot key, and keys each instance apart with cacheOk = false', () => {
    class Mapped extends TypeDecorator<string, StringType> {
      override readonly cacheOk: boolean = true;
      constructor(readonly map: (value: string) => string) {
        super(Varchar(20));
      }
      override processBindParam(value: string): string {
        return this.map(value);
      }
    }
    expect(() => typeKey(new Mapped((v) => v))).toThrow("its field 'map' holds a function");
    class Unshared extends Mapped {
      override readonly cacheOk = false;
    }
    const upper = new Unshared((v) => v.toUpperCase());
    const lower = new Unshared((v) => v.toLowerCase());
    expect(typeKey(upper)).not.toBe(typeKey(lower));
    const compiler = new SqlCompiler();
    const run = (type: Unshared) => compiler.compileToSql(select(literal('Ab', type))).params;
    expect(run(upper)).toEqual(['AB']);
    expect(run(lower)).toEqual(['ab']);
  });

  it('a decorated enum gets the CHECK its impl would', () => {
    class Status extends TypeDecorator<'a' | 'b'> {
      constructor() {
        super(Enum(['a', 'b']));
      }
    }
    const table = new Table('s', new MetaData(), { s: new Column(new Status()) });
    expect(compilerFor('sqlite').compileToSql(new CreateTable(table)).sql).toContain(
      "CHECK (s IN ('a', 'b'))",
    );
  });
});

describe('custom types: keys by identity unless cacheOk = true', () => {
  it("a cacheKey() override never equals a built-in type's key", () => {
    class Shout extends TypeDecorator<string, StringType> {
      override readonly cacheOk = true;
      constructor(readonly length: number) {
        super(Varchar(length));
      }
      override cacheKey(): string {
        return `string(${this.length})`;
      }
      override processBindParam(value: string): string {
        return value.toUpperCase();
      }
    }
    expect(typeKey(new Shout(20))).not.toBe(typeKey(Varchar(20)));
    expect(typeKey(new Shout(20))).toBe(typeKey(new Shout(20)));
    const table = new Table('s', new MetaData(), {
      a: new Column(new Shout(20)),
      b: new Column(Varchar(20)),
    });
    const compiler = new SqlCompiler();
    expect(compiler.compileToSql(insert(table).values({ a: 'x', b: 'y' })).params).toEqual([
      'X',
      'y',
    ]);
    // A plain Varchar(20) keeps its own processors, not the decorator's.
    expect(compiler.compileToSql(insert(table).values({ b: 'plain' })).params).toEqual(['plain']);
  });

  it('without cacheOk = true, each instance is its own key (#private fields are not seen)', () => {
    class Prefix extends TypeDecorator<string, TextType> {
      readonly #prefix: string;
      constructor(prefix: string) {
        super(Text);
        this.#prefix = prefix;
      }
      override processBindParam(value: string): string {
        return this.#prefix + value;
      }
    }
    const a = new Prefix('A:');
    expect(typeKey(a)).not.toBe(typeKey(new Prefix('B:')));
    expect(typeKey(a)).toBe(typeKey(a));
    const compiler = new SqlCompiler();
    const run = (type: Prefix) => compiler.compileToSql(select(literal('v', type))).params;
    expect(run(a)).toEqual(['A:v']);
    expect(run(new Prefix('B:'))).toEqual(['B:v']);
    // The same instance is compiled once.
    const before = compiler.compilations;
    expect(run(a)).toEqual(['A:v']);
    expect(compiler.compilations).toBe(before);
    // A UserDefinedType the same.
    class Raw extends UserDefinedType<string> {
      getColSpec(): string {
        return 'TEXT';
      }
    }
    expect(typeKey(new Raw())).not.toBe(typeKey(new Raw()));
  });

  it('refuses a field that contains itself, and keys a field named constructor', () => {
    class Cyclic extends TypeDecorator<string, TextType> {
      override readonly cacheOk = true;
      readonly options: Record<string, unknown> = {};
      constructor() {
        super(Text);
        this.options.self = this.options;
      }
    }
    expect(() => typeKey(new Cyclic())).toThrow('contains itself');
    // A value shared by two fields is not a cycle.
    class Shared extends TypeDecorator<string, TextType> {
      override readonly cacheOk = true;
      readonly both: unknown;
      constructor() {
        super(Text);
        const inner = { a: 1 };
        this.both = [inner, inner];
      }
    }
    expect(typeKey(new Shared())).toBe(typeKey(new Shared()));
    class Named extends TypeDecorator<string, TextType> {
      override readonly cacheOk = true;
      constructor(name: string) {
        super(Text);
        Object.defineProperty(this, 'constructor', { value: name, enumerable: true });
      }
    }
    expect(typeKey(new Named('x'))).toBe(typeKey(new Named('x')));
    expect(typeKey(new Named('x'))).not.toBe(typeKey(new Named('y')));
  });

  it('a decorated integer primary key is autoincrement, as its impl would be', () => {
    class IntId extends TypeDecorator<number, IntegerType> {
      constructor() {
        super(Integer);
      }
    }
    class TextId extends TypeDecorator<string, TextType> {
      constructor() {
        super(Text);
      }
    }
    const metadata = new MetaData();
    const intsShape = { id: new Column(new IntId(), { primaryKey: true }) };
    const ints = new Table('ints', metadata, intsShape);
    const texts = new Table('texts', metadata, {
      id: new Column(new TextId(), { primaryKey: true }),
    });
    expect(ints.c.id.autoincrement).toBe(true);
    // And an INSERT may leave it out, in its TypeScript type too.
    const row: TableInsert<typeof intsShape> = {};
    expect(row).toEqual({});
    expect(texts.c.id.autoincrement).toBe(false);
  });
});
