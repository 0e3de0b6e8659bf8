import { z } from 'zod';
import { ConfigError } from '../platform/errors.ts';
import { brokerList, maxArticleCharsKey, platformConfigShape } from '../platform/config.ts';

// Environment variables are strings; these turn them into typed values with a default per key.
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : null));

/** Every key ingest reads, its type and its default (README.md lists them with their meaning). */
export const IngestEnvSchema = z.object({
  ...platformConfigShape,
  REDIS_URL: platformConfigShape.REDIS_URL.pipe(
    z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  ),
  KAFKA_CLIENT_ID: z.string().default('newsflow-ingest'),
  INGEST_REDIS_PREFIX: z.string().min(1).default('newsflow:ingest'),
  INGEST_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, _ . - only')
    .default('bull'),

  // Loopback unless told otherwise: the API has no authentication unless INGEST_AUTH_TOKEN is set.
  INGEST_HTTP_HOST: z.string().default('127.0.0.1'),
  INGEST_HTTP_PORT: int(8080).pipe(z.number().max(65535)),
  INGEST_BODY_LIMIT_BYTES: int(5 * 1024 * 1024, 1024),
  INGEST_BATCH_MAX_ITEMS: int(1000, 1),
  INGEST_AUTH_TOKEN: optionalString,
  INGEST_RETRY_AFTER_SECONDS: int(5, 1),
  // 3 s, not the 5 s promised: a client also waits for its connection and for a CPU-starved
  // machine (a broker restarting beside the services), which the fault suite measured at up to 1.3 s.
  INGEST_REQUEST_TIMEOUT_MS: int(3_000, 100),
  INGEST_KAFKA_STALL_MS: int(2_000, 100),
  INGEST_FETCH_URLS: bool(true),
  INGEST_SHUTDOWN_TIMEOUT_MS: int(15_000, 0),
  INGEST_WORKERS: int(1, 1).pipe(z.number().max(64)),

  INGEST_DEDUP_TTL_SECONDS: int(7 * 24 * 3600, 1),
  INGEST_DEDUP_BY_CONTENT: bool(true),
  MAX_ARTICLE_CHARS: maxArticleCharsKey,
  INGEST_DEDUP_PENDING_TTL_SECONDS: int(60, 1),
  INGEST_DEDUP_PENDING_STALE_SECONDS: int(6, 1),

  INGEST_FETCH_TIMEOUT_MS: int(10_000, 1),
  INGEST_FETCH_MAX_BYTES: int(5 * 1024 * 1024, 1024),
  INGEST_FETCH_MAX_REDIRECTS: int(5, 0),
  INGEST_FETCH_USER_AGENT: z.string().default('newsflow-ingest/0.1 (+https://github.com/newsflow)'),
  INGEST_FETCH_ALLOW_PRIVATE_NETWORKS: z
    .string()
    .default('false')
    .refine(
      (v) => /^(true|false|[0-9a-f.:]+\/\d{1,3}(\s*,\s*[0-9a-f.:]+\/\d{1,3})*)$/i.test(v.trim()),
      'true, false or a comma-separated list of CIDRs',
    )
    .transform((v): boolean | string[] =>
      v === 'true' ? true : v === 'false' ? false : v.split(',').map((c) => c.trim()),
    ),
  INGEST_FETCH_HOST_RATE_PER_SECOND: z.coerce.number().positive().default(1),
  INGEST_FETCH_HOST_BURST: int(5, 1),
  INGEST_FETCH_ATTEMPTS: int(4, 1),
  INGEST_FETCH_BACKOFF_MS: int(2_000, 0),
  INGEST_FETCH_CONCURRENCY: int(4, 1),

  INGEST_FEEDS_ENABLED: bool(true),
  INGEST_FEEDS_FILE: optionalString,
  INGEST_FEED_INTERVAL_SECONDS: int(300, 1),
  INGEST_FEED_MIN_INTERVAL_SECONDS: int(60, 1),
  INGEST_FEED_FETCH_FULL_TEXT: bool(true),
  INGEST_FEED_SUMMARY_MAX_CHARS: int(600, 0),
});

