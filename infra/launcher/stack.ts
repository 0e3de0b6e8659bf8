import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kafkaServer } from './kafka-server.ts';
import { endpointsOf, loadLauncherConfig, serverNames } from './launcher-config.ts';
import type { LauncherConfig, ServerName, StackEndpoints } from './launcher-config.ts';
import { LauncherError } from './launcher-error.ts';
import { logTail } from './log-tail.ts';
import { livePid, writePidFile } from './pid-file.ts';
import { portTaken } from './probes.ts';
import { redisServer } from './redis-server.ts';
import { registryServer } from './registry-server.ts';
import type { ServerDefinition } from './server-definition.ts';
import { spawnDetached } from './spawn-detached.ts';
import { withStackLock } from './stack-lock.ts';
import { stopProcess } from './stop-process.ts';
import { waitUntil } from '../../services/platform/wait-until.ts';

export const servers: Record<ServerName, ServerDefinition> = {
  kafka: kafkaServer,
  registry: registryServer,
  redis: redisServer,
};

/** Who started the stack: a developer (`infra up`, never stopped by tests) or test provisioning. */
type StackOwner = 'cli' | 'provision';

export interface StackOptions {
  /** Where settings are read from (ports, NEWSFLOW_HOME); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Progress lines for a person; default: none. */
  say?: (line: string) => void;
}

export interface StackUpOptions extends StackOptions {
  owner?: StackOwner;
  /** Start (or reuse) only these servers; default all three. */
  only?: ServerName[];
}

export interface StackUpResult extends StackEndpoints {
  started: ServerName[];
  reused: ServerName[];
  owner: StackOwner;
  durationMs: number;
}

interface ServerStatus {
  name: ServerName;
  /** up: ours and answering; starting: ours, not answering yet; foreign: answering but not ours. */
  state: 'up' | 'starting' | 'down' | 'foreign';
  pid: number | undefined;
  ports: number[];
  log: string;
}

export interface StackStatus extends StackEndpoints {
  up: boolean;
  owner: StackOwner | undefined;
  servers: ServerStatus[];
}

interface StackFile extends StackEndpoints {
  owner: StackOwner;
  pids: Partial<Record<ServerName, number>>;
  updatedAt: string;
}

const pidFile = (config: LauncherConfig, name: ServerName): string => join(config.dirs.run, `${name}.pid`);
const stackFile = (config: LauncherConfig): string => join(config.home, 'stack.json');
const lockFile = (config: LauncherConfig): string => join(config.dirs.run, 'launcher.lock');

async function readStackFile(config: LauncherConfig): Promise<StackFile | undefined> {
  return readFile(stackFile(config), 'utf8')
    .then((text) => JSON.parse(text) as StackFile)
    .catch(() => undefined);
}

async function failure(
  config: LauncherConfig,
  server: ServerDefinition,
  why: string,
): Promise<LauncherError> {
  const log = server.logFile(config);
  const tail = await logTail(log, 40);
  return new LauncherError(`${server.name}: ${why} (log: ${log})`, { logTail: tail || '(the log is empty)' });
}

async function refuseTakenPorts(config: LauncherConfig, server: ServerDefinition): Promise<void> {
  for (const port of server.ports(config)) {
    if (await portTaken(port)) {
      throw new LauncherError(
        `${server.name}: port ${port} is taken by a process this launcher did not start (state in ${config.home}); ` +
          'stop it or choose other ports with the NEWSFLOW_*_PORT variables (infra/README.md)',
      );
    }
  }
}

