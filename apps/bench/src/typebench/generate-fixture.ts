/**
 * Writes the type-check benchmark's source: `models` models with varied column types and
 * foreign keys, and `queries` functions over them in the shapes an application writes (ORM
 * selects of models and columns with where/join/orderBy, session.scalars/execute/get/scalar,
 * Core selects, the legacy Query). Every result is used through plain type annotations, so the
 * checker does the inference an editor does, without expectTypeOf's own instantiations.
 */

/** A column kind: how it is declared, its TS type, and a predicate it can take. */
interface ColumnKind {
  readonly declare: (nullable: boolean) => string;
  /** The attribute's TS type when NOT NULL. */
  readonly tsType: string;
  /** A predicate on the column expression `c`. */
  readonly predicate: (c: string) => string;
  /** A value for filterBy / the constructor, or null when the kind takes none there. */
  readonly literal: string;
}

const kinds: readonly ColumnKind[] = [
  {
    declare: (n) => `new Column(Integer${n ? '' : ', { nullable: false }'})`,
    tsType: 'number',
    predicate: (c) => `${c}.gt(3)`,
    literal: '3',
  },
  {
    declare: (n) => `new Column(Str(80)${n ? '' : ', { nullable: false }'})`,
    tsType: 'string',
    predicate: (c) => `${c}.like('a%')`,
    literal: "'a'",
  },
  {
    declare: (n) => `new Column(DateTime${n ? '' : ', { nullable: false }'})`,
    tsType: 'Date',
    predicate: (c) => `${c}.gt(new Date(0))`,
    literal: 'new Date(0)',
  },
  {
    declare: (n) => `new Column(Bool${n ? '' : ', { nullable: false }'})`,
    tsType: 'boolean',
    predicate: (c) => `${c}.eq(true)`,
    literal: 'true',
  },
  {
    declare: (n) => `new Column(Float${n ? '' : ', { nullable: false }'})`,
    tsType: 'number',
    predicate: (c) => `${c}.between(1, 2)`,
    literal: '1.5',
  },
  {
    declare: (n) => `new Column(Text${n ? '' : ', { nullable: false }'})`,
    tsType: 'string',
    predicate: (c) => `${c}.contains('x')`,
    literal: "'x'",
  },
  {
    declare: (n) =>
      `new Column(Enum(['draft', 'live', 'gone'])${n ? '' : ', { nullable: false }'})`,
    tsType: "'draft' | 'live' | 'gone'",
    predicate: (c) => `${c}.in(['draft', 'live'])`,
    literal: "'live'",
  },
  {
    declare: (n) => `new Column(SmallInteger${n ? '' : ', { nullable: false }'})`,
    tsType: 'number',
    predicate: (c) => `${c}.le(7)`,
    literal: '7',
  },
  {
    declare: (n) => `new Column(BigInteger({ mode: 'number' })${n ? '' : ', { nullable: false }'})`,
    tsType: 'number',
    predicate: (c) => `${c}.ne(0)`,
    literal: '0',
  },
  {
    declare: (n) => `new Column(Uuid${n ? '' : ', { nullable: false }'})`,
    tsType: 'string',
    predicate: (c) => `${c}.isNotNull()`,
    literal: "'00000000-0000-0000-0000-000000000000'",
  },
];

