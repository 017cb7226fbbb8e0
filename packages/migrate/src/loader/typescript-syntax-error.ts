/**
 * Starts the message of a file the TypeScript compiler refused, so the importer tells it from a
 * SyntaxError Node raised on the compiled JavaScript. (Its own file: importing the hooks would
 * load the compiler on the main thread.)
 */
export const typescriptSyntaxError = 'TypeScript syntax error:';
