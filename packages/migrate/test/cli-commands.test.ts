import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CliProject } from './support/cli-project.js';

/** A revision in TypeScript that Node 20 cannot run as written: types, an enum. */
const createAccounts = `import type { Operations } from '@athanor/migrate';
import * as sa from '@athanor/core';

enum Width { Name = 50 }
export const revision: string = 'aaaaaaaaaaaa';
export const downRevision: string | null = null;
export const message = 'create accounts';

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable('accounts', {
    id: new sa.Column(sa.Integer, { primaryKey: true }),
    name: new sa.Column(sa.String(Width.Name)),
  });
  await op.execute("INSERT INTO accounts (id, name) VALUES (1, 'Ada')");
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable('accounts');
}
`;

describe('the athanor CLI (node dist/cli/main.js in a temp project)', () => {
  const projects: CliProject[] = [];
  const project = () => {
    const made = new CliProject();
    projects.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of projects.splice(0)) made.remove();
  });

  test('--help lists the commands; each command has its own help', async () => {
    const cli = project();
    const main = await cli.athanor(['--help']);
    expect(main.code).toBe(0);
    for (const name of [
      'init',
      'revision',
      'upgrade',
      'downgrade',
      'current',
      'history',
      'heads',
      'branches',
      'merge',
      'stamp',
      'check',
    ]) {
      expect(main.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    const upgrade = await cli.athanor(['upgrade', '--help']);
    expect(upgrade.stdout).toContain('Usage: athanor upgrade [TARGET] [--sql]');
    expect(upgrade.stdout).toContain('--sql');
    // Not a terminal: no colour codes.
    expect(main.stdout).not.toContain('\u001b[');
  });

  test('a bad command or option is one error line with a hint, and exit code 1', async () => {
    const cli = project();
    const unknown = await cli.athanor(['upgarde']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      "error: Unknown command 'upgarde'. The commands are init, revision, upgrade, downgrade, current, history, heads, branches, merge, stamp, check (athanor --help).\n",
    );
    const option = await cli.athanor(['upgrade', '--sqll']);
    expect(option.code).toBe(1);
    expect(option.stderr).toBe(
      "error: upgrade: Unknown option '--sqll'. Run athanor upgrade --help for its options.\n",
    );
    const noConfig = await cli.athanor(['current']);
    expect(noConfig.code).toBe(1);
    expect(noConfig.stderr).toMatch(
      /^error: No athanor\.config\.ts .* Run athanor init to create one/,
    );
  });

  test('init, revision, upgrade, current, history, downgrade on a SQLite file', async () => {
    const cli = project();
    const init = await cli.athanor(['init', '--url', 'sqlite:///app.db']);
    expect(init.code).toBe(0);
    expect(readFileSync(join(cli.dir, 'athanor.config.ts'), 'utf8')).toContain(
      "url: 'sqlite:///app.db'",
    );
    expect(existsSync(join(cli.dir, 'migrations', 'versions'))).toBe(true);

    const first = await cli.athanor([
      'revision',
      '-m',
      'create accounts',
      '--rev-id',
      'aaaaaaaaaaaa',
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('aaaaaaaaaaaa_create_accounts.ts');
    cli.write('migrations/versions/aaaaaaaaaaaa_create_accounts.ts', createAccounts);
    const second = await cli.athanor(['revision', '-m', 'Add: nothing yet!']);
    expect(second.code).toBe(0);
    const files = readdirSync(join(cli.dir, 'migrations', 'versions')).filter((name) =>
      name.endsWith('.ts'),
    );
    const secondFile = files.find((name) => name.endsWith('_add_nothing_yet.ts')) as string;
    expect(secondFile).toMatch(/^[0-9a-f]{12}_add_nothing_yet\.ts$/);
    const secondId = secondFile.slice(0, 12);
    expect(readFileSync(join(cli.dir, 'migrations', 'versions', secondFile), 'utf8')).toContain(
      "export const downRevision: string | readonly string[] | null = 'aaaaaaaaaaaa';",
    );

    const upgrade = await cli.athanor(['upgrade']);
    expect(upgrade).toMatchObject({ code: 0, stdout: '' });
    expect(upgrade.stderr).toContain('Running upgrade  -> aaaaaaaaaaaa, create accounts');
    expect(upgrade.stderr).toContain(
      `Running upgrade aaaaaaaaaaaa -> ${secondId}, Add: nothing yet!`,
    );
    expect((await cli.athanor(['current'])).stdout).toBe(`${secondId}\n`);
    const history = await cli.athanor(['history']);
    expect(history.stdout).toBe(
      `aaaaaaaaaaaa -> ${secondId}, Add: nothing yet!\n<base> -> aaaaaaaaaaaa, create accounts\n`,
    );

    expect((await cli.athanor(['downgrade', '-1'])).code).toBe(0);
    expect((await cli.athanor(['current'])).stdout).toBe('aaaaaaaaaaaa\n');
    expect((await cli.athanor(['downgrade', 'base'])).code).toBe(0);
    expect((await cli.athanor(['current'])).stdout).toBe('base (no revision applied)\n');
  });

  test('upgrade --sql prints the script without connecting; DATABASE_URL and --url override', async () => {
    const cli = project();
    await cli.athanor(['init', '--url', 'sqlite:///app.db']);
    cli.write('migrations/versions/aaaaaaaaaaaa_create_accounts.ts', createAccounts);
    // A URL no database could open: offline never connects.
    const offline = await cli.athanor(['upgrade', '--sql', '--url', 'sqlite:////no/such/dir/x.db']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('CREATE TABLE accounts (');
    expect(offline.stdout).toContain(
      "INSERT INTO athanor_version (version_num) VALUES ('aaaaaaaaaaaa');",
    );
    expect(offline.stdout.startsWith('BEGIN;\n')).toBe(true);
    expect(existsSync(join(cli.dir, 'app.db'))).toBe(false);

    const env = { DATABASE_URL: 'sqlite:///from-env.db' };
    expect((await cli.athanor(['upgrade'], env)).code).toBe(0);
    expect(existsSync(join(cli.dir, 'from-env.db'))).toBe(true);
    expect(existsSync(join(cli.dir, 'app.db'))).toBe(false);
    expect((await cli.athanor(['current'], env)).stdout).toBe('aaaaaaaaaaaa\n');
    const flag = await cli.athanor(['current', '--url', 'sqlite:///app.db'], env);
    expect(flag.stdout).toBe('base (no revision applied)\n');
  });

  test('a failing migration exits 1 naming the revision', async () => {
    const cli = project();
    await cli.athanor(['init', '--url', 'sqlite:///app.db']);
    cli.write(
      'migrations/versions/bbbbbbbbbbbb_broken.ts',
      "export const revision = 'bbbbbbbbbbbb';\nexport const downRevision = null;\nexport const message = 'broken';\n" +
        "export async function upgrade(op) { await op.execute('INSERT INTO missing (id) VALUES (1)'); }\n" +
        'export async function downgrade() {}\n',
    );
    const result = await cli.athanor(['upgrade']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: The upgrade of bbbbbbbbbbbb (broken) failed and was rolled back',
    );
    expect((await cli.athanor(['current'])).stdout).toBe('base (no revision applied)\n');
  });

  test('a revision that does not compile is named with the place of the error', async () => {
    const cli = project();
    await cli.athanor(['init']);
    cli.write(
      'migrations/versions/cccc_typo.ts',
      "export const revision = 'cccc';\nconst x: = 1;\n",
    );
    const result = await cli.athanor(['history']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Could not load .*cccc_typo\.ts: TypeScript syntax error: Unexpected token `=`/,
    );
    expect(result.stderr).toContain('const x: = 1;\n         ^');
  });
});
