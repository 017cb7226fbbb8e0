import type { Dialect, LogRecord } from '@athanor/core';

/**
 * The statements an engine with `echo` sent, from its log records, with each one's parameter
 * values written in as the dialect's literals: what the offline script should say. Reads
 * (SELECT, PRAGMA: the version read, reflection and the run lock) are left out, and so is a
 * transaction left empty by that.
 */
export function onlineStatements(records: readonly LogRecord[], dialect: Dialect): string[] {
  const statements: string[] = [];
  for (const { message } of records) {
    const params = /^(?:\[[^\]]*\] )?\((.*)\)$/s.exec(message);
    if (params && statements.length > 0) {
      const values = JSON.parse(`[${params[1]}]`) as unknown[];
      const last = statements.pop() as string;
      statements.push(inline(last, values, dialect));
      continue;
    }
    statements.push(message.replace(/ \(implicit\)$/, '').trim());
  }
  const written = statements.filter((sql) => !/^(SELECT|PRAGMA|SHOW)\b/i.test(sql));
  return written.filter(
    (sql, index) =>
      !(sql === 'BEGIN' && written[index + 1] === 'COMMIT') &&
      !(sql === 'COMMIT' && written[index - 1] === 'BEGIN'),
  );
}

/** The statements of an offline script, without comments and terminators. */
export function offlineStatements(script: string): string[] {
  return script
    .split(/;\n\n/)
    .map((chunk) =>
      chunk
        .split('\n')
        .filter((line) => !line.startsWith('-- '))
        .join('\n')
        .trim(),
    )
    .filter((sql) => sql !== '');
}

function inline(sql: string, values: readonly unknown[], dialect: Dialect): string {
  let index = 0;
  return sql.replace(/\?|\$\d+/g, (placeholder) => {
    const position = placeholder === '?' ? index++ : Number(placeholder.slice(1)) - 1;
    return dialect.compiler.renderLiteral(values[position]);
  });
}
