import { join } from 'node:path';
import type { Kafka } from '../services/platform/kafka.ts';
import { groupIsStable } from './group-state.ts';
import { freePort, startTsChild, waitUntil, type BenchChild } from './child-process.ts';

export interface PipelineProcesses {
  ingest: BenchChild;
  extract: BenchChild;
  enrich: BenchChild;
  /** Extract instances after the first, in the same consumer group (bench --extract N). */
  moreExtracts: BenchChild[];
  ingestUrl: string;
  /** /metrics of every extract instance. */
  extractMetricsUrls: string[];
  enrichMetricsUrl: string;
  groups: { extract: string; enrich: string };
  /** Stops the three (ingest first, so that nothing new arrives), each SIGTERM then SIGKILL. */
  stop(): Promise<Record<string, string>>;
}

export interface PipelineEndpoints {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  redisUrl: string;
}

/**
 * What ingest, extract and enrich share when a benchmark starts them as processes: the servers,
 * the run's topic prefix, quiet logs; and the consumer groups of the run.
 */
export function serviceEnv(
  env: NodeJS.ProcessEnv,
  endpoints: PipelineEndpoints,
  prefix: string,
): { base: NodeJS.ProcessEnv; groups: { extract: string; enrich: string } } {
  return {
    base: {
      ...env,
      KAFKA_BROKERS: endpoints.kafkaBrokers,
      SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
      REDIS_URL: endpoints.redisUrl,
      TOPIC_PREFIX: prefix,
      // quiet unless asked for (NEWSFLOW_SERVICES_LOG_LEVEL=debug to follow a fault run)
      LOG_LEVEL: env.NEWSFLOW_SERVICES_LOG_LEVEL ?? 'warn',
    },
    groups: { extract: `${prefix}extract`, enrich: `${prefix}enrich` },
  };
}

/** One run of the services: where they run, which servers and topics they use, where they log. */
export interface PipelineRun {
  root: string;
  env: NodeJS.ProcessEnv;
  endpoints: PipelineEndpoints;
  kafka: Kafka;
  runId: string;
  prefix: string;
  logDir: string;
}

export type ServiceName = 'ingest' | 'extract' | 'enrich';

/**
 * Ingest's settings when a benchmark starts it: HTTP on `port`, Redis keys and queues of its own
 * (`newsflow:<kind>:<runId>`, `<kind>-<runId>`), no feeds and no fetching of URLs.
 */
export function ingestEnv(
  base: NodeJS.ProcessEnv,
  port: number,
  kind: string,
  runId: string,
): NodeJS.ProcessEnv {
  return {
    ...base,
    INGEST_HTTP_HOST: '127.0.0.1',
    INGEST_HTTP_PORT: String(port),
    // Every copy of a corpus article carries the same text under a new URL: dedup by URL only.
    INGEST_DEDUP_BY_CONTENT: 'false',
    INGEST_REDIS_PREFIX: `newsflow:${kind}:${runId}`,
    INGEST_QUEUE_PREFIX: `${kind}-${runId}`,
    INGEST_FEEDS_ENABLED: 'false',
    INGEST_FETCH_URLS: 'false',
  };
}

