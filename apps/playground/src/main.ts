import { AthanorError, createEngine, type LogRecord, text } from '@athanor/core';
import { formatTable } from './print-table.js';

/**
 * The first walkthrough: an engine, a table made with raw SQL, rows inserted with bound
 * parameters, read back and printed. Runs on SQLite in memory unless given another database:
 *
 *   pnpm playground
 *   pnpm playground --url postgresql://postgres@127.0.0.1:5432/test
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/test pnpm playground
 */

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);

function heading(title: string): void {
  console.log(`\n${paint(1, `== ${title} ==`)}`);
}

function echo(record: LogRecord): void {
  console.log(paint(2, `   ${record.message}`));
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Unexpected result: ${what}`);
}

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
  const url = parseUrl(process.argv.slice(2));
  const table = 'playground_users';

  heading('1. Create an engine');
  const engine = createEngine(url, { echo: true, logger: echo });
  console.log(`createEngine(${JSON.stringify(String(engine.url))}, { echo: true })`);

  try {
    heading('2. Create a table with raw SQL');
    await engine.execute(text(`DROP TABLE IF EXISTS ${table}`));
    await engine.execute(
      text(
        `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, age INTEGER)`,
      ),
    );

    heading('3. Insert rows with bound parameters, in one transaction');
    await engine.begin(async (conn) => {
      await conn.execute(text(`INSERT INTO ${table} (id, name, age) VALUES (:id, :name, :age)`), [
        { id: 1, name: 'Alice', age: 25 },
        { id: 2, name: 'Bob', age: 30 },
        { id: 3, name: 'Carol', age: 35 },
      ]);
    });

    heading('4. Select and print');
    const result = await engine.execute(
      text(`SELECT id, name, age FROM ${table} WHERE age > :age ORDER BY id`),
      { age: 25 },
    );
    const rows = result.all();
    console.log(
      formatTable(
        result.keys(),
        rows.map((row) => [...row]),
      ),
    );
    check(rows.length === 2 && rows[0]?.name === 'Bob', 'two users older than 25, Bob first');

    heading('5. A transaction that rolls back');
    const conn = await engine.connect();
    await conn.execute(text(`DELETE FROM ${table}`));
    await conn.rollback();
    const count = (await conn.execute(text(`SELECT COUNT(*) FROM ${table}`))).scalar();
    await conn.close();
    console.log(`rows after the rolled-back DELETE: ${count}`);
    check(count === 3, 'the rollback kept all three rows');

    heading('6. Clean up');
    await engine.execute(text(`DROP TABLE ${table}`));
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
