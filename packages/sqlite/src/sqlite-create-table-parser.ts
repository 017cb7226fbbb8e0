/**
 * A reader for the CREATE TABLE statement SQLite keeps in `sqlite_master`, for what its pragmas
 * leave out: the names of the primary key, UNIQUE and FOREIGN KEY constraints, and the CHECK
 * conditions. It reads only as far as that needs: tokens (quoted names in any of SQLite's four
 * quotings, strings, comments), the parenthesised groups, and the constraint clauses of each
 * column and table definition.
 */

/** What a CREATE TABLE statement says of its constraints. */
export interface ParsedTable {
  readonly primaryKeyName: string | null;
  readonly uniques: { name: string | null; columns: string[] }[];
  readonly checks: { name: string | null; sqltext: string }[];
  readonly foreignKeys: { name: string | null; columns: string[]; referredTable: string }[];
}

interface Token {
  /** `word` is a bare word (a keyword or a name); `name` a quoted identifier. */
  readonly kind: 'word' | 'name' | 'string' | 'punct';
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const start = i;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let value = '';
      i++;
      while (i < sql.length) {
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) {
            value += close;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i];
        i++;
      }
      tokens.push({ kind: ch === "'" ? 'string' : 'name', value, start, end: i });
    } else if (/[\p{L}\p{N}_$]/u.test(ch)) {
      while (i < sql.length && /[\p{L}\p{N}_$]/u.test(sql[i] as string)) i++;
      tokens.push({ kind: 'word', value: sql.slice(start, i), start, end: i });
    } else {
      i++;
      tokens.push({ kind: 'punct', value: ch, start, end: i });
    }
  }
  return tokens;
}

const isWord = (token: Token | undefined, word: string): boolean =>
  token?.kind === 'word' && token.value.toUpperCase() === word;

const isPunct = (token: Token | undefined, value: string): boolean =>
  token?.kind === 'punct' && token.value === value;

/** The index just past the parenthesised group that opens at `open`. */
function groupEnd(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/** The names listed in the group that opens at `open`: `(a, "b" COLLATE nocase, c DESC)`. */
function nameList(tokens: readonly Token[], open: number): string[] {
  const names: string[] = [];
  let expectName = true;
  for (let i = open + 1; i < groupEnd(tokens, open) - 1; i++) {
    const token = tokens[i] as Token;
    if (isPunct(token, ',')) expectName = true;
    else if (expectName && (token.kind === 'word' || token.kind === 'name')) {
      names.push(token.value);
      expectName = false;
    }
  }
  return names;
}

const tableConstraintWords = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** The constraint names and CHECK conditions of a CREATE TABLE statement. */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const parsed: ParsedTable = { primaryKeyName: null, uniques: [], checks: [], foreignKeys: [] };
  const open = tokens.findIndex((token) => isPunct(token, '('));
  if (open < 0) return parsed;
  const close = groupEnd(tokens, open) - 1;
  // Split the definitions at the commas outside parentheses.
  const items: Token[][] = [];
  let item: Token[] = [];
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i] as Token;
    if (isPunct(token, '(')) {
      const end = groupEnd(tokens, i);
      item.push(...tokens.slice(i, end));
      i = end - 1;
    } else if (isPunct(token, ',')) {
      items.push(item);
      item = [];
    } else item.push(token);
  }
  items.push(item);

  let primaryKeyName: string | null = null;
  for (const definition of items) {
    const first = definition[0];
    if (!first) continue;
    const column =
      first.kind === 'word' && tableConstraintWords.has(first.value.toUpperCase())
        ? null
        : first.value;
    let name: string | null = null;
    for (let i = column === null ? 0 : 1; i < definition.length; i++) {
      const token = definition[i] as Token;
      if (isPunct(token, '(')) {
        i = groupEnd(definition, i) - 1;
        name = null;
      } else if (isWord(token, 'CONSTRAINT')) {
        const named = definition[i + 1];
        name = named ? named.value : null;
        i++;
      } else if (isWord(token, 'PRIMARY')) {
        primaryKeyName = name;
        name = null;
      } else if (isWord(token, 'UNIQUE')) {
        const listed = isPunct(definition[i + 1], '(') ? nameList(definition, i + 1) : null;
        const columns = listed ?? (column === null ? [] : [column]);
        parsed.uniques.push({ name, columns });
        name = null;
      } else if (isWord(token, 'CHECK') && isPunct(definition[i + 1], '(')) {
        const end = groupEnd(definition, i + 1);
        const from = (definition[i + 1] as Token).end;
        const to = (definition[end - 1] as Token).start;
        parsed.checks.push({ name, sqltext: sql.slice(from, to).trim() });
        i = end - 1;
        name = null;
      } else if (isWord(token, 'FOREIGN') && isPunct(definition[i + 2], '(')) {
        const columns = nameList(definition, i + 2);
        let j = groupEnd(definition, i + 2);
        if (isWord(definition[j], 'REFERENCES')) j++;
        const referred = referredName(definition, j);
        if (referred) parsed.foreignKeys.push({ name, columns, referredTable: referred });
        i = j;
        name = null;
      } else if (isWord(token, 'REFERENCES') && column !== null) {
        const referred = referredName(definition, i + 1);
        if (referred) parsed.foreignKeys.push({ name, columns: [column], referredTable: referred });
        name = null;
      } else if (token.kind === 'word') {
        name = null;
      }
    }
  }
  return { ...parsed, primaryKeyName };
}

/** `schema.table` or `table` at `at`: the table's name. */
function referredName(tokens: readonly Token[], at: number): string | null {
  const first = tokens[at];
  if (!first || (first.kind !== 'word' && first.kind !== 'name')) return null;
  if (isPunct(tokens[at + 1], '.')) return tokens[at + 2]?.value ?? null;
  return first.value;
}
