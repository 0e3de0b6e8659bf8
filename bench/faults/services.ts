// The three services of one fault scenario as real processes on the scenario's topics, groups
// and Redis prefix; each can be killed with SIGKILL and started again on the same settings
// (ingest on the same port, so that the client's retries reach the new process).
import { join } from 'node:path';
import { freePort, startTsChild, waitUntil, type BenchChild } from '../child-process.ts';
import { serviceEnv, type PipelineEndpoints } from '../pipeline-services.ts';
import { groupIsStable } from '../group-state.ts';
import type { Kafka } from '../../services/platform/kafka.ts';

type ServiceName = 'ingest' | 'extract' | 'enrich';

export interface ScenarioServices {
  ingestUrl: string;
  groups: { extract: string; enrich: string };
  /** SIGKILL, then wait for the exit. */
  kill(name: ServiceName): Promise<void>;
  /** Starts the service again, with `extraEnv` on top of its settings (a failpoint). */
  start(name: ServiceName, extraEnv?: NodeJS.ProcessEnv): void;
  /** Resolves true once the service's process has exited by itself, false after `timeoutMs`. */
  exited(name: ServiceName, timeoutMs: number): Promise<boolean>;
  /** Resolves with the time the service's /readyz first answered 200 (at most 180 s). */
  ready(name: ServiceName): Promise<number>;
  stopAll(): Promise<void>;
}

export async function startServices(opts: {
  root: string;
  env: NodeJS.ProcessEnv;
  endpoints: PipelineEndpoints;
  kafka: Kafka;
  runId: string;
  prefix: string;
  logDir: string;
}): Promise<ScenarioServices> {
  const ingestPort = await freePort();
  const { base, groups } = serviceEnv(opts.env, opts.endpoints, opts.prefix);
  const envs: Record<ServiceName, NodeJS.ProcessEnv> = {
    ingest: {
      ...base,
      INGEST_HTTP_HOST: '127.0.0.1',
      INGEST_HTTP_PORT: String(ingestPort),
      INGEST_RETRY_AFTER_SECONDS: '1',
      INGEST_DEDUP_BY_CONTENT: 'false',
      INGEST_REDIS_PREFIX: `newsflow:faults:${opts.runId}`,
      INGEST_QUEUE_PREFIX: `faults-${opts.runId}`,
      INGEST_FEEDS_ENABLED: 'false',
      INGEST_FETCH_URLS: 'false',
    },
    extract: { ...base, GROUP_ID: groups.extract, HEALTH_PORT: String(await freePort()) },
    enrich: { ...base, GROUP_ID: groups.enrich, HEALTH_PORT: String(await freePort()) },
  };
  const children = new Map<ServiceName, BenchChild>();
  let starts = 0;
  const start = (name: ServiceName, extraEnv: NodeJS.ProcessEnv = {}) => {
    children.set(
      name,
      startTsChild({
        name,
        script: `services/${name}/main.ts`,
        cwd: opts.root,
        env: { ...envs[name], ...extraEnv },
        logFile: join(opts.logDir, `${name}-${++starts}.log`),
      }),
    );
  };
  for (const name of ['ingest', 'extract', 'enrich'] as const) start(name);
  const ingestUrl = `http://127.0.0.1:${ingestPort}`;
  const services: ScenarioServices = {
    ingestUrl,
    groups,
    async kill(name) {
      const child = children.get(name);
      if (!child || child.exited !== undefined) return;
      child.child.kill('SIGKILL');
      await child.stop(0);
    },
    start,
    async exited(name, timeoutMs) {
      const child = children.get(name);
      if (!child) return true;
      return waitUntil(async () => child.exited !== undefined, { timeoutMs, everyMs: 100 });
    },
    async ready(name) {
      const url =
        name === 'ingest' ? `${ingestUrl}/readyz` : `http://127.0.0.1:${envs[name].HEALTH_PORT}/readyz`;
      await waitUntil(async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok, {
        timeoutMs: 180_000,
        everyMs: 200,
      });
      return Date.now();
    },
    async stopAll() {
      await children.get('ingest')?.stop();
      await Promise.all([children.get('extract')?.stop(), children.get('enrich')?.stop()]);
    },
  };
  const ready = await waitUntil(
    async () =>
      (await fetch(`${ingestUrl}/readyz`, { signal: AbortSignal.timeout(2000) })).ok &&
      (await groupIsStable(opts.kafka, groups.extract)) &&
      (await groupIsStable(opts.kafka, groups.enrich)),
    {
      timeoutMs: 240_000,
      everyMs: 1000,
      failIf: () => {
        for (const c of children.values())
          if (c.exited !== undefined)
            return `${c.name} exited (${c.exited}) during start-up; see ${c.logFile}`;
        return undefined;
      },
    },
  );
  if (!ready) {
    await services.stopAll();
    throw new Error(`the services were not ready within 240 s; logs in ${opts.logDir}`);
  }
  return services;
}
