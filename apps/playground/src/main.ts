import { AthanorError, createEngine } from '@athanor/core';
import { sessionmaker } from '@athanor/orm';
import { code, echo, heading, paint, say, setQuiet } from './output.js';
import { advancedConcepts } from './sections/advanced-concepts.js';
import { basicOperations } from './sections/basic-operations.js';
import { commonPitfalls } from './sections/common-pitfalls.js';
import { concepts } from './sections/concepts.js';
import { definingModels } from './sections/defining-models.js';
import { migrations } from './sections/migrations.js';
import { Base } from './sections/models.js';
import { queryExamples } from './sections/query-examples.js';
import { relationships } from './sections/relationships.js';
import type { Section } from './sections/section.js';
import { workingWithTables } from './sections/working-with-tables.js';

/**
 * The SQLAlchemy guide, section by section, in Athanor: an engine, a declarative model,
 * createAll, a session adding, querying, updating and deleting, relationships, transactions
 * and raw SQL; then migrations with @athanor/migrate.
 * Runs on SQLite in memory unless given another database:
 *
 *   pnpm playground
 *   pnpm playground --url postgresql://postgres@127.0.0.1:5432/test
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/test pnpm playground
 *   pnpm playground --section 7       (one section; the ones before it run quietly)
 *
 * Each step checks its result against what the guide says and exits non-zero if it differs.
 */

const sections: readonly Section[] = [
  concepts,
  definingModels,
  workingWithTables,
  basicOperations,
  relationships,
  queryExamples,
  advancedConcepts,
  commonPitfalls,
  migrations,
];

/** The value of `--name value` or `--name=value`, if given. */
function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index >= 0) {
    const value = argv[index + 1];
    if (!value || value.startsWith('--')) throw new Error(`--${name} needs a value after it`);
    return value;
  }
  return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** The guide's number of a section: `6` for '6. Basic operations'. */
const numberOf = (section: Section) => section.title.split('.')[0] as string;

/** The sections to show: all, or the one `--section N` names (the ones before it run quietly). */
function chosen(argv: readonly string[]): Section | null {
  const wanted = option(argv, 'section');
  if (wanted === undefined) return null;
  const section = sections.find((candidate) => numberOf(candidate) === wanted);
  if (!section) {
    throw new Error(
      `There is no section ${wanted}; the sections are ${sections.map(numberOf).join(', ')}.`,
    );
  }
  return section;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = chosen(argv);
  const url = option(argv, 'url') ?? process.env.DATABASE_URL ?? 'sqlite://';
  const engine = createEngine(url, { echo: true, logger: echo });
  const Session = sessionmaker({ bind: engine });
  try {
    // A run that stopped half way may have left the playground's own tables behind.
    setQuiet(true);
    await Base.metadata.dropAll(engine);
    setQuiet(false);
    say(
      `The SQLAlchemy guide in Athanor, section by section, numbered as the guide is (its sections 1 and 2,\n` +
        `the introduction and the installation, have no code), and a section 11 on the migrations its\n` +
        `pitfall 10.3 leaves to Alembic, on ${engine.url.renderAsString({ hidePassword: true })}.`,
    );
    for (const section of sections) {
      setQuiet(only !== null && section !== only);
      heading(section.title);
      await section.run({ engine, Session });
      if (section === only) break;
    }
    setQuiet(only !== null);
    heading('Dropping tables');
    code('await Base.metadata.dropAll(engine);');
    await Base.metadata.dropAll(engine);
    setQuiet(false);
    say(`\n${paint(32, 'Done.')}`);
  } finally {
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const kind = AthanorError.isInstance(error) ? error.name : 'Error';
  console.error(`\n${paint(31, `${kind}: ${message}`)}`);
  process.exitCode = 1;
});
