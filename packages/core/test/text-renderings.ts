import { inspect } from 'node:util';

// How loggers and error reporters turn values into text: the secret tests check that no
// password shows in any of them (url-secrets.test.ts for chosen passwords, url-fuzz.test.ts for
// generated ones).

/** Every way a URL or an engine gets turned into text by loggers and error reporters. */
export function renderings(value: object): string[] {
  return [
    String(value),
    `${value}`,
    value.toString(),
    JSON.stringify(value),
    JSON.stringify({ nested: [value] }),
    JSON.stringify({ ...value }),
    JSON.stringify(structuredClone({ ...value })),
    inspect(value),
    inspect(value, { showHidden: true, depth: null }),
    inspect(value, { customInspect: false, showHidden: true, depth: null }),
    Object.entries(value).join(' '),
  ];
}

/** An error's message, stack, properties and cause chain, as reporters print them. */
export function errorRenderings(error: unknown): string[] {
  const texts = [
    String(error),
    JSON.stringify({ nested: [error] }),
    inspect(error),
    inspect(error, { showHidden: true, depth: null }),
  ];
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    texts.push(cause.message, cause.stack ?? '', JSON.stringify(cause));
  }
  return texts;
}
