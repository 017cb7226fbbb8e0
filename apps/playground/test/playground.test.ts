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
    if (!isCode(before)) orphans.push(`${before}\n${line}`);
  });
  expect(orphans, 'SQL echoed with no code line shown before it').toEqual([]);

  const code = lines.filter(isCode).join('\n');
  const sql = lines.filter(isEcho).join('\n');
  const modelTables = [...code.matchAll(/Base\.model\('(\w+)'/g)].map((match) => match[1]);
  const createdTables = [...sql.matchAll(/CREATE TABLE [`"]?(\w+)/g)].map((match) => match[1]);
  expect(modelTables.sort()).toEqual(['playground_posts', 'playground_users']);
  expect(createdTables.sort()).toEqual(modelTables);
  for (const [, referenced] of code.matchAll(/foreignKey: '(\w+)\./g)) {
    expect(modelTables).toContain(referenced);
  }
  for (const [, table] of code.matchAll(/FROM (\w+)/g)) expect(modelTables).toContain(table);
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
    expect(stdout).toContain('Done.');
    expectAnHonestTranscript(stdout);
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
    const { status, stderr } = run('--section', '11');
    expect(status).toBe(1);
    expect(stderr).toContain('There is no section 11; the sections are 3, 4, 5, 6, 7, 8, 9, 10.');
  });

  it('exits non-zero with the translated error, password hidden, when the server is down', () => {
    const { status, stderr } = run('--url', 'postgresql://someone:hunter2@127.0.0.1:1/test');
    expect(status).toBe(1);
    expect(stderr).toContain('OperationalError');
    expect(stderr).toContain('postgresql://someone:***@127.0.0.1:1/test');
    expect(stderr).not.toContain('hunter2');
  });
});
