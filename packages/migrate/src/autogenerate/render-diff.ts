import {
  commentText,
  jsString,
  jsStrings,
  renderColumn,
  renderColumnType,
  renderServerDefault,
} from './render-values.js';
import type {
  ColumnAttribute,
  ColumnSpec,
  ForeignKeySpec,
  SchemaDiff,
  TableRef,
  TableSpec,
} from './schema-diff.js';

/** `, { schema: 'x' }` for a table outside the default schema, else nothing. */
function schemaArg(ref: TableRef): string {
  return ref.schema === null ? '' : `, { schema: ${jsString(ref.schema)} }`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : jsString(name);
}

/** `{ a: 1, b: 2 }`, or nothing when empty. */
function options(entries: readonly (string | null)[]): string {
  const present = entries.filter((entry): entry is string => entry !== null);
  return present.length === 0 ? '' : `, { ${present.join(', ')} }`;
}

function createTable(table: TableSpec): string[] {
  const keyColumns = table.primaryKey.columns;
  // A name the database made up itself (PostgreSQL's users_pkey) is not worth writing.
  const keyName =
    table.primaryKey.name !== null && table.primaryKey.name !== `${table.table}_pkey`
      ? table.primaryKey.name
      : null;
  const soleIntegerKey = keyColumns.length === 1;
  const lines = [`await op.createTable(${jsString(table.table)}, {`];
  for (const column of table.columns) {
    const spec: ColumnSpec = keyName === null ? column : { ...column, primaryKey: false };
    lines.push(`  ${key(column.name)}: ${renderColumn(spec, soleIntegerKey)},`);
  }
  const constraints: string[] = [];
  if (keyName !== null) {
    constraints.push(
      `new sa.PrimaryKeyConstraint(${keyColumns.map(jsString).join(', ')}, { name: ${jsString(keyName)} })`,
    );
  }
  for (const fk of table.foreignKeys) {
    const prefix = fk.referredSchema === null ? '' : `${fk.referredSchema}.`;
    const targets = fk.referredColumns.map((column) => `${prefix}${fk.referredTable}.${column}`);
    constraints.push(
      `new sa.ForeignKeyConstraint(${jsStrings(fk.columns)}, ${jsStrings(targets)}${options([
        fk.name === null ? null : `name: ${jsString(fk.name)}`,
        ...actions(fk),
      ])})`,
    );
  }
  for (const unique of table.uniqueConstraints) {
    const name = unique.name === null ? '' : `, { name: ${jsString(unique.name)} }`;
    constraints.push(`new sa.UniqueConstraint(${unique.columns.map(jsString).join(', ')}${name})`);
  }
  for (const check of table.checkConstraints) {
    const name = check.name === null ? '' : `, { name: ${jsString(check.name)} }`;
    constraints.push(`new sa.CheckConstraint(${jsString(check.sqltext)}${name})`);
  }
  const tableOptions = [
    table.schema === null ? null : `  schema: ${jsString(table.schema)},`,
    table.comment === null ? null : `  comment: ${jsString(table.comment)},`,
    constraints.length === 0
      ? null
      : ['  constraints: [', ...constraints.map((c) => `    ${c},`), '  ],'].join('\n'),
  ].filter((line): line is string => line !== null);
  if (tableOptions.length === 0) lines.push('});');
  else lines.push('}, {', ...tableOptions.flatMap((line) => line.split('\n')), '});');
  for (const index of table.indexes) lines.push(...render({ kind: 'createIndex', index }));
  return lines;
}

function actions(fk: ForeignKeySpec): (string | null)[] {
  return [
    fk.onDelete === null ? null : `onDelete: ${jsString(fk.onDelete)}`,
    fk.onUpdate === null ? null : `onUpdate: ${jsString(fk.onUpdate)}`,
  ];
}

const existingNames: Readonly<Record<ColumnAttribute, string>> = {
  type: 'existingType',
  nullable: 'existingNullable',
  serverDefault: 'existingServerDefault',
  comment: 'existingComment',
};

function attribute(column: ColumnSpec, name: ColumnAttribute): string {
  switch (name) {
    case 'type':
      return renderColumnType(column);
    case 'nullable':
      return String(column.nullable);
    case 'serverDefault':
      return renderServerDefault(column.serverDefault);
    case 'comment':
      return column.comment === null ? 'null' : jsString(column.comment);
  }
}

/**
 * The changes, then every `existing*` argument: what MySQL's MODIFY restates, and what the op
 * needs offline, where it cannot read the column from the database.
 */
function alterColumn(
  ref: TableRef,
  from: ColumnSpec,
  to: ColumnSpec,
  changed: readonly ColumnAttribute[],
): string[] {
  const all: ColumnAttribute[] = ['type', 'nullable', 'serverDefault', 'comment'];
  return [
    `await op.alterColumn(${jsString(ref.table)}, ${jsString(to.name)}, {`,
    ...changed.map((name) => `  ${name}: ${attribute(to, name)},`),
    ...all.map((name) => `  ${existingNames[name]}: ${attribute(from, name)},`),
    // Autogenerate does not change AUTO_INCREMENT, so either side says whether there is one.
    ...((from.autoincrement ?? to.autoincrement) === true
      ? ['  existingAutoincrement: true,']
      : []),
    `}${schemaArg(ref)});`,
  ];
}

