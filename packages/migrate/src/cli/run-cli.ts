import { cliCommands } from './cli-commands.js';
import { Output } from './output.js';
import { globalOptions, type OptionSpec, parseCommandArgs } from './parse-args.js';

/** Runs `athanor <command> [args]`; returns the exit code (1 on an error). */
export async function runCli(argv: readonly string[], output = new Output()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.line(mainHelp(output));
    return name === undefined ? 1 : 0;
  }
  const command = Object.hasOwn(cliCommands, name) ? cliCommands[name] : undefined;
  if (!command) {
    output.error(
      `Unknown command '${name}'. The commands are ${Object.keys(cliCommands).join(', ')} (athanor --help).`,
    );
    return 1;
  }
  try {
    const parsed = parseCommandArgs(name, args, command.options);
    if (parsed.values.help === true) {
      output.line(commandHelp(name, output));
      return 0;
    }
    return await command.run(parsed, output);
  } catch (error) {
    output.error(error instanceof Error ? error.message : String(error));
    if (process.env.ATHANOR_DEBUG && error instanceof Error) output.info(String(error.stack));
    return 1;
  }
}

function mainHelp(output: Output): string {
  const width = Math.max(...Object.keys(cliCommands).map((name) => name.length));
  const commands = Object.entries(cliCommands).map(
    ([name, command]) => `  ${output.bold(name.padEnd(width))}  ${command.summary}`,
  );
  return [
    `${output.bold('athanor')} — migrations for Athanor (revisions, upgrade/downgrade, offline SQL)`,
    '',
    'Usage: athanor <command> [options]',
    '',
    'Commands:',
    ...commands,
    '',
    'Options for every command:',
    ...optionLines(globalOptions),
    '',
    "athanor <command> --help shows a command's options.",
  ].join('\n');
}

function commandHelp(name: string, output: Output): string {
  const command = cliCommands[name];
  if (!command) return mainHelp(output);
  const own = optionLines(command.options);
  return [
    `Usage: athanor ${command.usage}`,
    '',
    command.summary,
    '',
    ...(own.length ? ['Options:', ...own, ''] : []),
    'Options for every command:',
    ...optionLines(globalOptions),
  ].join('\n');
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const shown = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.help] as const;
  });
  const width = Math.max(0, ...shown.map(([flag]) => flag.length));
  return shown.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`);
}
