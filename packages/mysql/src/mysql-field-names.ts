/**
 * Column names mysql2's generated row parser refuses, even with `rowsAsArray` where no object is
 * keyed by them: "The field name (__proto__) can't be the same as an object's private property".
 * mysql2's other parser (`disableEval`) reads them, but is about twice as slow (10,000 rows of
 * five columns: 21 ms generated, 52 ms with `disableEval`), so it is used only for a result that
 * has such a column.
 */
const namesTheGeneratedParserRefuses = new Set([
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** A mysql2 query or execute command, as far as choosing its row parser goes. */
interface Command {
  on(event: 'fields', listener: (fields: readonly { name: string }[] | undefined) => void): unknown;
}

/**
 * Lets `command` read a result with a column named like an object's private property. mysql2
 * emits 'fields' once a result's column definitions are in and builds the row parser right
 * after, from the command's options (a copy per command): this listener turns on `disableEval`
 * for that result only. The values suite checks a `__proto__` column reads on every dialect.
 */
export function readingAnyColumnName<C extends Command>(command: C): C {
  command.on('fields', (fields) => {
    if (!fields?.some((field) => namesTheGeneratedParserRefuses.has(field.name))) return;
    const options = (command as { options?: { disableEval?: boolean } }).options;
    if (options) options.disableEval = true;
  });
  return command;
}
