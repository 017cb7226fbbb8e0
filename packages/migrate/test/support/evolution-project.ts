import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type * as sa from '@athanor/core';
import { type ResolvedConfig, revision } from '../../src/index.js';
import type { CliResult } from './cli-project.js';
import { cliPath } from './cli-project.js';
import { evolutionModel, evolutionSteps } from './evolution-model.js';
import { MigrationProject } from './migration-project.js';

const run = promisify(execFile);

/**
 * The evolution test's project: a migrations folder (under this package, so revision files
 * import `@athanor/core` as a user's do) whose revisions autogenerate writes from
 * {@link evolutionModel}, tables prefixed by `p`.
 */
export class EvolutionProject {
  readonly project: MigrationProject;

  constructor(
    readonly url: string,
    readonly p: string,
  ) {
    this.project = new MigrationProject(url, `${p}_version`);
  }

  /** The config with the model as it is after revision `step` (or drifted from it). */
  config(step: number, drift = false): ResolvedConfig {
    return { ...this.project.config, metadata: evolutionModel(step, this.p, drift) };
  }

  /** `revision --autogenerate` for the model at `step`: the file's path and text. */
  async generate(step: number, engine: sa.Engine): Promise<{ path: string; source: string }> {
    const message = evolutionSteps[step - 1] ?? 'in sync';
    const path = await revision(this.config(step), { message, autogenerate: true, engine });
    return { path, source: readFileSync(path, 'utf8') };
  }

  /**
   * What a user does with a generated drop + add that is a rename: deletes the addColumn and
   * dropColumn lines (and the hint) and writes `alterColumn(..., { newName })` both ways.
   */
  editIntoRename(path: string, table: string, from: string, to: string): string {
    const generated = [
      `await op.addColumn('${table}', '${to}'`,
      `await op.dropColumn('${table}', '${from}'`,
      `await op.addColumn('${table}', '${from}'`,
      `await op.dropColumn('${table}', '${to}'`,
    ];
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('//'))
      .filter((line) => !generated.some((call) => line.includes(call)));
    const after = (start: string, line: string) => {
      lines.splice(lines.findIndex((l) => l.startsWith(start)) + 1, 0, line);
    };
    after(
      'export async function upgrade',
      `  await op.alterColumn('${table}', '${from}', { newName: '${to}' });`,
    );
    after(
      'export async function downgrade',
      `  await op.alterColumn('${table}', '${to}', { newName: '${from}' });`,
    );
    const edited = lines.join('\n');
    writeFileSync(path, edited);
    return edited;
  }

  /**
   * Runs the built `athanor check` in the project, with a config file and a models module
   * that builds the model at `step` (drifted or not) from the test's model.
   */
  async cliCheck(step: number, drift: boolean): Promise<CliResult> {
    const model = join(import.meta.dirname, 'evolution-model.ts');
    writeFileSync(
      join(this.project.dir, 'models.ts'),
      `import { evolutionModel } from ${JSON.stringify(model)};\n` +
        `export const metadata = evolutionModel(${step}, ${JSON.stringify(this.p)}, ${drift});\n`,
    );
    writeFileSync(
      join(this.project.dir, 'athanor.config.mjs'),
      `export default ${JSON.stringify({
        url: this.url,
        metadata: './models.ts',
        versionTable: `${this.p}_version`,
      })};\n`,
    );
    const { DATABASE_URL: _, ...env } = process.env;
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, 'check'], {
        cwd: this.project.dir,
        env,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  remove(): void {
    this.project.remove();
  }
}
