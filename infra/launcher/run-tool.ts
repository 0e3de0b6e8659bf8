import { spawn } from 'node:child_process';
import { LauncherError } from './launcher-error.ts';

export interface ToolRun {
  command: string;
  args: string[];
  cwd?: string;
  /** What to tell a person when the command does not exist. */
  installHint: string;
  timeoutMs?: number;
}

/** Runs a short-lived tool (mvn, tar, java -cp … StorageTool) to completion; throws with its output on failure. */
export function runTool(tool: ToolRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.command, tool.args, { cwd: tool.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), tool.timeoutMs ?? 600_000);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err.code === 'ENOENT'
          ? new LauncherError(`${tool.command} not found: ${tool.installHint}`)
          : new LauncherError(`${tool.command} could not start: ${err.message}`, { cause: err }),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(output);
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      reject(
        new LauncherError(`${[tool.command, ...tool.args].join(' ')} ${how}`, {
          logTail: output.trim().split('\n').slice(-30).join('\n'),
        }),
      );
    });
  });
}