/** One service as a child process of the run, logging to `<logDir>/<logName>.log`. */
export function startService(
  run: Pick<PipelineRun, 'root' | 'logDir'>,
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  logName: string = name,
  cpuProfDir?: string,
): BenchChild {
  return startTsChild({
    name: logName,
    script: `services/${name}/main.ts`,
    service: name,
    cwd: run.root,
    env,
    logFile: join(run.logDir, `${logName}.log`),
    // One folder per service: Node writes one profile per thread (tsx's loader has its own).
    nodeFlags: cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfDir, logName)}`] : [],
  });
}

/**
 * Resolves true once ingest answers /readyz and both consumer groups are stable, false after
 * `timeoutMs`; rejects as soon as one of `children()` exits.
 */
export function pipelineReady(
  kafka: Kafka,
  ingestUrl: string,
  groups: { extract: string; enrich: string },
  children: () => Iterable<BenchChild>,
  timeoutMs: number,
): Promise<boolean> {
  return waitUntil(
    async () =>
      (await fetch(`${ingestUrl}/readyz`, { signal: AbortSignal.timeout(2000) })).ok &&
      (await groupIsStable(kafka, groups.extract)) &&
      (await groupIsStable(kafka, groups.enrich)),
    {
      timeoutMs,
      everyMs: 1000,
      failIf: () => {
        for (const c of children())
          if (c.exited !== undefined)
            return `${c.name} exited (${c.exited}) during start-up; see ${c.logFile}`;
        return undefined;
      },
    },
  );
}

/**
 * Starts ingest, extract and enrich as separate processes on the run's topics and groups, and
 * waits until ingest answers /readyz and both consumer groups are stable, so that the first
 * article measured does not pay for start-up.
 */
export async function startPipeline(
  opts: PipelineRun & { batchMaxItems: number; cpuProfDir?: string; extractInstances?: number },
): Promise<PipelineProcesses> {
  const [ingestPort, extractHealth, enrichHealth] = [await freePort(), await freePort(), await freePort()];
  const { base, groups } = serviceEnv(opts.env, opts.endpoints, opts.prefix);
  const envs: Record<ServiceName, NodeJS.ProcessEnv> = {
    ingest: {
      ...ingestEnv(base, ingestPort, 'bench', opts.runId),
      HEALTH_PORT: '0',
      INGEST_BATCH_MAX_ITEMS: String(Math.max(1000, opts.batchMaxItems)),
      INGEST_DEDUP_TTL_SECONDS: '3600',
    },
    extract: { ...base, GROUP_ID: groups.extract, HEALTH_PORT: String(extractHealth) },
    enrich: {
      ...base,
      GROUP_ID: groups.enrich,
      HEALTH_PORT: String(enrichHealth),
      ENRICH_DEDUP_WINDOW_SECONDS: '3600',
    },
  };
  const start = (name: ServiceName) => startService(opts, name, envs[name], name, opts.cpuProfDir);
  const children = { ingest: start('ingest'), extract: start('extract'), enrich: start('enrich') };
  // More extract processes share the group's partitions (a way to use a second core).
  const moreHealth: number[] = [];
  const moreExtracts: BenchChild[] = [];
  for (let n = 2; n <= (opts.extractInstances ?? 1); n++) {
    const health = await freePort();
    moreHealth.push(health);
    const name = `extract-${n}`;
    const env = { ...envs.extract, HEALTH_PORT: String(health) };
    moreExtracts.push(startService(opts, 'extract', env, name, opts.cpuProfDir));
  }
  const stop = async () => {
    const out: Record<string, string> = {};
    out.ingest = await children.ingest.stop();
    const extracts = [children.extract, ...moreExtracts];
    const [e, ...x] = await Promise.all([children.enrich.stop(), ...extracts.map((c) => c.stop())]);
    extracts.forEach((c, i) => (out[i === 0 ? 'extract' : `extract-${i + 1}`] = x[i]!));
    out.enrich = e!;
    return out;
  };
  const ingestUrl = `http://127.0.0.1:${ingestPort}`;
  try {
    const all = () => [...Object.values(children), ...moreExtracts];
    const ready = await pipelineReady(opts.kafka, ingestUrl, groups, all, 180_000);
    if (!ready) throw new Error(`the services were not ready within 180 s; logs in ${opts.logDir}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    ...children,
    moreExtracts,
    ingestUrl,
    extractMetricsUrls: [extractHealth, ...moreHealth].map((p) => `http://127.0.0.1:${p}/metrics`),
    enrichMetricsUrl: `http://127.0.0.1:${enrichHealth}/metrics`,
    groups,
    stop,
  };
}
