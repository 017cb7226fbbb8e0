/** Writes the CLI's output, coloured only on a terminal and when NO_COLOR is not set. */
export class Output {
  readonly #color: boolean;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
    env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    this.#color = out.isTTY === true && !env.NO_COLOR;
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
    this.err.write(`${text}\n`);
  }

  error(text: string): void {
    this.err.write(`${this.#paint('31;1', 'error:')} ${text}\n`);
  }

  bold(text: string): string {
    return this.#paint('1', text);
  }

  dim(text: string): string {
    return this.#paint('2', text);
  }

  green(text: string): string {
    return this.#paint('32', text);
  }

  yellow(text: string): string {
    return this.#paint('33', text);
  }

  #paint(code: string, text: string): string {
    return this.#color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
