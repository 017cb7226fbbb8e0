/** Where the CLI writes: a process stream, or anything with `write` (tests). */
interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/** Writes the CLI's output, coloured only on a terminal and when NO_COLOR is not set. */
export class Output {
  readonly #outColor: boolean;
  readonly #errColor: boolean;

  constructor(
    private readonly out: OutputStream = process.stdout,
    private readonly err: OutputStream = process.stderr,
    env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    this.#outColor = out.isTTY === true && !env.NO_COLOR;
    this.#errColor = err.isTTY === true && !env.NO_COLOR;
  }

  line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  /** Raw text (the offline SQL script). */
  write(text: string): void {
    this.out.write(text);
  }

  /** Progress, on standard error so `--sql > file` keeps only SQL. */
  info(text: string): void {
    this.err.write(`${paint(this.#errColor, '2', text)}\n`);
  }

  error(text: string): void {
    this.err.write(`${paint(this.#errColor, '31;1', 'error:')} ${text}\n`);
  }

  bold(text: string): string {
    return paint(this.#outColor, '1', text);
  }

  dim(text: string): string {
    return paint(this.#outColor, '2', text);
  }

  green(text: string): string {
    return paint(this.#outColor, '32', text);
  }

  yellow(text: string): string {
    return paint(this.#outColor, '33', text);
  }
}

function paint(enabled: boolean, code: string, text: string): string {
  return enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
}