interface ModelColumn {
  readonly key: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

interface ModelSpec {
  readonly name: string;
  readonly table: string;
  readonly columns: readonly ModelColumn[];
  /** The model its `parentId` refers to, if any. */
  readonly parent: number | null;
}

function tsTypeOf(column: ModelColumn): string {
  return column.nullable ? `${column.kind.tsType} | null` : column.kind.tsType;
}

function modelSpecs(count: number): ModelSpec[] {
  const specs: ModelSpec[] = [];
  for (let m = 0; m < count; m++) {
    const columns: ModelColumn[] = [];
    const width = 4 + (m % 9);
    for (let k = 0; k < width; k++) {
      const kind = kinds[(m + k * 3) % kinds.length] as ColumnKind;
      columns.push({ key: `col${k}`, kind, nullable: (m + k) % 3 === 0 });
    }
    specs.push({
      name: `Model${m}`,
      table: `tb_model_${m}`,
      columns,
      parent: m === 0 ? null : Math.floor((m - 1) / 2),
    });
  }
  return specs;
}

function modelSource(spec: ModelSpec, specs: readonly ModelSpec[]): string {
  const lines = [`export class ${spec.name} extends Base.model('${spec.table}', {`];
  lines.push('  id: new Column(Integer, { primaryKey: true }),');
  if (spec.parent !== null) {
    lines.push(
      `  parentId: new Column(Integer, { name: 'parent_id', foreignKey: 'tb_model_${spec.parent}.id', nullable: false }),`,
    );
  }
  for (const column of spec.columns)
    lines.push(`  ${column.key}: ${column.kind.declare(column.nullable)},`);
  // Relationships both ways along each parentId: the child's `parent`, the parent's list of
  // each child model; typed on declared fields, mapped in static blocks, in circles.
  const children = specs.filter((other) => other.parent === specs.indexOf(spec));
  const fields: string[] = [];
  const mappings: string[] = [];
  if (spec.parent !== null) {
    const parent = specs[spec.parent] as ModelSpec;
    fields.push(`  declare parent: ${parent.name};`);
    mappings.push(
      `    this.relationship('parent', () => ${parent.name}, { backPopulates: '${listOf(spec)}' });`,
    );
  }
  for (const child of children) {
    fields.push(`  declare ${listOf(child)}: ${child.name}[];`);
    mappings.push(
      `    this.relationship('${listOf(child)}', () => ${child.name}, { backPopulates: 'parent' });`,
    );
  }
  if (fields.length === 0) {
    lines.push('}) {}');
  } else {
    lines.push('}) {', ...fields, '  static {', ...mappings, '  }', '}');
  }
  return lines.join('\n');
}

/** The name of a parent's list of a child model's objects. */
function listOf(child: ModelSpec): string {
  return `${child.name.charAt(0).toLowerCase()}${child.name.slice(1)}List`;
}

/** Picks a column of a model, by a number, cycling. */
function pick(spec: ModelSpec, n: number): ModelColumn {
  return spec.columns[n % spec.columns.length] as ModelColumn;
}

function querySource(q: number, specs: readonly ModelSpec[]): string {
  const spec = specs[(q * 7) % specs.length] as ModelSpec;
  const M = spec.name;
  const a = pick(spec, q);
  const b = pick(spec, q + 1);
  const parent = spec.parent === null ? null : (specs[spec.parent] as ModelSpec);
  const head = `export async function query${q}(session: Session): Promise<number> {`;
  const body: string[] = [];
  // The root model has no parent to join: it gets a select of columns instead.
  const shape = q % 8 === 1 && !parent ? 2 : q % 8;
  switch (shape) {
    case 0:
      body.push(
        `  const rows: ${M}[] = (`,
        `    await session.scalars(`,
        `      select(${M}).where(${a.kind.predicate(`${M}.c.${a.key}`)}, ${b.kind.predicate(`${M}.c.${b.key}`)}).orderBy(${M}.c.id.desc()).limit(10)${parent ? `.options(selectinload(${M}.rel('parent')))` : ''},`,
        '    )',
        '  ).all();',
        `  const value: ${tsTypeOf(a)} | undefined = rows[0]?.${a.key};`,
        ...(parent ? [`  const parentId: number | undefined = rows[0]?.parent.id;`] : []),
        '  return rows.length + (value === undefined ? 0 : 1);',
      );
      break;
    case 1: {
      const P = (parent as ModelSpec).name;
      const p = pick(parent as ModelSpec, q);
      body.push(
        '  const rows = (',
        '    await session.execute(',
        `      select(${M}, ${P}.c.${p.key}).join(${P}, ${M}.c.parentId.eq(${P}.c.id)).where(${a.kind.predicate(`${M}.c.${a.key}`)}).orderBy(${P}.c.id),`,
        '    )',
        '  ).all();',
        '  const row = rows[0];',
        '  if (!row) return 0;',
        `  const model: ${M} = row[0];`,
        `  const joined: ${tsTypeOf(p)} = row[1];`,
        `  const own: ${tsTypeOf(a)} = model.${a.key};`,
        '  return rows.length + (joined === null || own === null ? 0 : 1);',
      );
      break;
    }
    case 2:
      body.push(
        '  const rows = (',
        `    await session.execute(select(${M}.c.id, ${M}.c.${a.key}).where(${b.kind.predicate(`${M}.c.${b.key}`)}).orderBy(${M}.c.${a.key}))`,
        '  ).all();',
        '  const first = rows[0];',
        '  if (!first) return 0;',
        '  const id: number = first[0];',
        `  const value: ${tsTypeOf(a)} = first[1];`,
        '  return id + (value === null ? 0 : 1);',
      );
      break;
    case 3: {
      const filterable = spec.columns.find((c) => !c.nullable) ?? a;
      body.push(
        `  const found: ${M}[] = await session`,
        `    .query(${M})`,
        `    .filterBy({ ${filterable.key}: ${filterable.kind.literal} })`,
        `    .filter(${b.kind.predicate(`${M}.c.${b.key}`)})`,
        `    .orderBy(${M}.c.id)`,
        '    .limit(5)',
        '    .all();',
        `  const one: ${M} | null = await session.query(${M}).filterBy({ id: 1 }).first();`,
        `  const value: ${tsTypeOf(filterable)} | undefined = one?.${filterable.key};`,
        '  return found.length + (value === undefined ? 0 : 1);',
      );
      break;
    }
    case 4:
      body.push(
        `  const model: ${M} | null = await session.get(${M}, ${q});`,
        '  if (!model) return 0;',
        `  model.${a.key} = ${a.kind.literal};`,
        `  const value: ${tsTypeOf(b)} = model.${b.key};`,
        `  session.add(new ${M}({ ${a.key}: ${a.kind.literal} }));`,
        '  return value === null ? 0 : 1;',
      );
      break;
    case 5:
      body.push(
        `  const count: number | null = await session.scalar(`,
        `    select(func.count()).selectFrom(${M}).where(${a.kind.predicate(`${M}.c.${a.key}`)}),`,
        '  );',
        `  const models: ${M}[] = (await session.scalars(select(${M}).where(${M}.c.id.in([1, 2, 3])))).all();`,
        '  return (count ?? 0) + models.length;',
      );
      break;
    case 6:
      body.push(
        '  const rows = (',
        `    await session.execute(coreSelect(${M}.c.id, ${M}.c.${a.key}, ${M}.c.${b.key}).where(${a.kind.predicate(`${M}.c.${a.key}`)}).limit(3))`,
        '  ).all();',
        '  const row = rows[0];',
        '  if (!row) return 0;',
        `  const first: ${tsTypeOf(a)} = row.${a.key};`,
        `  const second: ${tsTypeOf(b)} = row.${b.key};`,
        '  return row.id + (first === null || second === null ? 0 : 1);',
      );
      break;
    default: {
      const grand = parent && parent.parent !== null ? (specs[parent.parent] as ModelSpec) : null;
      if (parent && grand) {
        const g = pick(grand, q);
        body.push(
          '  const rows = (',
          '    await session.execute(',
          `      select(${M}, ${parent.name}.c.id, ${grand.name}.c.${g.key})`,
          `        .join(${parent.name}, ${M}.c.parentId.eq(${parent.name}.c.id))`,
          `        .join(${grand.name}, ${parent.name}.c.parentId.eq(${grand.name}.c.id))`,
          `        .where(${a.kind.predicate(`${M}.c.${a.key}`)}, ${g.kind.predicate(`${grand.name}.c.${g.key}`)})`,
          `        .orderBy(${grand.name}.c.id, ${M}.c.id.desc())`,
          '        .limit(20),',
          '    )',
          '  ).all();',
          '  const row = rows[0];',
          '  if (!row) return 0;',
          `  const model: ${M} = row[0];`,
          '  const parentId: number = row[1];',
          `  const value: ${tsTypeOf(g)} = row[2];`,
          '  return model.id + parentId + (value === null ? 0 : 1);',
        );
      } else {
        body.push(
          `  const models: ${M}[] = await session.query(${M}).orderBy(${M}.c.id).all();`,
          '  return models.length;',
        );
      }
    }
  }
  return [head, ...body, '}'].join('\n');
}

/** The whole fixture: one module, as an application's models and data access might be. */
export function generateFixture(options: { models: number; queries: number }): string {
  const specs = modelSpecs(options.models);
  const parts = [
    '// Generated by apps/bench/src/typebench/generate-fixture.ts: do not edit.',
    'import {',
    '  BigInteger,',
    '  Boolean as Bool,',
    '  Column,',
    '  DateTime,',
    '  Enum,',
    '  Float,',
    '  func,',
    '  Integer,',
    '  select as coreSelect,',
    '  SmallInteger,',
    '  String as Str,',
    '  Text,',
    '  Uuid,',
    "} from '@athanor/core';",
    "import { declarativeBase, type Session, select, selectinload } from '@athanor/orm';",
    '',
    'export const Base = declarativeBase();',
    '',
    ...specs.map((spec) => modelSource(spec, specs)),
    '',
  ];
  for (let q = 0; q < options.queries; q++) parts.push(querySource(q, specs), '');
  return parts.join('\n');
}
