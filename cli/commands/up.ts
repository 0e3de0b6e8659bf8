// `newsflow up` (npm start): servers, topics and schemas, then ingest, extract and enrich as
// separate processes under one supervisor with prefixed logs. Ctrl-C stops what it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { serviceNodeFlags } from '../../services/platform/node-flags.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import type { CommandIo } from '../io.ts';
import { ensurePipeline } from '../../services/platform/bootstrap.ts';
import { brokerList } from '../../services/platform/config.ts';
import { createKafka } from '../../services/platform/kafka.ts';
import { silentLogger } from '../../services/platform/logger.ts';
import { createSerde } from '../../services/platform/serde.ts';
import { topicNames } from '../../services/platform/topics.ts';
import { formatLogLine } from './log-line.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVICES = ['ingest', 'extract', 'enrich', 'web'] as const;
/** Services answering /readyz on a health port up chooses (ingest and web on their HTTP ports). */
const HEALTH_PORTED = new Set(['extract', 'enrich']);

const USAGE = `usage: newsflow up [--demo] [--ingest-port 8080] [--web-port 8090] [--extract 1] [--enrich 1] [--keep-servers]
  --demo           send the sample articles and print the enriched events as they arrive
  --ingest-port    HTTP port of ingest (default 8080, or INGEST_HTTP_PORT)
  --web-port       HTTP port of the live web view (default 8090, or WEB_HTTP_PORT)
  --extract N      extract processes sharing its consumer group, 1 to 6 (default 1): each codes on
                   a core of its own, and each holds its own dictionaries (~500 MB)
  --enrich N       enrich processes sharing its consumer group, 1 to 6 (default 1)
  --keep-servers   leave Kafka, the registry and Redis running after Ctrl-C
`;

/** Partitions of every pipeline topic: a group uses at most this many members. */
const MAX_MEMBERS = 6;

/** One process `up` runs: its name in logs and health checks, and the service it runs. */
export interface ServiceInstance {
  name: string;
  service: (typeof SERVICES)[number];
}

/** The processes to start: `extract`, `extract-2`, … for a service run more than once. */
export function serviceInstances(
  counts: Partial<Record<(typeof SERVICES)[number], number>>,
): ServiceInstance[] {
  return SERVICES.flatMap((service) =>
    Array.from({ length: counts[service] ?? 1 }, (_, k) => ({
      name: k === 0 ? service : `${service}-${k + 1}`,
      service,
    })),
  );
}

/** `--extract`/`--enrich`: a whole number of members from 1 to 6, else a message saying so. */
export function memberCount(option: string, text: string | undefined): number | string {
  if (text === undefined) return 1;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_MEMBERS
    ? n
    : `--${option} must be a whole number from 1 to ${MAX_MEMBERS} (the topics' partitions), not '${text}'`;
}

interface Endpoints {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  redisUrl: string;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'up', USAGE, argv, {
    demo: { type: 'boolean' },
    'ingest-port': { type: 'string' },
    'web-port': { type: 'string' },
    'keep-servers': { type: 'boolean' },
    extract: { type: 'string' },
    enrich: { type: 'string' },
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const extract = memberCount('extract', values.extract);
  const enrich = memberCount('enrich', values.enrich);
  for (const bad of [extract, enrich]) if (typeof bad === 'string') return commandUsage(io, 'up', USAGE)(bad);
  const instances = serviceInstances({ extract: extract as number, enrich: enrich as number });
  const env = io.env;
  const say = (who: string, line: string) => io.stderr.write(formatLogLine(who, line));
  const ingestPort = Number(values['ingest-port'] ?? env.INGEST_HTTP_PORT ?? 8080);
  const webPort = Number(values['web-port'] ?? env.WEB_HTTP_PORT ?? 8090);

