import { SqlCompiler, type SqlLexicalRules } from '@athanor/core';

/** MySQL's SQL: backquoted identifiers, backslash escapes in strings. */
export class MysqlCompiler extends SqlCompiler {
  override readonly identifierQuote: string = '`';
  override readonly lexicalRules: SqlLexicalRules = {
    backslashEscapes: true,
    dollarQuotedStrings: false,
  };
}
