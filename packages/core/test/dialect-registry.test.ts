import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ArgumentError, createEngine, knownBackends, NoSuchModuleError } from '../src/index.js';

describe('dialect registry', () => {
  it('knows the built-in backends', () => {
    expect(knownBackends()).toEqual(
      expect.arrayContaining(['sqlite', 'postgresql', 'postgres', 'mysql', 'mariadb']),
    );
  });

  it('refuses an unknown backend at createEngine, listing the known ones', () => {
    expect(() => createEngine('oracle://scott:tiger@host/db')).toThrow(NoSuchModuleError);
    expect(() => createEngine('oracle://scott:tiger@host/db')).toThrow(
      /No dialect for 'oracle:\/\/'.*Known backends: sqlite, postgresql/s,
    );
    expect(() => createEngine('oracle://scott:tiger@host/db')).toThrow(/registerDialect\('oracle'/);
    expect(() => createEngine('oracle://scott:tiger@host/db')).not.toThrow(/tiger/);
  });

  it('names the package to install when a dialect package is missing', () => {
    // Plain Node from an empty folder: there @athanor/postgres cannot be found (vitest's own
    // resolver would find it in the workspace's hoisted store).
    const core = pathToFileURL(join(import.meta.dirname, '../dist/index.js')).href;
    const script = `
      const { createEngine, NoSuchModuleError } = await import(${JSON.stringify(core)});
      const engine = createEngine('postgresql://user:secret@localhost/db');
      try { await engine.connect(); } catch (error) {
        console.log(JSON.stringify({ name: error.name, marked: NoSuchModuleError.isInstance(error), message: error.message }));
      }`;
    const empty = mkdtempSync(join(tmpdir(), 'athanor-no-dialect-'));
    onTestFinished(() => rmSync(empty, { recursive: true }));
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: empty,
      // pnpm's shims put the workspace store on NODE_PATH, which require.resolve searches.
      env: { ...process.env, NODE_PATH: '' },
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({
      name: 'NoSuchModuleError',
      marked: true,
      message:
        "The dialect for 'postgresql://' is in the package @athanor/postgres, which is not installed. " +
        'Install it: npm install @athanor/postgres (or pnpm add @athanor/postgres).',
    });
  });

  it('refuses backend names that are Object.prototype members', () => {
    expect(() => createEngine('constructor://x')).toThrow(NoSuchModuleError);
    expect(() => createEngine('__proto__://x')).toThrow(NoSuchModuleError);
  });

  it('refuses a malformed URL at createEngine', () => {
    expect(() => createEngine('postgres//localhost')).toThrow(ArgumentError);
  });

  it('refuses a plain string where a dialect object is expected', () => {
    expect(() => createEngine('sqlite://', { dialect: 'sqlite' as never })).toThrow(
      /not a Dialect object/,
    );
  });
});
