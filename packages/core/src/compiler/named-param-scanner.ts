import { CompileError } from '../errors.js';

/**
 * How a dialect's SQL quotes and comments things, as far as finding `:name` parameters needs to
 * know: a `:name` inside a literal, a quoted identifier or a comment is text, not a parameter.
 * Every dialect declares its own; the flags left out are false.
 */
export interface SqlLexicalRules {
  /**
   * A backslash escapes the next character inside string literals (MySQL's default), so `\'`
   * does not end one.
   */
  readonly backslashEscapes: boolean;
  /** `$tag$ ... $tag$` is a string literal (PostgreSQL). */
  readonly dollarQuotedStrings: boolean;
  /** `E'...'` is a string literal in which a backslash escapes the next character (PostgreSQL). */
  readonly escapeStrings?: boolean;
  /** `"..."` is a string literal, with backslash escapes where strings have them (MySQL). */
  readonly doubleQuotedStrings?: boolean;
  /** `` `...` `` is a quoted identifier (MySQL, SQLite). */
  readonly backtickIdentifiers?: boolean;
  /** `[...]` is a quoted identifier (SQLite, as SQL Server writes them). */
  readonly bracketIdentifiers?: boolean;
  /** Block comments nest: `/* a /* b *\/ c *\/` is one comment (PostgreSQL). */
  readonly nestedBlockComments?: boolean;
  /** `#` starts a comment to the end of the line (MySQL). */
  readonly hashComments?: boolean;
  /**
   * `--` starts a comment only when whitespace or a control character follows it (MySQL:
   * `1--1` is one minus minus one).
   */
  readonly dashCommentNeedsSpace?: boolean;
  /**
   * The positional placeholder the driver binds: `?` (SQLite, MySQL) or `$1` (PostgreSQL).
   * Written in `text()` it would take a value meant for a `:name`, so it is refused.
   */
  readonly positionalPlaceholder?: 'question-mark' | 'dollar-number';
}

/**
 * Raw SQL split around its `:name` parameters: `parts` has one more entry than `names`, and the
 * SQL is `parts[0] + <names[0]> + parts[1] + ...`.
 */
interface ScannedSql {
  readonly parts: readonly string[];
  readonly names: readonly string[];
}

const wordChar = /[\p{L}\p{N}_$]/u;
const nameStart = /[\p{L}_]/u;
const nameChars = /^[\p{L}\p{N}_]+/u;
const dollarTag = /^\$(?:[\p{L}_][\p{L}\p{N}_]*)?\$/u;
const dollarNumber = /^\$\d+/;

/**
 * Finds the `:name` parameters in raw SQL, as `text()` takes it, following the dialect's
 * lexical rules.
 *
 * Left alone: `::` (a PostgreSQL cast, so `:id::int` is the parameter `id` cast to int), a colon
 * right after a word character (`a:b`), anything inside string literals, quoted identifiers and
 * comments, and `\:` (which is written out as a plain `:`).
 * @throws {CompileError} for the driver's own positional placeholder (`?` or `$1`) outside
 *   literals, identifiers and comments.
 */
export function scanNamedParams(sql: string, rules: SqlLexicalRules): ScannedSql {
  const parts: string[] = [];
  const names: string[] = [];
  let part = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    const end = quotedRunEnd(sql, i, rules);
    if (end > i) {
      part += sql.slice(i, end);
      i = end;
    } else if (ch === '\\' && next === ':') {
      part += ':';
      i += 2;
    } else if (ch === ':' && next === ':') {
      part += '::';
      i += 2;
    } else if (
      ch === ':' &&
      next !== undefined &&
      nameStart.test(next) &&
      !wordChar.test(sql[i - 1] ?? ' ')
    ) {
      const name = nameChars.exec(sql.slice(i + 1))?.[0] as string;
      parts.push(part);
      names.push(name);
      part = '';
      i += 1 + name.length;
    } else {
      const placeholder = positionalPlaceholderAt(sql, i, rules);
      if (placeholder) throw positionalPlaceholderError(placeholder);
      part += ch;
      i += 1;
    }
  }
  parts.push(part);
  return { parts, names };
}

/**
 * The SQL with every string literal, quoted identifier and comment replaced by one space, by the
 * dialect's lexical rules: what is left is keywords, names and operators, for a check that looks
 * for a word (`LISTEN`, `pg_advisory_lock(`) without being fooled by the same word in a string.
 *
 * @example
 * codeOutsideQuotes("/* note *\/ SELECT 'LISTEN' AS x", rules); // "  SELECT   AS x"
 */
