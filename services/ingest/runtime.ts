import { createKafkaClients, type Admin } from '../platform/kafka.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { createProducer, type EventProducer } from '../platform/producer.ts';
import {
  closeRedis,
  createRedis,
  createRedisDedupStore,
  createRedisJsonStore,
  createRedisRateLimiter,
  type Redis,
} from '../platform/redis.ts';
import { createSerde } from '../platform/serde.ts';
import { topicNames } from '../platform/topics.ts';
import { ensurePipeline } from '../platform/bootstrap.ts';
import { createAcceptor, type Acceptor } from './accept.ts';
import type { IngestConfig } from './config.ts';
import { createFetcher, type Fetcher } from './fetch/fetcher.ts';
import type { ArticleRecord, ArticleSink, DedupStore, Validators } from './ports.ts';

export interface IngestRuntime {
  logger: Logger;
  sink: ArticleSink;
  dedup: DedupStore;
  acceptor: Acceptor;
  fetcher: Fetcher;
  /** Plain client: dedup, validators, rate limit, feed registry. */
  redis: Redis;
  topic: string;
  /** The producer is connected with no recent failed write, and Redis answers (for /readyz). */
  ready(): Promise<boolean>;
  /** Flushes and closes the producer, then Redis. Idempotent; every step runs even if one fails. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Kafka client id; the CLI uses its own so its connections are told apart. */
  clientId?: string;
}

/** The article sink over the Kafka producer: key = article id, value = the Avro Article record. */
function createKafkaArticleSink(
  producer: Pick<EventProducer, 'send' | 'unacknowledgedSince'>,
  topic: string,
  stallMs: number,
): ArticleSink {
  return {
    publish: (articles: ArticleRecord[], control) =>
      producer.send(
        topic,
        articles.map((a) => ({ key: a.id, value: a })),
        control,
      ),
    // A write Kafka has not acknowledged for seconds (broker down or restarting; kafkajs still
    // retries it): a new request would only wait for its deadline behind it, so it is refused
    // at once. The write in flight is the probe: once it is acknowledged, intake resumes.
    unavailable() {
      const since = producer.unacknowledgedSince();
      const waited = since === undefined ? 0 : Date.now() - since;
      return waited >= stallMs ? `Kafka has not acknowledged a write for ${waited} ms` : undefined;
    },
  };
}

/** The page and feed fetcher, its validators and host rate kept in Redis. */
function ingestFetcher(config: IngestConfig, redis: Redis): Fetcher {
  const prefix = config.redis.prefix;
  return createFetcher({
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    userAgent: config.fetch.userAgent,
    allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    // Validators outlive the page-job dedup (1 day) so that a re-fetch is conditional.
    validators: createRedisJsonStore<Validators>(redis, `${prefix}:http-validators:`, 30 * 24 * 3600),
    rateLimiter: createRedisRateLimiter(redis, {
      prefix: `${prefix}:host-rate:`,
      ratePerSecond: config.fetch.hostRatePerSecond,
      burst: config.fetch.hostBurst,
    }),
  });
}

/** The accept path over the sink and dedup store; url-only inputs fetched when configured. */
function ingestAcceptor(
  config: IngestConfig,
  {
    sink,
    dedup,
    fetcher,
    logger,
  }: { sink: ArticleSink; dedup: DedupStore; fetcher: Fetcher; logger: Logger },
): Acceptor {
  const prefix = config.redis.prefix;
  return createAcceptor({
    sink,
    dedup,
    dedupTtlSeconds: config.dedup.ttlSeconds,
    pendingTtlSeconds: config.dedup.pendingTtlSeconds,
    pendingStaleSeconds: config.dedup.pendingStaleSeconds,
    onConfirmFailed: (err) =>
      logger.warn(
        { err: (err as Error)?.message ?? String(err) },
        'dedup claims not confirmed after the Kafka ack; a resend after the pending TTL would be published again',
      ),
    dedupByContent: config.dedup.byContent,
    keyPrefix: `${prefix}:dedup:`,
    maxTextChars: config.maxTextChars,
    fetchConcurrency: config.fetch.concurrency,
    ...(config.http.fetchUrls
      ? {
          fetchPage: async (url: string) => {
            const r = await fetcher.fetch(url, { accept: 'html', conditional: false });
            if (r.status !== 'ok') throw new Error('unexpected 304');
            return {
              body: r.body,
              kind: r.mediaType === 'text/plain' ? ('text' as const) : ('html' as const),
            };
          },
        }
      : {}),
  });
}

