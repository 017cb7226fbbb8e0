import { AthanorError, createEngine } from '@athanor/core';
import { sessionmaker } from '@athanor/orm';
import { code, echo, heading, paint } from './output.js';
import { advancedConcepts } from './sections/advanced-concepts.js';
import { basicOperations } from './sections/basic-operations.js';
import { commonPitfalls } from './sections/common-pitfalls.js';
import { concepts } from './sections/concepts.js';
import { definingModels } from './sections/defining-models.js';
import { Base } from './sections/models.js';
import { queryExamples } from './sections/query-examples.js';
import { relationships } from './sections/relationships.js';
import type { Section } from './sections/section.js';
import { workingWithTables } from './sections/working-with-tables.js';

/**
 * The SQLAlchemy guide, section by section, in Athanor: an engine, a declarative model,
 * createAll, a session adding, querying, updating and deleting, relationships, transactions
 * and raw SQL.
 * Runs on SQLite in memory unless given another database:
 *
 *   pnpm playground
 *   pnpm playground --url postgresql://postgres@127.0.0.1:5432/test
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/test pnpm playground
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
];

function parseUrl(argv: readonly string[]): string {
  const index = argv.indexOf('--url');
  if (index >= 0) {
    const value = argv[index + 1];
    if (!value) throw new Error('--url needs a database URL after it');
    return value;
  }
  const inline = argv.find((arg) => arg.startsWith('--url='));
  return inline?.slice('--url='.length) ?? process.env.DATABASE_URL ?? 'sqlite://';
}

async function main(): Promise<void> {
  const engine = createEngine(parseUrl(process.argv.slice(2)), { echo: true, logger: echo });
  const Session = sessionmaker({ bind: engine });
  try {
    // A run that stopped half way may have left the playground's own tables behind.
    await Base.metadata.dropAll(engine);
    for (const section of sections) {
      heading(section.title);
      await section.run({ engine, Session });
    }
    heading('Dropping tables');
    code('await Base.metadata.dropAll(engine);');
    await Base.metadata.dropAll(engine);
    console.log(`\n${paint(32, 'Done.')}`);
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
