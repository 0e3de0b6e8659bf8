import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { serviceNodeFlags } from '../services/platform/node-flags.ts';

// Children still running when the benchmark's process exits (an error, a signal) are killed
// with it: they run detached and would otherwise outlive it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A Node process the benchmark started, its output going to a log file. */
export interface BenchChild {
  name: string;
  pid: number;
  logFile: string;
  /** exit code or signal once it has exited */
  readonly exited: string | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. Idempotent. */
  stop(graceMs?: number): Promise<string>;
  child: ChildProcess;
}

/** Starts `node --import tsx <script>` in `cwd` with `env`; stdout and stderr go to `logFile`. */
export function startTsChild(opts: {
  name: string;
  script: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Also pipe stdout to the parent (for a readiness line). */
  pipeStdout?: boolean;
  /** Extra Node flags before the script (e.g. --cpu-prof). */
  nodeFlags?: readonly string[];
  /** The service whose Node flags (services/platform/node-flags.ts) the child starts with. */
  service?: string;
}): BenchChild {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const fd = openSync(opts.logFile, 'a');
  // Own process group: a Ctrl-C reaches only the benchmark, which then stops its children in order.
  const child = spawn(
    process.execPath,
    [...serviceNodeFlags(opts.service, opts.env), ...(opts.nodeFlags ?? []), '--import', 'tsx', opts.script],
    {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', opts.pipeStdout ? 'pipe' : fd, fd],
      detached: true,
    },
  );
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${opts.name}`);
  live.add(child);
  let exited: string | undefined;
  const exit = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      exited = signal ?? String(code);
      resolve(exited);
    }),
  );
  let stopping: Promise<string> | undefined;
  return {
    name: opts.name,
    pid: child.pid,
    logFile: opts.logFile,
    child,
    get exited() {
      return exited;
    },
    stop(graceMs = 20_000) {
      stopping ??= (async () => {
        if (exited !== undefined) return exited;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const how = await exit;
        clearTimeout(timer);
        return how;
      })();
      return stopping;
    },
  };
}

/** Resolves with the first stdout line of a child started with pipeStdout that matches. */
export function waitForLine(child: BenchChild, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () =>
        done(
          new Error(
            `${child.name}: no '${pattern.source}' line within ${timeoutMs} ms (log: ${child.logFile})`,
          ),
        ),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      for (const line of buf.split('\n')) if (pattern.test(line)) return done(undefined, line);
      buf = buf.slice(buf.lastIndexOf('\n') + 1);
    };
    const onExit = () =>
      done(new Error(`${child.name} exited (${child.exited}) before it was ready (log: ${child.logFile})`));
    const done = (err?: Error, line?: string) => {
      clearTimeout(timer);
      child.child.stdout?.off('data', onData);
      child.child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    };
    child.child.stdout?.on('data', onData);
    child.child.once('exit', onExit);
  });
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it is true, the deadline passes (false) or `abort` says stop. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  opts: { timeoutMs: number; everyMs?: number; failIf?: () => string | undefined },
): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    const why = opts.failIf?.();
    if (why) throw new Error(why);
    try {
      if (await check()) return true;
    } catch {
      // not answering yet
    }
    await sleep(opts.everyMs ?? 500);
  }
  return false;
}
