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

/**
 * While false, the engine's echo is silent: the playground's own checks of a result run their
 * queries this way, so that every statement echoed is one a line of the code shown ran.
 */
let echoing = true;

/** The engine's `echo` logger: each statement and its parameters, dimmed, each line marked `│`. */
export function echo(record: LogRecord): void {
  if (echoing) say(paint(2, record.message.replace(/^/gm, '   │ ')));
}

/** Runs the playground's own check of a result (not a step of the guide) without echoing its SQL. */
export async function withoutEcho<T>(check: () => Promise<T>): Promise<T> {
  echoing = false;
  try {
    return await check();
  } finally {
    echoing = true;
  }
}

export function show(columns: readonly string[], rows: readonly (readonly unknown[])[]): void {
  say(formatTable(columns, rows));
}

/** Stops the walkthrough when a step's result is not what the guide says; says what it checked. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Unexpected result: ${what}`);
  say(paint(32, `✓ ${what}`));
}