function build(e: z.output<typeof IngestEnvSchema>) {
  return {
    logLevel: e.LOG_LEVEL,
    kafka: {
      brokers: brokerList(e.KAFKA_BROKERS),
      topicPrefix: e.TOPIC_PREFIX,
      clientId: e.KAFKA_CLIENT_ID,
      registryUrl: e.SCHEMA_REGISTRY_URL,
      stallMs: e.INGEST_KAFKA_STALL_MS,
    },
    redis: { url: e.REDIS_URL, prefix: e.INGEST_REDIS_PREFIX, queuePrefix: e.INGEST_QUEUE_PREFIX },
    http: {
      host: e.INGEST_HTTP_HOST,
      port: e.INGEST_HTTP_PORT,
      bodyLimitBytes: e.INGEST_BODY_LIMIT_BYTES,
      batchMaxItems: e.INGEST_BATCH_MAX_ITEMS,
      authToken: e.INGEST_AUTH_TOKEN,
      retryAfterSeconds: e.INGEST_RETRY_AFTER_SECONDS,
      requestTimeoutMs: e.INGEST_REQUEST_TIMEOUT_MS,
      fetchUrls: e.INGEST_FETCH_URLS,
      shutdownTimeoutMs: e.INGEST_SHUTDOWN_TIMEOUT_MS,
      workers: e.INGEST_WORKERS,
    },
    dedup: {
      ttlSeconds: e.INGEST_DEDUP_TTL_SECONDS,
      byContent: e.INGEST_DEDUP_BY_CONTENT,
      pendingTtlSeconds: e.INGEST_DEDUP_PENDING_TTL_SECONDS,
      pendingStaleSeconds: e.INGEST_DEDUP_PENDING_STALE_SECONDS,
    },
    maxTextChars: e.MAX_ARTICLE_CHARS,
    fetch: {
      timeoutMs: e.INGEST_FETCH_TIMEOUT_MS,
      maxBytes: e.INGEST_FETCH_MAX_BYTES,
      maxRedirects: e.INGEST_FETCH_MAX_REDIRECTS,
      userAgent: e.INGEST_FETCH_USER_AGENT,
      allowPrivateNetworks: e.INGEST_FETCH_ALLOW_PRIVATE_NETWORKS,
      hostRatePerSecond: e.INGEST_FETCH_HOST_RATE_PER_SECOND,
      hostBurst: e.INGEST_FETCH_HOST_BURST,
      attempts: e.INGEST_FETCH_ATTEMPTS,
      backoffMs: e.INGEST_FETCH_BACKOFF_MS,
      concurrency: e.INGEST_FETCH_CONCURRENCY,
    },
    feeds: {
      enabled: e.INGEST_FEEDS_ENABLED,
      file: e.INGEST_FEEDS_FILE,
      intervalSeconds: e.INGEST_FEED_INTERVAL_SECONDS,
      minIntervalSeconds: e.INGEST_FEED_MIN_INTERVAL_SECONDS,
      fetchFullText: e.INGEST_FEED_FETCH_FULL_TEXT,
      summaryMaxChars: e.INGEST_FEED_SUMMARY_MAX_CHARS,
    },
  };
}

export type IngestConfig = ReturnType<typeof build>;

function configError(problems: string[]): ConfigError {
  return new ConfigError(`invalid ingest configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** Reads the configuration once from an env object; throws a ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>): IngestConfig {
  // Empty variables count as unset, so `FOO=` in a compose file falls back to the default.
  const present = Object.fromEntries(
    Object.keys(IngestEnvSchema.shape).flatMap((k) => (env[k] != null && env[k] !== '' ? [[k, env[k]]] : [])),
  );
  const parsed = IngestEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw configError(
      parsed.error.issues.map(
        (i) => `${i.path.join('.')}=${JSON.stringify(present[String(i.path[0])])}: ${i.message}`,
      ),
    );
  }
  const config = build(parsed.data);
  if (config.kafka.brokers.length === 0) throw configError(['KAFKA_BROKERS: no broker given']);
  return config;
}
