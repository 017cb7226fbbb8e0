/** How a dialect's SQL quotes things, as far as finding `:name` parameters needs to know. */
export interface SqlLexicalRules {
  /** A backslash escapes the next character inside string literals (MySQL's default). */
  readonly backslashEscapes: boolean;
  /** `$tag$ ... $tag$` is a string literal (PostgreSQL). */
  readonly dollarQuotedStrings: boolean;
}

/**
 * Raw SQL split around its `:name` parameters: `parts` has one more entry than `names`, and the
 * SQL is `parts[0] + <names[0]> + parts[1] + ...`.
 */
export interface ScannedSql {
  readonly parts: readonly string[];
  readonly names: readonly string[];
}

const wordChar = /[\p{L}\p{N}_$]/u;
const nameStart = /[\p{L}_]/u;
const nameChars = /^[\p{L}\p{N}_]+/u;

/**
 * Finds the `:name` parameters in raw SQL, as `text()` takes it.
 *
 * Left alone: `::` (a PostgreSQL cast, so `:id::int` is the parameter `id` cast to int), a colon
 * right after a word character (`a:b`), anything inside string literals, quoted identifiers and
 * comments, and `\:` (which is written out as a plain `:`).
 */
export function scanNamedParams(sql: string, rules: SqlLexicalRules): ScannedSql {
  const parts: string[] = [];
  const names: string[] = [];
  let part = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = quotedEnd(sql, i, ch, ch === "'" && rules.backslashEscapes);
      part += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      part += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      part += sql.slice(i, stop);
      i = stop;
    } else if (ch === '$' && rules.dollarQuotedStrings && !wordChar.test(sql[i - 1] ?? ' ')) {
      const tag = /^\$(?:[\p{L}_][\p{L}\p{N}_]*)?\$/u.exec(sql.slice(i))?.[0];
      const end = tag ? sql.indexOf(tag, i + tag.length) : -1;
      const stop = tag ? (end < 0 ? sql.length : end + tag.length) : i + 1;
      part += sql.slice(i, stop);
      i = stop;
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
      part += ch;
      i += 1;
    }
  }
  parts.push(part);
  return { parts, names };
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
