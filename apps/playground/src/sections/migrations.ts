import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  Column,
  type Engine,
  Integer,
  insert,
  inspect,
  MetaData,
  Table,
  Text,
  text,
  Varchar,
} from '@athanor/core';
import {
  current,
  defineConfig,
  downgrade,
  init,
  type ResolvedConfig,
  resolveConfig,
  revision,
  upgrade,
} from '@athanor/migrate';
import { check, code, say, withoutEcho } from '../output.js';
import type { Section } from './section.js';

/** The migrations' table and version table: prefixed, like the guide's tables, to spare yours. */
const notesName = 'playground_notes';
const versionTable = 'playground_version';

/**
 * Section 11, after the guide's pitfall 10.3 ("create_all doesn't alter existing tables: use
 * migrations"): the Alembic workflow with @athanor/migrate, through the functions behind the
 * `athanor` commands — init, revision --autogenerate, upgrade head, a model change, a second
 * revision, downgrade -1, downgrade base — in a project folder made in the system's temp folder.
 */
export const migrations: Section = {
  title: '11. Migrations (pitfall 10.3: createAll does not alter tables)',
  async run({ engine }) {
    // A run that stopped half way may have left these behind (and a version row no file has).
    await withoutEcho(() => leftovers().dropAll(engine));
    const dir = await mkdtemp(join(tmpdir(), 'athanor-playground-'));
    try {
      // The revision files import '@athanor/core', as in a project that has it installed.
      const modules = join(import.meta.dirname, '..', '..', 'node_modules');
      await symlink(modules, join(dir, 'node_modules'), 'junction');
      await walkthrough(engine, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await withoutEcho(() => leftovers().dropAll(engine));
    }
  },
};

/** The tables this section makes, to drop them before and after (dropAll skips missing ones). */
function leftovers(): MetaData {
  const metadata = new MetaData();
  new Table(notesName, metadata, { id: new Column(Integer, { primaryKey: true }) });
  new Table(versionTable, metadata, { version_num: new Column(Varchar(32), { primaryKey: true }) });
  return metadata;
}

async function walkthrough(engine: Engine, dir: string): Promise<void> {
  say('\n-- npx athanor init: a config file and migrations/versions/ in a new project folder');
  code(`await init(dir);`);
  await init(dir);
  showFile(await readFile(join(dir, 'athanor.config.ts'), 'utf8'));

  say('\n-- The model, and the settings of that file given in code (the CLI reads the file)');
  code(`const metadata = new MetaData();
const notes = new Table('${notesName}', metadata, {
  id: new Column(Integer, { primaryKey: true }),
  title: new Column(Varchar(100), { nullable: false }),
});
const config = resolveConfig(
  defineConfig({ url, metadata, migrations: './migrations', versionTable: '${versionTable}' }),
  { baseDir: dir },
);`);
  const metadata = new MetaData();
  const notes = new Table(notesName, metadata, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(Varchar(100), { nullable: false }),
  });
  const url = engine.url.renderAsString({ hidePassword: false });
  const config = resolveConfig(
    defineConfig({ url, metadata, migrations: './migrations', versionTable }),
    { baseDir: dir },
  );

  say('\n-- npx athanor revision --autogenerate -m "create notes"');
  const first = await autogenerate(engine, config, 'create notes');
  check(
    first.source.includes(`await op.createTable('${notesName}', {`) &&
      first.source.includes(`await op.dropTable('${notesName}');`),
    'the revision creates the table, and its downgrade drops it',
  );

  say('\n-- npx athanor upgrade head');
  code(`await upgrade(config, 'head', { engine, log: console.log });
await engine.execute(insert(notes).values({ title: 'Buy milk' }));`);
  await upgrade(config, 'head', { engine, log: say });
  await engine.execute(insert(notes).values({ title: 'Buy milk' }));
  check(
    (await withoutEcho(() => current(config, { engine }))).join() === first.id,
    `the database is at ${first.id} (npx athanor current)`,
  );

  say('\n-- The model gains a column; createAll would not add it to the table that exists');
  code(`const metadataV2 = new MetaData();
new Table('${notesName}', metadataV2, {
  id: new Column(Integer, { primaryKey: true }),
  title: new Column(Varchar(100), { nullable: false }),
  body: new Column(Text),
});`);
  const metadataV2 = new MetaData();
  new Table(notesName, metadataV2, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(Varchar(100), { nullable: false }),
    body: new Column(Text),
  });
  say('\n-- npx athanor revision --autogenerate -m "add body"');
  const second = await autogenerate(engine, { ...config, metadata: metadataV2 }, 'add body');
  check(
    second.source.includes(`await op.addColumn('${notesName}', 'body',`) &&
      second.source.includes(`await op.dropColumn('${notesName}', 'body');`) &&
      second.source.includes(`downRevision: string | readonly string[] | null = '${first.id}'`),
    'the revision adds the column after the first one, and its downgrade drops it',
  );

  say('\n-- npx athanor upgrade head, then downgrade -1');
  code(`await upgrade(config, 'head', { engine, log: console.log });`);
  await upgrade(config, 'head', { engine, log: say });
  check(
    (await withoutEcho(() => columnsAndTitles(engine))) === 'id,title,body: Buy milk',
    `${notesName} has the column body, and the row is still there`,
  );
  code(`await downgrade(config, '-1', { engine, log: console.log });`);
  await downgrade(config, '-1', { engine, log: say });
  check(
    (await withoutEcho(() => columnsAndTitles(engine))) === 'id,title: Buy milk' &&
      (await withoutEcho(() => current(config, { engine }))).join() === first.id,
    `back at ${first.id}: body is gone, the row is kept`,
  );

  say('\n-- npx athanor downgrade base: every revision undone');
  code(`await downgrade(config, 'base', { engine, log: console.log });`);
  await downgrade(config, 'base', { engine, log: say });
  const left = await withoutEcho(() => inspect(engine).hasTable(notesName));
  check(!left, `${notesName} is dropped`);
}

/** `revision({ autogenerate: true })`, shown with the file it writes. */
async function autogenerate(
  engine: Engine,
  config: ResolvedConfig,
  message: string,
): Promise<{ id: string; source: string }> {
  const model = message === 'add body' ? '{ ...config, metadata: metadataV2 }' : 'config';
  code(`// Compares the model with the database (its reflection queries are not echoed here)
const path = await revision(${model}, { message: '${message}', autogenerate: true, engine });`);
  const path = await withoutEcho(() => revision(config, { message, autogenerate: true, engine }));
  const source = await readFile(path, 'utf8');
  say(`migrations/versions/${basename(path)}:`);
  showFile(source);
  return { id: basename(path).split('_')[0] as string, source };
}

/** A file's text, marked off from the code shown and the SQL echoed. */
function showFile(source: string): void {
  say(source.trimEnd().replace(/^/gm, '» '));
}

/** `id,title: Buy milk`: the table's columns now, and its rows' titles. */
async function columnsAndTitles(engine: Engine): Promise<string> {
  const columns = await inspect(engine).getColumns(notesName);
  const rows = await engine.execute(text(`SELECT title FROM ${notesName} ORDER BY id`));
  return `${columns.map((column) => column.name).join()}: ${rows
    .all()
    .map((row) => row.title)
    .join()}`;
}
