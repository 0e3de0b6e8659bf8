// One argument convention for every command and benchmark, on node's own parser:
// `--help`/`-h` prints the usage on stdout and exits 0; an unknown option, a missing value or
// anything the command rejects prints `newsflow <command>: <what is wrong>`, a blank line and the
// usage on stderr and exits 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandIo } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: WithHelp<O> }>>;

/** `--kb DIR` and `--dictionaries DIR`: the data of the coder, for the commands that build one. */
export const CODER_DATA_OPTIONS = { kb: { type: 'string' }, dictionaries: { type: 'string' } } as const;

/** A command's name and usage text: says "these arguments are wrong" with exit code 2. */
export function commandUsage(io: CommandIo, command: string, usage: string) {
  return (message: string): number => {
    io.stderr.write(`newsflow ${command}: ${message}\n\n${usage}`);
    return 2;
  };
}

/**
 * Parses a command's options with `--help` added: the values (and the positionals when
 * `allowPositionals`), or the exit code when the command is done already (0 after printing the
 * usage, 2 after saying what is wrong).
 */
export function parseCommandArgs<const O extends Options>(
  io: CommandIo,
  command: string,
  usage: string,
  argv: string[],
  options: O,
  { allowPositionals = false }: { allowPositionals?: boolean } = {},
): { values: Parsed<O>['values']; positionals: string[] } | { exit: number } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>,
    });
    if ((values as { help?: boolean }).help) {
      io.stdout.write(usage);
      return { exit: 0 };
    }
    return { values, positionals };
  } catch (err) {
    return { exit: commandUsage(io, command, usage)((err as Error).message) };
  }
}

/** A whole number of at least `min` written in an option, or undefined when it is not one. */
export function wholeNumber(text: string | undefined, min = 1): number | undefined {
  const n = Number(text);
  return text !== undefined && Number.isInteger(n) && n >= min ? n : undefined;
}

/**
 * `newsflow <command> <target> [options]`: runs the target's module with the remaining
 * arguments; no known target (or --help) prints the usage.
 */
export async function dispatch(
  io: CommandIo,
  command: string,
  usage: string,
  targets: Record<string, () => Promise<{ run: (argv: string[], io: CommandIo) => Promise<number> }>>,
  target: string | undefined,
  rest: string[],
): Promise<number> {
  if (target === '--help' || target === '-h') {
    io.stdout.write(usage);
    return 0;
  }
  const load = target ? targets[target] : undefined;
  if (!load) return commandUsage(io, command, usage)(target ? `unknown target '${target}'` : 'which one?');
  return (await load()).run(rest, io);
}
