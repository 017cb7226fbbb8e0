import type { LogRecord } from '@athanor/core';
import { formatTable } from './print-table.js';

/** How the playground prints: headings, the echoed SQL, tables, and checks of each result. */

const colour = process.stdout.isTTY && !process.env.NO_COLOR;

/** While quiet, nothing is printed: the sections before the one asked for run silently. */
let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Prints a line (unless quiet). */
export function say(text = ''): void {
  if (!quiet) console.log(text);
}

export function paint(code: number, text: string): string {
  return colour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function heading(title: string): void {
  say(`\n${paint(1, `== ${title} ==`)}`);
}

/** Shows the Athanor code a step runs, as the guide shows its Python. */
export function code(source: string): void {
  say(paint(36, source.replace(/^/gm, '  ')));
}

/** The engine's `echo` logger: each statement and its parameters, dimmed. */
export function echo(record: LogRecord): void {
  say(paint(2, `   ${record.message}`));
}

export function show(columns: readonly string[], rows: readonly (readonly unknown[])[]): void {
  say(formatTable(columns, rows));
}

/** Stops the walkthrough when a step's result is not what the guide says. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Unexpected result: ${what}`);
}