/** Starts one server unless our recorded process already runs; resolves to whether it started it. */
async function upOne(
  config: LauncherConfig,
  server: ServerDefinition,
  say: (line: string) => void,
): Promise<'started' | 'reused'> {
  const recorded = await livePid(pidFile(config, server.name));
  if (recorded) {
    // ours: it answers, or it is still starting (another `up` was interrupted); wait rather than start a twin
    const why = await waitUntil(() => server.answers(config), { timeoutMs: server.readyTimeoutMs });
    if (why)
      throw await failure(
        config,
        server,
        `pid ${recorded.pid} runs but ${why}; try \`infra down\` then \`infra up\``,
      );
    say(`${server.name}: already running (pid ${recorded.pid})`);
    return 'reused';
  }
  await refuseTakenPorts(config, server);
  const launch = await server.prepare(config, say);
  const startedAt = Date.now();
  const child = await spawnDetached({
    command: launch.command,
    args: launch.args,
    cwd: launch.cwd,
    logFile: launch.outputFile,
  });
  const record = await writePidFile(pidFile(config, server.name), child.pid, [
    launch.command,
    ...launch.args,
  ]);
  say(`${server.name}: started (pid ${child.pid}), waiting until it answers`);
  const why = await waitUntil(() => server.answers(config), {
    timeoutMs: server.readyTimeoutMs,
    abortIf: child.exit,
  });
  if (why) {
    await stopProcess(record.pid, record.startTime, 5_000);
    await rm(pidFile(config, server.name), { force: true });
    throw await failure(config, server, why);
  }
  say(`${server.name}: ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return 'started';
}

/**
 * Starts Kafka, the registry and Redis as detached local processes (in parallel), or reuses the
 * ones this launcher started before. If one fails, the others started by this call are stopped
 * again and the error carries the failing server's log tail.
 */
export async function stackUp(options: StackUpOptions = {}): Promise<StackUpResult> {
  const config = loadLauncherConfig(options.env ?? process.env);
  const say = options.say ?? (() => undefined);
  const began = Date.now();
  await Promise.all(Object.values(config.dirs).map((dir) => mkdir(dir, { recursive: true })));
  return withStackLock(lockFile(config), async () => {
    // a port taken by a stranger fails the whole `up` before any JVM is started for nothing
    const names = options.only ?? serverNames;
    for (const name of names) {
      if (!(await livePid(pidFile(config, name)))) await refuseTakenPorts(config, servers[name]);
    }
    const outcomes = await Promise.allSettled(names.map((name) => upOne(config, servers[name], say)));
    const started = names.filter(
      (_name, i) => outcomes[i]?.status === 'fulfilled' && outcomes[i].value === 'started',
    );
    const reused = names.filter(
      (_name, i) => outcomes[i]?.status === 'fulfilled' && outcomes[i].value === 'reused',
    );
    const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    if (errors.length > 0) {
      await Promise.all(started.map((name) => stopOne(config, name)));
      if (errors.length === 1) throw errors[0];
      const message = errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n');
      const tails = errors.flatMap((e) => (e instanceof LauncherError && e.logTail ? [e.logTail] : []));
      throw new LauncherError(message, { logTail: tails.join('\n---\n') || undefined });
    }
    // a stack that was already (partly) running belongs to whoever started it
    const previous = await readStackFile(config);
    const owner: StackOwner =
      reused.length === 0 && !options.only
        ? (options.owner ?? 'cli')
        : (previous?.owner ?? options.owner ?? 'cli');
    const endpoints = endpointsOf(config);
    const pids: StackFile['pids'] = {};
    for (const name of serverNames) pids[name] = (await livePid(pidFile(config, name)))?.pid;
    const file: StackFile = { ...endpoints, owner, pids, updatedAt: new Date().toISOString() };
    await writeFile(stackFile(config), JSON.stringify(file, null, 2) + '\n');
    return { ...endpoints, started, reused, owner, durationMs: Date.now() - began };
  });
}

async function stopOne(config: LauncherConfig, name: ServerName): Promise<'stopped' | 'not-running'> {
  const record = await livePid(pidFile(config, name));
  if (!record) return 'not-running';
  const how = await stopProcess(record.pid, record.startTime);
  await rm(pidFile(config, name), { force: true });
  return how === 'not-running' ? 'not-running' : 'stopped';
}

export interface StackDownOptions extends StackOptions {
  /** Also delete Kafka's, Redis' and the registry's data (the cache of downloaded servers is kept). */
  purge?: boolean;
  /** Stop only these servers (e.g. to restart one); the stack file is then kept. Default all three. */
  only?: ServerName[];
  /**
   * Checked while holding the launcher lock, before stopping anything: test provisioning stops the
   * stack only when no other process took a lease on it, and that must not race with their `up`.
   */
  onlyIf?: () => Promise<boolean>;
}

/**
 * Stops the processes this launcher recorded (SIGTERM, then SIGKILL after 20 s); nothing else.
 * Resolves to what happened to each, or undefined when `onlyIf` said no.
 */
export async function stackDown(
  options: StackDownOptions = {},
): Promise<Record<ServerName, 'stopped' | 'not-running'> | undefined> {
  const config = loadLauncherConfig(options.env ?? process.env);
  const say = options.say ?? (() => undefined);
  return withStackLock(lockFile(config), async () => {
    if (options.onlyIf && !(await options.onlyIf())) return undefined;
    const names = options.only ?? serverNames;
    const results = await Promise.all(names.map((name) => stopOne(config, name)));
    const report = Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<
      ServerName,
      'stopped' | 'not-running'
    >;
    for (const name of names) say(`${name}: ${report[name]}`);
    if (!options.only) await rm(stackFile(config), { force: true });
    if (options.purge) {
      await rm(config.dirs.kafka, { recursive: true, force: true });
      await rm(join(config.home, 'redis'), { recursive: true, force: true });
      await rm(join(config.home, 'registry'), { recursive: true, force: true });
      say(`deleted Kafka, Redis and registry data under ${config.home}`);
    }
    return report;
  });
}

/** What runs now: each server's state (probed, not remembered) and the endpoints. */
export async function stackStatus(options: StackOptions = {}): Promise<StackStatus> {
  const config = loadLauncherConfig(options.env ?? process.env);
  const statuses = await Promise.all(
    serverNames.map(async (name): Promise<ServerStatus> => {
      const server = servers[name];
      const record = await livePid(pidFile(config, name));
      const answers = await server.answers(config);
      const state = record ? (answers ? 'up' : 'starting') : answers ? 'foreign' : 'down';
      return { name, state, pid: record?.pid, ports: server.ports(config), log: server.logFile(config) };
    }),
  );
  const file = await readStackFile(config);
  return {
    ...endpointsOf(config),
    up: statuses.every((s) => s.state === 'up'),
    owner: file?.owner,
    servers: statuses,
  };
}