function renameHint(ref: TableRef, added: string, dropped: readonly string[]): string[] {
  return dropped.flatMap((old) => [
    commentText(
      `// ${jsString(old)} is dropped from ${jsString(ref.table)} and ${jsString(added)} added, ` +
        'of the same type.',
    ),
    commentText(
      `// If that is a rename, replace this addColumn and the dropColumn of ${jsString(old)} with:`,
    ),
    commentText(
      `//   await op.alterColumn(${jsString(ref.table)}, ${jsString(old)}, { newName: ${jsString(added)} });`,
    ),
  ]);
}

/** The statements (and comments) of one diff, as the upgrade runs it. */
export function render(diff: SchemaDiff): string[] {
  switch (diff.kind) {
    case 'createTable':
      return createTable(diff.table);
    case 'dropTable':
      return [`await op.dropTable(${jsString(diff.table.table)}${schemaArg(diff.table)});`];
    case 'addColumn':
      return [
        ...renameHint(diff.ref, diff.column.name, diff.renameCandidates),
        `await op.addColumn(${jsString(diff.ref.table)}, ${jsString(diff.column.name)}, ${renderColumn(diff.column, false)}${schemaArg(diff.ref)});`,
      ];
    case 'dropColumn':
      return [
        `await op.dropColumn(${jsString(diff.ref.table)}, ${jsString(diff.column.name)}${schemaArg(diff.ref)});`,
      ];
    case 'alterColumn':
      return alterColumn(diff.ref, diff.from, diff.to, diff.changed);
    case 'changePrimaryKey':
      return [
        commentText(
          `// The primary key of ${jsString(diff.ref.table)} differs: the database has ` +
            `${jsStrings(diff.from.columns)}, the model ${jsStrings(diff.to.columns)}.`,
        ),
        '// Autogenerate does not change primary keys: write the steps here (op.dropConstraint',
        "// with { type: 'primary' } and op.execute; on SQLite, in op.batchAlterTable).",
      ];
    case 'createIndex': {
      const { index } = diff;
      return [
        `await op.createIndex(${jsString(index.name)}, ${jsString(index.table)}, ${jsStrings(index.columns)}${options(
          [
            index.unique ? 'unique: true' : null,
            index.schema === null ? null : `schema: ${jsString(index.schema)}`,
          ],
        )});`,
      ];
    }
    case 'dropIndex': {
      const { index } = diff;
      const schema = index.schema === null ? '' : `, schema: ${jsString(index.schema)}`;
      return [
        `await op.dropIndex(${jsString(index.name)}, { table: ${jsString(index.table)}${schema} });`,
      ];
    }
    case 'addUniqueConstraint': {
      const { constraint: uq } = diff;
      const name = uq.name ?? `uq_${uq.table}_${uq.columns.join('_')}`;
      return [
        `await op.createUniqueConstraint(${jsString(name)}, ${jsString(uq.table)}, ${jsStrings(uq.columns)}${schemaArg(uq)});`,
      ];
    }
    case 'addForeignKey': {
      const { foreignKey: fk } = diff;
      const name = fk.name ?? `fk_${fk.table}_${fk.columns.join('_')}_${fk.referredTable}`;
      return [
        `await op.createForeignKey(${jsString(name)}, ${jsString(fk.table)}, ${jsString(fk.referredTable)}, ${jsStrings(fk.columns)}, ${jsStrings(fk.referredColumns)}${options(
          [
            ...actions(fk),
            fk.schema === null ? null : `schema: ${jsString(fk.schema)}`,
            fk.referredSchema === null ? null : `referentSchema: ${jsString(fk.referredSchema)}`,
          ],
        )});`,
      ];
    }
    case 'addCheckConstraint': {
      const { constraint: ck } = diff;
      const name = ck.name ?? `ck_${ck.table}`;
      return [
        `await op.createCheckConstraint(${jsString(name)}, ${jsString(ck.table)}, ${jsString(ck.sqltext)}${schemaArg(ck)});`,
      ];
    }
    case 'dropUniqueConstraint':
      return dropConstraint(diff.constraint, 'unique', diff.constraint.columns);
    case 'dropForeignKey':
      return dropConstraint(diff.foreignKey, 'foreignkey', diff.foreignKey.columns);
    case 'dropCheckConstraint':
      return dropConstraint(diff.constraint, 'check', []);
  }
}

function dropConstraint(
  constraint: TableRef & { readonly name: string | null },
  type: 'unique' | 'foreignkey' | 'check',
  columns: readonly string[],
): string[] {
  if (constraint.name === null) {
    // SQLite keeps constraints declared without a name unnamed: nothing can name them to drop.
    return [
      commentText(
        `// ${jsString(constraint.table)} has an unnamed ${type} constraint on ${jsStrings(columns)} ` +
          'that the model does not: re-create the table without it (op.batchAlterTable).',
      ),
    ];
  }
  const schema = constraint.schema === null ? '' : `, schema: ${jsString(constraint.schema)}`;
  return [
    `await op.dropConstraint(${jsString(constraint.name)}, ${jsString(constraint.table)}, { type: '${type}'${schema} });`,
  ];
}