export function codeOutsideQuotes(sql: string, rules: SqlLexicalRules): string {
  let code = '';
  let i = 0;
  while (i < sql.length) {
    const end = quotedRunEnd(sql, i, rules);
    if (end > i) {
      code += ' ';
      i = end;
    } else {
      code += sql[i];
      i += 1;
    }
  }
  return code;
}

/**
 * The index just past the literal, quoted identifier or comment that opens at `i`, or `i` when
 * none opens there.
 */
function quotedRunEnd(sql: string, i: number, rules: SqlLexicalRules): number {
  const ch = sql[i];
  const next = sql[i + 1];
  const afterWord = wordChar.test(sql[i - 1] ?? ' ');
  switch (ch) {
    case "'":
      return quotedEnd(sql, i, "'", rules.backslashEscapes);
    case '"':
      return quotedEnd(sql, i, '"', rules.backslashEscapes && rules.doubleQuotedStrings === true);
    case '`':
      return rules.backtickIdentifiers ? quotedEnd(sql, i, '`', false) : i;
    case '[':
      return rules.bracketIdentifiers ? closedBy(sql, i + 1, ']', 1) : i;
    case 'E':
    case 'e':
      // E'...' only as a token of its own: in `name'...'` the E ends an identifier.
      return rules.escapeStrings && next === "'" && !afterWord
        ? quotedEnd(sql, i + 1, "'", true)
        : i;
    case '#':
      return rules.hashComments ? lineEnd(sql, i) : i;
    case '-':
      if (next !== '-') return i;
      if (rules.dashCommentNeedsSpace && !isSpaceOrControl(sql[i + 2])) return i;
      return lineEnd(sql, i);
    case '/':
      if (next !== '*') return i;
      return rules.nestedBlockComments ? nestedCommentEnd(sql, i) : closedBy(sql, i + 2, '*/', 2);
    case '$': {
      if (!rules.dollarQuotedStrings || afterWord) return i;
      const tag = dollarTag.exec(sql.slice(i))?.[0];
      return tag ? closedBy(sql, i + tag.length, tag, tag.length) : i;
    }
    default:
      return i;
  }
}

/** The index just past the quoted run that opens at `start`; doubled quotes stay inside. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/** The index just past the first `closer` at or after `from`; the end when there is none. */
function closedBy(sql: string, from: number, closer: string, length: number): number {
  const at = sql.indexOf(closer, from);
  return at < 0 ? sql.length : at + length;
}

/** The index of the newline that ends a line comment (the newline stays outside it). */
function lineEnd(sql: string, i: number): number {
  const at = sql.indexOf('\n', i);
  return at < 0 ? sql.length : at;
}

/** The index just past a block comment in which `/*` opens a further level. */
function nestedCommentEnd(sql: string, start: number): number {
  let depth = 1;
  let i = start + 2;
  while (i < sql.length && depth > 0) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
    } else {
      i += 1;
    }
  }
  return i;
}

/** MySQL's test after `--`: whitespace, a control character, or the end of the SQL. */
function isSpaceOrControl(ch: string | undefined): boolean {
  if (ch === undefined) return true;
  const code = ch.charCodeAt(0);
  return code <= 0x20 || code === 0x7f;
}

/** The positional placeholder written at `i` (`?`, `?3`, `$1`), if the dialect's driver binds it. */
function positionalPlaceholderAt(
  sql: string,
  i: number,
  rules: SqlLexicalRules,
): string | undefined {
  if (rules.positionalPlaceholder === 'question-mark' && sql[i] === '?') {
    return /^\?\d*/.exec(sql.slice(i))?.[0];
  }
  if (
    rules.positionalPlaceholder === 'dollar-number' &&
    sql[i] === '$' &&
    !wordChar.test(sql[i - 1] ?? ' ')
  ) {
    return dollarNumber.exec(sql.slice(i))?.[0];
  }
  return undefined;
}

function positionalPlaceholderError(placeholder: string): CompileError {
  return new CompileError(
    `text() found the positional placeholder ${placeholder} in its SQL: text() binds named ` +
      `parameters only, and ${placeholder} would take the value of another parameter. ` +
      'Write :name instead and pass { name: value } to execute(); ' +
      `if ${placeholder} is meant as SQL text, put it inside a string literal.`,
    { code: 'positional-placeholder' },
  );
}