  // Signals are taken from the start: one that comes while the servers start must still stop what
  // was started. A terminal's Ctrl-C reaches this process twice when it runs under
  // scripts/bootstrap.mjs (directly, and forwarded by bootstrap): a repeat is the same request.
  let stopRequested = false;
  let onStop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (onStop = resolve));
  const onSignal = () => {
    if (!stopRequested) say('up', 'stopping (signal received)');
    stopRequested = true;
    onStop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runUp(
      values,
      instances,
      io,
      { ingest: ingestPort, web: webPort },
      say,
      () => stopRequested,
      stopped,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

type Say = (who: string, line: string) => void;

/** 1. The servers: given by the environment, else the local launcher (stopped at the end if it started them). */
async function startServers(
  env: NodeJS.ProcessEnv,
  keepServers: boolean,
  say: Say,
): Promise<{ endpoints: Endpoints; stopServers?: () => Promise<unknown> }> {
  if (env.KAFKA_BROKERS && env.SCHEMA_REGISTRY_URL && env.REDIS_URL) {
    say('up', 'using the servers named by KAFKA_BROKERS, SCHEMA_REGISTRY_URL and REDIS_URL');
    return {
      endpoints: {
        kafkaBrokers: env.KAFKA_BROKERS,
        schemaRegistryUrl: env.SCHEMA_REGISTRY_URL,
        redisUrl: env.REDIS_URL,
      },
    };
  }
  const { stackUp, stackDown } = await import('../../infra/launcher/index.ts');
  const result = await stackUp({ env, owner: 'cli', say: (line) => say('infra', line) });
  if (result.reused.length > 0 || keepServers) return { endpoints: result };
  return { endpoints: result, stopServers: () => stackDown({ env, say: (line) => say('infra', line) }) };
}

/** 2. Topics and schemas, so that the services may start in any order. */
async function createTopics(env: NodeJS.ProcessEnv, endpoints: Endpoints, say: Say): Promise<void> {
  const kafka = createKafka({
    brokers: brokerList(endpoints.kafkaBrokers),
    clientId: 'newsflow-up',
    logger: silentLogger(),
  });
  const serde = createSerde({ registryUrl: endpoints.schemaRegistryUrl });
  const { created } = await ensurePipeline({ kafka, serde, prefix: env.TOPIC_PREFIX ?? '' });
  if (created.length) say('up', `created topics: ${created.join(', ')}`);
}

/**
 * 3. The services, each its own process in its own process group (Ctrl-C reaches only the
 * supervisor, which stops them in order), their output prefixed with their name; one that exits
 * is restarted after 2 s, five times at most.
 */
function createSupervisor(
  io: CommandIo,
  childEnv: NodeJS.ProcessEnv,
  healthPorts: Record<string, number>,
  say: Say,
) {
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const restarts: Record<string, number> = {};
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream, prefix: string) => {
    let buf = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        out.write(prefix === 'events' ? `${buf.slice(0, nl)}\n` : formatLogLine(prefix, buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
      }
    });
  };
  const startChild = (name: string, args: string[], prefix = name, service = name) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: serviceEnv(childEnv, service, healthPorts[name]),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.set(name, child);
    pipe(child.stdout, prefix === 'events' ? io.stdout : io.stderr, prefix);
    pipe(child.stderr, io.stderr, prefix);
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (stopping) return;
      restarts[name] = (restarts[name] ?? 0) + 1;
      if (restarts[name]! > 5) {
        say('up', `${name} exited (${code ?? signal}) too often; not restarting it`);
        return;
      }
      say('up', `${name} exited (${code ?? signal}); restarting in 2 s`);
      setTimeout(() => !stopping && startChild(name, args, prefix, service), 2000);
    });
  };
  /** SIGTERM to each, SIGKILL after 15 s. */
  const stopAll = async () => {
    stopping = true;
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  return { startChild, stopAll };
}

function banner(
  ingestUrl: string,
  webUrl: string,
  tailCommand: string,
  topic: string,
  endpoints: Endpoints,
): string {
  return (
    `\nnewsflow is starting.\n` +
    `  ingest       ${ingestUrl}/v1/articles   (OpenAPI: ${ingestUrl}/openapi.json)\n` +
    `  web view     ${webUrl}\n` +
    `  events       ${tailCommand}   (topic ${topic})\n` +
    `  kafka        ${endpoints.kafkaBrokers}\n  registry     ${endpoints.schemaRegistryUrl}  (subjects <topic>-value)\n  redis        ${endpoints.redisUrl}\n` +
    `  try:  curl -s -XPOST ${ingestUrl}/v1/articles -H 'content-type: application/json' -d '{"text":"Turkish troops shelled Kurdish positions in northern Syria.","publishedAt":"2016-02-15"}'\n` +
    `Ctrl-C stops everything this command started.\n\n`
  );
}

