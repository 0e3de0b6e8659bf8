import { z } from 'zod';
import { parseConfig, platformConfigShape, stageConfigShape } from '../platform/config.ts';

export const enrichConfigSchema = z.object({
  ...platformConfigShape,
  ...stageConfigShape,
  GROUP_ID: z.string().min(1).default('newsflow-enrich').describe('consumer group; run more copies to scale'),
  ENRICH_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(86_400)
    .describe('TTL of a cached entity'),
  ENRICH_NEGATIVE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(3_600)
    .describe('TTL of a cached "no entity"'),
  ENRICH_LOCAL_CACHE_ENTRIES: z.coerce
    .number()
    .int()
    .min(0)
    .default(50_000)
    .describe('in-process entries in front of Redis'),
  ENRICH_DEDUP_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(3 * 86_400)
    .describe('how long an event cluster keeps counting mentions'),
  ENRICH_REMOTE_RESOLVER_URL: z
    .url()
    .optional()
    .describe('optional HTTP resolver asked when the knowledge base has no entity (off by default)'),
  ENRICH_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(128)
    .describe('events of one partition enriched side by side (each waits on Redis)'),
  ENRICH_REMOTE_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
});

export type EnrichConfig = z.infer<typeof enrichConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined>): EnrichConfig =>
  parseConfig(enrichConfigSchema, env);