/**
 * Whether Kafka answers a metadata request: checked at most every 2 s, 1.5 s at most each time.
 * The producer alone cannot tell, it learns of an outage only when a write fails.
 */
function createKafkaProbe(admin: Admin): () => Promise<boolean> {
  let probed: { at: number; ok: Promise<boolean> } | undefined;
  return (): Promise<boolean> => {
    if (probed && Date.now() - probed.at < 2000) return probed.ok;
    let timer: NodeJS.Timeout | undefined;
    const ok = Promise.race([
      admin
        .connect()
        .then(() => admin.describeCluster())
        .then((c) => c.brokers.length > 0),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1500))),
    ])
      .catch(() => false)
      .finally(() => clearTimeout(timer));
    probed = { at: Date.now(), ok };
    return ok;
  };
}

/**
 * Connects what every ingest entry point (service, CLI) needs: the producer behind the sink, the
 * schema registered for the topic, Redis for dedup, the fetcher, and the accept path over them.
 */
export async function createIngestRuntime(
  config: IngestConfig,
  options: RuntimeOptions = {},
): Promise<IngestRuntime> {
  const logger = options.logger ?? createLogger('ingest', config.logLevel);
  const topic = topicNames(config.kafka.topicPrefix).articleRaw;
  const { kafka, admin: makeAdmin } = createKafkaClients({
    brokers: config.kafka.brokers,
    clientId: options.clientId ?? config.kafka.clientId,
    logger,
  });
  const serde = createSerde({ registryUrl: config.kafka.registryUrl });
  const producer = createProducer(kafka, serde, logger);
  // Auto-pipelined: a batch's dedup claims (two per article) leave in one socket write instead of
  // one write (and one system call) each, which was 13% of a worker's CPU at 4,400 articles/s.
  const redis = createRedis(config.redis.url, { name: 'ingest', autoPipelining: true, logger });
  const closeAll = async () => {
    const results = await Promise.allSettled([producer.close()]);
    await closeRedis(redis);
    for (const r of results)
      if (r.status === 'rejected') logger.error({ err: r.reason }, 'closing the producer failed');
  };
  try {
    // Topics and schemas first (idempotent): ingest may be the first service to start.
    await Promise.all([
      ensurePipeline({ kafka, serde, prefix: config.kafka.topicPrefix }),
      producer.connect(),
      redis.ping(),
    ]);
  } catch (err) {
    await closeAll();
    throw err;
  }

  const sink = createKafkaArticleSink(producer, topic, config.kafka.stallMs);
  const dedup = createRedisDedupStore(redis);
  const fetcher = ingestFetcher(config, redis);
  const acceptor = ingestAcceptor(config, { sink, dedup, fetcher, logger });

  const admin = makeAdmin();
  const kafkaProbe = createKafkaProbe(admin);

  let closing: Promise<void> | undefined;
  return {
    logger,
    sink,
    dedup,
    acceptor,
    fetcher,
    redis,
    topic,
    async ready() {
      // Each check is bounded, so /readyz answers within about a second whatever is down.
      if (!producer.healthy() || redis.status !== 'ready') return false;
      return kafkaProbe();
    },
    close() {
      closing ??= (async () => {
        fetcher.close();
        await admin.disconnect().catch(() => {});
        await closeAll();
      })();
      return closing;
    },
  };
}