async function runUp(
  values: { demo?: boolean; 'keep-servers'?: boolean },
  instances: ServiceInstance[],
  io: CommandIo,
  ports: { ingest: number; web: number },
  say: Say,
  stopRequested: () => boolean,
  stopped: Promise<void>,
): Promise<number> {
  const env = io.env;
  const ingestPort = ports.ingest;
  const { endpoints, stopServers } = await startServers(env, values['keep-servers'] === true, say);
  if (stopRequested()) {
    await stopServers?.();
    return 0;
  }
  await createTopics(env, endpoints, say);
  if (stopRequested()) {
    await stopServers?.();
    return 0;
  }

  // Health ports chosen here, so that the supervisor can ask each service whether it is ready.
  const healthPorts: Record<string, number> = {};
  for (const i of instances) if (HEALTH_PORTED.has(i.service)) healthPorts[i.name] = await freePort();
  const childEnv = {
    ...env,
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    REDIS_URL: endpoints.redisUrl,
    INGEST_HTTP_PORT: String(ingestPort),
    WEB_HTTP_PORT: String(ports.web),
    WEB_INGEST_URL: `http://127.0.0.1:${ingestPort}`,
  };
  const supervisor = createSupervisor(io, childEnv, healthPorts, say);
  for (const { name, service } of instances)
    supervisor.startChild(
      name,
      [...serviceNodeFlags(service, env), '--import', 'tsx', `services/${service}/main.ts`],
      name,
      service,
    );

  const ingestUrl = `http://127.0.0.1:${ingestPort}`;
  const webUrl = `http://127.0.0.1:${ports.web}/`;
  const tailCommand = 'npx newsflow tail --from-beginning';
  io.stdout.write(
    banner(ingestUrl, webUrl, tailCommand, topicNames(env.TOPIC_PREFIX ?? '').eventEnriched, endpoints),
  );
  if (values.demo) {
    supervisor.startChild('events', ['bin/newsflow.mjs', 'tail', '--topic', 'enriched'], 'events');
    void sendDemoArticles(ingestUrl, (line) => say('demo', line));
  }

  // 4. one line when every service answers /readyz, then wait for Ctrl-C or SIGTERM
  const readyUrls = [
    `${ingestUrl}/readyz`,
    `${webUrl}readyz`,
    ...Object.values(healthPorts).map((port) => `http://127.0.0.1:${port}/readyz`),
  ];
  void waitAllReady(readyUrls, stopRequested).then((ok) => {
    if (ok)
      io.stdout.write(
        `newsflow ready: POST articles to ${ingestUrl}/v1/articles; web view ${webUrl}; events: ${tailCommand}\n`,
      );
  });
  await stopped;
  say('up', 'stopping the services');
  await supervisor.stopAll();
  if (stopServers) await stopServers();
  else say('up', 'servers left running (`npx newsflow infra down` stops them)');
  return 0;
}

async function sendDemoArticles(ingestUrl: string, say: (line: string) => void): Promise<void> {
  const body = readFileSync(new URL('../../data/samples/demo-articles.jsonl', import.meta.url), 'utf8');
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    try {
      const ready = await fetch(`${ingestUrl}/readyz`);
      if (ready.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    const res = await fetch(`${ingestUrl}/v1/articles/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    say(`sent ${body.trim().split('\n').length} sample articles: HTTP ${res.status}`);
  } catch (err) {
    say(`could not send the sample articles: ${(err as Error).message}`);
  }
}

/** A port free at this moment on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls every URL until each answers 2xx; false when stopped first. */
async function waitAllReady(urls: string[], stopRequested: () => boolean): Promise<boolean> {
  const pending = new Set(urls);
  while (pending.size > 0) {
    if (stopRequested()) return false;
    for (const url of [...pending]) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (res.ok) pending.delete(url);
      } catch {
        // not listening yet
      }
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 500));
  }
  return !stopRequested();
}

/**
 * A service's environment: its health port, and under a TOPIC_PREFIX (a test, a second stack) a
 * consumer group of that prefix, so that it never joins the groups of another set of topics.
 */
function serviceEnv(
  base: NodeJS.ProcessEnv,
  name: string,
  healthPort: number | undefined,
): NodeJS.ProcessEnv {
  const env = { ...base };
  if (healthPort !== undefined) env.HEALTH_PORT = String(healthPort);
  if (env.TOPIC_PREFIX && !env.GROUP_ID) env.GROUP_ID = `${env.TOPIC_PREFIX}newsflow-${name}`;
  return env;
}
