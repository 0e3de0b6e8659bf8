import type { LauncherConfig, ServerName } from './launcher-config.ts';

interface LaunchCommand {
  command: string;
  args: string[];
  cwd: string;
  /** Where the process's stdout and stderr go. */
  outputFile: string;
}

/** What the stack needs to know about one server; kafka-server.ts, registry-server.ts, redis-server.ts. */
export interface ServerDefinition {
  name: ServerName;
  /** Ports that must be free before it starts (a taken port means a server we did not start). */
  ports(config: LauncherConfig): number[];
  /** The log to show when it fails. */
  logFile(config: LauncherConfig): string;
  /** Fetches what is missing, writes its configuration and returns how to run it. Idempotent. */
  prepare(config: LauncherConfig, say: (line: string) => void): Promise<LaunchCommand>;
  answers(config: LauncherConfig): Promise<boolean>;
  readyTimeoutMs: number;
}
