import './kafkajs-read-committed.ts';
import kafkajs, { Kafka, logLevel, Partitioners, type Admin, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from './logger.ts';

export type { Admin, Kafka };

// not among the names Node finds in kafkajs' CommonJS exports: read from the module object
const { ConfigResourceTypes } = kafkajs;

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs messages a user can do nothing about, logged at debug: the idempotent producer's retry
 * limit is our choice (a bounded retry, then the write fails and a new producer takes over, see
 * createProducerSession in producer.ts), and a group rebalancing while its members join is how
 * every start looks.
 */
const NOT_ACTIONABLE = [
  /^Limiting retries for the idempotent producer may invalidate EoS guarantees/,
  /The group is rebalancing, re-joining/,
];

/** The pino method for a kafkajs log entry. */
export function kafkaLogMethod(level: number, message: string): 'error' | 'warn' | 'info' | 'debug' {
  if (NOT_ACTIONABLE.some((re) => re.test(message))) return 'debug';
  // kafkajs reports every rebalance and reconnect at error level; keep them at warn.
  return level === logLevel.ERROR ? 'warn' : (levels[level] ?? 'info');
}

/** kafkajs logs through our pino logger so every line stays structured JSON. */
function logCreatorFor(logger: Logger): KafkaConfig['logCreator'] {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...extra } = log;
      logger[kafkaLogMethod(level, message)]({ kafka: namespace, ...extra }, message);
    };
}

/**
 * Retries of every request, connection and metadata refresh. kafkajs doubles the wait up to
 * `maxRetryTime`, 30 s by default: a broker back after a 20 s outage was then first asked again
 * up to 25.6 s later (ingest's intake, the consumers' fetches), whatever else was ready. Capped at
 * 1 s, a broker is found again within about a second of its return; 12 attempts still span about
 * 10 s of outage before an operation gives up (and its caller retries it, or answers 503).
 */
const KAFKA_RETRY = { initialRetryTime: 200, maxRetryTime: 1000, retries: 12 } as const;

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** How long a connection attempt may take (ms). */
  connectionTimeout?: number;
}

export function createKafka({
  brokers,
  clientId,
  logger,
  connectionTimeout = 5000,
}: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    logCreator: logCreatorFor(logger.child({ component: 'kafkajs' })),
    retry: KAFKA_RETRY,
  });
}

/** The shape the ingest runtime expects: the client plus an admin factory. */
export function createKafkaClients(options: KafkaClientOptions): {
  kafka: Kafka;
  admin: () => ReturnType<Kafka['admin']>;
} {
  const kafka = createKafka(options);
  return { kafka, admin: () => kafka.admin() };
}

/** Producer settings every writer shares (the benchmark's baseline too, so it compares like with like). */
export const IDEMPOTENT_PRODUCER = {
  // kafkajs 2's default (murmur2, as Java's): said explicitly, which also silences its warning.
  createPartitioner: Partitioners.DefaultPartitioner,
  idempotent: true,
  // one request in flight per broker keeps the idempotent sequence gapless in kafkajs
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
} as const;

/** Consumer-group settings every reader in a group shares (see groupConsumerSettings). */
export const GROUP_CONSUMER = {
  // A member that dies is noticed after the session timeout, and a rebalance waits that long for
  // a member that is gone: a consumer that kafkajs restarts after a broker outage joins under a
  // new member id, and the group, loaded again by the restarted broker, waits out its old id's
  // session before it stabilises (6 s of the 8 s measured in the kill-kafka fault scenario).
  // 3 s (the local broker's group.min.session.timeout.ms allows it) keeps that short; the runner
  // heartbeats between handler windows, so a slow batch does not count as a dead member.
  sessionTimeout: 3000,
  heartbeatInterval: 1000,
  // Retries of the member's own loop (join, sync, fetch) before kafkajs crashes and restarts the
  // consumer: 5 by default (consumers do not take the client's 12), about 3 s. A broker back from
  // a restart answers "coordinator is loading" for seconds, and each such crash restarted the
  // member under a new id, leaving the old one for the group to wait out (a session each time,
  // several times in a row on a loaded machine). 30 attempts, at most 1 s apart, ride it out.
  retry: { retries: 30 },
  // Only committed transactions are delivered (kafkajs' default, said explicitly): the pipeline's
  // topics are written in transactions, and aborted records must never be read.
  readUncommitted: false,
  maxWaitTimeInMs: 100,
  allowAutoTopicCreation: false,
} as const;

/** Kafka's default group.min.session.timeout.ms: what any broker accepts. */
const BROKER_DEFAULT_MIN_SESSION_MS = 6000;

/**
 * GROUP_CONSUMER with a session timeout the broker accepts: a broker refuses a member whose
 * session timeout is below its group.min.session.timeout.ms (6 s unless configured, as on
 * servers other than the launcher's), so the shorter timeout is asked for only where the broker
 * allows it. When the broker's setting cannot be read, its default is assumed.
 */
export async function groupConsumerSettings(admin: Admin): Promise<
  Omit<typeof GROUP_CONSUMER, 'sessionTimeout' | 'heartbeatInterval'> & {
    sessionTimeout: number;
    heartbeatInterval: number;
  }
> {
  let min = BROKER_DEFAULT_MIN_SESSION_MS;
  try {
    const { brokers } = await admin.describeCluster();
    const { resources } = await admin.describeConfigs({
      resources: brokers.map((b) => ({
        type: ConfigResourceTypes.BROKER,
        name: String(b.nodeId),
        configNames: ['group.min.session.timeout.ms'],
      })),
      includeSynonyms: false,
    });
    const values = resources.flatMap((r) =>
      r.configEntries
        .filter((e) => e.configName === 'group.min.session.timeout.ms')
        .map((e) => Number(e.configValue)),
    );
    if (values.length > 0 && values.every(Number.isFinite)) min = Math.max(...values);
  } catch {
    // not allowed to describe configs, or the broker is away: assume Kafka's default
  }
  const sessionTimeout = Math.max(GROUP_CONSUMER.sessionTimeout, min);
  return {
    ...GROUP_CONSUMER,
    sessionTimeout,
    // kafkajs heartbeats at most this often: a third of the session, as Kafka recommends
    heartbeatInterval: Math.min(GROUP_CONSUMER.heartbeatInterval, Math.floor(sessionTimeout / 3)),
  };
}
