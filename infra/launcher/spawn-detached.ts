import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DetachedSpawn {
  command: string;
  args: string[];
  cwd: string;
  /** stdout and stderr are appended here. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

export interface DetachedChild {
  pid: number;
  /** Set once the process has exited while this launcher is still running; undefined while it runs. */
  exit: () => string | undefined;
}

/**
 * Starts a server in its own process group with no pipe back to us, so that it outlives the CLI
 * that started it and a Ctrl-C in the developer's terminal does not reach it.
 */
export function spawnDetached(options: DetachedSpawn): Promise<DetachedChild> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'a');
  return new Promise((resolve, reject) => {
    let exitReason: string | undefined;
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.once('error', (err) => {
      closeSync(fd);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      exitReason = `exited with ${signal ? `signal ${signal}` : `code ${code}`}`;
    });
    child.once('spawn', () => {
      closeSync(fd);
      child.unref();
      resolve({ pid: child.pid as number, exit: () => exitReason });
    });
  });
}
