// What a command is handed to talk to the world: its streams and environment. A leaf module, so
// that commands, benchmarks and the launcher can take it without importing the command table.
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export type CommandRun = (argv: string[], io: CommandIo) => Promise<number>;
