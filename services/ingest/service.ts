import type { FastifyInstance } from 'fastify';
import { closer } from '../platform/lifecycle.ts';
import { counter, createMetrics } from '../platform/metrics.ts';
import type { Logger } from '../platform/logger.ts';
import { createJobQueue, createJobWorker, type JobQueue, type JobWorker } from '../platform/queues.ts';
import { closeRedis, createRedis, createRedisHashStore, type Redis } from '../platform/redis.ts';
import type { IngestConfig } from './config.ts';
import { createFeedJobs, type PageJob } from './feeds/feed-jobs.ts';
import { createFeedRegistry, type PollJob } from './feeds/feed-registry.ts';
import type { Feed } from './feeds/feed-spec.ts';
import { loadFeedsFile } from './feeds/feeds-file.ts';
import { buildHttpApp } from './http/app.ts';
import { IngestQueues } from './queue-names.ts';
import { withDeadline } from './accept-deadline.ts';
import { createIngestRuntime, type IngestRuntime } from './runtime.ts';

export interface IngestService {
  /** Connects, loads the feeds file, starts the feed workers, then listens. */
  start(): Promise<{ url: string }>;
  /** Stops intake, finishes in-flight work, closes workers, flushes the producer, closes Redis last. */
  stop(): Promise<void>;
}

type FeedRegistry = ReturnType<typeof createFeedRegistry>;

/** What the feed steps share: the runtime, the queues and their connection options. */
interface FeedParts {
  config: IngestConfig;
  runtime: IngestRuntime;
  logger: Logger;
  registry: FeedRegistry;
  pollQueue: JobQueue<PollJob>;
  pageQueue: JobQueue<PageJob>;
  queueOpts: { connection: Redis; prefix: string };
  onQueueError: (queue: string) => (err: Error) => void;
}

async function addFeedsFromFile({ registry, logger }: FeedParts, file: string): Promise<void> {
  for (const spec of await loadFeedsFile(file)) {
    const { feed } = await registry.add(spec, 'config');
    logger.info(
      { feedId: feed.id, feedUrl: feed.url, intervalSeconds: feed.intervalSeconds },
      'feed from file',
    );
  }
}

/** The workers that poll feeds and fetch their pages. */
function createFeedWorkers(parts: FeedParts): JobWorker[] {
  const { config, runtime, logger, registry, pollQueue, pageQueue, queueOpts, onQueueError } = parts;
  const jobs = createFeedJobs({
    acceptor: runtime.acceptor,
    fetcher: runtime.fetcher,
    feeds: registry,
    pageQueue,
    logger: logger.child({ component: 'feeds' }),
    summaryMaxChars: config.feeds.summaryMaxChars,
    pageAttempts: config.fetch.attempts,
    pageBackoffMs: config.fetch.backoffMs,
  });
  const onFailed = (queue: string) => (job: { id?: string; name: string }, err: Error) =>
    logger.warn({ queue, jobId: job.id, err: err.message }, 'job failed for good');
  const onError = onQueueError;
  return [
    createJobWorker(pollQueue.name, jobs.pollFeed, {
      ...queueOpts,
      concurrency: 2,
      onFailed: onFailed(pollQueue.name),
      onError: onError(pollQueue.name),
    }),
    createJobWorker(pageQueue.name, jobs.fetchPage, {
      ...queueOpts,
      concurrency: config.fetch.concurrency,
      onFailed: onFailed(pageQueue.name),
      onError: onError(pageQueue.name),
    }),
  ];
}

/** The HTTP app over the runtime's acceptor, bounded by the deadline and counted in the metrics. */
function ingestHttpApp({ config, runtime, logger, registry }: FeedParts): Promise<FastifyInstance> {
  // Request logs stay at warn: at thousands of articles a second, one line per request is noise.
  const metrics = createMetrics('ingest');
  const results = counter(
    metrics.registry,
    'newsflow_ingest_articles_total',
    'Articles offered to ingest, by result',
    ['result', 'origin'],
  );
  // HTTP callers get an answer within the deadline whatever is down (accept-deadline.ts).
  const bounded = withDeadline(runtime.acceptor, config.http.requestTimeoutMs);
  const acceptor: typeof runtime.acceptor = {
    async accept(items, ctx) {
      const out = await bounded.accept(items, ctx);
      for (const r of out) results.inc({ result: r.status, origin: ctx.origin });
      return out;
    },
  };
  return buildHttpApp({
    acceptor,
    metrics: metrics.registry,
    feeds: registry,
    ready: () => runtime.ready(),
    logger: logger.child({ component: 'http' }, { level: 'warn' }),
    options: {
      bodyLimitBytes: config.http.bodyLimitBytes,
      batchMaxItems: config.http.batchMaxItems,
      authToken: config.http.authToken,
      retryAfterSeconds: config.http.retryAfterSeconds,
    },
  });
}

/** Connects the runtime and the queues' own Redis; builds the queues and the feed registry. */
async function connectParts(config: IngestConfig, options: { logger?: Logger }): Promise<FeedParts> {
  const runtime = await createIngestRuntime(config, options.logger ? { logger: options.logger } : {});
  const { logger } = runtime;
  const queueRedis = createRedis(config.redis.url, { name: 'ingest-queues', forQueues: true, logger });
  // While Redis is down the connection's own state line says so; BullMQ's per-retry errors
  // would only repeat it.
  const onQueueError = (queue: string) => (err: Error) => {
    if (queueRedis.status === 'ready') logger.error({ queue, err: err.message }, 'queue error');
  };
  const queueOpts = { connection: queueRedis, prefix: config.redis.queuePrefix };
  const pollQueue = createJobQueue<PollJob>(IngestQueues.feedPoll, {
    ...queueOpts,
    onError: onQueueError(IngestQueues.feedPoll),
  });
  const pageQueue = createJobQueue<PageJob>(IngestQueues.pageFetch, {
    ...queueOpts,
    onError: onQueueError(IngestQueues.pageFetch),
  });
  const registry = createFeedRegistry({
    store: createRedisHashStore<Feed>(runtime.redis, `${config.redis.prefix}:feeds`),
    pollQueue,
    defaults: config.feeds,
  });
  return { config, runtime, logger, registry, pollQueue, pageQueue, queueOpts, onQueueError };
}

export function createIngestService(config: IngestConfig, options: { logger?: Logger } = {}): IngestService {
  let stop: () => Promise<unknown[]> = async () => [];

  return {
    async start() {
      const parts = await connectParts(config, options);
      const { runtime, logger, pollQueue, pageQueue, queueOpts } = parts;
      const workers: JobWorker[] = [];
      let app: FastifyInstance | undefined;
      stop = closer(
        [
          { name: 'http', run: () => app?.close() },
          { name: 'workers', run: () => Promise.all(workers.map((w) => w.close())) },
          { name: 'queues', run: () => Promise.all([pollQueue.close(), pageQueue.close()]) },
          { name: 'runtime', run: () => runtime.close() },
          { name: 'queue-redis', run: () => closeRedis(queueOpts.connection) },
        ],
        logger,
      );

      try {
        if (config.feeds.file) await addFeedsFromFile(parts, config.feeds.file);
        if (config.feeds.enabled) workers.push(...createFeedWorkers(parts));
        app = await ingestHttpApp(parts);
        const url = await app.listen({ host: config.http.host, port: config.http.port });
        logger.info({ url, topic: runtime.topic }, 'ingest listening');
        return { url };
      } catch (err) {
        await stop();
        throw err;
      }
    },
    async stop() {
      await stop();
    },
  };
}
