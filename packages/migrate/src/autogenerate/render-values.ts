import type {
  BigIntegerType,
  DateTimeType,
  EnumType,
  NumericType,
  StringType,
  TypeDecorator,
  TypeEngine,
} from '@athanor/core';
import type { ColumnSpec, ServerDefaultSpec } from './schema-diff.js';

/**
 * A JavaScript string literal for any string, in single quotes: every quote, backslash, line
 * break and control character escaped, so a hostile name cannot end the string or the line.
 */
export function jsString(value: string): string {
  const escaped = JSON.stringify(value)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/'/g, "\\'")
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${escaped}'`;
}

/** A list of strings: `['a', 'b']`. */
export function jsStrings(values: readonly string[]): string {
  return `[${values.map(jsString).join(', ')}]`;
}

/** Text for a `//` comment: on one line, whatever the names in it hold. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}

/**
 * The type as core's factory call: `sa.Integer`, `sa.Varchar(50)`, `sa.Numeric(10, 2)`,
 * `sa.DateTime({ timezone: true })`, `sa.Enum(['a', 'b'], { name: 'ck_status' })`; with its
 * variants, `sa.Json().withVariant(sa.Text, 'sqlite')`.
 */
export function renderType(type: TypeEngine): string {
  const base = renderOwnType(type);
  const variants = Object.entries(type.variants ?? {});
  if (variants.length === 0) return base;
  // `sa.Integer` is the factory: called, to have a type to call withVariant on.
  const called = base.endsWith(')') ? base : `${base}()`;
  return variants.reduce(
    (sql, [name, variant]) => `${sql}.withVariant(${renderType(variant)}, ${jsString(name)})`,
    called,
  );
}

/**
 * A model column's type as a revision writes it. A custom type cannot be imported by name
 * reliably (the revision does not know the module it lives in, and it may change or go): it
 * is written as what it is stored as on the dialect, with a comment naming it. A decorator
 * becomes its impl's factory (`sa.Varchar(60) /* LowerCaseString *\/`); a user-defined type
 * a small class with its DDL.
 */
export function renderColumnType(column: ColumnSpec): string {
  const custom = column.customType;
  if (!custom) return renderType(column.type);
  const note = `/* ${commentText(custom.name).replace(/\*\//g, '* /')} */`;
  if (custom.stored.typeName === 'user_defined') {
    return `new (class extends sa.UserDefinedType { getColSpec() { return ${jsString(custom.ddl)}; } })() ${note}`;
  }
  return `${renderType(custom.stored)} ${note}`;
}

function renderOwnType(type: TypeEngine): string {
  switch (type.typeName) {
    case 'integer':
      return 'sa.Integer';
    case 'small_integer':
      return 'sa.SmallInteger';
    case 'big_integer':
      return (type as BigIntegerType<'bigint' | 'number'>).mode === 'number'
        ? "sa.BigInteger({ mode: 'number' })"
        : 'sa.BigInteger';
    case 'float':
      return 'sa.Float';
    case 'numeric': {
      const { precision, scale, asNumber } = type as NumericType<boolean>;
      const args = [precision, scale].map((n) => (n === undefined ? 'undefined' : String(n)));
      if (asNumber) return `sa.Numeric(${args.join(', ')}, { asNumber: true })`;
      if (precision === undefined) return 'sa.Numeric()';
      return scale === undefined ? `sa.Numeric(${precision})` : `sa.Numeric(${args.join(', ')})`;
    }
    case 'string': {
      const { length } = type as StringType;
      return length === undefined ? 'sa.Varchar()' : `sa.Varchar(${length})`;
    }
    case 'text':
      return 'sa.Text';
    case 'boolean':
      return 'sa.Bool';
    case 'date':
      return 'sa.DateOnly';
    case 'datetime':
      return (type as DateTimeType).timezone ? 'sa.DateTime({ timezone: true })' : 'sa.DateTime';
    case 'time':
      return 'sa.Time';
    case 'interval':
      return 'sa.Interval';
    case 'json':
      return 'sa.Json';
    case 'large_binary':
      return 'sa.LargeBinary';
    case 'uuid':
      return 'sa.Uuid';
    case 'enum': {
      const { values, name } = type as EnumType;
      const options = name === undefined ? '' : `, { name: ${jsString(name)} }`;
      return `sa.Enum(${jsStrings(values)}${options})`;
    }
    case 'null':
      // A type the database reported and Athanor does not know: the user must name it.
      return 'new sa.NullType()';
    case 'decorator':
      // Without a dialect (see renderColumnType): the impl it is declared with.
      return `${renderType((type as TypeDecorator).impl)} /* ${commentText(type.constructor.name)} */`;
    case 'user_defined':
      return `new sa.NullType() /* ${commentText(type.constructor.name)}: write its type here */`;
  }
}

/** A server default: the literal as written in the model, or SQL as `sa.text('...')`. */
export function renderServerDefault(spec: ServerDefaultSpec | null): string {
  if (spec === null) return 'null';
  if (spec.kind === 'sql') return `sa.text(${jsString(spec.sql)})`;
  if (typeof spec.value === 'string') return jsString(spec.value);
  return String(spec.value);
}

const integerTypes = new Set(['integer', 'small_integer', 'big_integer']);

/** `new sa.Column(sa.Integer, { nullable: true })`, with the options that differ from defaults. */
export function renderColumn(column: ColumnSpec, soleIntegerKey: boolean): string {
  const options: string[] = [];
  if (column.primaryKey) options.push('primaryKey: true');
  if (!column.primaryKey || column.nullable) options.push(`nullable: ${column.nullable}`);
  // Only when it differs from what the column works out itself (a lone integer key).
  const stored = column.customType?.stored ?? column.type;
  const automatic = soleIntegerKey && integerTypes.has(stored.typeName);
  if (column.autoincrement !== undefined && column.autoincrement !== automatic) {
    options.push(`autoincrement: ${column.autoincrement}`);
  }
  if (column.serverDefault !== null) {
    options.push(`serverDefault: ${renderServerDefault(column.serverDefault)}`);
  }
  if (column.comment !== null) options.push(`comment: ${jsString(column.comment)}`);
  return `new sa.Column(${renderColumnType(column)}, { ${options.join(', ')} })`;
}
