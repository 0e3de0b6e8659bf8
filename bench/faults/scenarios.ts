// The faults, each injected once while the client sends: what is broken, and when it is back.
import { stackDown, stackStatus, stackUp } from '../../infra/launcher/index.ts';
// kafkajs' read_committed filter is replaced before kafkajs loads (see that module).
import '../../services/platform/kafkajs-read-committed.ts';
import { Kafka, logLevel } from 'kafkajs';
import type { ScenarioServices } from './services.ts';

interface FaultContext {
  services: ScenarioServices;
  /** The launcher's environment (NEWSFLOW_HOME and ports) of the servers under test. */
  env: NodeJS.ProcessEnv;
  /** The broker addresses of those servers. */
  brokers: string[];
  sleep(ms: number): Promise<void>;
}

export interface Scenario {
  name: string;
  what: string;
  /**
   * Breaks something, repairs it, and resolves with the time the faulty part was back: a server
   * answering again, a restarted service answering /readyz (joined its group, or able to accept).
   */
  inject(ctx: FaultContext): Promise<number>;
}

async function killServer(env: NodeJS.ProcessEnv, name: 'kafka' | 'registry' | 'redis'): Promise<void> {
  const status = await stackStatus({ env });
  const pid = status.servers.find((s) => s.name === name)?.pid;
  if (!pid) throw new Error(`${name} is not running under the launcher; cannot kill it`);
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Resolves with the time the broker first answers a metadata request after `since`: when Kafka
 * is back for its clients. The launcher's `up` returns later than that (it also waits for its
 * own checks), so its return is no measure of how fast the services resume.
 */
async function brokerAnswering(brokers: string[], until: Promise<unknown>): Promise<number> {
  let over = false;
  void until.finally(() => (over = true));
  const kafka = new Kafka({
    brokers,
    clientId: 'faults-probe',
    connectionTimeout: 500,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return Date.now();
    } catch {
      if (over) return Date.now();
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }
}

const restart =
  (service: 'ingest' | 'extract' | 'enrich'): Scenario['inject'] =>
  async ({ services }) => {
    await services.kill(service);
    services.start(service);
    return services.ready(service);
  };

export const SCENARIOS: Scenario[] = [
  { name: 'kill-extract', what: 'kill -9 extract, start it again', inject: restart('extract') },
  { name: 'kill-enrich', what: 'kill -9 enrich, start it again', inject: restart('enrich') },
  { name: 'kill-ingest', what: 'kill -9 ingest, start it again on its port', inject: restart('ingest') },
  {
    name: 'kill-kafka',
    what: 'kill -9 the Kafka broker, then launcher up again',
    async inject({ env, brokers }) {
      await killServer(env, 'kafka');
      const up = stackUp({ env, only: ['kafka'] });
      const back = await brokerAnswering(brokers, up);
      await up;
      return back;
    },
  },
  {
    name: 'redis-down',
    what: 'Redis stopped for 15 s, then launcher up again',
    async inject({ env, sleep }) {
      await stackDown({ env, only: ['redis'] });
      await sleep(15_000);
      await stackUp({ env, only: ['redis'] });
      return Date.now();
    },
  },
  {
    name: 'registry-restart',
    what: 'the schema registry stopped and started again',
    async inject({ env }) {
      await stackDown({ env, only: ['registry'] });
      await stackUp({ env, only: ['registry'] });
      return Date.now();
    },
  },
  {
    name: 'kill-extract-catchup',
    what: 'extract down 10 s (a backlog builds), started, and killed -9 in a catch-up transaction, after its outputs were written and before the commit',
    async inject({ services, sleep }) {
      await services.kill('extract');
      await sleep(10_000);
      // The failpoint (stage-service.ts) kills the new process in its 3rd transaction with
      // outputs: within its first second of catching up, in the window between the outputs
      // reaching the broker and the offsets and commit that make them visible.
      services.start('extract', { NEWSFLOW_FAILPOINT_KILL_IN_TX: '3' });
      if (!(await services.exited('extract', 180_000)))
        throw new Error('extract did not reach its failpoint within 180 s (no backlog to catch up?)');
      services.start('extract');
      return services.ready('extract');
    },
  },
];
