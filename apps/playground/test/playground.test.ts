import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '..', 'dist', 'main.js');
const servers = [
  ['PostgreSQL', process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'],
  ['MariaDB', process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'],
] as const;

const root = join(import.meta.dirname, '..', '..', '..');

/** Runs the playground as `pnpm playground` does: from the repository root. */
function run(...args: string[]) {
  return spawnSync(process.execPath, [main, ...args], {
    cwd: root,
    encoding: 'utf8',
    // pnpm's shims put the workspace store on NODE_PATH; a user's shell does not have it.
    env: { ...process.env, NO_COLOR: '1', NODE_PATH: '' },
  });
}

/** The lines the walkthrough prints: code shown (indented two spaces), SQL echoed (`   │ `), the rest. */
const isEcho = (line: string) => line.startsWith('   │ ');
const isCode = (line: string) => line.startsWith('  ') && !isEcho(line);
const isProgress = (line: string) => /^Running (upgrade|downgrade) /.test(line);

/**
 * What a newcomer reading the transcript must be able to rely on, on every database:
 * - the first line says that the numbering is the SQLAlchemy guide's;
 * - every statement echoed was run by a line of code shown: each run of echoed SQL directly
 *   follows code (the playground's own checks run without echo), so no SQL follows a result,
 *   a heading or a check;
 * - the tables named in the code shown are the tables the SQL creates.
 */
function expectAnHonestTranscript(stdout: string): void {
  const lines = stdout.split('\n');
  expect(lines.find((line) => line.trim() !== '')).toMatch(
    /^The SQLAlchemy guide in Athanor, section by section, numbered as the guide is/,
  );

  const orphans: string[] = [];
  lines.forEach((line, index) => {
    if (!isEcho(line) || isEcho(lines[index - 1] ?? '')) return;
    const before = lines[index - 1] ?? '';
    // A migration run's progress line ("Running upgrade a -> b, msg") is printed by the code
    // shown, between the statements it sends.
    if (!isCode(before) && !isProgress(before)) orphans.push(`${before}\n${line}`);
  });
  expect(orphans, 'SQL echoed with no code line shown before it').toEqual([]);

  const code = lines.filter(isCode).join('\n');
  const sql = lines.filter(isEcho).join('\n');
  const modelTables = [
    ...code.matchAll(/(?:Base\.model\(|new Table\(|versionTable: )'(\w+)'/g),
  ].map((match) => match[1]);
  const createdTables = [...sql.matchAll(/CREATE TABLE [`"]?(\w+)/g)].map((match) => match[1]);
  expect([...new Set(modelTables)].sort()).toEqual([
    'playground_notes',
    'playground_posts',
    'playground_users',
    'playground_version',
  ]);
  expect(createdTables.sort()).toEqual([...new Set(modelTables)].sort());
  for (const [, referenced] of code.matchAll(/foreignKey: '(\w+)\./g)) {
    expect(modelTables).toContain(referenced);
  }
  for (const [, table] of code.matchAll(/FROM (\w+)/g)) expect(modelTables).toContain(table);
}

/**
 * Each code block shown (by its first line) and the statements echoed after it, by their first
 * words: `SELECT` for `SELECT playground_users.id, ...`, with `BEGIN (implicit)` and `CREATE TABLE`.
 */
function statementsByCode(stdout: string): [string, string][] {
  const lines = stdout.split('\n');
  const blocks: [string, string[]][] = [];
  lines.forEach((line, index) => {
    if (isCode(line) && !isCode(lines[index - 1] ?? '')) blocks.push([line.trim(), []]);
    const statement =
      isEcho(line) && /^(BEGIN \(implicit\)|CREATE TABLE|DROP TABLE|[A-Z]+)/.exec(line.slice(5));
    if (statement) blocks.at(-1)?.[1].push(statement[0]);
  });
  return blocks
    .filter(([, statements]) => statements.length > 0)
    .map(([first, statements]) => [first, statements.join(', ')]);
}

/**
 * Section 11 on any database: the revisions autogenerate wrote (shown as files), the runs, and
 * every check of the section passed (a failed check stops the run before 'Done.').
 */
function expectMigrations(stdout: string): void {
  expect(stdout).toContain('== 11. Migrations');
  expect(stdout).toContain("»   await op.createTable('playground_notes', {");
  expect(stdout).toContain(
    "»   await op.addColumn('playground_notes', 'body', new sa.Column(sa.Text, { nullable: true }));",
  );
  const runs = [...stdout.matchAll(/^Running (\w+) /gm)].map((match) => match[1]);
  expect(runs).toEqual(['upgrade', 'upgrade', 'downgrade', 'downgrade']);
  expect(stdout).toContain('✓ playground_notes has the column body, and the row is still there');
  expect(stdout).toMatch(/✓ back at [0-9a-f]{12}: body is gone, the row is kept/);
  expect(stdout).toContain('✓ playground_notes is dropped');
}

describe('playground', () => {
  it('runs the walkthrough on SQLite in memory by default', () => {
    const { status, stdout, stderr } = run();
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const section of [
      '3. Concepts',
      '4. Defining models',
      '6. Basic operations',
      '9. Advanced',
    ]) {
      expect(stdout).toContain(`== ${section}`);
    }
    expect(stdout).toContain("<User(name='Alice', age=25)>");
    expect(stdout).toMatch(/CREATE TABLE playground_users/);
    expect(stdout).toMatch(/UPDATE playground_users SET age = \? WHERE playground_users.id = \?/);
    expect(stdout).toMatch(/3 +\| Carol +\| 35/);
    expect(stdout).toMatch(/Bob +\| Hello, Again/);
    expect(stdout).toContain('✓ a session closed without commit() saved nothing');
    expectMigrations(stdout);
    expect(stdout).toContain('Done.');
    expectAnHonestTranscript(stdout);
    // Each code block and the statements it ran, and no others: a check of the playground's
    // own that echoed its SQL would add statements here (the second createAll's would end in a
    // BEGIN, SELECT, ROLLBACK of the hasTable check).
    expect(statementsByCode(stdout)).toEqual([
      [
        'await Base.metadata.createAll(engine);',
        'BEGIN, SELECT, SELECT, CREATE TABLE, CREATE TABLE, COMMIT',
      ],
      [
        'await Base.metadata.createAll(engine);  // again: the tables exist, nothing to do',
        'BEGIN, SELECT, SELECT, COMMIT',
      ],
      [
        "const newUser = new User({ name: 'Alice', age: 25 });",
        'BEGIN (implicit), INSERT, COMMIT, BEGIN (implicit), INSERT, COMMIT',
      ],
      [
        'const users = await session.query(User).orderBy(User.c.id).all();',
        'BEGIN (implicit), SELECT',
      ],
      ["const user = await session.query(User).filterBy({ name: 'Alice' }).first();", 'SELECT'],
      ['user.age = 30;', 'UPDATE, COMMIT'],
      [
        'session.delete(user);   // her posts (section 7) are looked up, to let go of them',
        'BEGIN (implicit), SELECT, DELETE, COMMIT',
      ],
      [
        "const bob = await session.query(User).filterBy({ name: 'Bob' }).one();",
        'BEGIN (implicit), SELECT, SELECT, INSERT, SELECT, SELECT, INSERT, COMMIT',
      ],
      ['{', 'BEGIN (implicit), SELECT, SELECT, ROLLBACK'],
      ['const all = await session.query(User).all();', 'BEGIN (implicit), SELECT, SELECT, SELECT'],
      ['// The same with select(), typed by what it selects:', 'SELECT, ROLLBACK'],
      [
        "session.add(new User({ name: 'Dave', age: 40 }));",
        'BEGIN (implicit), INSERT, SELECT, ROLLBACK, BEGIN (implicit), SELECT',
      ],
      [
        '// session.begin() commits when the function returns and rolls back if it throws:',
        'INSERT, COMMIT',
      ],
      [
        "const result = await engine.execute(text('SELECT * FROM playground_users ORDER BY id'));",
        'BEGIN, SELECT, COMMIT',
      ],
      ['{', 'BEGIN (implicit), INSERT, ROLLBACK'],
      // Section 11: each migration in its transaction, SQLite's foreign keys off around it
      // (PRAGMA), then a last transaction that finds nothing more to run.
      [
        "await upgrade(config, 'head', { engine, log: console.log });",
        'PRAGMA, PRAGMA, BEGIN, SELECT, CREATE TABLE, CREATE TABLE, INSERT, PRAGMA, COMMIT, PRAGMA, ' +
          'PRAGMA, PRAGMA, BEGIN, SELECT, SELECT, SELECT, COMMIT, PRAGMA, BEGIN, INSERT, COMMIT',
      ],
      [
        "await upgrade(config, 'head', { engine, log: console.log });",
        'PRAGMA, PRAGMA, BEGIN, SELECT, SELECT, SELECT, ALTER, UPDATE, PRAGMA, COMMIT, PRAGMA, ' +
          'PRAGMA, PRAGMA, BEGIN, SELECT, SELECT, SELECT, COMMIT, PRAGMA',
      ],
      [
        // dropColumn reads the table first: SQLite's own DROP COLUMN refuses a column in a key,
        // index or CHECK, which batch mode would re-create the table for.
        "await downgrade(config, '-1', { engine, log: console.log });",
        `PRAGMA, PRAGMA, BEGIN, SELECT, SELECT, SELECT, ${'SELECT, '.repeat(12)}ALTER, UPDATE, ` +
          'PRAGMA, COMMIT, PRAGMA, PRAGMA, PRAGMA, BEGIN, SELECT, SELECT, SELECT, COMMIT, PRAGMA',
      ],
      [
        "await downgrade(config, 'base', { engine, log: console.log });",
        'PRAGMA, PRAGMA, BEGIN, SELECT, SELECT, SELECT, DROP TABLE, DELETE, PRAGMA, COMMIT, ' +
          'PRAGMA, PRAGMA, PRAGMA, BEGIN, SELECT, SELECT, SELECT, COMMIT, PRAGMA',
      ],
      [
        'await Base.metadata.dropAll(engine);',
        'BEGIN, SELECT, SELECT, DROP TABLE, DROP TABLE, COMMIT',
      ],
    ]);
  });

  for (const [name, url] of servers) {
    it(`runs the walkthrough on ${name}`, ({ skip }) => {
      const { status, stdout, stderr } = run('--url', url);
      if (status !== 0 && /while connecting/.test(stderr) && process.env.CI !== 'true') {
        console.warn(`SKIPPING the playground on ${name}: cannot reach ${url}.`);
        skip(`${name} is not reachable at ${url}`);
      }
      expect(stderr).toBe('');
      expect(status).toBe(0);
      expect(stdout).toContain('Done.');
      expectAnHonestTranscript(stdout);
      expectMigrations(stdout);
    });
  }

  it('runs one section with --section, the ones before it quietly', () => {
    const { status, stdout, stderr } = run('--section', '7');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('== 7. Relationships ==');
    expect(stdout).not.toContain('== 6. Basic operations ==');
    expect(stdout).not.toContain('== 8.');
    expect(stdout).toMatch(/Bob +\| Hello, Again/);
    expect(stdout).toContain('Done.');
  });

  it('lists the sections when --section names none', () => {
    const { status, stderr } = run('--section', '12');
    expect(status).toBe(1);
    expect(stderr).toContain(
      'There is no section 12; the sections are 3, 4, 5, 6, 7, 8, 9, 10, 11.',
    );
  });

  it('exits non-zero with the translated error, password hidden, when the server is down', () => {
    const { status, stderr } = run('--url', 'postgresql://someone:hunter2@127.0.0.1:1/test');
    expect(status).toBe(1);
    expect(stderr).toContain('OperationalError');
    expect(stderr).toContain('postgresql://someone:***@127.0.0.1:1/test');
    expect(stderr).not.toContain('hunter2');
  });
});
