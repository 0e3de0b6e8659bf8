// Servers for integration and end-to-end tests, in the order of DESIGN.md: the environment's,
// then containers where a Docker engine answers, then the project's own launcher of local
// processes. Never a fake, never a silent skip: if none of the three works, provisionStack throws
// and says what to install.
import {
  dropLease,
  liveLeases,
  loadLauncherConfig,
  stackDown,
  stackUp,
  takeLease,
  LauncherError,
} from '../../infra/launcher/index.ts';
import { defaultRegistryVersion } from '../../infra/launcher/launcher-config.ts';
import { newClusterId } from '../../infra/launcher/kafka-server.ts';
import { kafkaAnswers } from '../../infra/launcher/probes.ts';
import { waitUntil } from '../../services/platform/wait-until.ts';

/** Container images, pinned here and nowhere else. The registry matches the launcher's version. */
export const containerImages = {
  kafka: 'apache/kafka:4.1.2',
  registry: `apicurio/apicurio-registry:${defaultRegistryVersion}`,
  redis: 'redis:7.2-alpine',
} as const;

export interface ProvisionedStack {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  redisUrl: string;
  source: 'env' | 'testcontainers' | 'launcher';
  /** Releases what provisionStack started; servers that were there before are left running. */
  stop(): Promise<void>;
}

export interface ProvisionOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (slow first starts); default: none. */
  say?: (line: string) => void;
}

const envKeys = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'REDIS_URL'] as const;

function fromEnv(env: NodeJS.ProcessEnv): ProvisionedStack | undefined {
  const set = envKeys.filter((key) => env[key]);
  if (set.length === 0) return undefined;
  if (set.length < envKeys.length) {
    const missing = envKeys.filter((key) => !env[key]);
    throw new Error(
      `provisionStack: ${set.join(', ')} set but ${missing.join(', ')} not: set all three to use your own servers, or none`,
    );
  }
  return {
    kafkaBrokers: env.KAFKA_BROKERS as string,
    schemaRegistryUrl: (env.SCHEMA_REGISTRY_URL as string).replace(/\/+$/, ''),
    redisUrl: env.REDIS_URL as string,
    source: 'env',
    stop: async () => undefined,
  };
}

/** Why no container runtime is usable, or undefined when one answers. Asks testcontainers itself, not `docker --version`. */
async function dockerUnavailable(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Kafka, Apicurio and Redis in containers. Kafka must advertise the host's mapped port, which is
 * only known once the container runs: the container waits for that address in a file, which is
 * copied in after start, and only then execs the image's own start script.
 */
async function withContainers(say: (line: string) => void): Promise<ProvisionedStack> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const advertisedFile = '/tmp/newsflow-advertised-listeners';
  const waiting = 'newsflow: waiting for the advertised listeners';
  say('provision: starting Kafka, Apicurio Registry and Redis containers');
  const kafka = new GenericContainer(containerImages.kafka)
    .withExposedPorts(9092)
    .withEnvironment({
      CLUSTER_ID: newClusterId(),
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093,BROKER://0.0.0.0:9094',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,BROKER:PLAINTEXT',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '3',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: '1000',
      KAFKA_HEAP_OPTS: '-Xmx512m -Xms512m',
    })
    .withCommand([
      'sh',
      '-c',
      `echo '${waiting}'; while [ ! -f ${advertisedFile} ]; do sleep 0.1; done; ` +
        `export KAFKA_ADVERTISED_LISTENERS="$(cat ${advertisedFile})"; exec /etc/kafka/docker/run`,
    ])
    .withWaitStrategy(Wait.forLogMessage(waiting))
    .withStartupTimeout(120_000);
  const registry = new GenericContainer(containerImages.registry)
    .withExposedPorts(8080)
    .withEnvironment({
      QUARKUS_HTTP_ACCESS_LOG_ENABLED: 'false',
      QUARKUS_MANAGEMENT_ENABLED: 'false',
      APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED: 'false',
      APICURIO_CCOMPAT_USE_CANONICAL_HASH: 'true',
    })
    .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080).forStatusCode(200))
    .withStartupTimeout(180_000);
  const redis = new GenericContainer(containerImages.redis)
    .withExposedPorts(6379)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'])
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'));

  const started = await Promise.allSettled([kafka.start(), registry.start(), redis.start()]);
  const containers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(containers.map((c) => c.stop()));
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [k, r, d] = containers as [
    (typeof containers)[number],
    (typeof containers)[number],
    (typeof containers)[number],
  ];
  const kafkaBrokers = `${k.getHost()}:${k.getMappedPort(9092)}`;
  await k.copyContentToContainer([
    { content: `PLAINTEXT://${kafkaBrokers},BROKER://localhost:9094`, target: advertisedFile, mode: 0o644 },
  ]);
  const why = await waitUntil(() => kafkaAnswers(kafkaBrokers), { timeoutMs: 120_000, intervalMs: 500 });
  if (why) {
    await stopAll();
    throw new Error(`provision: the Kafka container at ${kafkaBrokers} ${why}`);
  }
  return {
    kafkaBrokers,
    schemaRegistryUrl: `http://${r.getHost()}:${r.getMappedPort(8080)}/apis/ccompat/v7`,
    redisUrl: `redis://${d.getHost()}:${d.getMappedPort(6379)}`,
    source: 'testcontainers',
    stop: stopAll,
  };
}

