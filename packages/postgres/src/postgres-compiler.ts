import { type ParamStyle, SqlCompiler, type SqlLexicalRules } from '@athanor/core';

/** PostgreSQL's SQL: `$1` placeholders, `$tag$` strings. */
export class PostgresCompiler extends SqlCompiler {
  override readonly paramStyle: ParamStyle = 'numeric_dollar';
  override readonly lexicalRules: SqlLexicalRules = {
    backslashEscapes: false,
    dollarQuotedStrings: true,
  };
}
