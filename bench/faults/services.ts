// The three services of one fault scenario as real processes on the scenario's topics, groups
// and Redis prefix; each can be killed with SIGKILL and started again on the same settings
// (ingest on the same port, so that the client's retries reach the new process).
import { freePort, waitUntil, type BenchChild } from '../child-process.ts';
import {
  ingestEnv,
  pipelineReady,
  serviceEnv,
  startService,
  type PipelineRun,
  type ServiceName,
} from '../pipeline-services.ts';

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

export async function startServices(opts: PipelineRun): Promise<ScenarioServices> {
  const ingestPort = await freePort();
  const { base, groups } = serviceEnv(opts.env, opts.endpoints, opts.prefix);
  const envs: Record<ServiceName, NodeJS.ProcessEnv> = {
    ingest: { ...ingestEnv(base, ingestPort, 'faults', opts.runId), INGEST_RETRY_AFTER_SECONDS: '1' },
    extract: { ...base, GROUP_ID: groups.extract, HEALTH_PORT: String(await freePort()) },
    enrich: { ...base, GROUP_ID: groups.enrich, HEALTH_PORT: String(await freePort()) },
  };
  const children = new Map<ServiceName, BenchChild>();
  let starts = 0;
  const start = (name: ServiceName, extraEnv: NodeJS.ProcessEnv = {}) => {
    children.set(name, startService(opts, name, { ...envs[name], ...extraEnv }, `${name}-${++starts}`));
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
  const ready = await pipelineReady(opts.kafka, ingestUrl, groups, () => children.values(), 240_000);
  if (!ready) {
    await services.stopAll();
    throw new Error(`the services were not ready within 240 s; logs in ${opts.logDir}`);
  }
  return services;
}
