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
    expect(stdout).toContain('Frank in a new session: not found');
    expect(stdout).toContain('Done.');
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
