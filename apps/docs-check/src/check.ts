import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type AssembleOptions, assembleModules, blockMarker, type DocModule } from './assemble.js';
import { type CodeBlock, extractBlocks } from './markdown.js';

/** A Markdown file with TypeScript blocks, and the modules made from them. */
export interface DocFile {
  /** Relative to the repository root, with `/`. */
  readonly file: string;
  readonly blocks: readonly CodeBlock[];
  readonly modules: readonly DocModule[];
  /** The folder of its modules under the work directory's `src` and `out`. */
  readonly slug: string;
}

/** The generated project: every file's modules, written under `work`. */
export interface DocProject {
  readonly root: string;
  readonly work: string;
  readonly files: readonly DocFile[];
}

/**
 * Extracts and assembles the blocks of `files` and writes the modules, a tsconfig and a runner
 * into `work` (emptied first). `work` must be inside a package that depends on the `@athanor/*`
 * packages, so that the modules resolve them through the workspace.
 */
export function prepareProject(
  root: string,
  work: string,
  files: readonly string[],
  options: AssembleOptions,
): DocProject {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const docFiles: DocFile[] = [];
  for (const file of files) {
    const blocks = extractBlocks(readFileSync(join(root, file), 'utf8'), file);
    if (blocks.length === 0) continue;
    const slug = file.replace(/\.md$/, '').replace(/[^\w-]+/g, '_');
    const modules = assembleModules(blocks, options);
    for (const module of modules) {
      const path = join(work, 'src', slug, `${module.name}.ts`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${module.code}\n`);
    }
    docFiles.push({ file, blocks, modules, slug });
  }
  writeFileSync(
    join(work, 'tsconfig.json'),
    `${JSON.stringify(
      {
        extends: relative(work, join(root, 'tsconfig.base.json')),
        compilerOptions: {
          rootDir: 'src',
          outDir: 'out',
          composite: false,
          incremental: false,
          declaration: false,
          declarationMap: false,
          sourceMap: true,
          noEmitOnError: false,
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(work, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(join(work, 'runner.mjs'), runnerSource);
  return { root, work, files: docFiles };
}

/**
 * Type-checks every module with the workspace's `tsc` (strict, the repository's base settings)
 * and emits JavaScript next to it. Returns the errors per Markdown file, each naming the block
 * and the Markdown line.
 */
export function typecheckProject(project: DocProject): Map<string, string[]> {
  const errors = new Map<string, string[]>(project.files.map((f) => [f.file, []]));
  let files = project.files.flatMap((file) =>
    file.modules.map((module) => join('src', file.slug, `${module.name}.ts`)),
  );
  // tsc reports no type errors while any file has a syntax error: check again without those.
  while (files.length > 0) {
    const found = runTsc(project, files);
    for (const { path, line, message } of found) {
      const located = locate(project, join(project.work, path), line);
      const list = located
        ? errors.get(located.file.file)
        : errors.get(project.files[0]?.file ?? '');
      list?.push(located ? `${located.where}: ${message}` : `(tsc) ${path}(${line}): ${message}`);
    }
    if (found.length === 0 || found.some((d) => !/^error TS1\d{3}:/.test(d.message))) break;
    const broken = new Set(found.map((d) => d.path));
    files = files.filter((file) => !broken.has(file));
  }
  return errors;
}

interface Diagnostic {
  /** Relative to the work directory. */
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

function runTsc(project: DocProject, files: readonly string[]): Diagnostic[] {
  const config = JSON.parse(readFileSync(join(project.work, 'tsconfig.json'), 'utf8')) as {
    include?: string[];
    files?: string[];
  };
  delete config.include;
  config.files = [...files];
  writeFileSync(join(project.work, 'tsconfig.check.json'), JSON.stringify(config, null, 2));
  const tsc = join(project.root, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = spawnSync(
    process.execPath,
    [tsc, '-p', join(project.work, 'tsconfig.check.json'), '--pretty', 'false'],
    { cwd: project.work, encoding: 'utf8' },
  );
  const text = `${out.stdout}${out.stderr}`;
  const diagnostic = /^(.+?)\((\d+),(\d+)\): (error TS\d+: .*)$/;
  const found: { path: string; line: number; message: string }[] = [];
  for (const line of text.split('\n')) {
    const match = diagnostic.exec(line);
    const last = found.at(-1);
    if (match) {
      const [, path = '', lineNo = '0', , message = ''] = match;
      found.push({ path, line: Number(lineNo), message });
    } else if (last && /^\s+\S/.test(line)) {
      // Continuation lines of the previous message are indented.
      last.message += `\n${line}`;
    }
  }
  if (out.status !== 0 && found.length === 0) {
    throw new Error(`tsc failed without a diagnostic:\n${text}`);
  }
  return found;
}

/** The Markdown file, block and line a line of a generated module comes from. */
function locate(
  project: DocProject,
  path: string,
  line: number,
): { file: DocFile; module: DocModule; where: string } | undefined {
  for (const file of project.files) {
    for (const module of file.modules) {
      if (join(project.work, 'src', file.slug, `${module.name}.ts`) !== path) continue;
      const origin = module.origins[line - 1];
      const where = origin
        ? `${file.file}, block ${origin.block} (${file.file}:${origin.line})`
        : `${file.file}, ${describeModule(module)} (generated line ${line})`;
      return { file, module, where };
    }
  }
  return undefined;
}

function describeModule(module: DocModule): string {
  return module.blocks.length === 1
    ? `block ${module.blocks[0]}`
    : `blocks ${module.blocks.join(', ')}`;
}

/**
 * Runs one compiled module with node, in a folder of its own (so relative SQLite files never
 * collide). Resolves to undefined when it ran to the end, else to a message naming the block
 * that failed and the error.
 */
export function runModule(
  project: DocProject,
  file: DocFile,
  module: DocModule,
  timeoutMs = 60_000,
): Promise<string | undefined> {
  const script = join(project.work, 'out', file.slug, `${module.name}.js`);
  const cwd = join(project.work, 'run', file.slug, module.name);
  const report = join(cwd, '.failure.json');
  mkdirSync(cwd, { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', join(project.work, 'runner.mjs'), script, report],
      {
        cwd,
        // pnpm puts its store on NODE_PATH; a user's shell does not have it.
        env: { ...process.env, NODE_PATH: '', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(undefined);
        return;
      }
      const where = `${file.file}, ${describeModule(module)}`;
      const tail = output.trim().split('\n').slice(-30).join('\n');
      if (signal) {
        resolve(`${where}: still running after ${timeoutMs} ms (killed).\n${tail}`);
        return;
      }
      if (!existsSync(report)) {
        resolve(`${where}: node exited with ${code}.\n${tail}`);
        return;
      }
      const failure = JSON.parse(readFileSync(report, 'utf8')) as {
        block: number;
        error: string;
      };
      const block = file.blocks.find((b) => b.index === failure.block);
      const place = block
        ? `${file.file}, block ${block.index} (${file.file}:${block.line})`
        : where;
      resolve(`${place}: ${mapStack(project, file, module, failure.error)}`);
    });
  });
}

/** Rewrites positions in the generated module to Markdown lines. */
function mapStack(project: DocProject, file: DocFile, module: DocModule, stack: string): string {
  const path = join(project.work, 'src', file.slug, `${module.name}.ts`);
  return stack
    .split('\n')
    .filter((line) => !/node:internal|runner\.mjs/.test(line))
    .map((line) =>
      line.split(path).length > 1
        ? line.replace(
            new RegExp(`(?:file://)?${escapeRegExp(path)}:(\\d+):\\d+`),
            (_m, n: string) => {
              const origin = module.origins[Number(n) - 1];
              return origin ? `${file.file}:${origin.line}` : `${module.name}.ts:${n}`;
            },
          )
        : line,
    )
    .join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Imports a module and records, on failure, the block it was running and the error. */
const runnerSource = `import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [script, report] = process.argv.slice(2);
globalThis.${blockMarker} = 0;
const fail = (error) => {
  const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  const cause = error instanceof Error && error.cause ? \`\\nCaused by: \${error.cause?.stack ?? error.cause}\` : '';
  writeFileSync(report, JSON.stringify({ block: globalThis.${blockMarker}, error: text + cause }));
  process.exit(1);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
  await import(pathToFileURL(script).href);
} catch (error) {
  fail(error);
}
process.exit(0);
`;
