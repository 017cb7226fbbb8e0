import ts from 'typescript';
import type { CodeBlock } from './markdown.js';

/** Where a line of a generated module came from. */
export interface Origin {
  /** The block's number in its Markdown file. */
  readonly block: number;
  /** The line in the Markdown file. */
  readonly line: number;
}

/** One TypeScript module made from blocks of a Markdown file. */
export interface DocModule {
  /** `page` for the file's shared module, `block-N` for a block of its own. */
  readonly name: string;
  readonly blocks: readonly number[];
  readonly code: string;
  /** Per line of `code` (0-based), the Markdown line it came from, if any. */
  readonly origins: readonly (Origin | undefined)[];
  /** False when nothing in it is to be run (only `no-run` blocks). */
  readonly run: boolean;
  /** The server the module needs, from a `postgres` or `mysql` flag. */
  readonly server: 'postgres' | 'mysql' | undefined;
}

export interface AssembleOptions {
  /** URLs that replace the URL literals of `postgres` and `mysql` blocks. */
  readonly urls: { readonly postgres: string; readonly mysql: string };
}

/** The global the generated code sets to the number of the block it is running. */
export const blockMarker = '__docsCheckBlock';

/**
 * Assembles a Markdown file's blocks into modules: the blocks without `standalone` (or a server
 * flag) into one module, in order, so later blocks use what earlier ones declared; each
 * `standalone`, `postgres` or `mysql` block into a module of its own. Imports are hoisted and the
 * same import written in two blocks is kept once.
 */
export function assembleModules(
  blocks: readonly CodeBlock[],
  options: AssembleOptions,
): DocModule[] {
  const modules: DocModule[] = [];
  const shared = blocks.filter((b) => !isOwnModule(b));
  if (shared.length > 0) modules.push(buildModule('page', shared, undefined, options));
  for (const block of blocks) {
    if (!isOwnModule(block)) continue;
    const server = block.flags.has('postgres')
      ? 'postgres'
      : block.flags.has('mysql')
        ? 'mysql'
        : undefined;
    modules.push(buildModule(`block-${block.index}`, [block], server, options));
  }
  return modules;
}

function isOwnModule(block: CodeBlock): boolean {
  return block.flags.has('standalone') || block.flags.has('postgres') || block.flags.has('mysql');
}

class ModuleWriter {
  readonly lines: string[] = [];
  readonly origins: (Origin | undefined)[] = [];

  /** Appends text whose first line is Markdown line `line` of block `block` (if any). */
  add(text: string, origin?: Origin): void {
    text.split('\n').forEach((piece, i) => {
      this.lines.push(piece);
      this.origins.push(origin && { block: origin.block, line: origin.line + i });
    });
  }
}

interface Source {
  readonly code: string;
  readonly line: number;
  readonly block: number;
}

function buildModule(
  name: string,
  blocks: readonly CodeBlock[],
  server: 'postgres' | 'mysql' | undefined,
  options: AssembleOptions,
): DocModule {
  const imports = new ModuleWriter();
  const body = new ModuleWriter();
  const seen = new Set<string>();
  body.add(`const __docsCheck = globalThis as typeof globalThis & { ${blockMarker}?: number };`);
  let noRunCount = 0;
  for (const block of blocks) {
    const sources: Source[] = [];
    if (block.prelude) sources.push({ ...block.prelude, block: block.index });
    sources.push({
      code: server ? replaceUrls(block.code, server, options) : block.code,
      line: block.line,
      block: block.index,
    });
    const noRun = block.flags.has('no-run');
    if (!noRun) body.add(`__docsCheck.${blockMarker} = ${block.index};`);
    for (const source of sources) {
      const file = ts.createSourceFile('block.ts', source.code, ts.ScriptTarget.ESNext, true);
      const text = source.code.split('');
      const deferred: ts.Statement[] = [];
      for (const statement of file.statements) {
        if (ts.isImportDeclaration(statement)) {
          hoistImport(statement, file, source, seen, imports);
          blank(text, statement.getFullStart(), statement.getEnd());
        } else if (noRun && !staysOnTop(statement)) {
          deferred.push(statement);
          blank(text, statement.getFullStart(), statement.getEnd());
        }
      }
      body.add(text.join(''), { block: source.block, line: source.line });
      if (deferred.length > 0) {
        // Never called: the statements are type-checked, not run.
        body.add(`async function __docsCheckNoRun${++noRunCount}() {`);
        for (const statement of deferred) {
          const start = statement.getFullStart();
          body.add(source.code.slice(start, statement.getEnd()), {
            block: source.block,
            line: source.line + file.getLineAndCharacterOfPosition(start).line,
          });
        }
        body.add('}');
      }
    }
  }
  body.add('export {};');
  return {
    name,
    blocks: blocks.map((b) => b.index),
    code: [...imports.lines, ...body.lines].join('\n'),
    origins: [...imports.origins, ...body.origins],
    run: blocks.some((b) => !b.flags.has('no-run')),
    server,
  };
}

/**
 * What a `no-run` block keeps at the top level, so later blocks can use it: declarations that
 * emit no code (types, interfaces, `declare`). Everything else runs code and goes in the
 * function that is never called.
 */
function staysOnTop(statement: ts.Statement): boolean {
  return (
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    (ts.canHaveModifiers(statement) &&
      (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword))
  );
}

/** Replaces the code between `from` and `to` by spaces, keeping its line breaks. */
function blank(text: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (text[i] !== '\n' && text[i] !== '\r') text[i] = ' ';
}

function hoistImport(
  statement: ts.ImportDeclaration,
  file: ts.SourceFile,
  source: Source,
  seen: Set<string>,
  out: ModuleWriter,
): void {
  const origin = {
    block: source.block,
    line: source.line + file.getLineAndCharacterOfPosition(statement.getStart()).line,
  };
  const from = (statement.moduleSpecifier as ts.StringLiteral).text;
  const clause = statement.importClause;
  if (!clause) {
    if (!seen.has(`${from}:`)) out.add(statement.getText(), origin);
    seen.add(`${from}:`);
    return;
  }
  const fresh = (imported: string, local: string): boolean => {
    const key = `${from}:${imported}:${local}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const parts: string[] = [];
  if (clause.name && fresh('default', clause.name.text)) parts.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    if (fresh('*', bindings.name.text)) parts.push(`* as ${bindings.name.text}`);
  } else if (bindings) {
    const named = bindings.elements
      .filter((e) => fresh((e.propertyName ?? e.name).text, e.name.text))
      .map((e) => e.getText());
    if (named.length > 0) parts.push(`{ ${named.join(', ')} }`);
  }
  if (parts.length === 0) return;
  const typeOnly = clause.isTypeOnly ? 'type ' : '';
  // A default import and a namespace import cannot share one declaration with named ones.
  for (const part of parts.length > 1 && parts.some((p) => p.startsWith('*'))
    ? parts
    : [parts.join(', ')]) {
    out.add(`import ${typeOnly}${part} from '${from}';`, origin);
  }
}

const urlPatterns = {
  postgres: /(['"`])postgres(?:ql)?(?:\+[\w-]+)?:\/\/[^'"`\s]*\1/g,
  mysql: /(['"`])(?:mysql|mariadb)(?:\+[\w-]+)?:\/\/[^'"`\s]*\1/g,
};

/** In a `postgres` or `mysql` block, points every URL literal of that server at the test one. */
function replaceUrls(code: string, server: 'postgres' | 'mysql', options: AssembleOptions): string {
  const url = options.urls[server];
  return code.replace(urlPatterns[server], (_match, quote: string) => `${quote}${url}${quote}`);
}