/**
 * Local processes through infra/launcher. A stack a developer started (`infra up`) is reused and
 * never stopped here. A stack started by provisioning is stopped by the last test process that
 * leaves it (each holds a lease), so parallel test files share one set of servers.
 */
async function withLauncher(env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<ProvisionedStack> {
  const runDir = loadLauncherConfig(env).dirs.run;
  // the lease comes before `up`, so that a leaving process cannot stop the stack between the two
  const lease = await takeLease(runDir);
  let result;
  try {
    result = await stackUp({ env, say, owner: 'provision' });
  } catch (err) {
    await dropLease(lease);
    throw err;
  }
  const owner = result.owner;
  let stopped = false;
  return {
    kafkaBrokers: result.kafkaBrokers,
    schemaRegistryUrl: result.schemaRegistryUrl,
    redisUrl: result.redisUrl,
    source: 'launcher',
    async stop() {
      if (stopped) return;
      stopped = true;
      await dropLease(lease);
      if (owner !== 'provision') return;
      await stackDown({ env, onlyIf: async () => (await liveLeases(runDir)).length === 0 });
    },
  };
}

/** Kafka brokers, the registry's Confluent-compatible URL and a Redis URL that answer, and how to let go of them. */
export async function provisionStack(options: ProvisionOptions = {}): Promise<ProvisionedStack> {
  const env = options.env ?? process.env;
  const say = options.say ?? (() => undefined);
  const given = fromEnv(env);
  if (given) return given;

  // NEWSFLOW_PROVISION=launcher skips the Docker probe (about 1 s); =testcontainers insists on Docker
  const forced = env.NEWSFLOW_PROVISION;
  const dockerWhy =
    forced === 'launcher' ? 'skipped (NEWSFLOW_PROVISION=launcher)' : await dockerUnavailable();
  if (dockerWhy === undefined) return withContainers(say);
  if (forced === 'testcontainers')
    throw new Error(
      `provisionStack: NEWSFLOW_PROVISION=testcontainers but no Docker engine answers: ${dockerWhy}`,
    );

  try {
    return await withLauncher(env, say);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const tail = err instanceof LauncherError && err.logTail ? `\n--- log tail ---\n${err.logTail}` : '';
    throw new Error(
      'provisionStack: no servers for the tests. KAFKA_BROKERS, SCHEMA_REGISTRY_URL and REDIS_URL are not set; ' +
        `no Docker engine answers (${dockerWhy}); and the local launcher failed: ${detail}\n` +
        "Fix one of: set the three variables to running servers; start a Docker engine; or install the launcher's " +
        'prerequisites (`apt-get install -y openjdk-17-jdk-headless maven redis-server`, see infra/README.md).' +
        tail,
      { cause: err },
    );
  }
}
