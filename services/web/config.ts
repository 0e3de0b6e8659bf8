import { z } from 'zod';
import { parseConfig, platformConfigShape } from '../platform/config.ts';

const webConfigSchema = z.object({
  KAFKA_BROKERS: platformConfigShape.KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL: platformConfigShape.SCHEMA_REGISTRY_URL,
  TOPIC_PREFIX: platformConfigShape.TOPIC_PREFIX,
  LOG_LEVEL: platformConfigShape.LOG_LEVEL,
  WEB_HTTP_HOST: z.string().default('127.0.0.1').describe('listen address; loopback unless told otherwise'),
  WEB_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8090).describe('0 picks one'),
  WEB_INGEST_URL: z
    .url()
    .default('http://127.0.0.1:8080')
    .describe("ingest's base URL; the page's article box posts there through this service"),
  WEB_HISTORY_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(86_400)
    .describe('how far back the view starts (the counts cover the last hour and day)'),
  WEB_MAX_EVENTS: z.coerce.number().int().positive().default(5000).describe('events kept for new pages'),
});

export type WebConfig = z.infer<typeof webConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined>): WebConfig =>
  parseConfig(webConfigSchema, env);
