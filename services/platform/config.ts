import { z } from 'zod';
import { MAX_ARTICLE_CHARS } from '../contracts/limits.ts';
import { ConfigError } from './errors.ts';

/** Settings every service shares; each service extends this with its own keys. */
export const platformConfigShape = {
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .default('127.0.0.1:19092')
    .describe('comma-separated host:port list of Kafka brokers'),
  SCHEMA_REGISTRY_URL: z
    .url()
    .default('http://127.0.0.1:18081/apis/ccompat/v7')
    .describe('base URL of a registry speaking the Confluent REST API'),
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:16379').describe('redis:// URL'),
  TOPIC_PREFIX: z.string().default('').describe('prefix for every topic name (tests use one per run)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEALTH_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(0)
    .describe('port of /healthz, /readyz, /metrics; 0 picks one'),
  NEWSFLOW_FAILPOINT_KILL_IN_TX: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      'fault suite only: a stage kills itself (SIGKILL) in its n-th transaction with outputs, between outputs and commit; 0 never',
    ),
};

/** Settings of the consume → handle → produce stages (extract, enrich). */
export const stageConfigShape = {
  COMMIT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(1000)
    .describe(
      "longest a stage's transaction stays open while it handles a batch: its outputs become visible to read_committed readers at the commit (lower: lower latency, more commits)",
    ),
};

/** `MAX_ARTICLE_CHARS`: one limit for ingest (413 above it) and extract (dead-letters above it). */
export const maxArticleCharsKey = z.coerce
  .number()
  .int()
  .positive()
  .default(MAX_ARTICLE_CHARS)
  .describe('longest article text in characters: ingest answers 413 above it, extract dead-letters');

/**
 * Parses an env object once, failing fast with every offending key named, so a misconfigured
 * process never starts half-way.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const details = result.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ConfigError(`invalid configuration: ${details}`);
  }
  return result.data;
}

export function brokerList(value: string): string[] {
  return value
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}
