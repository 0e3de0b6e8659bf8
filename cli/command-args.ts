import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandIo } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command's usage and a way to say "these arguments are wrong" with exit code 2. */
export function commandUsage(io: CommandIo, command: string, usage: string) {
  return (message: string): number => {
    io.stderr.write(`newsflow ${command}: ${message}\n\n${usage}`);
    return 2;
  };
}

/**
 * Parses a command's options with `--help` added: the values, or the exit code when the command
 * is done already (0 after printing the usage, 2 after saying what is wrong).
 */
export function parseCommandArgs<const O extends Options>(
  io: CommandIo,
  command: string,
  usage: string,
  argv: string[],
  options: O,
):
  | {
      values: ReturnType<
        typeof parseArgs<{ args: string[]; options: O & { help: { type: 'boolean'; short: 'h' } } }>
      >['values'];
    }
  | { exit: number } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as O & {
        help: { type: 'boolean'; short: 'h' };
      },
    });
    if ((values as { help?: boolean }).help) {
      io.stdout.write(usage);
      return { exit: 0 };
    }
    return { values };
  } catch (err) {
    return { exit: commandUsage(io, command, usage)((err as Error).message) };
  }
}
